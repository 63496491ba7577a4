//go:build !purego

#include <string.h>

#include "winograd.h"

// As in kernels.c: no fused multiply-adds, no fast-math, AVX-512 and AVX2 where the
// processor has them, 16 and 8 channels at a time, and a scalar loop for the channels left
// over.
#include "simd.h"

enum { OUT = 2, K = 5, TILE = OUT + K - 1, TILES = TILE * TILE, TAPS = K * K };

// The transforms for the points 0, ±1, ±2 and ∞ (winoPoints): constants, so that the
// compiler unrolls every sandwich below into the multiplications by their non-zero entries
// alone. cs_wino_matrices hands them to Go, which checks them against the Cook–Toom
// construction; each quotient rounds to the float nearest the fraction, as Go's do.
static const float BT[TILE * TILE] = {
	4, 0, -5, 0, 1, 0,
	0, -4, -4, 1, 1, 0,
	0, 4, -4, -1, 1, 0,
	0, -2, -1, 2, 1, 0,
	0, 2, -1, -2, 1, 0,
	0, 4, 0, -5, 0, 1,
};
static const float AT[OUT * TILE] = {
	1, 1, 1, 1, 1, 0,
	0, 1, -1, 2, -2, 1,
};
static const float G[TILE * K] = {
	1.0f / 4, 0, 0, 0, 0,
	-1.0f / 6, -1.0f / 6, -1.0f / 6, -1.0f / 6, -1.0f / 6,
	-1.0f / 6, 1.0f / 6, -1.0f / 6, 1.0f / 6, -1.0f / 6,
	1.0f / 24, 1.0f / 12, 1.0f / 6, 1.0f / 3, 2.0f / 3,
	1.0f / 24, -1.0f / 12, 1.0f / 6, -1.0f / 3, 2.0f / 3,
	0, 0, 0, 0, 1,
};

void cs_wino_matrices(float *bt, float *at, float *g) {
	memcpy(bt, BT, sizeof BT);
	memcpy(at, AT, sizeof AT);
	memcpy(g, G, sizeof G);
}

// L(i, k) is entry (i, k) of the p×q matrix L that a sandwich's arguments m, t, p and q
// describe: of m, or if t of the transpose of the q×p matrix m.
#define L(i, k) (t ? m[(k) * p + (i)] : m[(i) * q + (k)])

// sandwich computes out = L·X·Lᵀ for the q×q matrix x, L as the macro L says: as
// winoSandwich in Go, the same sums in the same order.
static inline __attribute__((always_inline)) void sandwich(const float *m, int t, int p, int q,
                                                          const float *x, float *out) {
	float tmp[TILES];
#pragma GCC unroll 36
	for (int i = 0; i < p; i++)
#pragma GCC unroll 36
		for (int j = 0; j < q; j++) {
			float s = 0;
#pragma GCC unroll 36
			for (int k = 0; k < q; k++)
				if (L(i, k) != 0)
					s += L(i, k) * x[k * q + j];
			tmp[i * q + j] = s;
		}
#pragma GCC unroll 36
	for (int i = 0; i < p; i++)
#pragma GCC unroll 36
		for (int j = 0; j < p; j++) {
			float s = 0;
#pragma GCC unroll 36
			for (int k = 0; k < q; k++)
				if (L(j, k) != 0)
					s += tmp[i * q + k] * L(j, k);
			out[i * p + j] = s;
		}
}

#ifdef AVX2
// The transforms on 8 channels at once with AVX2, and on 16 with AVX-512.
#define LANES 8
#define TARGET AVX2
#define NAME(f) f##_avx2
#include "winograd_lanes.h"
#define LANES 16
#define TARGET AVX512
#define NAME(f) f##_avx512
#include "winograd_lanes.h"
#endif

// pixels sets at[i·6 + j] to the offset in an h×w×c image of the pixel i rows, j columns
// from (top, left), or −1 if it lies outside.
static void pixels(long top, long left, long h, long w, long c, long *at) {
	for (int i = 0; i < TILE; i++)
		for (int j = 0; j < TILE; j++) {
			long iy = top + i, ix = left + j;
			at[i * TILE + j] = iy >= 0 && iy < h && ix >= 0 && ix < w ? (iy * w + ix) * c : -1;
		}
}

// outputs sets at[i·2 + j] to the offset in an image of g.oh×g.ow×c outputs of tile (ty,
// tx)'s output (i, j), or −1 if the tile overhangs it.
static void outputs(cs_window g, long ty, long tx, long c, long *at) {
	for (int i = 0; i < OUT; i++)
		for (int j = 0; j < OUT; j++) {
			long oy = ty * OUT + i, ox = tx * OUT + j;
			at[i * OUT + j] = oy < g.oh && ox < g.ow ? (oy * g.ow + ox) * c : -1;
		}
}

void cs_wino_input(const float *x, long n, long h, long w, long c, cs_window g, float *v) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		const float *img = x + b * h * w * c;
		long at[TILES];
		pixels(ty * OUT - g.pad_top, tx * OUT - g.pad_left, h, w, c, at);
		long ch = 0;
