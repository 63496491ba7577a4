// Batches of small matrix products with AVX-512, for the Winograd convolution's 36
// products per layer (winograd.go): thin matrices (one of the three sizes is a layer's
// channel count) whose right factor fits in the processor's first-level cache, the shape
// a general matrix product handles worst. With the right factor's rows in registers it
// needs no packing.

#ifndef CONVSCOPE_PRODUCTS_H
#define CONVSCOPE_PRODUCTS_H

// cs_products computes count products c[i] = op(a[i])·b[i], or if add c[i] += op(a[i])·b[i],
// each c[i] m×n, b[i] k×n and op(a[i]) m×k, where a[i] is stored m×k, or k×m if trans_a;
// matrix i of each starts i matrices after the first, all row-major and packed. Each value
// is the sum over k in ascending order, fused multiply-adds from zero or from c's value.
// It returns 1, or 0 without computing anything if the processor lacks AVX-512.
int cs_products(long count, int trans_a, int add, long m, long n, long k, const float *a,
                const float *b, float *c);

// cs_product is one product of cs_products for matrices that are blocks of wider ones: row
// i of a (as stored), b and c starts at i·lda, i·ldb and i·ldc.
int cs_product(int trans_a, int add, long m, long n, long k, const float *a, long lda,
               const float *b, long ldb, float *c, long ldc);

#endif
