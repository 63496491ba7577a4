package cnn

import (
	"fmt"
	"runtime"
	"sync"
)

// Activation is one layer's output for one example, Shape.Size() values in HWC order.
type Activation struct {
	Layer string
	Shape Shape
	Data  []float32
}

// Trace is every layer's output for one input: what the network "sees" at each stage.
type Trace struct {
	// Activations holds the output of every layer in order (conv1, pool1, conv2, pool2, fc1,
	// fc2 for the reference network; dropout, the identity at inference, is left out). The
	// last one is the logits.
	Activations   []Activation
	Probabilities [Classes]float32 // softmax of the logits
	Digit         int              // the most probable class
}

// Layer returns the activation of the named layer, or false if the trace has none.
func (t *Trace) Layer(name string) (Activation, bool) {
	for _, a := range t.Activations {
		if a.Layer == name {
			return a, true
		}
	}
	return Activation{}, false
}

// Trace runs one forward pass of x (Input.Size() values, e.g. 784 pixels in [0, 1]) in
// inference mode and returns every layer's activations, copied so they stay valid. It
// panics if len(x) != Input.Size(). Trace only reads the parameters, so any number of
// goroutines may trace a network that is not being trained.
func (net *Network) Trace(x []float32) *Trace {
	if len(x) != net.Input.Size() {
		panic(fmt.Sprintf("cnn: Trace needs %d input values, got %d", net.Input.Size(), len(x)))
	}
	net.tracer.Lock()
	defer net.tracer.Unlock()
	if net.tracer.pass == nil {
		net.tracer.pass = net.newPass(1)
	}
	p := net.tracer.pass
	t := &Trace{}
	in := net.Input
	for i, l := range net.Layers {
		out := l.OutShape(in)
		x = p.passes[i].forward(x, 1, inference)
		in = out
		if _, ok := l.(*Dropout); ok {
			continue
		}
		t.Activations = append(t.Activations, Activation{Layer: l.Name(), Shape: out, Data: append([]float32(nil), x...)})
	}
	softmax(x, t.Probabilities[:])
	t.Digit = Argmax(x)
	return t
}

// Evaluation is the result of classifying a labelled set of examples.
type Evaluation struct {
	Correct, Total int
	// Confusion counts examples by true digit (row) and predicted digit (column).
	Confusion [Classes][Classes]int
	// Predicted holds the predicted digit of every example, in order.
	Predicted []uint8
}

// Accuracy returns the fraction of examples classified correctly, or 0 for an empty set.
func (e *Evaluation) Accuracy() float64 {
	if e.Total == 0 {
		return 0
	}
	return float64(e.Correct) / float64(e.Total)
}

// Evaluate classifies the n = len(labels) examples in images (n×Input.Size() values) on up
// to workers goroutines (all CPUs if workers ≤ 0) and compares with labels. It panics if
// the sizes disagree.
func (net *Network) Evaluate(images []float32, labels []uint8, workers int) *Evaluation {
	n := len(labels)
	e := &Evaluation{Total: n, Predicted: make([]uint8, n)}
	net.forEachLogits(images, n, workers, func(i int, logits []float32) {
		e.Predicted[i] = uint8(Argmax(logits))
	})
	for i, p := range e.Predicted {
		e.Confusion[labels[i]][p]++
		if p == labels[i] {
			e.Correct++
		}
	}
	return e
}

// Classify returns the class probabilities of the n examples in images (n×Input.Size()
// values): n×Classes values, computed on up to workers goroutines (all CPUs if workers ≤ 0).
// It panics if len(images) is not a multiple of Input.Size().
func (net *Network) Classify(images []float32, workers int) []float32 {
	size := net.Input.Size()
	if len(images)%size != 0 {
		panic(fmt.Sprintf("cnn: Classify needs a multiple of %d values, got %d", size, len(images)))
	}
	n := len(images) / size
	probs := make([]float32, n*Classes)
	net.forEachLogits(images, n, workers, func(i int, logits []float32) {
		softmax(logits, probs[i*Classes:(i+1)*Classes])
	})
	return probs
}

// LayerOutputs returns the output of the named layer for the n examples in images
// (n×Input.Size() values): n×size values, where size is the layer's output size per example,
// computed in inference mode on up to workers goroutines (all CPUs if workers ≤ 0). It
// returns an error if the network has no layer of that name, and panics if len(images) is
// not a multiple of Input.Size().
func (net *Network) LayerOutputs(images []float32, layer string, workers int) ([]float32, Shape, error) {
	upto := net.layerIndex(layer)
	if upto < 0 {
		return nil, Shape{}, fmt.Errorf("the network has no layer %q", layer)
	}
	size := net.Input.Size()
	if len(images)%size != 0 {
		panic(fmt.Sprintf("cnn: LayerOutputs needs a multiple of %d values, got %d", size, len(images)))
	}
	shape := net.Shapes()[upto]
	n := len(images) / size
	out := make([]float32, n*shape.Size())
	net.forEachOutput(images, n, workers, upto, func(i int, y []float32) {
		copy(out[i*shape.Size():], y)
	})
	return out, shape, nil
}

// inferenceChunk is how many examples one worker pushes through the network at once.
const inferenceChunk = 50

// forEachLogits calls each(i, logits) with the logits of every one of the n examples in
// images, as forEachOutput does.
func (net *Network) forEachLogits(images []float32, n, workers int, each func(i int, logits []float32)) {
	net.forEachOutput(images, n, workers, len(net.Layers)-1, each)
}

// forEachOutput runs the n examples in images through layers 0..upto in chunks spread over
// up to workers goroutines and calls each(i, out) with the output of layer upto for every
// example i; calls for different examples may run concurrently.
func (net *Network) forEachOutput(images []float32, n, workers, upto int, each func(i int, out []float32)) {
	size := net.Input.Size()
	if len(images) != n*size {
		panic(fmt.Sprintf("cnn: %d examples need %d input values, got %d", n, n*size, len(images)))
	}
	chunks := (n + inferenceChunk - 1) / inferenceChunk
	workers = min(resolveWorkers(workers), chunks)
	var next sync.Mutex
	chunk := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			p := net.newPass(inferenceChunk)
			for {
				next.Lock()
				c := chunk
				chunk++
				next.Unlock()
				if c >= chunks {
					return
				}
				lo, hi := c*inferenceChunk, min((c+1)*inferenceChunk, n)
				out := p.forwardTo(images[lo*size:hi*size], hi-lo, upto)
				per := len(out) / (hi - lo)
				for i := lo; i < hi; i++ {
					each(i, out[(i-lo)*per:(i-lo+1)*per])
				}
			}
		})
	}
	wg.Wait()
}

// resolveWorkers returns workers, or the number of usable CPUs if workers ≤ 0.
func resolveWorkers(workers int) int {
	if workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return workers
}

// Argmax returns the index of the largest value of v (the first, on ties): the predicted
// class of a row of logits or probabilities. It panics on an empty v.
func Argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
