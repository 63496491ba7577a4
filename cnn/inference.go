package cnn

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"convscope/internal/tr"
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

// traceParts is how many goroutines Trace splits each large matrix product over: one
// image's products (conv2's 196×800·800×64, by rows; fc1's one row through 3136×1024
// weights, by blocks of weights) gain from two, and are too small to gain from more.
const traceParts = 2

// Trace runs one forward pass of x (Input.Size() values, e.g. 784 pixels in [0, 1]) in
// inference mode and returns every layer's activations, copied so they stay valid. It
// panics if len(x) != Input.Size(). Trace only reads the parameters, so any number of
// goroutines may trace a network that is not being trained. It splits its larger products
// over two goroutines when GOMAXPROCS allows, which can change the last bits of a result.
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
	ctx := &passContext{parts: min(traceParts, runtime.GOMAXPROCS(0)), forwardOnly: true}
	t := &Trace{}
	shapes := net.Shapes()
	total := 0
	for _, s := range shapes {
		total += s.Size()
	}
	slab := make([]float32, 0, total) // one allocation for every activation
	for i, l := range net.Layers {
		x = p.passes[i].forward(x, 1, ctx)
		if _, ok := l.(*Dropout); ok {
			continue
		}
		slab = append(slab, x...)
		t.Activations = append(t.Activations, Activation{Layer: l.Name(), Shape: shapes[i], Data: slab[len(slab)-len(x) : len(slab) : len(slab)]})
	}
	Softmax(x, t.Probabilities[:])
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

// ClassAccuracy returns the fraction of each class's examples classified correctly
// (Classes values), 0 for a class with no examples.
func (e *Evaluation) ClassAccuracy() []float64 {
	acc := make([]float64, Classes)
	for c, row := range e.Confusion {
		total := 0
		for _, n := range row {
			total += n
		}
		if total > 0 {
			acc[c] = float64(row[c]) / float64(total)
		}
	}
	return acc
}

// Evaluate classifies the n = len(labels) examples in images (n×Input.Size() values) on up
// to workers goroutines (all CPUs if workers ≤ 0) and compares with labels. It panics if
// the sizes disagree.
func (net *Network) Evaluate(images []float32, labels []uint8, workers int) *Evaluation {
	return net.evaluateKeeping(images, labels, workers, -1, nil)
}

// evaluateKeeping is Evaluate that also calls keep(i, y), unless keep is nil, with example
// i's output y of layer number layer (valid during the call), from the same pass. Calls
// for different examples may run concurrently.
func (net *Network) evaluateKeeping(images []float32, labels []uint8, workers, layer int, keep func(i int, y []float32)) *Evaluation {
	n := len(labels)
	e := &Evaluation{Total: n, Predicted: make([]uint8, n)}
	layers := []int{len(net.Layers) - 1}
	if keep != nil {
		layers = append(layers, layer)
	}
	net.forEachOutput(images, n, workers, layers, func(i int, ys [][]float32) {
		e.Predicted[i] = uint8(Argmax(ys[0]))
		if keep != nil {
			keep(i, ys[1])
		}
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
		Softmax(logits, probs[i*Classes:(i+1)*Classes])
	})
	return probs
}

// LayerOutputs returns the output of the named layer for the n examples in images
// (n×Input.Size() values): n×size values, where size is the layer's output size per example,
// computed in inference mode on up to workers goroutines (all CPUs if workers ≤ 0). It
// returns an error if the network has no layer of that name, and panics if len(images) is
// not a multiple of Input.Size().
func (net *Network) LayerOutputs(images []float32, layer string, workers int) ([]float32, Shape, error) {
	outs, shapes, err := net.Outputs(images, workers, layer)
	if err != nil {
		return nil, Shape{}, err
	}
	return outs[0], shapes[0], nil
}

