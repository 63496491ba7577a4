//go:build !purego

package cnn

// #include "winograd.h"
import "C"

// The transforms of the Winograd convolution in C (winograd.c), each bit-identical to its
// Go twin (winograd_test.go). Like the other kernels, each wrapper slices its arguments to
// the lengths the C code touches, so a short slice panics in Go.

// cFloats returns a pointer to the first of v's values, which must not be empty.
func cFloats(v []float32) *C.float { return (*C.float)(&v[0]) }

// winoInputKernel is winoInputGo in C.
func winoInputKernel(x []float32, n int, in Shape, g window, v []float32) {
	th, tw := winoTilesOf(g)
	if n == 0 || in.C == 0 {
		return
	}
	x, v = x[:n*in.Size()], v[:winoTiles*n*th*tw*in.C]
	C.cs_wino_input(cFloats(x), C.long(n), C.long(in.H), C.long(in.W), C.long(in.C), cWindow(g), cFloats(v))
}

// winoInputGradKernel is winoInputGradGo in C.
func winoInputGradKernel(dv []float32, n int, in Shape, g window, dx []float32) {
	th, tw := winoTilesOf(g)
	if n == 0 || in.C == 0 {
		return
	}
	dv, dx = dv[:winoTiles*n*th*tw*in.C], dx[:n*in.Size()]
	C.cs_wino_input_grad(cFloats(dv), C.long(n), C.long(in.H), C.long(in.W), C.long(in.C), cWindow(g), cFloats(dx))
}

// winoOutputKernel is winoOutputGo in C.
func winoOutputKernel(m []float32, n int, g window, out int, y []float32) {
	th, tw := winoTilesOf(g)
	if n == 0 || out == 0 {
		return
	}
	m, y = m[:winoTiles*n*th*tw*out], y[:n*g.OutH*g.OutW*out]
	C.cs_wino_output(cFloats(m), C.long(n), cWindow(g), C.long(out), cFloats(y))
}

// winoOutputGradKernel is winoOutputGradGo in C.
func winoOutputGradKernel(dy []float32, n int, g window, out int, dm []float32) {
	th, tw := winoTilesOf(g)
	if n == 0 || out == 0 {
		return
	}
	dy, dm = dy[:n*g.OutH*g.OutW*out], dm[:winoTiles*n*th*tw*out]
	C.cs_wino_output_grad(cFloats(dy), C.long(n), cWindow(g), C.long(out), cFloats(dm))
}

// winoFilterKernel is winoFilterGo in C.
func winoFilterKernel(wt []float32, in, out int, u []float32) {
	if in == 0 || out == 0 {
		return
	}
	wt, u = wt[:winoTaps*in*out], u[:winoTiles*in*out]
	C.cs_wino_filter(cFloats(wt), C.long(in), C.long(out), cFloats(u))
}

// winoFilterGradKernel is winoFilterGradGo in C.
func winoFilterGradKernel(du []float32, in, out int, dw []float32) {
	if in == 0 || out == 0 {
		return
	}
	du, dw = du[:winoTiles*in*out], dw[:winoTaps*in*out]
	C.cs_wino_filter_grad(cFloats(du), C.long(in), C.long(out), cFloats(dw))
}

// winoMatricesKernel returns the transforms the C kernels hold: Bᵀ, Aᵀ and G.
func winoMatricesKernel() (bt, at, g []float32) {
	bt, at, g = make([]float32, winoTiles), make([]float32, winoOut*winoTile), make([]float32, winoTile*winoK)
	C.cs_wino_matrices(cFloats(bt), cFloats(at), cFloats(g))
	return bt, at, g
}
