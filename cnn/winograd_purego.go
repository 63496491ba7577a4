//go:build purego

package cnn

// Built with -tags purego, the Winograd transforms run as the Go code that defines them.

func winoInputKernel(x []float32, n int, in Shape, g window, v []float32) {
	winoInputGo(x, n, in, g, v)
}

func winoInputGradKernel(dv []float32, n int, in Shape, g window, dx []float32) {
	winoInputGradGo(dv, n, in, g, dx)
}

func winoOutputKernel(m []float32, n int, g window, out int, y []float32) {
	winoOutputGo(m, n, g, out, y)
}

func winoOutputGradKernel(dy []float32, n int, g window, out int, dm []float32) {
	winoOutputGradGo(dy, n, g, out, dm)
}

func winoFilterKernel(wt []float32, in, out int, u []float32) { winoFilterGo(wt, in, out, u) }

func winoFilterGradKernel(du []float32, in, out int, dw []float32) {
	winoFilterGradGo(du, in, out, dw)
}

func winoMatricesKernel() (bt, at, g []float32) { return wino.bt, wino.at, wino.g }
