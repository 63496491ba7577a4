//go:build !purego

#include <string.h>

#include "winograd.h"

// As in kernels.c: no fused multiply-adds, no fast-math, AVX2 where the processor has it,
// 8 channels at a time, and a scalar loop for the channels left over.
#if defined(__FAST_MATH__)
#error "winograd.c must not be built with -ffast-math: it changes results"
#endif
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2")))
static int use_avx2(void) { return __builtin_cpu_supports("avx2"); }
#else
static int use_avx2(void) { return 0; }
#endif

enum { OUT = 2, K = 5, TILE = OUT + K - 1, TILES = TILE * TILE, TAPS = K * K };

// sandwich computes out = L·X·Lᵀ for the p×q matrix l and the q×q matrix x: as
// winoSandwich in Go, the same sums in the same order.
static inline void sandwich(const float *l, int p, int q, const float *x, float *out) {
	float t[TILES];
	for (int i = 0; i < p; i++)
		for (int j = 0; j < q; j++) {
			float s = 0;
			for (int k = 0; k < q; k++)
				if (l[i * q + k] != 0)
					s += l[i * q + k] * x[k * q + j];
			t[i * q + j] = s;
		}
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++) {
			float s = 0;
			for (int k = 0; k < q; k++)
				if (l[j * q + k] != 0)
					s += t[i * q + k] * l[j * q + k];
			out[i * p + j] = s;
		}
}

#ifdef AVX2
// sandwich8 is sandwich on 8 lanes at once.
AVX2 static inline void sandwich8(const float *l, int p, int q, const __m256 *x, __m256 *out) {
	__m256 t[TILES];
	for (int i = 0; i < p; i++)
		for (int j = 0; j < q; j++) {
			__m256 s = _mm256_setzero_ps();
			for (int k = 0; k < q; k++)
				if (l[i * q + k] != 0)
					s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(l[i * q + k]), x[k * q + j]));
			t[i * q + j] = s;
		}
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++) {
			__m256 s = _mm256_setzero_ps();
			for (int k = 0; k < q; k++)
				if (l[j * q + k] != 0)
					s = _mm256_add_ps(s, _mm256_mul_ps(t[i * q + k], _mm256_set1_ps(l[j * q + k])));
			out[i * p + j] = s;
		}
}

// Each *_avx2 function does the channels [0, 8·⌊c/8⌋) of one tile and returns how many it
// did. at[i] is the offset of the tile's pixel or output i in its image, or −1 outside.

AVX2 static long input_avx2(const float *img, const long *at, long c, const float *bt, float *v,
                            long stride) {
	long ch = 0;
	for (; ch + 8 <= c; ch += 8) {
		__m256 d[TILES], o[TILES];
		for (int i = 0; i < TILES; i++)
			d[i] = at[i] < 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(img + at[i] + ch);
		sandwich8(bt, TILE, TILE, d, o);
		for (int i = 0; i < TILES; i++)
			_mm256_storeu_ps(v + i * stride + ch, o[i]);
	}
	return ch;
}

AVX2 static long input_grad_avx2(const float *dv, long stride, long c, const float *b,
                                 const long *at, float *img) {
	long ch = 0;
	for (; ch + 8 <= c; ch += 8) {
		__m256 d[TILES], o[TILES];
		for (int i = 0; i < TILES; i++)
			d[i] = _mm256_loadu_ps(dv + i * stride + ch);
		sandwich8(b, TILE, TILE, d, o);
		for (int i = 0; i < TILES; i++)
			if (at[i] >= 0)
				_mm256_storeu_ps(img + at[i] + ch, _mm256_add_ps(_mm256_loadu_ps(img + at[i] + ch), o[i]));
	}
	return ch;
}

AVX2 static long output_avx2(const float *m, long stride, long c, const float *at_m,
                             const long *at, float *y) {
	long ch = 0;
	for (; ch + 8 <= c; ch += 8) {
		__m256 d[TILES], o[OUT * OUT];
		for (int i = 0; i < TILES; i++)
			d[i] = _mm256_loadu_ps(m + i * stride + ch);
		sandwich8(at_m, OUT, TILE, d, o);
		for (int i = 0; i < OUT * OUT; i++)
			if (at[i] >= 0)
				_mm256_storeu_ps(y + at[i] + ch, o[i]);
	}
	return ch;
}

AVX2 static long output_grad_avx2(const float *dy, const long *at, long c, const float *a,
                                  float *dm, long stride) {
	long ch = 0;
	for (; ch + 8 <= c; ch += 8) {
		__m256 d[OUT * OUT], o[TILES];
		for (int i = 0; i < OUT * OUT; i++)
			d[i] = at[i] < 0 ? _mm256_setzero_ps() : _mm256_loadu_ps(dy + at[i] + ch);
		sandwich8(a, TILE, OUT, d, o);
		for (int i = 0; i < TILES; i++)
			_mm256_storeu_ps(dm + i * stride + ch, o[i]);
	}
	return ch;
}

// filter_avx2 transforms the kernels of input channel ci, output channels [0, 8·⌊out/8⌋).
AVX2 static long filter_avx2(const float *wt, long in, long out, long ci, const float *gm,
                             float *u) {
	long co = 0;
	for (; co + 8 <= out; co += 8) {
		__m256 d[TAPS], o[TILES];
		for (int k = 0; k < TAPS; k++)
			d[k] = _mm256_loadu_ps(wt + (k * in + ci) * out + co);
		sandwich8(gm, TILE, K, d, o);
		for (int i = 0; i < TILES; i++)
			_mm256_storeu_ps(u + (i * in + ci) * out + co, o[i]);
	}
	return co;
}

