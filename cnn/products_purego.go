//go:build purego

package cnn

// Built with -tags purego, gemmBatch runs every product as gemm.
func productsKernel(count int, transA, add bool, m, n, k int, a, b, c []float32) bool {
	return false
}