#ifdef AVX2
		if (avx512)
			ch = input_avx512(img, at, c, v + tile * c, tiles * c, ch);
		if (avx2)
			ch = input_avx2(img, at, c, v + tile * c, tiles * c, ch);
#endif
		for (; ch < c; ch++) {
			float d[TILES], o[TILES];
			for (int i = 0; i < TILES; i++)
				d[i] = at[i] < 0 ? 0 : img[at[i] + ch];
			sandwich(BT, 0, TILE, TILE, d, o);
			for (int i = 0; i < TILES; i++)
				v[(i * tiles + tile) * c + ch] = o[i];
		}
	}
}

void cs_wino_input_grad(const float *dv, long n, long h, long w, long c, cs_window g,
                        float *dx) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	memset(dx, 0, sizeof(float) * n * h * w * c);
	for (long tile = 0; tile < tiles; tile++) {
		const long bi = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		float *img = dx + bi * h * w * c;
		long at[TILES];
		pixels(ty * OUT - g.pad_top, tx * OUT - g.pad_left, h, w, c, at);
		long ch = 0;
#ifdef AVX2
		if (avx512)
			ch = input_grad_avx512(dv + tile * c, tiles * c, c, at, img, ch);
		if (avx2)
			ch = input_grad_avx2(dv + tile * c, tiles * c, c, at, img, ch);
#endif
		for (; ch < c; ch++) {
			float d[TILES], o[TILES];
			for (int i = 0; i < TILES; i++)
				d[i] = dv[(i * tiles + tile) * c + ch];
			sandwich(BT, 1, TILE, TILE, d, o);
			for (int i = 0; i < TILES; i++)
				if (at[i] >= 0)
					img[at[i] + ch] += o[i];
		}
	}
}

void cs_wino_output(const float *m, long n, cs_window g, long out, float *y) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		float *img = y + b * g.oh * g.ow * out;
		long at[OUT * OUT];
		outputs(g, ty, tx, out, at);
		long ch = 0;
#ifdef AVX2
		if (avx512)
			ch = output_avx512(m + tile * out, tiles * out, out, at, img, ch);
		if (avx2)
			ch = output_avx2(m + tile * out, tiles * out, out, at, img, ch);
#endif
		for (; ch < out; ch++) {
			float d[TILES], o[OUT * OUT];
			for (int i = 0; i < TILES; i++)
				d[i] = m[(i * tiles + tile) * out + ch];
			sandwich(AT, 0, OUT, TILE, d, o);
			for (int i = 0; i < OUT * OUT; i++)
				if (at[i] >= 0)
					img[at[i] + ch] = o[i];
		}
	}
}

void cs_wino_output_grad(const float *dy, long n, cs_window g, long out, float *dm) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		const float *img = dy + b * g.oh * g.ow * out;
		long at[OUT * OUT];
		outputs(g, ty, tx, out, at);
		long ch = 0;
#ifdef AVX2
		if (avx512)
			ch = output_grad_avx512(img, at, out, dm + tile * out, tiles * out, ch);
		if (avx2)
			ch = output_grad_avx2(img, at, out, dm + tile * out, tiles * out, ch);
#endif
		for (; ch < out; ch++) {
			float d[OUT * OUT], o[TILES];
			for (int i = 0; i < OUT * OUT; i++)
				d[i] = at[i] < 0 ? 0 : img[at[i] + ch];
			sandwich(AT, 1, TILE, OUT, d, o);
			for (int i = 0; i < TILES; i++)
				dm[(i * tiles + tile) * out + ch] = o[i];
		}
	}
}

void cs_wino_filter(const float *wt, long in, long out, float *u) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	for (long ci = 0; ci < in; ci++) {
		long co = 0;
#ifdef AVX2
		if (avx512)
			co = filter_avx512(wt, in, out, ci, u, co);
		if (avx2)
			co = filter_avx2(wt, in, out, ci, u, co);
#endif
		for (; co < out; co++) {
			float d[TAPS], o[TILES];
			for (int k = 0; k < TAPS; k++)
				d[k] = wt[(k * in + ci) * out + co];
			sandwich(G, 0, TILE, K, d, o);
			for (int i = 0; i < TILES; i++)
				u[(i * in + ci) * out + co] = o[i];
		}
	}
}

void cs_wino_filter_grad(const float *du, long in, long out, float *dw) {
	const int avx2 = use_avx2(), avx512 = use_avx512();
	for (long ci = 0; ci < in; ci++) {
		long co = 0;
#ifdef AVX2
		if (avx512)
			co = filter_grad_avx512(du, in, out, ci, dw, co);
		if (avx2)
			co = filter_grad_avx2(du, in, out, ci, dw, co);
#endif
		for (; co < out; co++) {
			float d[TILES], o[TAPS];
			for (int i = 0; i < TILES; i++)
				d[i] = du[(i * in + ci) * out + co];
			sandwich(G, 1, K, TILE, d, o);
			for (int k = 0; k < TAPS; k++)
				dw[(k * in + ci) * out + co] = o[k];
		}
	}
}
