package cnn

import (
	"fmt"

	"convscope/internal/tr"
)

// pooling is what the pooling layers share: a name, and Size×Size windows moved by Stride
// pixels, without padding: the output is ⌈(H−Size)/Stride⌉+1 windows high (and wide,
// likewise) with the input's channels, and a window that overhangs the bottom or right edge
// covers the pixels it can. With Size and Stride 2 it is TensorFlow's 2×2 SAME pooling,
// ⌈H/2⌉.
type pooling struct {
	name         string
	Size, Stride int
}

// Name returns the layer's name.
func (p *pooling) Name() string { return p.name }

// Kind returns Pooling.
func (p *pooling) Kind() Kind { return Pooling }

// Params returns nil: pooling has no parameters.
func (p *pooling) Params() []*Param { return nil }

// OutShape returns the shape of the windows over in, with in's channels. It panics if the
// input is smaller than a window.
func (p *pooling) OutShape(in Shape) Shape {
	g := p.geometry(in)
	return Shape{g.OutH, g.OutW, in.C}
}

// geometry returns where the windows lie over an input of shape in.
func (p *pooling) geometry(in Shape) window {
	g, err := poolWindow(in, p.Size, p.Stride)
	if err != nil {
		panic(fmt.Sprintf("cnn: %s: %v", p.name, err))
	}
	return g
}

// MaxPool is max pooling (see pooling for its windows): each output is the largest of the
// pixels its window covers.
type MaxPool struct{ pooling }

var _ Layer = (*MaxPool)(nil)

// NewMaxPool returns a 2×2, stride-2 max-pooling layer named name; set Size and Stride for
// others.
func NewMaxPool(name string) *MaxPool { return &MaxPool{pooling{name: name, Size: 2, Stride: 2}} }

func (m *MaxPool) clone() Layer { d := *m; return &d }

func (m *MaxPool) newPass(in Shape, batch int) pass {
	g := m.geometry(in)
	out := Shape{g.OutH, g.OutW, in.C}
	return &poolPass{in: in, out: out, g: g, batch: batch,
		y:      make([]float32, batch*out.Size()),
		argmax: make([]int32, batch*out.Size()),
	}
}

type poolPass struct {
	in, out Shape
	g       window
	batch   int
	y       []float32
	argmax  []int32   // for each output value, the index in x of the input that won
	dx      []float32 // allocated by the first backward that needs it
}

func (p *poolPass) forward(x []float32, n int, ctx *passContext) []float32 {
	argmax := p.argmax[:n*p.out.Size()]
	if ctx.forwardOnly {
		argmax = nil // no backward follows: skip the record of the maxima
	}
	y := p.y[:n*p.out.Size()]
	maxPoolKernel(x[:n*p.in.Size()], n, p.in, p.g, y, argmax)
	return y
}

// maxPoolGo pools the n images of x (shape in) over the windows g into y: each output
// value is its window's first pixel, or the first pixel after it that is greater. Starting
// from the first pixel, not from a sentinel, makes windows of negative values pool
// correctly. A NaN wins only as the first pixel (no comparison with it is true); a
// diverging run shows anyway, in the NaN loss. If argmax is not nil, it receives for each
// output value the index in x of the input that won.
func maxPoolGo(x []float32, n int, in Shape, g window, y []float32, argmax []int32) {
	ch := in.C
	outH, outW := g.OutH, g.OutW
	for b := range n {
		for oy := range outH {
			y0, y1 := g.Stride*oy, min(g.Stride*oy+g.K, in.H)
			for ox := range outW {
				x0, x1 := g.Stride*ox, min(g.Stride*ox+g.K, in.W)
				o := ((b*outH+oy)*outW + ox) * ch
				first := ((b*in.H+y0)*in.W + x0) * ch
				for c := range ch {
					m, a := x[first+c], first+c
					for py := y0; py < y1; py++ {
						for px := x0; px < x1; px++ {
							if i := ((b*in.H+py)*in.W+px)*ch + c; x[i] > m {
								m, a = x[i], i
							}
						}
					}
					y[o+c] = m
					if argmax != nil {
						argmax[o+c] = int32(a)
					}
				}
			}
		}
	}
}

