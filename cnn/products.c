//go:build !purego

#include "products.h"

#include "simd.h"

#ifdef AVX2
enum { ROWS = 6, VECS = 4 }; // a block of c: 6 rows of 4 vectors of 16, 24 registers

// block computes rows×(16·vecs) values of c, rows ≤ ROWS and vecs ≤ VECS (constants once
// inlined, so the loops unroll and acc lives in registers), adding them to c's if add:
// row r's a values are a[r·rs + kk·cs]; the masks say which lanes of each vector are
// inside c.
AVX512 static inline __attribute__((always_inline)) void block(const int rows, const int vecs, long k,
                                                              const float *a, long rs, long cs,
                                                              const float *b, long ldb, float *c,
                                                              long ldc, const __mmask16 *mask,
                                                              int add) {
	__m512 acc[ROWS][VECS];
#pragma GCC unroll 8
	for (int r = 0; r < rows; r++)
#pragma GCC unroll 8
		for (int v = 0; v < vecs; v++)
			acc[r][v] = add ? _mm512_maskz_loadu_ps(mask[v], c + r * ldc + 16 * v) : _mm512_setzero_ps();
	for (long kk = 0; kk < k; kk++) {
		__m512 bv[VECS];
#pragma GCC unroll 8
		for (int v = 0; v < vecs; v++)
			bv[v] = _mm512_maskz_loadu_ps(mask[v], b + kk * ldb + 16 * v);
#pragma GCC unroll 8
		for (int r = 0; r < rows; r++) {
			const __m512 x = _mm512_set1_ps(a[r * rs + kk * cs]);
#pragma GCC unroll 8
			for (int v = 0; v < vecs; v++)
				acc[r][v] = _mm512_fmadd_ps(x, bv[v], acc[r][v]);
		}
	}
#pragma GCC unroll 8
	for (int r = 0; r < rows; r++)
#pragma GCC unroll 8
		for (int v = 0; v < vecs; v++)
			_mm512_mask_storeu_ps(c + r * ldc + 16 * v, mask[v], acc[r][v]);
}

// BLOCK computes the block of c at row i, column j, of ROWS_ rows and VECS_ vectors.
#define BLOCK(ROWS_, VECS_) \
	block(ROWS_, VECS_, k, a + i * rs, rs, cs, b + j, ldb, c + i * ldc + j, ldc, mask, add)

// panel computes c = op(a)·b or c += op(a)·b in blocks of columns 64 wide (the last
// narrower) and of ROWS rows (the last rows one at a time): b's 64 columns, read again for
// every block of rows, stay in the cache.
AVX512 static void panel(int add, long m, long n, long k, const float *a, long rs, long cs,
                         const float *b, long ldb, float *c, long ldc) {
	for (long j = 0; j < n; j += 16 * VECS) {
		const long cols = n - j < 16 * VECS ? n - j : 16 * VECS;
		const int vecs = (int)((cols + 15) / 16);
		__mmask16 mask[VECS];
		for (int v = 0; v < VECS; v++) {
			const long left = cols - 16 * v;
			mask[v] = left >= 16 ? 0xFFFF : left > 0 ? (__mmask16)((1u << left) - 1) : 0;
		}
		long i = 0;
		for (; i + ROWS <= m; i += ROWS)
			switch (vecs) {
			case 1: BLOCK(ROWS, 1); break;
			case 2: BLOCK(ROWS, 2); break;
			case 3: BLOCK(ROWS, 3); break;
			default: BLOCK(ROWS, 4);
			}
		for (; i < m; i++)
			switch (vecs) {
			case 1: BLOCK(1, 1); break;
			case 2: BLOCK(1, 2); break;
			case 3: BLOCK(1, 3); break;
			default: BLOCK(1, 4);
			}
	}
}

// PANEL is how many rows of b a panel takes at a time: 64 of its columns, 64 KB, stay in
// the second-level cache however long k is. The panels after the first add to c, which
// holds the exact sums so far: the result is the same as in one panel.
enum { PANEL = 256 };

// product computes cs_product's c = op(a)·b or c += op(a)·b, a panel of k at a time.
AVX512 static void product(int trans_a, int add, long m, long n, long k, const float *a,
                           long lda, const float *b, long ldb, float *c, long ldc) {
	const long rs = trans_a ? 1 : lda, cs = trans_a ? lda : 1;
	for (long k0 = 0; k0 < k; k0 += PANEL)
		panel(add || k0 > 0, m, n, k - k0 < PANEL ? k - k0 : PANEL, a + k0 * cs, rs, cs,
		      b + k0 * ldb, ldb, c, ldc);
}
#endif

int cs_products(long count, int trans_a, int add, long m, long n, long k, const float *a,
                const float *b, float *c) {
#ifdef AVX2
	if (!use_avx512())
		return 0;
	for (long i = 0; i < count; i++)
		product(trans_a, add, m, n, k, a + i * m * k, trans_a ? m : k, b + i * k * n, n,
		        c + i * m * n, n);
	return 1;
#else
	(void)count, (void)trans_a, (void)add, (void)m, (void)n, (void)k, (void)a, (void)b, (void)c;
	return 0;
#endif
}

int cs_product(int trans_a, int add, long m, long n, long k, const float *a, long lda,
               const float *b, long ldb, float *c, long ldc) {
#ifdef AVX2
	if (!use_avx512())
		return 0;
	product(trans_a, add, m, n, k, a, lda, b, ldb, c, ldc);
	return 1;
#else
	(void)trans_a, (void)add, (void)m, (void)n, (void)k, (void)a, (void)lda, (void)b, (void)ldb,
		(void)c, (void)ldc;
	return 0;
#endif
}
