//go:build !purego

package cnn

// #include "products.h"
import "C"

// productsKernel computes count products c[i] = op(a[i])·b[i], or if add c[i] +=
// op(a[i])·b[i], as gemmBatch says, with AVX-512 (products.c), and reports whether it did:
// false, computing nothing, on a processor without it or when a size is 0. Like the other
// kernels' wrappers it slices its arguments to the lengths the C code touches, so a short
// slice panics in Go.
func productsKernel(count int, transA, add bool, m, n, k int, a, b, c []float32) bool {
	if count == 0 || m == 0 || n == 0 || k == 0 {
		return false // gemm's business: nothing to multiply
	}
	a, b, c = a[:count*m*k], b[:count*k*n], c[:count*m*n]
	return C.cs_products(C.long(count), C.int(btoi(transA)), C.int(btoi(add)), C.long(m), C.long(n), C.long(k), cFloats(a), cFloats(b), cFloats(c)) != 0
}

// productKernel computes one product as productsKernel does, of matrices that are blocks
// of wider ones: row i of a (as stored), b and c starts at i·lda, i·ldb and i·ldc.
func productKernel(transA, add bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	if m == 0 || n == 0 || k == 0 {
		return false // gemm's business: nothing to multiply
	}
	rows, cols := m, k // of a as stored
	if transA {
		rows, cols = k, m
	}
	a, b, c = a[:(rows-1)*lda+cols], b[:(k-1)*ldb+n], c[:(m-1)*ldc+n]
	return C.cs_product(C.int(btoi(transA)), C.int(btoi(add)), C.long(m), C.long(n), C.long(k),
		cFloats(a), C.long(lda), cFloats(b), C.long(ldb), cFloats(c), C.long(ldc)) != 0
}
