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
// A thin product, as most of a convolution's and a dense layer's over a batch are, runs
// as products.c's kernel where the processor has AVX-512 (see productsSuit).
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
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	gemmBlocks(transA, transB, m, n, k, alpha, a, max(lda, 1), b, max(ldb, 1), beta, c, max(n, 1))
}

// gemmBlocks is gemm for matrices that are blocks of wider ones: row i of a, b and c
// starts at i·lda, i·ldb and i·ldc of its slice (a row as stored: of aᵀ if transA).
func gemmBlocks(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !transB && alpha == 1 && (beta == 0 || beta == 1) && productsSuit(transA, m, n, k) &&
		productKernel(transA, beta == 1, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	tA, tB := blas.NoTrans, blas.NoTrans
	if transA {
		tA = blas.Trans
	}
	if transB {
		tB = blas.Trans
	}
	blas32.Implementation().Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// minSplitWork is the number of multiply-adds below which splitting a product across
// goroutines costs more than it saves.
const minSplitWork = 1 << 18

// gemmParts computes what gemm computes, split into up to parts products that run side by
// side on their own goroutines: over blocks of c's rows, or for a product with one row (a
// single example through a dense layer), over blocks of k (see gemvParts). Products too
// small to gain from it, with a transposed a, or with one row and a transposed b, run as
// one gemm on the caller's goroutine.
func gemmParts(parts int, transA, transB bool, m, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	switch {
	case parts < 2 || transA || m*n*k < minSplitWork || m == 1 && transB:
		gemm(transA, transB, m, n, k, alpha, a, b, beta, c)
	case m == 1:
		gemvParts(parts, n, k, alpha, a, b, beta, c)
	default:
		parts = min(parts, m)
		var wg sync.WaitGroup
		for p := range parts {
			lo, hi := p*m/parts, (p+1)*m/parts
			wg.Go(func() {
				gemm(false, transB, hi-lo, n, k, alpha, a[lo*k:hi*k], b, beta, c[lo*n:hi*n])
			})
		}
		wg.Wait()
	}
}

// gemvParts computes c = alpha·a·b + beta·c for one row a of k values and a k×n matrix b
// as parts products over blocks of b's rows, summed at the end. A one-row product reads b
// once and is bound by memory bandwidth: split by rows, each core streams its own share
// of b, which nearly halves the time for fc1's 12.8 MB of weights (split by columns, both
// cores read every row, and it gains nothing).
func gemvParts(parts, n, k int, alpha float32, a, b []float32, beta float32, c []float32) {
	parts = min(parts, k)                   // every block has a row: block 0 applies beta
	partial := make([]float32, (parts-1)*n) // the products of parts 1, 2, …
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*k/parts, (p+1)*k/parts
		dst, betaP := c, beta
		if p > 0 {
			dst, betaP = partial[(p-1)*n:p*n], 0
		}
		wg.Go(func() { gemm(false, false, 1, n, hi-lo, alpha, a[lo:hi], b[lo*n:hi*n], betaP, dst) })
	}
	wg.Wait()
	for p := 1; p < parts; p++ {
		for j, v := range partial[(p-1)*n : p*n] {
			c[j] += v
		}
	}
}

// gemmBatch computes count products c[i] = op(a[i])·b[i], or if add c[i] += op(a[i])·b[i],
// each c[i] m×n, b[i] k×n and op(a[i]) m×k, where a[i] is stored m×k, or k×m if transA;
// matrix i of each starts i matrices after the first. Those that suit products.c's kernel
// (productsSuit) run there in one call, on a processor with AVX-512: the Winograd
// convolution's 36 products per layer; the others as gemm.
func gemmBatch(count int, transA, add bool, m, n, k int, a, b, c []float32) {
	if productsSuit(transA, m, n, k) && productsKernel(count, transA, add, m, n, k, a, b, c) {
		return
	}
	beta := float32(btoi(add))
	for i := range count {
		gemm(transA, false, m, n, k, 1, a[i*m*k:], b[i*k*n:], beta, c[i*m*n:])
	}
}

// productsSuit reports whether products.c's kernel computes a product of these sizes
// faster than OpenBLAS: b (k×n) must fit in the cache, as it is read again for every six
// rows of c, unless c has few rows (a dense layer's batch); and with a stored transposed
// (a weight gradient, k long) c must be 32 columns wide or more, or loading a's values
// costs more than the multiplications. Measured on conv1, conv2, fc1 and the presets'
// layers, the kernel takes 0.4 to 0.9 of OpenBLAS's time where it suits, up to 1.5 times
// it where it does not.
func productsSuit(transA bool, m, n, k int) bool {
	return (n*k <= 1<<17 || m <= 256) && (!transA || n >= 32)
}
