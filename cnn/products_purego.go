//go:build purego

package cnn

// Built with -tags purego, every matrix product runs on gonum's BLAS.
func productsKernel(count int, transA, add bool, m, n, k int, a, b, c []float32) bool {
	return false
}

func productKernel(transA, add bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) bool {
	return false
}
