package cnn

import (
	"fmt"
	"runtime"
)

// GradientPass runs a forward and a backward pass over up to Batch examples in inference
// mode (dropout passes values through), to give the gradient of any weighted sum of one
// layer's outputs, such as a class logit, a channel's mean or one unit, with respect to
// the input or to an earlier layer's output. Synthesis, attribution and adversarial
// examples are built on it. A GradientPass reads the network's parameters, which must not
// change while it is used, and is not safe for concurrent use: make one per goroutine.
type GradientPass struct {
	net   *Network
	pass  *netPass
	grads [][]float32 // the parameter gradients backward writes, which nobody reads
	batch int
	top   int // the layer the last Forward stopped at, or -1 before the first
	n     int // the examples of the last Forward
}

// NewGradientPass returns a pass for up to batch examples of net. It panics unless
// batch ≥ 1.
func (net *Network) NewGradientPass(batch int) *GradientPass {
	if batch < 1 {
		panic(fmt.Sprintf("cnn: NewGradientPass: batch %d", batch))
	}
	g := &GradientPass{net: net, pass: net.newPass(batch), batch: batch, top: -1}
	for _, p := range net.Params() {
		g.grads = append(g.grads, make([]float32, len(p.Value)))
	}
	return g
}

// Batch returns the most examples one Forward takes.
func (g *GradientPass) Batch() int { return g.batch }

// Forward runs the n examples in x (n×Input.Size() values) through layers 0 to top in
// inference mode and returns the output of layer top: n×size values, where size is the
// layer's output size per example, owned by the pass and valid until the next Forward. It
// panics unless 1 ≤ n ≤ Batch, top is the index of a layer and len(x) = n×Input.Size().
func (g *GradientPass) Forward(x []float32, n, top int) []float32 {
	if n < 1 || n > g.batch || top < 0 || top >= len(g.net.Layers) || len(x) != n*g.net.Input.Size() {
		panic(fmt.Sprintf("cnn: GradientPass.Forward: %d values, %d examples (batch %d), layer %d of %d",
			len(x), n, g.batch, top, len(g.net.Layers)))
	}
	ctx := &passContext{parts: min(traceParts, runtime.GOMAXPROCS(0))}
	for _, l := range g.pass.passes[:top+1] {
		x = l.forward(x, n, ctx)
	}
	g.top, g.n = top, n
	return x
}

// Backward takes dy, the gradient of some function with respect to the output of the
// layer the last Forward stopped at (the same number of values as that output; Backward
// may overwrite it), and passes it back down: it returns the gradient with respect to the
// output of layer bottom, or with respect to the input if bottom is -1, n×size values
// owned by the pass and valid until the next Forward. With dy one at one unit and zero
// elsewhere, that is the unit's gradient. One Backward may follow each Forward. It panics
// if no Forward came first, bottom is not in [-1, top) or dy has the wrong size.
func (g *GradientPass) Backward(dy []float32, bottom int) []float32 {
	if g.top < 0 || bottom < -1 || bottom >= g.top {
		panic(fmt.Sprintf("cnn: GradientPass.Backward: to layer %d after a forward pass to layer %d", bottom, g.top))
	}
	if want := g.n * g.net.Shapes()[g.top].Size(); len(dy) != want {
		panic(fmt.Sprintf("cnn: GradientPass.Backward: %d values, want %d", len(dy), want))
	}
	p := g.pass
	for i := g.top; i > bottom; i-- {
		dy = p.passes[i].backward(dy, g.n, g.grads[p.paramIndex[i]:p.paramIndex[i+1]], true)
	}
	g.top = -1
	return dy
}

// BackwardThroughTopReLU is Backward with dy taken through the ReLU of the top layer (the
// layer the last Forward stopped at) as if it were open for every unit: the gradient of
// the top layer's weighted sums before that ReLU, with the true gradient below it. A unit
// the ReLU has closed for this input still gets a gradient, so that an ascent can grow it.
// dy must not be negative (a negative signal is dropped at that ReLU); a top layer
// without a ReLU gets Backward's gradient.
func (g *GradientPass) BackwardThroughTopReLU(dy []float32, bottom int) []float32 {
	if g.top >= 0 {
		if r, ok := g.pass.passes[g.top].(rectified); ok {
			r.setRule(Deconvnet) // passes the positive signal whatever the forward pass did
			defer r.setRule(Gradient)
		}
	}
	return g.Backward(dy, bottom)
}

// setRule makes the backward pass take signals through every ReLU by rule.
func (g *GradientPass) setRule(rule Rule) {
	for _, lp := range g.pass.passes {
		if r, ok := lp.(rectified); ok {
			r.setRule(rule)
		}
	}
}
