package cnn

import (
	"fmt"
	"math/rand/v2"
)

// Conv2D is a 2-D convolution with stride 1 and SAME zero padding, plus a bias per output
// channel and an optional ReLU: y = max(0, x ⊛ W + b). The kernel is K×K with K odd, so the
// output has the input's height and width and Out channels.
type Conv2D struct {
	name       string
	K, In, Out int
	ReLU       bool
	Weights    *Param // HWIO, K×K×In×Out
	Bias       *Param // Out
}

var _ Layer = (*Conv2D)(nil)

// NewConv2D returns a convolution layer named name with a k×k kernel from in to out channels,
// weights drawn from a normal distribution with standard deviation stddev truncated at two
// standard deviations, and biases set to bias. It panics if k is even or any size is not
// positive.
func NewConv2D(name string, k, in, out int, relu bool, stddev float64, bias float32, rng *rand.Rand) *Conv2D {
	if k <= 0 || k%2 == 0 || in <= 0 || out <= 0 {
		panic(fmt.Sprintf("cnn: bad convolution %s: kernel %d (must be odd), %d->%d channels", name, k, in, out))
	}
	c := &Conv2D{name: name, K: k, In: in, Out: out, ReLU: relu,
		Weights: newParam(name+"/weights", k, k, in, out),
		Bias:    newParam(name+"/bias", out),
	}
	fillTruncatedNormal(c.Weights.Value, stddev, rng)
	fill(c.Bias.Value, bias)
	return c
}

// Name returns the layer's name.
func (c *Conv2D) Name() string { return c.name }

// Params returns the weights and the bias.
func (c *Conv2D) Params() []*Param { return []*Param{c.Weights, c.Bias} }

// OutShape returns in's height and width with Out channels. It panics if in.C != In.
func (c *Conv2D) OutShape(in Shape) Shape {
	if in.C != c.In {
		panic(fmt.Sprintf("cnn: %s takes %d channels, got shape %v", c.name, c.In, in))
	}
	return Shape{in.H, in.W, c.Out}
}

func (c *Conv2D) clone() Layer {
	d := *c
	d.Weights, d.Bias = c.Weights.clone(), c.Bias.clone()
	return &d
}

func (c *Conv2D) newPass(in Shape, batch int) pass {
	c.OutShape(in)
	rows := batch * in.H * in.W
	return &convPass{layer: c, in: in, batch: batch, y: make([]float32, rows*c.Out)}
}

type convPass struct {
	layer *Conv2D
	in    Shape
	batch int
	cols  []float32 // (n*H*W, K*K*In): the input patches of the last forward, if it made them
	y     []float32 // (n*H*W, Out)
	dx    []float32 // (n, H, W, In), allocated by the first backward that needs it
	rule  Rule      // how backward passes the ReLU
}

func (p *convPass) bytes() int { return 4 * (cap(p.cols) + cap(p.y) + cap(p.dx)) }

func (p *convPass) forward(x []float32, n int, ctx *passContext) []float32 {
	c := p.layer
	rows, patch := n*p.in.H*p.in.W, c.K*c.K*c.In
	y := p.y[:rows*c.Out]
	if c.In == 1 && ctx.forwardOnly {
		// With one input channel a patch has K·K values, too few for a matrix product to
		// run well, and without a backward pass the patches are not needed again.
		convSingleKernel(x, n, p.in, c.K, c.Weights.Value, c.Out, y)
	} else {
		p.cols = grow(p.cols, p.batch*p.in.H*p.in.W*patch)
		cols := p.cols[:rows*patch]
		im2colKernel(x, n, p.in, c.K, cols)
		// y = cols · W  (rows×patch · patch×Out)
		gemmParts(ctx.parts, false, false, rows, c.Out, patch, 1, cols, c.Weights.Value, 0, y)
	}
	addBiasActivate(y, c.Bias.Value, c.ReLU)
	return y
}

