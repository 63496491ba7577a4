package cnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// gemm computes c = alpha * op(a) * op(b) + beta * c for dense row-major matrices, where
// op(a) is m×k, op(b) is k×n and c is m×n. transA and transB say whether a and b are stored
// transposed (a as k×m, b as n×k). It is a thin layer over blas32 so every product in the
// engine goes through the backend chosen at build time.
func gemm(transA, transB bool, m, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	tA, lda := blas.NoTrans, k
	if transA {
		tA, lda = blas.Trans, m
	}
	tB, ldb := blas.NoTrans, n
	if transB {
		tB, ldb = blas.Trans, k
	}
	blas32.Implementation().Sgemm(tA, tB, m, n, k, alpha, a, max(lda, 1), b, max(ldb, 1), beta, c, max(n, 1))
}
