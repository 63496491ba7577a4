package cnn

import (
	"fmt"
	"math/rand/v2"
)

// Dense is a fully connected layer with an activation: y = act(x·W + b), where x is one
// example flattened to In values, W is In×Out and b has Out values.
type Dense struct {
	name    string
	In, Out int
	Act     ActivationFunc
	Weights *Param // In×Out
	Bias    *Param // Out
}

var _ Layer = (*Dense)(nil)

// NewDense returns a dense layer named name from in to out values with the activation act,
// and weights and biases drawn by init with rng. It panics if a size is not positive.
func NewDense(name string, in, out int, act ActivationFunc, init Init, rng *rand.Rand) *Dense {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("cnn: bad dense layer %s: %d->%d", name, in, out))
	}
	d := &Dense{name: name, In: in, Out: out, Act: act,
		Weights: newParam(name+"/weights", in, out),
		Bias:    newParam(name+"/bias", out),
	}
	init.fill(d.Weights.Value, d.Bias.Value, in, out, rng)
	return d
}

// Name returns the layer's name.
func (d *Dense) Name() string { return d.name }

// Params returns the weights and the bias.
func (d *Dense) Params() []*Param { return []*Param{d.Weights, d.Bias} }

// OutShape returns a vector of Out values. It panics if in does not hold In values.
func (d *Dense) OutShape(in Shape) Shape {
	if in.Size() != d.In {
		panic(fmt.Sprintf("cnn: %s takes %d values, got shape %v", d.name, d.In, in))
	}
	return Shape{1, 1, d.Out}
}

func (d *Dense) clone() Layer {
	e := *d
	e.Weights, e.Bias = d.Weights.clone(), d.Bias.clone()
	return &e
}

func (d *Dense) newPass(in Shape, batch int) pass {
	d.OutShape(in)
	return &densePass{layer: d, batch: batch, y: make([]float32, batch*d.Out)}
}

type densePass struct {
	layer *Dense
	batch int
	x     []float32 // the last forward's input, n×In
	y     []float32 // n×Out
	dx    []float32 // n×In, allocated by the first backward that needs it
	rule  Rule      // how backward passes the ReLU
}

func (p *densePass) forward(x []float32, n int, ctx *passContext) []float32 {
	d := p.layer
	p.x = x[:n*d.In]
	y := p.y[:n*d.Out]
	// y = x · W  (n×In · In×Out)
	gemmParts(ctx.parts, false, false, n, d.Out, d.In, 1, p.x, d.Weights.Value, 0, y)
	addBiasActivate(y, d.Bias.Value, d.Act)
	return y
}

func (p *densePass) backward(dy []float32, n int, grads [][]float32, wantDx bool) []float32 {
	d := p.layer
	dy = dy[:n*d.Out]
	// db = Σ_n dy, after the activation's derivative
	activationGrad(dy, p.y, d.Act, p.rule, grads[1])
	// dW = xᵀ · dy  (In×n · n×Out)
	gemm(true, false, d.In, d.Out, n, 1, p.x, dy, 0, grads[0])
	if !wantDx {
		return nil
	}
	// dx = dy · Wᵀ  (n×Out · Out×In)
	p.dx = grow(p.dx, p.batch*d.In)
	dx := p.dx[:n*d.In]
	gemm(false, true, n, d.In, d.Out, 1, dy, d.Weights.Value, 0, dx)
	return dx
}
