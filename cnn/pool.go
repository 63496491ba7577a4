package cnn

import "fmt"

// MaxPool is 2×2 max pooling with stride 2 and SAME padding: the output is ⌈H/2⌉×⌈W/2⌉ with
// the input's channels, and a window that overhangs the bottom or right edge takes the
// maximum of the pixels it covers.
type MaxPool struct {
	name string
}

var _ Layer = (*MaxPool)(nil)

// NewMaxPool returns a 2×2, stride-2 max-pooling layer named name.
func NewMaxPool(name string) *MaxPool { return &MaxPool{name: name} }

// Name returns the layer's name.
func (m *MaxPool) Name() string { return m.name }

// Params returns nil: pooling has no parameters.
func (m *MaxPool) Params() []*Param { return nil }

// OutShape returns ⌈H/2⌉×⌈W/2⌉×C. It panics on an empty input.
func (m *MaxPool) OutShape(in Shape) Shape {
	if in.Size() <= 0 {
		panic(fmt.Sprintf("cnn: %s cannot pool an empty input %v", m.name, in))
	}
	return Shape{(in.H + 1) / 2, (in.W + 1) / 2, in.C}
}

func (m *MaxPool) clone() Layer { return &MaxPool{name: m.name} }

func (m *MaxPool) newPass(in Shape, batch int) pass {
	out := m.OutShape(in)
	return &poolPass{in: in, out: out, batch: batch,
		y:      make([]float32, batch*out.Size()),
		argmax: make([]int32, batch*out.Size()),
	}
}

type poolPass struct {
	in, out Shape
	batch   int
	y       []float32
	argmax  []int32   // for each output value, the index in x of the input that won
	dx      []float32 // allocated by the first backward that needs it
}

func (p *poolPass) bytes() int { return 4 * (cap(p.y) + cap(p.argmax) + cap(p.dx)) }

func (p *poolPass) forward(x []float32, n int, ctx *passContext) []float32 {
	argmax := p.argmax[:n*p.out.Size()]
	if ctx.forwardOnly {
		argmax = nil // no backward follows: skip the record of the maxima
	}
	y := p.y[:n*p.out.Size()]
	maxPoolKernel(x[:n*p.in.Size()], n, p.in, y, argmax)
	return y
}

// maxPoolGo pools the n images of x (shape in) into y: each output value is its window's
// first pixel, or the first pixel after it that is greater. Starting from the first pixel,
// not from a sentinel, makes windows of negative values pool correctly. A NaN wins only as
// the first pixel (no comparison with it is true); a diverging run shows anyway, in the
// NaN loss. If argmax is not nil, it receives for each output value the index in x of the
// input that won.
func maxPoolGo(x []float32, n int, in Shape, y []float32, argmax []int32) {
	ch := in.C
	outH, outW := (in.H+1)/2, (in.W+1)/2
	for b := range n {
		for oy := range outH {
			y0, y1 := 2*oy, min(2*oy+2, in.H)
			for ox := range outW {
				x0, x1 := 2*ox, min(2*ox+2, in.W)
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