func (p *poolPass) backward(dy []float32, n int, _ [][]float32, wantDx bool) []float32 {
	if !wantDx {
		return nil
	}
	p.dx = grow(p.dx, p.batch*p.in.Size())
	dx := p.dx[:n*p.in.Size()]
	clear(dx)
	for o, g := range dy[:n*p.out.Size()] {
		dx[p.argmax[o]] += g
	}
	return dx
}

// poolWindow returns the windows of a pooling layer of size×size windows moved by stride
// pixels over an input of shape in, or an error saying why they do not fit: every window
// starts inside the input, and the last may overhang it.
func poolWindow(in Shape, size, stride int) (window, error) {
	switch {
	case size < 1 || stride < 1:
		return window{}, tr.Errorf("a %dx%d window with stride %d", size, size, stride)
	case in.H < size || in.W < size:
		return window{}, tr.Errorf("input is %dx%d, smaller than the %dx%d window", in.H, in.W, size, size)
	}
	outs := func(n int) int {
		out := (n-size+stride-1)/stride + 1
		if (out-1)*stride >= n { // a window would start past the input
			out--
		}
		return out
	}
	return window{K: size, Stride: stride, OutH: outs(in.H), OutW: outs(in.W)}, nil
}

// AvgPool is average pooling (see pooling for its windows): each output is the mean of
// the pixels its window covers.
type AvgPool struct{ pooling }

var _ Layer = (*AvgPool)(nil)

// NewAvgPool returns an average-pooling layer named name of size×size windows moved by
// stride pixels.
func NewAvgPool(name string, size, stride int) *AvgPool {
	return &AvgPool{pooling{name: name, Size: size, Stride: stride}}
}

func (a *AvgPool) clone() Layer { d := *a; return &d }

func (a *AvgPool) newPass(in Shape, batch int) pass {
	g := a.geometry(in)
	out := Shape{g.OutH, g.OutW, in.C}
	return &avgPoolPass{in: in, out: out, g: g, batch: batch, y: make([]float32, batch*out.Size())}
}

type avgPoolPass struct {
	in, out Shape
	g       window
	batch   int
	y       []float32
	dx      []float32 // allocated by the first backward that needs it
}

// eachWindow calls f for every output value o of n images with the rows [y0, y1) and
// columns [x0, x1) of the input its window covers, and the offset of its first channel
// in the input (image b's origin) and in the output.
func (p *avgPoolPass) eachWindow(n int, f func(in, out, y0, y1, x0, x1 int)) {
	g := p.g
	for b := range n {
		for oy := range g.OutH {
			y0, y1 := g.Stride*oy, min(g.Stride*oy+g.K, p.in.H)
			for ox := range g.OutW {
				x0, x1 := g.Stride*ox, min(g.Stride*ox+g.K, p.in.W)
				f(b*p.in.Size(), ((b*g.OutH+oy)*g.OutW+ox)*p.in.C, y0, y1, x0, x1)
			}
		}
	}
}

func (p *avgPoolPass) forward(x []float32, n int, _ *passContext) []float32 {
	y, ch := p.y[:n*p.out.Size()], p.in.C
	p.eachWindow(n, func(in, out, y0, y1, x0, x1 int) {
		o := y[out : out+ch]
		clear(o)
		for py := y0; py < y1; py++ {
			for px := x0; px < x1; px++ {
				for c, v := range x[in+(py*p.in.W+px)*ch:][:ch] {
					o[c] += v
				}
			}
		}
		scale := 1 / float32((y1-y0)*(x1-x0))
		for c := range o {
			o[c] *= scale
		}
	})
	return y
}

func (p *avgPoolPass) backward(dy []float32, n int, _ [][]float32, wantDx bool) []float32 {
	if !wantDx {
		return nil
	}
	p.dx = grow(p.dx, p.batch*p.in.Size())
	dx, ch := p.dx[:n*p.in.Size()], p.in.C
	clear(dx)
	p.eachWindow(n, func(in, out, y0, y1, x0, x1 int) {
		scale := 1 / float32((y1-y0)*(x1-x0))
		for py := y0; py < y1; py++ {
			for px := x0; px < x1; px++ {
				d := dx[in+(py*p.in.W+px)*ch:][:ch]
				for c, g := range dy[out : out+ch] {
					d[c] += g * scale
				}
			}
		}
	})
	return dx
}
