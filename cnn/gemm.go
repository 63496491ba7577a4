package cnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// gemm computes c = alpha * op(a) * op(b) + beta * c for dense row-major matrices, where
// op(a) is m×k, op(b) is k×n and c is m×n. transA and transB say whether a and b are stored
// transposed (a as k×m, b as n×k). It is a thin layer over blas32 so every product in the
// engine goes through the backend chosen at build time.
//
// A product with one row (m = 1, a single example through a dense layer) is computed as a
// matrix-vector product, which reads b once instead of packing it first as a matrix product
// does: for fc1's 3136×1024 weights that halves the memory traffic of tracing one image.
func gemm(transA, transB bool, m, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	impl := blas32.Implementation()
	if m == 1 && !transA {
		if transB { // c = b · a, b is n×k
			impl.Sgemv(blas.NoTrans, n, k, alpha, b, max(k, 1), a, 1, beta, c, 1)
		} else { // c = bᵀ · a, b is k×n
			impl.Sgemv(blas.Trans, k, n, alpha, b, max(n, 1), a, 1, beta, c, 1)
		}
		return
	}
	tA, lda := blas.NoTrans, k
	if transA {
		tA, lda = blas.Trans, m
	}
	tB, ldb := blas.NoTrans, n
	if transB {
		tB, ldb = blas.Trans, k
	}
	impl.Sgemm(tA, tB, m, n, k, alpha, a, max(lda, 1), b, max(ldb, 1), beta, c, max(n, 1))
}
