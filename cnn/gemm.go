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

// gemmParts computes what gemm computes, split into up to parts products that run side by
// side on their own goroutines: blocks of c's rows, or, for a single row, blocks of its
// columns. Each value of c is computed exactly as gemm computes it. Products too small to
// gain from it, or with a transposed a, run as one gemm on the caller's goroutine.
func gemmParts(parts int, transA, transB bool, m, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	if parts < 2 || transA || m*n*k < minSplitWork {
		gemm(transA, transB, m, n, k, alpha, a, b, beta, c)
		return
	}
	var wg sync.WaitGroup
	if m >= parts {
		for p := range parts {
			lo, hi := p*m/parts, (p+1)*m/parts
			wg.Go(func() {
				gemm(false, transB, hi-lo, n, k, alpha, a[lo*k:hi*k], b, beta, c[lo*n:hi*n])
			})
		}
		wg.Wait()
		return
	}
	// One row: c = a · op(b), every column a dot product with a column of op(b).
	impl := blas32.Implementation()
	for p := range parts {
		lo, hi := p*n/parts, (p+1)*n/parts
		wg.Go(func() {
			if transB { // op(b)'s columns lo..hi are b's rows lo..hi
				impl.Sgemv(blas.NoTrans, hi-lo, k, alpha, b[lo*k:hi*k], max(k, 1), a, 1, beta, c[lo:hi], 1)
			} else { // columns lo..hi of the k×n matrix b
				impl.Sgemv(blas.Trans, k, hi-lo, alpha, b[lo:], n, a, 1, beta, c[lo:hi], 1)
			}
		})
	}
	wg.Wait()
}
