package viz

import "fmt"

// Volume is one example's activations in HWC layout (channels last): element (y, x, c) is
// Data[(y*W+x)*C+c]. A 28x28 network input is Volume{H: 28, W: 28, C: 1, Data: x}.
// Renderers panic if a dimension is not positive or len(Data) != H*W*C.
type Volume struct {
	H, W, C int
	Data    []float32
}

// Filters holds convolution weights in HWIO layout: element (ky, kx, ci, co) is
// Data[((ky*KW+kx)*In+ci)*Out+co]. conv1 is Filters{KH: 5, KW: 5, In: 1, Out: 32},
// conv2 is Filters{KH: 5, KW: 5, In: 32, Out: 64}.
// Renderers panic if a dimension is not positive or len(Data) != KH*KW*In*Out.
type Filters struct {
	KH, KW, In, Out int
	Data            []float32
}

// plane is a strided view of one h x w map inside a flat slice: element (y, x) is
// data[off+(y*w+x)*stride]. A feature map c of a Volume is plane{off: c, stride: C};
// kernel slice (ci, co) of Filters is plane{off: ci*Out+co, stride: In*Out}.
type plane struct {
	data        []float32
	h, w        int
	off, stride int
}

func (p plane) at(y, x int) float32 { return p.data[p.off+(y*p.w+x)*p.stride] }

// checkShape panics unless every dimension of v is positive.
func (v Volume) checkShape(fn string) {
	if v.H <= 0 || v.W <= 0 || v.C <= 0 {
		panic(fmt.Sprintf("viz: %s: non-positive volume shape %dx%dx%d", fn, v.H, v.W, v.C))
	}
}

// check panics unless v's shape is positive and matches its data.
func (v Volume) check(fn string) {
	v.checkShape(fn)
	if len(v.Data) != v.H*v.W*v.C {
		panic(fmt.Sprintf("viz: %s: len(Data) = %d, want H*W*C = %d", fn, len(v.Data), v.H*v.W*v.C))
	}
}

// channel returns map c of v.
func (v Volume) channel(c int) plane {
	return plane{data: v.Data, h: v.H, w: v.W, off: c, stride: v.C}
}

// checkShape panics unless every dimension of f is positive.
func (f Filters) checkShape(fn string) {
	if f.KH <= 0 || f.KW <= 0 || f.In <= 0 || f.Out <= 0 {
		panic(fmt.Sprintf("viz: %s: non-positive filter shape %dx%dx%dx%d", fn, f.KH, f.KW, f.In, f.Out))
	}
}

// check panics unless f's shape is positive and matches its data.
func (f Filters) check(fn string) {
	f.checkShape(fn)
	if n := f.KH * f.KW * f.In * f.Out; len(f.Data) != n {
		panic(fmt.Sprintf("viz: %s: len(Data) = %d, want KH*KW*In*Out = %d", fn, len(f.Data), n))
	}
}

// kernel returns the KH x KW slice of f that connects input channel ci to output channel co.
func (f Filters) kernel(ci, co int) plane {
	return plane{data: f.Data, h: f.KH, w: f.KW, off: ci*f.Out + co, stride: f.In * f.Out}
}

// orDefault returns v, or def when v is zero. It panics for a negative v.
func orDefault(fn, field string, v, def int) int {
	switch {
	case v < 0:
		panic(fmt.Sprintf("viz: %s: negative %s %d", fn, field, v))
	case v == 0:
		return def
	}
	return v
}
