package cnn

// Layer is one stage of a Network. A Layer holds its parameters and is shared by every
// worker; the activations and gradients of a forward and backward pass live in a pass, made
// by newPass, that belongs to one worker.
type Layer interface {
	// Name identifies the layer in traces, checkpoints and error messages, such as conv1.
	Name() string
	// Kind says what the layer computes.
	Kind() Kind
	// OutShape returns the shape of one example's output for one example's input shape in.
	// It panics if the layer cannot take inputs of that shape.
	OutShape(in Shape) Shape
	// Params returns the layer's trainable tensors in a fixed order (nil if it has none).
	Params() []*Param

	newPass(in Shape, batch int) pass
	clone() Layer
}

// pass is one worker's buffers for one layer: the input it last saw, its output, and the
// gradients it hands back.
type pass interface {
	// forward computes the output for the n ≤ batch examples in x and returns it. The
	// returned slice belongs to the pass and is valid until the next forward. x must stay
	// unchanged until backward has run.
	forward(x []float32, n int, ctx *passContext) []float32
	// backward takes dy, the loss gradient with respect to the last forward's output (it may
	// overwrite dy), writes each parameter's gradient into grads (one slice per Param, in
	// Params order, overwritten rather than accumulated), and returns dx, the gradient with
	// respect to the input, or nil when wantDx is false.
	backward(dy []float32, n int, grads [][]float32, wantDx bool) []float32
}

// passContext says what a forward pass is for.
type passContext struct {
	train bool   // training: dropout is active
	seed  uint64 // the run's seed, for dropout masks
	step  int    // the training step, for dropout masks
	first int    // index within the whole batch of the pass's first example
	// parts is how many goroutines a forward pass may split each matrix product over (0 or
	// 1: the caller's alone). Training and batch inference split the batch instead.
	parts int
	// forwardOnly says no backward pass follows, so layers may skip what only backward
	// needs (pooling's record of its maxima).
	forwardOnly bool
}

// inference is the context of a forward pass outside training that a backward pass may
// follow; forwardOnly, of one that none follows.
var (
	inference   = &passContext{}
	forwardOnly = &passContext{forwardOnly: true}
)
