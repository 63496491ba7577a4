package cnn

import (
	"math/rand/v2"
	"testing"
)

// TestProductsKernelMatchesGemm checks the batched products of products.c against gemm,
// its twin, on sizes that fill whole blocks of 6 rows and 64 columns and sizes that leave
// rows, columns and lanes over, with a stored transposed and not, writing c and adding to
// it: they differ only by rounding. On a processor without AVX-512 the kernel declines and gemm runs instead.
func TestProductsKernelMatchesGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, sz := range []struct{ count, m, n, k int }{
		{3, 1225 / 25, 64, 32}, {2, 32, 64, 49}, {2, 49, 32, 64}, // conv2's shapes, for few tiles
		{2, 37, 21, 19}, {1, 5, 130, 7}, {2, 7, 16, 1}, {1, 1, 1, 3},
	} {
		for _, transA := range []bool{false, true} {
			for _, add := range []bool{false, true} {
				a := randomSlice(rng, sz.count*sz.m*sz.k, -1, 1)
				b := randomSlice(rng, sz.count*sz.k*sz.n, -1, 1)
				got := randomSlice(rng, sz.count*sz.m*sz.n, -1, 1) // overwritten or added to
				want := append([]float32(nil), got...)
				if !productsKernel(sz.count, transA, add, sz.m, sz.n, sz.k, a, b, got) {
					t.Skip("no AVX-512: the products run as gemm")
				}
				for i := range sz.count {
					gemm(transA, false, sz.m, sz.n, sz.k, 1, a[i*sz.m*sz.k:], b[i*sz.k*sz.n:], float32(btoi(add)), want[i*sz.m*sz.n:])
				}
				if d := relDiff(got, want); d > 1e-6 {
					t.Errorf("%+v, transA %v, add %v: the kernel's products differ from gemm's by %.2g of the largest", sz, transA, add, d)
				}
			}
		}
	}
}
