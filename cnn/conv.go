package cnn

import (
	"fmt"
	"math/rand/v2"
)

// Conv2D is a 2-D convolution (cross-correlation, as TensorFlow's conv2d) with a K×K
// kernel moved by Stride pixels, SAME or VALID zero padding, a bias per output channel and
// an activation: y = act(x ⊛ W + b), with Out channels.
type Conv2D struct {
	name       string
	K, In, Out int
	Stride     int     // pixels between two windows, 1 or more
	Padding    Padding // Same or Valid
	Act        ActivationFunc
	Weights    *Param // HWIO, K×K×In×Out
	Bias       *Param // Out
}

// Padding says how a convolution treats the input's borders.
type Padding uint8

const (
	// Same pads the input with zeros so that the output is ⌈H/Stride⌉×⌈W/Stride⌉, as
	// TensorFlow's SAME does: the padding is split evenly, the odd pixel at the bottom
	// and right.
	Same Padding = iota
	// Valid does not pad: the output is ⌊(H−K)/Stride⌋+1 windows high and wide.
	Valid
)

// String returns the padding's name as a spec writes it: same or valid.
func (p Padding) String() string {
	if p == Valid {
		return "valid"
	}
	return "same"
}

var _ Layer = (*Conv2D)(nil)

// NewConv2D returns a convolution layer named name with a k×k kernel from in to out channels,
// stride 1 and SAME padding (set Stride and Padding for others), the activation act, and
// weights and biases drawn by init with rng. It panics if a size is not positive.
func NewConv2D(name string, k, in, out int, act ActivationFunc, init Init, rng *rand.Rand) *Conv2D {
	if k <= 0 || in <= 0 || out <= 0 {
		panic(fmt.Sprintf("cnn: bad convolution %s: kernel %d, %d->%d channels", name, k, in, out))
	}
	c := &Conv2D{name: name, K: k, In: in, Out: out, Stride: 1, Padding: Same, Act: act,
		Weights: newParam(name+"/weights", k, k, in, out),
		Bias:    newParam(name+"/bias", out),
	}
	init.fill(c.Weights.Value, c.Bias.Value, k*k*in, k*k*out, rng)
	return c
}

// Name returns the layer's name.
func (c *Conv2D) Name() string { return c.name }

// Params returns the weights and the bias.
func (c *Conv2D) Params() []*Param { return []*Param{c.Weights, c.Bias} }

// OutShape returns the shape of the windows over in, with Out channels. It panics if
// in.C != In or, with VALID padding, the input is smaller than the kernel.
func (c *Conv2D) OutShape(in Shape) Shape {
	if in.C != c.In {
		panic(fmt.Sprintf("cnn: %s takes %d channels, got shape %v", c.name, c.In, in))
	}
	g := c.geometry(in)
	return Shape{g.OutH, g.OutW, c.Out}
}

// Pad returns how many rows of zero padding lie above an input of shape in, and how many
// columns left of it: where the first window starts. It panics as OutShape does.
func (c *Conv2D) Pad(in Shape) (top, left int) {
	g := c.geometry(in)
	return g.PadTop, g.PadLeft
}

// geometry returns where c's windows lie over an input of shape in. It panics if the
// windows do not fit (see OutShape).
func (c *Conv2D) geometry(in Shape) window {
	g, err := convWindow(in, c.K, c.Stride, c.Padding)
	if err != nil {
		panic(fmt.Sprintf("cnn: %s: %v", c.name, err))
	}
	return g
}

func (c *Conv2D) clone() Layer {
	d := *c
	d.Weights, d.Bias = c.Weights.clone(), c.Bias.clone()
	return &d
}

func (c *Conv2D) newPass(in Shape, batch int) pass {
	g := c.geometry(in)
	return &convPass{layer: c, in: in, g: g, batch: batch, y: make([]float32, batch*g.OutH*g.OutW*c.Out),
		winograd: winogradFits(c.K, c.Stride, c.In)}
}

type convPass struct {
	layer *Conv2D
	in    Shape
	g     window // where the windows lie
	batch int
	cols  []float32 // (n*OutH*OutW, K*K*In): the input patches of the last forward, if it made them
	// padded is im2col's copy of one example with its zero padding (paddedSize).
	padded []float32
	y      []float32 // (n*OutH*OutW, Out)
	dx     []float32 // (n, H, W, In), allocated by the first backward that needs it
	rule   Rule      // how backward passes the ReLU

	winograd bool // whether the pass runs as Winograd's F(2×2, 5×5), with the buffers below, not as im2col
	wino     winoBuffers
}

func (p *convPass) forward(x []float32, n int, ctx *passContext) []float32 {
	c := p.layer
	rows, patch := n*p.g.OutH*p.g.OutW, c.K*c.K*c.In
	y := p.y[:rows*c.Out]
	if p.winograd {
		p.winogradForward(x, n, ctx.parts, y)
	} else if c.In == 1 && ctx.forwardOnly {
		// With one input channel a patch has K·K values, too few for a matrix product to
		// run well, and without a backward pass the patches are not needed again.
		convSingleKernel(x, n, p.in, p.g, c.Weights.Value, c.Out, y)
	} else {
		p.cols = grow(p.cols, p.batch*p.g.OutH*p.g.OutW*patch)
		cols := p.cols[:rows*patch]
		p.padded = grow(p.padded, paddedSize(p.in, p.g))
		im2colKernel(x, n, p.in, p.g, cols, p.padded)
		// y = cols · W  (rows×patch · patch×Out)
		gemmParts(ctx.parts, false, false, rows, c.Out, patch, 1, cols, c.Weights.Value, 0, y)
	}
	addBiasActivate(y, c.Bias.Value, c.Act)
	return y
}