func (p *convPass) backward(dy []float32, n int, grads [][]float32, wantDx bool) []float32 {
	c := p.layer
	rows, patch := n*p.in.H*p.in.W, c.K*c.K*c.In
	cols, y := p.cols[:rows*patch], p.y[:rows*c.Out]
	dy = dy[:rows*c.Out]
	// db = Σ_rows dy, after ReLU's mask
	activationGrad(dy, y, c.ReLU, p.rule, grads[1])
	// dW = colsᵀ · dy  (patch×rows · rows×Out)
	gemm(true, false, patch, c.Out, rows, 1, cols, dy, 0, grads[0])
	if !wantDx {
		return nil
	}
	// dcols = dy · Wᵀ  (rows×Out · Out×patch), reusing the patch buffer, then scatter back.
	gemm(false, true, rows, patch, c.Out, 1, dy, c.Weights.Value, 0, cols)
	p.dx = grow(p.dx, p.batch*p.in.Size())
	dx := p.dx[:n*p.in.Size()]
	col2imKernel(cols, n, p.in, c.K, dx)
	return dx
}

// im2colGo writes, for every pixel of the n examples x (NHWC with shape in), the K×K×C
// patch centred on it (zero outside the image) as one row of cols: row (n*H+y)*W+x, column
// (ky*K+kx)*C+c. Each row of a patch is one run of values copied from the image, the
// patch's columns inside it, with zeros beside it at the image's borders.
func im2colGo(x []float32, n int, in Shape, k int, cols []float32) {
	pad, ch := k/2, in.C
	patch, run := k*k*ch, k*ch
	row := 0
	for b := range n {
		img := x[b*in.Size() : (b+1)*in.Size()]
		for y := range in.H {
			for xx := range in.W {
				dst := cols[row*patch : (row+1)*patch]
				kx0, kx1 := max(pad-xx, 0), min(in.W-xx+pad, k) // columns inside: [kx0, kx1)
				for ky := range k {
					seg := dst[ky*run : (ky+1)*run]
					iy := y + ky - pad
					if iy < 0 || iy >= in.H {
						clear(seg)
						continue
					}
					clear(seg[:kx0*ch])
					copy(seg[kx0*ch:kx1*ch], img[(iy*in.W+xx+kx0-pad)*ch:])
					clear(seg[kx1*ch:])
				}
				row++
			}
		}
	}
}

// checkOneChannel panics unless in has the one channel a direct convolution takes.
func checkOneChannel(in Shape) {
	if in.C != 1 {
		panic(fmt.Sprintf("cnn: a direct convolution of %d channels", in.C))
	}
}

// convSingleGo convolves the n single-channel images x (shape in) with the K×K kernels wt
// (HWIO, one input channel: K·K rows of out values), SAME padding, stride 1, into y (NHWC,
// out channels): each output is the sum, tap by tap in the kernel's row order, of the taps
// inside the image. It is what im2col and a matrix product compute, without the patches, up
// to rounding. It panics if in has more than one channel.
func convSingleGo(x []float32, n int, in Shape, k int, wt []float32, out int, y []float32) {
	checkOneChannel(in)
	pad := k / 2
	for b := range n {
		img := x[b*in.H*in.W : (b+1)*in.H*in.W]
		for py := range in.H {
			for px := range in.W {
				ky0, ky1 := max(pad-py, 0), min(in.H-py+pad, k)
				kx0, kx1 := max(pad-px, 0), min(in.W-px+pad, k)
				o := y[((b*in.H+py)*in.W+px)*out:][:out]
				for co := range o {
					var s float32
					for ky := ky0; ky < ky1; ky++ {
						for kx := kx0; kx < kx1; kx++ {
							s += float32(img[(py+ky-pad)*in.W+px+kx-pad] * wt[(ky*k+kx)*out+co]) // rounded, not fused
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
func col2imGo(cols []float32, n int, in Shape, k int, dx []float32) {
	pad, ch := k/2, in.C
	patch := k * k * ch
	clear(dx[:n*in.Size()])
	row := 0
	for b := range n {
		img := dx[b*in.Size() : (b+1)*in.Size()]
		for y := range in.H {
			for xx := range in.W {
				src := cols[row*patch : (row+1)*patch]
				kx0, kx1 := max(pad-xx, 0), min(in.W-xx+pad, k) // columns inside: [kx0, kx1)
				for ky := range k {
					iy := y + ky - pad
					if iy < 0 || iy >= in.H {
						continue
					}
					s := src[(ky*k+kx0)*ch : (ky*k+kx1)*ch]
					d := img[(iy*in.W+xx+kx0-pad)*ch:][:len(s)]
					for i, v := range s {
						d[i] += v
					}
				}
				row++
			}
		}
	}
}
