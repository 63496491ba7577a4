package cnn

import (
	"convscope/cnn/mnist"
)

// worker is one goroutine's share of a training step: a slice of the batch with its own
// activations and gradients, and a slice of the parameters to sum and update.
type worker struct {
	pass   *netPass
	n      int       // examples in this worker's share of the batch
	first  int       // index in the batch of the share's first example
	x      []float32 // n×784 inputs
	labels []uint8
	grads  [][]float32 // one per parameter, indexed like Network.Params
	ctx    passContext // what the step in progress is, for dropout

	loss    float64 // summed loss of the last forward
	correct int     // examples classified correctly in the last forward

	segments []segment // parameter ranges this worker sums and updates
	// finite is whether the summed gradients of its segments were all finite and the
	// update from them would keep the parameters finite (Trainer.sumAndProbe).
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

// forwardBackward runs the worker's share of the batch forward and backward, leaving the
// summed loss, the number correct and the parameter gradients of scale × the summed loss.
func (w *worker) forwardBackward(scale float32) {
	logits := w.pass.forward(w.x, w.n, &w.ctx)
	// The loss gradient overwrites the logits: fc2's backward needs only its input.
	w.loss, w.correct = softmaxCrossEntropy(logits, w.labels, w.n, Classes, scale, logits)
	w.pass.backward(logits, w.n, w.grads)
}

// sumGradients adds the gradients of all workers into the first worker's, over the values
// [lo, hi) of parameter number param, and reports whether the sums are all finite.
func sumGradients(all []*worker, param, lo, hi int) bool {
	sum := all[0].grads[param][lo:hi]
	// probe stays 0 while every sum is finite (see accumulateGo): it checks the sums as
	// they are made, without a second pass over memory.
	var probe float32
	for _, o := range all[1:] {
		probe += accumulateKernel(sum, o.grads[param][lo:hi])
	}
	if len(all) == 1 {
		for _, v := range sum {
			probe += v * 0
		}
	}
	return probe == 0
}

// accumulateGo adds g into sum (g is at least as long) and returns the sum of every new
// value times zero: 0 if they are all finite, NaN otherwise (v·0 is NaN for an infinite or
// NaN v).
func accumulateGo(sum, g []float32) float32 {
	var probe float32
	g = g[:len(sum)]
	for i, v := range g {
		v += sum[i]
		sum[i] = v
		probe += v * 0
	}
	return probe
}