AVX2 static long filter_grad_avx2(const float *du, long in, long out, long ci, const float *gt,
                                  float *dw) {
	long co = 0;
	for (; co + 8 <= out; co += 8) {
		__m256 d[TILES], o[TAPS];
		for (int i = 0; i < TILES; i++)
			d[i] = _mm256_loadu_ps(du + (i * in + ci) * out + co);
		sandwich8(gt, K, TILE, d, o);
		for (int k = 0; k < TAPS; k++)
			_mm256_storeu_ps(dw + (k * in + ci) * out + co, o[k]);
	}
	return co;
}
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

void cs_wino_input(const float *x, long n, long h, long w, long c, cs_window g, const float *bt,
                   float *v) {
	const int avx2 = use_avx2();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		const float *img = x + b * h * w * c;
		long at[TILES];
		pixels(ty * OUT - g.pad_top, tx * OUT - g.pad_left, h, w, c, at);
		long ch = 0;
#ifdef AVX2
		if (avx2)
			ch = input_avx2(img, at, c, bt, v + tile * c, tiles * c);
#endif
		for (; ch < c; ch++) {
			float d[TILES], o[TILES];
			for (int i = 0; i < TILES; i++)
				d[i] = at[i] < 0 ? 0 : img[at[i] + ch];
			sandwich(bt, TILE, TILE, d, o);
			for (int i = 0; i < TILES; i++)
				v[(i * tiles + tile) * c + ch] = o[i];
		}
	}
}

void cs_wino_input_grad(const float *dv, long n, long h, long w, long c, cs_window g,
                        const float *b, float *dx) {
	const int avx2 = use_avx2();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	memset(dx, 0, sizeof(float) * n * h * w * c);
	for (long tile = 0; tile < tiles; tile++) {
		const long bi = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		float *img = dx + bi * h * w * c;
		long at[TILES];
		pixels(ty * OUT - g.pad_top, tx * OUT - g.pad_left, h, w, c, at);
		long ch = 0;
#ifdef AVX2
		if (avx2)
			ch = input_grad_avx2(dv + tile * c, tiles * c, c, b, at, img);
#endif
		for (; ch < c; ch++) {
			float d[TILES], o[TILES];
			for (int i = 0; i < TILES; i++)
				d[i] = dv[(i * tiles + tile) * c + ch];
			sandwich(b, TILE, TILE, d, o);
			for (int i = 0; i < TILES; i++)
				if (at[i] >= 0)
					img[at[i] + ch] += o[i];
		}
	}
}

void cs_wino_output(const float *m, long n, cs_window g, long out, const float *at_m, float *y) {
	const int avx2 = use_avx2();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		float *img = y + b * g.oh * g.ow * out;
		long at[OUT * OUT];
		outputs(g, ty, tx, out, at);
		long ch = 0;
#ifdef AVX2
		if (avx2)
			ch = output_avx2(m + tile * out, tiles * out, out, at_m, at, img);
#endif
		for (; ch < out; ch++) {
			float d[TILES], o[OUT * OUT];
			for (int i = 0; i < TILES; i++)
				d[i] = m[(i * tiles + tile) * out + ch];
			sandwich(at_m, OUT, TILE, d, o);
			for (int i = 0; i < OUT * OUT; i++)
				if (at[i] >= 0)
					img[at[i] + ch] = o[i];
		}
	}
}

void cs_wino_output_grad(const float *dy, long n, cs_window g, long out, const float *a, float *dm) {
	const int avx2 = use_avx2();
	const long th = (g.oh + OUT - 1) / OUT, tw = (g.ow + OUT - 1) / OUT, tiles = n * th * tw;
	for (long tile = 0; tile < tiles; tile++) {
		const long b = tile / (th * tw), ty = tile / tw % th, tx = tile % tw;
		const float *img = dy + b * g.oh * g.ow * out;
		long at[OUT * OUT];
		outputs(g, ty, tx, out, at);
		long ch = 0;
#ifdef AVX2
		if (avx2)
			ch = output_grad_avx2(img, at, out, a, dm + tile * out, tiles * out);
#endif
		for (; ch < out; ch++) {
			float d[OUT * OUT], o[TILES];
			for (int i = 0; i < OUT * OUT; i++)
				d[i] = at[i] < 0 ? 0 : img[at[i] + ch];
			sandwich(a, TILE, OUT, d, o);
			for (int i = 0; i < TILES; i++)
				dm[(i * tiles + tile) * out + ch] = o[i];
		}
	}
}

void cs_wino_filter(const float *wt, long in, long out, const float *gm, float *u) {
	const int avx2 = use_avx2();
	for (long ci = 0; ci < in; ci++) {
		long co = 0;
#ifdef AVX2
		if (avx2)
			co = filter_avx2(wt, in, out, ci, gm, u);
#endif
		for (; co < out; co++) {
			float d[TAPS], o[TILES];
			for (int k = 0; k < TAPS; k++)
				d[k] = wt[(k * in + ci) * out + co];
			sandwich(gm, TILE, K, d, o);
			for (int i = 0; i < TILES; i++)
				u[(i * in + ci) * out + co] = o[i];
		}
	}
}

void cs_wino_filter_grad(const float *du, long in, long out, const float *gt, float *dw) {
	const int avx2 = use_avx2();
	for (long ci = 0; ci < in; ci++) {
		long co = 0;
#ifdef AVX2
		if (avx2)
			co = filter_grad_avx2(du, in, out, ci, gt, dw);
#endif
		for (; co < out; co++) {
			float d[TILES], o[TAPS];
			for (int i = 0; i < TILES; i++)
				d[i] = du[(i * in + ci) * out + co];
			sandwich(gt, K, TILE, d, o);
			for (int k = 0; k < TAPS; k++)
				dw[(k * in + ci) * out + co] = o[k];
		}
	}
}
