//go:build !purego

package cnn

// #cgo CFLAGS: -O2
// #cgo LDFLAGS: -lm
// #include "kernels.h"
import "C"

// The loops between the engine's matrix products run in C (kernels.c), where they are
// vectorised: Go does not emit SIMD instructions. Each wrapper slices its arguments to the
// lengths the C code touches, so a short slice panics in Go, and each C function does its Go
// twin's arithmetic, so the results are bit-identical to the twin's (kernels_test.go).

// adamKernel is adamGo in C.
func adamKernel(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	if len(theta) == 0 {
		return 0
	}
	g, m, v = g[:len(theta)], m[:len(theta)], v[:len(theta)]
	return float32(C.cs_adam((*C.float)(&theta[0]), (*C.float)(&g[0]), (*C.float)(&m[0]), (*C.float)(&v[0]),
		C.long(len(theta)), C.float(b1), C.float(b2), C.float(eps), C.float(alphaT)))
}

// adamProbeKernel is adamProbeGo in C.
func adamProbeKernel(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	if len(theta) == 0 {
		return 0
	}
	g, m, v = g[:len(theta)], m[:len(theta)], v[:len(theta)]
	return float32(C.cs_adam_probe((*C.float)(&theta[0]), (*C.float)(&g[0]), (*C.float)(&m[0]), (*C.float)(&v[0]),
		C.long(len(theta)), C.float(b1), C.float(b2), C.float(eps), C.float(alphaT)))
}

// accumulateKernel is accumulateGo in C.
func accumulateKernel(sum, g []float32) float32 {
	if len(sum) == 0 {
		return 0
	}
	g = g[:len(sum)]
	return float32(C.cs_accumulate((*C.float)(&sum[0]), (*C.float)(&g[0]), C.long(len(sum))))
}

// magnitudeKernel is magnitudeGo in C.
func magnitudeKernel(x []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return float32(C.cs_magnitude((*C.float)(&x[0]), C.long(len(x))))
}

// cWindow returns g as the C kernels take it.
func cWindow(g window) C.cs_window {
	return C.cs_window{k: C.long(g.K), stride: C.long(g.Stride), pad_top: C.long(g.PadTop), pad_left: C.long(g.PadLeft),
		oh: C.long(g.OutH), ow: C.long(g.OutW)}
}

// col2imKernel is col2imGo in C.
func col2imKernel(cols []float32, n int, in Shape, g window, dx []float32) {
	if n == 0 {
		return
	}
	cols, dx = cols[:n*g.OutH*g.OutW*g.K*g.K*in.C], dx[:n*in.Size()]
	C.cs_col2im((*C.float)(&cols[0]), C.long(n), C.long(in.H), C.long(in.W), C.long(in.C), cWindow(g), (*C.float)(&dx[0]))
}

// addBiasActivateKernel is addBiasActivateGo in C.
func addBiasActivateKernel(y, b []float32, relu bool) {
	checkRows(len(y), len(b))
	if len(y) == 0 {
		return
	}
	rows := len(y) / len(b)
	C.cs_bias_relu((*C.float)(&y[0]), (*C.float)(&b[0]), C.long(rows), C.long(len(b)), C.int(btoi(relu)))
}

// reluGradKernel is reluGradGo in C.
func reluGradKernel(g, y, db []float32) {
	checkRows(len(g), len(db))
	y = y[:len(g)]
	rows := len(g) / len(db)
	if rows == 0 {
		clear(db)
		return
	}
	C.cs_relu_grad((*C.float)(&g[0]), (*C.float)(&y[0]), C.long(rows), C.long(len(db)), (*C.float)(&db[0]))
}

// maxPoolKernel is maxPoolGo in C.
func maxPoolKernel(x []float32, n int, in Shape, g window, y []float32, argmax []int32) {
	if n == 0 {
		return
	}
	out := n * g.OutH * g.OutW * in.C
	x, y = x[:n*in.Size()], y[:out]
	var arg *C.int32_t
	if argmax != nil {
		arg = (*C.int32_t)(&argmax[:out][0])
	}
	C.cs_maxpool((*C.float)(&x[0]), C.long(n), C.long(in.H), C.long(in.W), C.long(in.C), cWindow(g), (*C.float)(&y[0]), arg)
}

// convSingleKernel is convSingleGo in C.
func convSingleKernel(x []float32, n int, in Shape, g window, wt []float32, out int, y []float32) {
	checkOneChannel(in)
	if n == 0 || out == 0 {
		return
	}
	x, wt, y = x[:n*in.H*in.W], wt[:g.K*g.K*out], y[:n*g.OutH*g.OutW*out]
	C.cs_conv_single((*C.float)(&x[0]), C.long(n), C.long(in.H), C.long(in.W), cWindow(g), (*C.float)(&wt[0]), C.long(out), (*C.float)(&y[0]))
}

// im2colKernel is im2colGo in C.
func im2colKernel(x []float32, n int, in Shape, g window, cols, padded []float32) {
	if n == 0 || in.C == 0 {
		return
	}
	x, cols, padded = x[:n*in.Size()], cols[:n*g.OutH*g.OutW*g.K*g.K*in.C], padded[:paddedSize(in, g)]
	C.cs_im2col((*C.float)(&x[0]), C.long(n), C.long(in.H), C.long(in.W), C.long(in.C), cWindow(g),
		(*C.float)(&cols[0]), (*C.float)(&padded[0]))
}