func (p *convPass) backward(dy []float32, n int, grads [][]float32, wantDx bool) []float32 {
	c := p.layer
	rows, patch := n*p.g.OutH*p.g.OutW, c.K*c.K*c.In
	y := p.y[:rows*c.Out]
	dy = dy[:rows*c.Out]
	// db = Σ_rows dy, after the activation's derivative
	activationGrad(dy, y, c.Act, p.rule, grads[1])
	if p.winograd {
		return p.winogradBackward(dy, n, grads[0], wantDx)
	}
	cols := p.cols[:rows*patch]
	// dW = colsᵀ · dy  (patch×rows · rows×Out)
	gemm(true, false, patch, c.Out, rows, 1, cols, dy, 0, grads[0])
	if !wantDx {
		return nil
	}
	// dcols = dy · Wᵀ  (rows×Out · Out×patch), reusing the patch buffer, then scatter back.
	gemm(false, true, rows, patch, c.Out, 1, dy, c.Weights.Value, 0, cols)
	p.dx = grow(p.dx, p.batch*p.in.Size())
	dx := p.dx[:n*p.in.Size()]
	col2imKernel(cols, n, p.in, p.g, dx)
	return dx
}

// im2colGo writes, for every window g places over the n examples x (NHWC with shape in),
// its K×K×C patch (zero outside the image) as one row of cols: row (n*OutH+oy)*OutW+ox,
// column (ky*K+kx)*C+c. It copies each example with its zeros into padded (at least
// paddedSize values), where every row of a patch is one run of K·C values.
func im2colGo(x []float32, n int, in Shape, g window, cols, padded []float32) {
	k, ch := g.K, in.C
	run := k * ch
	ph, pw := paddedDims(g)
	padded = padded[:ph*pw*ch]
	dst := cols
	for b := range n {
		img := x[b*in.Size() : (b+1)*in.Size()]
		clear(padded)
		fit := min(in.W, pw-g.PadLeft) // the image's columns that the windows reach
		for iy := range min(in.H, ph-g.PadTop) {
			copy(padded[((iy+g.PadTop)*pw+g.PadLeft)*ch:], img[iy*in.W*ch:(iy*in.W+fit)*ch])
		}
		for oy := range g.OutH {
			for ox := range g.OutW {
				corner := (oy*g.Stride*pw + ox*g.Stride) * ch
				for ky := range k {
					copy(dst[:run], padded[corner+ky*pw*ch:])
					dst = dst[run:]
				}
			}
		}
	}
}

// paddedDims returns the rows and columns of the windows g's input with its zero padding,
// as far as the windows reach: what im2col copies an example into.
func paddedDims(g window) (rows, cols int) {
	return (g.OutH-1)*g.Stride + g.K, (g.OutW-1)*g.Stride + g.K
}

// paddedSize is how many values im2col's padded copy of an example of shape in holds.
func paddedSize(in Shape, g window) int {
	rows, cols := paddedDims(g)
	return rows * cols * in.C
}

// checkOneChannel panics unless in has the one channel a direct convolution takes.
func checkOneChannel(in Shape) {
	if in.C != 1 {
		panic(fmt.Sprintf("cnn: a direct convolution of %d channels", in.C))
	}
}

// convSingleGo convolves the n single-channel images x (shape in) with the K×K kernels wt
// (HWIO, one input channel: K·K rows of out values) over the windows g places, into y
// (NHWC, out channels): each output is the sum, tap by tap in the kernel's row order, of
// the taps inside the image. It is what im2col and a matrix product compute, without the
// patches, up to rounding. It panics if in has more than one channel.
func convSingleGo(x []float32, n int, in Shape, g window, wt []float32, out int, y []float32) {
	checkOneChannel(in)
	k := g.K
	for b := range n {
		img := x[b*in.H*in.W : (b+1)*in.H*in.W]
		for oy := range g.OutH {
			for ox := range g.OutW {
				top, left := oy*g.Stride-g.PadTop, ox*g.Stride-g.PadLeft
				ky0, ky1 := max(-top, 0), min(in.H-top, k)
				kx0, kx1 := max(-left, 0), min(in.W-left, k)
				o := y[((b*g.OutH+oy)*g.OutW+ox)*out:][:out]
				for co := range o {
					var s float32
					for ky := ky0; ky < ky1; ky++ {
						for kx := kx0; kx < kx1; kx++ {
							s += float32(img[(top+ky)*in.W+left+kx] * wt[(ky*k+kx)*out+co]) // rounded, not fused
						}
					}
					o[co] = s
				}
			}
		}
	}
}

// col2imGo is the adjoint of im2col: it sums every patch row of cols back into the pixels
// it was copied from, overwriting dx. For each row of a patch it adds one run of values:
// the patch's columns inside the image, k·C values or fewer at the borders.
func col2imGo(cols []float32, n int, in Shape, g window, dx []float32) {
	k, ch := g.K, in.C
	patch := k * k * ch
	clear(dx[:n*in.Size()])
	row := 0
	for b := range n {
		img := dx[b*in.Size() : (b+1)*in.Size()]
		for oy := range g.OutH {
			for ox := range g.OutW {
				src := cols[row*patch : (row+1)*patch]
				top, left := oy*g.Stride-g.PadTop, ox*g.Stride-g.PadLeft
				kx0, kx1 := max(-left, 0), min(in.W-left, k) // columns inside: [kx0, kx1)
				for ky := range k {
					iy := top + ky
					if iy < 0 || iy >= in.H || kx0 >= kx1 {
						continue
					}
					s := src[(ky*k+kx0)*ch : (ky*k+kx1)*ch]
					d := img[(iy*in.W+left+kx0)*ch:][:len(s)]
					for i, v := range s {
						d[i] += v
					}
				}
				row++
			}
		}
	}
}
