package cnn

import (
	"sync"

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

// minSplitWork is the number of multiply-adds below which splitting a product across
// goroutines costs more than it saves.
const minSplitWork = 1 << 18

// gemmParts computes what gemm computes, split into up to parts products over blocks of
// c's rows that run side by side on their own goroutines. Products with fewer rows than
// parts (a single example through a dense layer: a matrix-vector product, bound by memory
// bandwidth, which a second core does not widen), too small to gain from it, or with a
// transposed a, run as one gemm on the caller's goroutine.
func gemmParts(parts int, transA, transB bool, m, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	if parts < 2 || transA || m < parts || m*n*k < minSplitWork {
		gemm(transA, transB, m, n, k, alpha, a, b, beta, c)
		return
	}
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*m/parts, (p+1)*m/parts
		wg.Go(func() {
			gemm(false, transB, hi-lo, n, k, alpha, a[lo*k:hi*k], b, beta, c[lo*n:hi*n])
		})
	}
	wg.Wait()
}
