// winograd_lanes.h holds winograd.c's transforms over LANES channels at once, written once
// for every vector width: winograd.c includes it once per width, having defined
//   LANES   the channels a vector holds (8 for AVX2, 16 for AVX-512),
//   TARGET  the function attribute that lets the compiler use the width's instructions,
//   NAME(f) the name of f for this width (f_avx2, f_avx512),
// which it undefines at its end.
// Every operation is a product or a sum of single lanes, rounded as the scalar code's (no
// fused multiply-adds: see simd.h), so each lane gives the bits of sandwich in winograd.c.
// Each transform does the channels [ch, ch + LANES·⌊(c − ch)/LANES⌋) of one tile and returns
// how far it got. at[i] is the offset of the tile's pixel or output i in its image, or −1
// outside.

// V is GCC's vector of LANES floats, VU the same aligned as a float, for loads and stores
// anywhere.
typedef float NAME(vector) __attribute__((vector_size(4 * LANES)));
typedef float NAME(unaligned) __attribute__((vector_size(4 * LANES), aligned(4)));
#define V NAME(vector)
#define VU NAME(unaligned)
#define LOAD(p) (*(const VU *)(p))
#define STORE(p, x) (*(VU *)(p) = (x))

// NAME(sandwich) is sandwich on LANES lanes at once.
TARGET static inline __attribute__((always_inline)) void NAME(sandwich)(const float *m, int t, int p, int q,
                                                                       const V *x, V *out) {
	V tmp[TILES];
#pragma GCC unroll 36
	for (int i = 0; i < p; i++)
#pragma GCC unroll 36
		for (int j = 0; j < q; j++) {
			V s = {0};
#pragma GCC unroll 36
			for (int k = 0; k < q; k++)
				if (L(i, k) != 0)
					s = s + L(i, k) * x[k * q + j];
			tmp[i * q + j] = s;
		}
#pragma GCC unroll 36
	for (int i = 0; i < p; i++)
#pragma GCC unroll 36
		for (int j = 0; j < p; j++) {
			V s = {0};
#pragma GCC unroll 36
			for (int k = 0; k < q; k++)
				if (L(j, k) != 0)
					s = s + tmp[i * q + k] * L(j, k);
			out[i * p + j] = s;
		}
}

TARGET static long NAME(input)(const float *img, const long *at, long c, float *v, long stride, long ch) {
	for (; ch + LANES <= c; ch += LANES) {
		V d[TILES], o[TILES];
		for (int i = 0; i < TILES; i++)
			d[i] = at[i] < 0 ? (V){0} : LOAD(img + at[i] + ch);
		NAME(sandwich)(BT, 0, TILE, TILE, d, o);
		for (int i = 0; i < TILES; i++)
			STORE(v + i * stride + ch, o[i]);
	}
	return ch;
}

TARGET static long NAME(input_grad)(const float *dv, long stride, long c, const long *at, float *img, long ch) {
	for (; ch + LANES <= c; ch += LANES) {
		V d[TILES], o[TILES];
		for (int i = 0; i < TILES; i++)
			d[i] = LOAD(dv + i * stride + ch);
		NAME(sandwich)(BT, 1, TILE, TILE, d, o);
		for (int i = 0; i < TILES; i++)
			if (at[i] >= 0)
				STORE(img + at[i] + ch, LOAD(img + at[i] + ch) + o[i]);
	}
	return ch;
}

TARGET static long NAME(output)(const float *m, long stride, long c, const long *at, float *y, long ch) {
	for (; ch + LANES <= c; ch += LANES) {
		V d[TILES], o[OUT * OUT];
		for (int i = 0; i < TILES; i++)
			d[i] = LOAD(m + i * stride + ch);
		NAME(sandwich)(AT, 0, OUT, TILE, d, o);
		for (int i = 0; i < OUT * OUT; i++)
			if (at[i] >= 0)
				STORE(y + at[i] + ch, o[i]);
	}
	return ch;
}

TARGET static long NAME(output_grad)(const float *dy, const long *at, long c, float *dm, long stride, long ch) {
	for (; ch + LANES <= c; ch += LANES) {
		V d[OUT * OUT], o[TILES];
		for (int i = 0; i < OUT * OUT; i++)
			d[i] = at[i] < 0 ? (V){0} : LOAD(dy + at[i] + ch);
		NAME(sandwich)(AT, 1, TILE, OUT, d, o);
		for (int i = 0; i < TILES; i++)
			STORE(dm + i * stride + ch, o[i]);
	}
	return ch;
}

// NAME(filter) transforms the kernels of input channel ci, output channels [co, …).
TARGET static long NAME(filter)(const float *wt, long in, long out, long ci, float *u, long co) {
	for (; co + LANES <= out; co += LANES) {
		V d[TAPS], o[TILES];
		for (int k = 0; k < TAPS; k++)
			d[k] = LOAD(wt + (k * in + ci) * out + co);
		NAME(sandwich)(G, 0, TILE, K, d, o);
		for (int i = 0; i < TILES; i++)
			STORE(u + (i * in + ci) * out + co, o[i]);
	}
	return co;
}

TARGET static long NAME(filter_grad)(const float *du, long in, long out, long ci, float *dw, long co) {
	for (; co + LANES <= out; co += LANES) {
		V d[TILES], o[TAPS];
		for (int i = 0; i < TILES; i++)
			d[i] = LOAD(du + (i * in + ci) * out + co);
		NAME(sandwich)(G, 1, K, TILE, d, o);
		for (int k = 0; k < TAPS; k++)
			STORE(dw + (k * in + ci) * out + co, o[k]);
	}
	return co;
}

#undef LOAD
#undef STORE
#undef V
#undef VU
#undef LANES
#undef TARGET
#undef NAME