// EachOutput runs the n examples in images (n×Input.Size() values) through the network in
// inference mode as far as the named layer, on up to workers goroutines (all CPUs if
// workers ≤ 0), and calls each(i, out) with example i's output of that layer. Calls for
// different examples run concurrently; out is valid only during the call. Unlike
// LayerOutputs it keeps no outputs, so it can scan large sets. It returns an error if the
// network has no layer of that name, and panics if len(images) is not a multiple of
// Input.Size().
func (net *Network) EachOutput(images []float32, layer string, workers int, each func(i int, out []float32)) error {
	upto := net.layerIndex(layer)
	if upto < 0 {
		return tr.Errorf("the network has no layer %q", layer)
	}
	size := net.Input.Size()
	if len(images)%size != 0 {
		panic(fmt.Sprintf("cnn: EachOutput needs a multiple of %d values, got %d", size, len(images)))
	}
	net.forEachOutput(images, len(images)/size, workers, []int{upto}, func(i int, ys [][]float32) { each(i, ys[0]) })
	return nil
}

// Outputs returns the outputs of several layers for the n examples in images, computed in
// one inference pass as LayerOutputs computes one: outs[j] holds n×shapes[j].Size() values
// of layers[j]. It returns an error if the network has no layer of one of the names.
func (net *Network) Outputs(images []float32, workers int, layers ...string) (outs [][]float32, shapes []Shape, err error) {
	size := net.Input.Size()
	if len(images)%size != 0 {
		panic(fmt.Sprintf("cnn: Outputs needs a multiple of %d values, got %d", size, len(images)))
	}
	n := len(images) / size
	index := make([]int, len(layers))
	all := net.Shapes()
	for j, name := range layers {
		if index[j] = net.layerIndex(name); index[j] < 0 {
			return nil, nil, tr.Errorf("the network has no layer %q", name)
		}
		shapes = append(shapes, all[index[j]])
		outs = append(outs, make([]float32, n*all[index[j]].Size()))
	}
	net.forEachOutput(images, n, workers, index, func(i int, ys [][]float32) {
		for j, y := range ys {
			copy(outs[j][i*len(y):], y)
		}
	})
	return outs, shapes, nil
}

// inferenceChunk is how many examples one worker pushes through the network at once.
const inferenceChunk = 50

// inferencePass returns a pass for inferenceChunk examples, reused from an earlier batch
// inference if one is free: a pass of the reference network holds about 41 MB of buffers,
// too much to make afresh for every call. Put it back in net.inferencePasses when done.
func (net *Network) inferencePass() *netPass {
	if p, ok := net.inferencePasses.Get().(*netPass); ok {
		return p
	}
	return net.newPass(inferenceChunk)
}

// forEachLogits calls each(i, logits) with the logits of every one of the n examples in
// images, as forEachOutput does.
func (net *Network) forEachLogits(images []float32, n, workers int, each func(i int, logits []float32)) {
	net.forEachOutput(images, n, workers, []int{len(net.Layers) - 1}, func(i int, ys [][]float32) { each(i, ys[0]) })
}

// forEachOutput runs the n examples in images through the network in inference mode, as
// far as the deepest of the layers numbered in layers, in chunks spread over up to workers
// goroutines, and calls each(i, ys) for every example i, where ys[j] is its output of layer
// layers[j], valid during the call. Calls for different examples may run concurrently.
func (net *Network) forEachOutput(images []float32, n, workers int, layers []int, each func(i int, ys [][]float32)) {
	size := net.Input.Size()
	if len(images) != n*size {
		panic(fmt.Sprintf("cnn: %d examples need %d input values, got %d", n, n*size, len(images)))
	}
	upto := slices.Max(layers)
	chunks := (n + inferenceChunk - 1) / inferenceChunk
	workers = min(resolveWorkers(workers), chunks)
	var next sync.Mutex
	chunk := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			p := net.inferencePass()
			defer net.inferencePasses.Put(p)
			chunkOuts := make([][]float32, len(layers))
			ys := make([][]float32, len(layers))
			for {
				next.Lock()
				c := chunk
				chunk++
				next.Unlock()
				if c >= chunks {
					return
				}
				lo, hi := c*inferenceChunk, min((c+1)*inferenceChunk, n)
				x := images[lo*size : hi*size]
				for l := range upto + 1 {
					x = p.passes[l].forward(x, hi-lo, forwardOnly)
					for j, want := range layers {
						if want == l {
							chunkOuts[j] = x
						}
					}
				}
				for i := lo; i < hi; i++ {
					for j, out := range chunkOuts {
						per := len(out) / (hi - lo)
						ys[j] = out[(i-lo)*per : (i-lo+1)*per]
					}
					each(i, ys)
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
