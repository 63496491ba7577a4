package cnn

import (
	"fmt"
	"sync"
)

// Reference model constants, from TensorFlow's "Deep MNIST for experts" tutorial.
const (
	InitStddev = 0.1 // standard deviation of the truncated-normal weight initialisation
	InitBias   = 0.1 // initial value of every bias
	Classes    = 10  // digits 0..9
)

// Network is a stack of layers that maps one input of shape Input to Classes logits.
type Network struct {
	Input  Shape
	Layers []Layer

	// tracer is the batch-of-one pass that Trace reuses; the lock lets goroutines share it.
	tracer struct {
		sync.Mutex
		pass *netPass
	}
	projector projector // Backproject's pass
	// inferencePasses holds the passes of batch inference between calls.
	inferencePasses sync.Pool
}

// NewReference returns the reference "Deep MNIST" network (ReferenceSpec) for 28×28×1
// inputs in [0, 1]: conv1 (5×5, 32, ReLU), pool1, conv2 (5×5, 64, ReLU), pool2, fc1
// (3136→1024, ReLU), dropout keeping values with probability keep, fc2 (1024→10 logits),
// its weights drawn as DefaultInit says from a generator seeded with seed, so the same seed
// gives the same network. It panics unless 0 < keep ≤ 1.
func NewReference(seed uint64, keep float64) *Network {
	if !(keep > 0 && keep <= 1) {
		panic(fmt.Sprintf("cnn: NewReference: keep probability %v", keep))
	}
	net, err := referenceSpec().WithKeep(keep).Build(mnistShape, Classes, DefaultInit(), seed)
	if err != nil {
		panic("cnn: the reference spec does not build: " + err.Error())
	}
	return net
}

// referenceSpec returns ReferenceSpec, parsed.
var referenceSpec = sync.OnceValue(func() Spec {
	spec, err := ParseSpec(ReferenceSpec)
	if err != nil {
		panic("cnn: the reference spec does not parse: " + err.Error())
	}
	return spec
})

// initStream separates the initialisation generator from the other uses of the run's seed.
const initStream = 0x696e6974

// Params returns every trainable tensor of the network, layer by layer.
func (net *Network) Params() []*Param {
	var ps []*Param
	for _, l := range net.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// Shapes returns the output shape of every layer, in order.
func (net *Network) Shapes() []Shape {
	shapes := make([]Shape, len(net.Layers))
	in := net.Input
	for i, l := range net.Layers {
		in = l.OutShape(in)
		shapes[i] = in
	}
	return shapes
}

// Clone returns a deep copy of the network: changing one's parameters never changes the
// other's.
func (net *Network) Clone() *Network {
	c := &Network{Input: net.Input, Layers: make([]Layer, len(net.Layers))}
	for i, l := range net.Layers {
		c.Layers[i] = l.clone()
	}
	return c
}

// CopyParams copies every parameter value of src into net. It panics unless the two networks
// have parameters of the same names and sizes.
func (net *Network) CopyParams(src *Network) {
	dst, from := net.Params(), src.Params()
	if len(dst) != len(from) {
		panic("cnn: CopyParams between networks of different structure")
	}
	for i, p := range dst {
		if p.Name != from[i].Name || len(p.Value) != len(from[i].Value) {
			panic(fmt.Sprintf("cnn: CopyParams: %s (%d values) vs %s (%d values)", p.Name, len(p.Value), from[i].Name, len(from[i].Value)))
		}
		copy(p.Value, from[i].Value)
	}
}

// netPass is one worker's buffers for a whole forward and backward pass over up to batch
// examples.
type netPass struct {
	net    *Network
	passes []pass
	// layer i's parameters are net.Params()[paramIndex[i]:paramIndex[i+1]].
	paramIndex []int
}

func (net *Network) newPass(batch int) *netPass {
	p := &netPass{net: net, passes: make([]pass, len(net.Layers)), paramIndex: make([]int, len(net.Layers)+1)}
	in := net.Input
	for i, l := range net.Layers {
		p.passes[i] = l.newPass(in, batch)
		p.paramIndex[i+1] = p.paramIndex[i] + len(l.Params())
		in = l.OutShape(in)
	}
	return p
}

// forward runs n examples x (n×Input values) through every layer and returns the logits,
// n×Classes values owned by the pass.
func (p *netPass) forward(x []float32, n int, ctx *passContext) []float32 {
	return p.forwardLayers(x, n, ctx, 0, len(p.passes))
}

// forwardLayers runs n examples x, inputs of layer lo, through layers [lo, hi) and returns
// the outputs of layer hi−1 (x itself if lo = hi).
func (p *netPass) forwardLayers(x []float32, n int, ctx *passContext, lo, hi int) []float32 {
	for _, l := range p.passes[lo:hi] {
		x = l.forward(x, n, ctx)
	}
	return x
}

// backward propagates dlogits back through the layers of the last forward, writing every
// parameter's gradient into grads (indexed like Network.Params).
func (p *netPass) backward(dlogits []float32, n int, grads [][]float32) {
	p.backwardLayers(dlogits, n, grads, len(p.passes), 0)
}

// backwardLayers propagates dy, the gradients of the outputs of layer hi−1, back through
// layers hi−1 down to lo of the last forward, writing their parameters' gradients into
// grads (indexed like Network.Params), and returns the gradients of layer lo's inputs (nil
// if lo = 0: the network's inputs need none).
func (p *netPass) backwardLayers(dy []float32, n int, grads [][]float32, hi, lo int) []float32 {
	for i := hi - 1; i >= lo; i-- {
		dy = p.passes[i].backward(dy, n, grads[p.paramIndex[i]:p.paramIndex[i+1]], i > 0)
	}
	return dy
}
