//go:build purego

package cnn

// Built with -tags purego, the training step's loops run as the Go code that defines them.

func adamKernel(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	return adamGo(theta, g, m, v, b1, b2, eps, alphaT)
}

func adamProbeKernel(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	return adamProbeGo(theta, g, m, v, b1, b2, eps, alphaT)
}

func accumulateKernel(sum, g []float32) float32 { return accumulateGo(sum, g) }

func magnitudeKernel(x []float32) float32 { return magnitudeGo(x) }

func col2imKernel(cols []float32, n int, in Shape, g window, dx []float32) {
	col2imGo(cols, n, in, g, dx)
}

func addBiasActivateKernel(y, b []float32, relu bool) { addBiasActivateGo(y, b, relu) }

func reluGradKernel(g, y, db []float32) { reluGradGo(g, y, db) }

func maxPoolKernel(x []float32, n int, in Shape, g window, y []float32, argmax []int32) {
	maxPoolGo(x, n, in, g, y, argmax)
}

func convSingleKernel(x []float32, n int, in Shape, g window, wt []float32, out int, y []float32) {
	convSingleGo(x, n, in, g, wt, out, y)
}

func im2colKernel(x []float32, n int, in Shape, g window, cols, padded []float32) {
	im2colGo(x, n, in, g, cols, padded)
}
