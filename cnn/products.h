// Thin matrix products with AVX-512: the Winograd convolution's 36 products per layer,
// im2col's, and a dense layer's over a batch, where one of the three sizes is a layer's
// channels or the batch, the shape a general matrix product handles worst. A block of 6
// rows by 64 columns of c stays in registers while a's values are broadcast against b's
// rows, taken k in panels that stay in the cache; nothing is packed.

#ifndef CONVSCOPE_PRODUCTS_H
#define CONVSCOPE_PRODUCTS_H

// cs_products computes count products c[i] = op(a[i])·b[i], or if add c[i] += op(a[i])·b[i],
// each c[i] m×n, b[i] k×n and op(a[i]) m×k (k ≥ 1), where a[i] is stored m×k, or k×m if trans_a;
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
