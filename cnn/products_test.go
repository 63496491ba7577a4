package cnn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// blasProduct computes c = op(a)·b + beta·c on the BLAS alone, never on products.c's
// kernel: the twin the kernel is held to.
func blasProduct(transA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	tA := blas.NoTrans
	if transA {
		tA = blas.Trans
	}
	blas32.Implementation().Sgemm(tA, blas.NoTrans, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
}

// productSizes fill whole blocks of 6 rows and 64 columns, and leave rows, columns and
// lanes over; the last ones take several panels of k.
var productSizes = []struct{ count, m, n, k int }{
	{3, 49, 64, 32}, {2, 32, 64, 49}, {2, 49, 32, 64}, // conv2's shapes, for one example
	{2, 37, 21, 19}, {1, 5, 130, 7}, {2, 7, 16, 1}, {1, 1, 1, 3},
	{1, 13, 70, 600}, {2, 8, 50, 512},
}

// TestProductsKernelMatchesBLAS checks the batched products of products.c against the
// BLAS, with a stored transposed and not, writing c and adding to it: they differ only by
// rounding. On a processor without AVX-512 the kernel declines and the BLAS runs instead.
func TestProductsKernelMatchesBLAS(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, sz := range productSizes {
		for _, transA := range []bool{false, true} {
			lda := sz.k
			if transA {
				lda = sz.m
			}
			for _, add := range []bool{false, true} {
				a := randomSlice(rng, sz.count*sz.m*sz.k, -1, 1)
				b := randomSlice(rng, sz.count*sz.k*sz.n, -1, 1)
				got := randomSlice(rng, sz.count*sz.m*sz.n, -1, 1) // overwritten or added to
				want := append([]float32(nil), got...)
				if !productsKernel(sz.count, transA, add, sz.m, sz.n, sz.k, a, b, got) {
					t.Skip("no AVX-512: the products run on the BLAS")
				}
				for i := range sz.count {
					blasProduct(transA, sz.m, sz.n, sz.k, a[i*sz.m*sz.k:], lda, b[i*sz.k*sz.n:], sz.n, float32(btoi(add)), want[i*sz.m*sz.n:], sz.n)
				}
				if d := relDiff(got, want); d > 1e-6 {
					t.Errorf("%+v, transA %v, add %v: the kernel's products differ from the BLAS's by %.2g of the largest", sz, transA, add, d)
				}
			}
		}
	}
}

// TestProductKernelReadsBlocks checks one product of matrices that are blocks of wider
// ones, as fc1's model-parallel gradients are, against the BLAS, and that it leaves the
// values of c outside the block as they were.
func TestProductKernelReadsBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sz := range productSizes {
		for _, transA := range []bool{false, true} {
			rows, cols := sz.m, sz.k // of a as stored
			if transA {
				rows, cols = sz.k, sz.m
			}
			lda, ldb, ldc := cols+3, sz.n+5, sz.n+17
			for _, add := range []bool{false, true} {
				a, b := randomSlice(rng, rows*lda, -1, 1), randomSlice(rng, sz.k*ldb, -1, 1)
				got := randomSlice(rng, sz.m*ldc, -1, 1)
				want := append([]float32(nil), got...)
				if !productKernel(transA, add, sz.m, sz.n, sz.k, a, lda, b, ldb, got, ldc) {
					t.Skip("no AVX-512: the products run on the BLAS")
				}
				blasProduct(transA, sz.m, sz.n, sz.k, a, lda, b, ldb, float32(btoi(add)), want, ldc)
				if d := relDiff(got, want); d > 1e-6 {
					t.Errorf("%+v, transA %v, add %v: the kernel's product differs from the BLAS's by %.2g of the largest", sz, transA, add, d)
				}
			}
		}
	}
}
