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

func (p *poolPass) forward(x []float32, n int, ctx *passContext) []float32 {
	in, out, ch := p.in, p.out, p.in.C
	for b := range n {
		for oy := range out.H {
			y0, y1 := 2*oy, min(2*oy+2, in.H)
			for ox := range out.W {
				x0, x1 := 2*ox, min(2*ox+2, in.W)
				o := ((b*out.H+oy)*out.W + ox) * ch
				// Start from the window's first pixel, not from a sentinel, so windows of
				// negative values pool correctly; then take the other pixels' channels in
				// turn, each a contiguous run of ch values.
				first := ((b*in.H+y0)*in.W + x0) * ch
				y := p.y[o : o+ch]
				copy(y, x[first:first+ch])
				if ctx.forwardOnly {
					for py := y0; py < y1; py++ {
						for px := x0; px < x1; px++ {
							i := ((b*in.H+py)*in.W + px) * ch
							src := x[i : i+ch]
							src = src[:len(y)]
							for c, v := range src {
								y[c] = max(y[c], v)
							}
						}
					}
					continue
				}
				arg := p.argmax[o : o+ch]
				for c := range arg {
					arg[c] = int32(first + c)
				}
				for py := y0; py < y1; py++ {
					for px := x0; px < x1; px++ {
						i := ((b*in.H+py)*in.W + px) * ch
						src := x[i : i+ch]
						src, arg := src[:len(y)], arg[:len(y)]
						for c, v := range src {
							// Written so the compiler makes no branch: a new maximum
							// is as likely as not.
							a := arg[c]
							if v > y[c] {
								a = int32(i + c)
							}
							arg[c] = a
							y[c] = max(y[c], v)
						}
					}
				}
			}
		}
	}
	return p.y[:n*out.Size()]
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
