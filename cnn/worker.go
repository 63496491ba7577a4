package cnn

import (
	"convscope/cnn/mnist"
)

// worker is one goroutine's share of a training step: a slice of the batch with its own
// activations and gradients, its share of the model-parallel layers' products (shared.go),
// and a slice of the parameters to sum and update.
type worker struct {
	pass   *netPass
	n      int       // examples in this worker's share of the batch
	first  int       // index in the batch of the share's first example
	x      []float32 // n×784 inputs
	labels []uint8
	// grads holds one gradient per parameter, indexed like Network.Params; the weights of
	// a layer trained model-parallel have theirs in the first worker's alone (shared.go).
	grads [][]float32
	ctx   passContext // what the step in progress is, for dropout

	loss    float64 // summed loss of the last forward
	correct int     // examples classified correctly in the last forward

	segments []segment // parameter ranges this worker sums and updates
	// largest is the largest magnitude of the summed gradients of its segments
	// (Trainer.sumGradientsOf), then of their new values and moments (Trainer.update), or
	// NaN if one is not finite or not measured.
	largest float32
	// finite is whether the update from the summed gradients would keep its segments of
	// the parameters finite (Trainer.probe).
	finite bool
}

// segment is the range [lo, hi) of the values of parameter number param.
type segment struct{ param, lo, hi int }

// newWorkers splits a batch of the given size over up to count workers.
func newWorkers(net *Network, batch, count int) []*worker {
	count = max(1, min(count, batch))
	params := net.Params()
	segs := splitParams(params, count)
	ws := make([]*worker, count)
	for i := range ws {
		n := batch/count + btoi(i < batch%count)
		w := &worker{pass: net.newPass(n), n: n,
			x: make([]float32, n*mnist.Pixels), labels: make([]uint8, n), segments: segs[i]}
		for _, p := range params {
			w.grads = append(w.grads, make([]float32, len(p.Value)))
		}
		ws[i] = w
	}
	return ws
}

// splitParams divides the values of all parameters, taken end to end, into count ranges of
// nearly equal size.
func splitParams(params []*Param, count int) [][]segment {
	total := 0
	for _, p := range params {
		total += len(p.Value)
	}
	segs := make([][]segment, count)
	offset := 0 // of the current parameter's first value, end to end
	for pi, p := range params {
		for w := range count {
			lo := max(w*total/count-offset, 0)
			hi := min((w+1)*total/count-offset, len(p.Value))
			if lo < hi {
				segs[w] = append(segs[w], segment{pi, lo, hi})
			}
		}
		offset += len(p.Value)
	}
	return segs
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stageLayers returns the layers [lo, hi) of stage s of a network of the given number of
// layers whose layers shared are trained model-parallel: the stages are the runs of
// layers before, between and after them, which each worker runs for its examples.
func stageLayers(shared []*sharedDense, layers, s int) (lo, hi int) {
	if s > 0 {
		lo = shared[s-1].index + 1
	}
	if s < len(shared) {
		return lo, shared[s].index
	}
	return lo, layers
}

// stageInput returns the inputs of stage s for the worker's examples: its images, or the
// outputs of the model-parallel layer before the stage, finished with the layer's bias
// and activation.
func (w *worker) stageInput(shared []*sharedDense, s int) []float32 {
	if s == 0 {
		return w.x
	}
	return shared[s-1].activate(w.first, w.n)
}

// forwardStage runs the worker's examples through stage s (s < len(shared)) into their
// rows of the inputs of the model-parallel layer shared[s].
func (w *worker) forwardStage(shared []*sharedDense, s int) {
	lo, hi := stageLayers(shared, len(w.pass.passes), s)
	out := w.pass.forwardLayers(w.stageInput(shared, s), w.n, &w.ctx, lo, hi)
	copy(rows(shared[s].x, shared[s].layer.In, w.first, w.n), out)
}

// forwardBackward runs the worker's examples through the last stage forward, the loss, and
// the stage backward, leaving the summed loss, the number correct and the gradients of
// scale × the summed loss: of the stage's parameters, and handed to the model-parallel
// layer before it, if any. With no such layers it runs the whole network.
func (w *worker) forwardBackward(shared []*sharedDense, scale float32) {
	s := len(shared)
	lo, hi := stageLayers(shared, len(w.pass.passes), s)
	logits := w.pass.forwardLayers(w.stageInput(shared, s), w.n, &w.ctx, lo, hi)
	// The loss gradient overwrites the logits: the last layer's backward needs only its input.
	w.loss, w.correct = softmaxCrossEntropy(logits, w.labels, w.n, Classes, scale, logits)
	w.backwardStage(shared, s, logits)
}

// backwardStage propagates dy, the gradients of the outputs of stage s for the worker's
// examples, back through the stage, and hands the gradients of its inputs to the
// model-parallel layer before it, if any.
func (w *worker) backwardStage(shared []*sharedDense, s int, dy []float32) {
	lo, hi := stageLayers(shared, len(w.pass.passes), s)
	dx := w.pass.backwardLayers(dy, w.n, w.grads, hi, lo)
	if s > 0 {
		prev := shared[s-1]
		prev.takeGradient(dx, w.first, w.n, w.grads[prev.param+1])
	}
}

// sumGradients adds the gradients of all workers into the first worker's, over the values
// [lo, hi) of parameter number param, and returns the largest magnitude of the sums, or
// NaN if one is not finite. Workers without a gradient of the parameter (one trained
// model-parallel) add nothing.
func sumGradients(all []*worker, param, lo, hi int) float32 {
	sum := all[0].grads[param][lo:hi]
	var largest float32
	added := false
	for _, o := range all[1:] {
		if g := o.grads[param]; g != nil {
			largest = accumulateKernel(sum, g[lo:hi]) // the last is of the sums
			added = true
		}
	}
	if !added {
		largest = magnitudeKernel(sum)
	}
	return largest
}

// accumulateGo adds g into sum (g is at least as long) and returns the largest magnitude of
// the new values, or NaN if one is not finite.
func accumulateGo(sum, g []float32) float32 {
	var probe, largest float32
	g = g[:len(sum)]
	for i, v := range g {
		v += sum[i]
		sum[i] = v
		probe += v * 0 // NaN for an infinite or NaN v
		largest = max(largest, abs32(v))
	}
	return magnitudeOf(probe, largest)
}

// magnitudeGo returns the largest magnitude of x's values, or NaN if one is not finite.
func magnitudeGo(x []float32) float32 {
	var probe, largest float32
	for _, v := range x {
		probe += v * 0
		largest = max(largest, abs32(v))
	}
	return magnitudeOf(probe, largest)
}
