package cnn

import "math"

// The divergence guard: a step is applied only if it keeps every weight and every one of
// the optimizer's moments finite, so that the model a diverged run keeps can be saved,
// read back and used. The loss and the summed gradients are checked as they are made.
// Adam's update is then shown finite by bounds when it can be: from the largest gradient
// and the largest value and moment the last update left (which Adam's kernel measures as
// it writes them). In training that is every step but the first after a trainer starts.
// Otherwise, and for SGD at every step, a read-only probe of the parameters computes the
// update without writing it.

// probeChunk is how many values of a parameter sumGradientsOf sums, and probe checks, at a
// time: few enough that a chunk of sums is still in the processor's cache when the weight
// decay reads it again.
const probeChunk = 8192

// sumGradientsOf adds the gradients of all workers into the first worker's over w's
// segments of the parameters, adds the weight decay, and sets w.largest to the largest
// magnitude of the results, or NaN if one is not finite. The caller holds t.mu.
func (t *Trainer) sumGradientsOf(w *worker) {
	w.largest = 0
	for _, s := range w.segments {
		for lo := s.lo; lo < s.hi; lo += probeChunk {
			hi := min(lo+probeChunk, s.hi)
			largest := sumGradients(t.workers, s.param, lo, hi)
			if t.cfg.WeightDecay > 0 {
				g := t.workers[0].grads[s.param][lo:hi]
				decayGo(g, t.params[s.param].Value[lo:hi], float32(t.cfg.WeightDecay))
				largest = magnitudeKernel(g)
			}
			w.largest = max(w.largest, largest) // NaN if either is
		}
	}
}

// updateSurelyFinite reports whether bounds alone show that Adam's update with step size
// t.alphaT, from summed gradients no larger than g in magnitude, keeps every value and
// moment finite, given t.bound, the largest of them now. Let ε be Adam's ε as the kernel
// uses it, in float32 (at most 1, as a run's settings and checkpoints allow), and
// L = min(1e30, 1e37·ε/αt). With the values and moments below L and the gradients below
// min(1e18, L), so that g² < 1e36: the new first moment stays below L, the second below
// 1e36 + L, αt·m below 1e37·ε, the step αt·m/(√v + ε) ≤ αt·m/ε below about 1e37, and so
// the new values below L + 1e37, whatever the rounding. False when a bound is NaN (not
// known, or not finite), when ε is 0 in float32, and for SGD, whose update the probe
// checks every step.
func (t *Trainer) updateSurelyFinite(g float32) bool {
	eps := float64(float32(t.opt.Epsilon))
	if t.cfg.Optimizer == OptimizerSGD || !(eps > 0 && eps <= 1) {
		return false
	}
	limit := math.Min(1e30, 1e37*eps/float64(t.alphaT))
	return float64(g) <= math.Min(1e18, limit) && float64(t.bound) <= limit
}

// probe sets w.finite to whether the optimizer's update with step size t.alphaT, from the
// summed gradients, would keep w's segments of the values and their moments finite,
// changing none. It stops at the first chunk that fails. The caller holds t.mu.
func (t *Trainer) probe(w *worker) {
	w.finite = false
	for _, s := range w.segments {
		for lo := s.lo; lo < s.hi; lo += probeChunk {
			if !t.updateFiniteOn(s.param, lo, min(lo+probeChunk, s.hi)) {
				return
			}
		}
	}
	w.finite = true
}

// updateFiniteOn reports whether the optimizer's update with step size t.alphaT, from the
// summed gradients, keeps the values [lo, hi) of parameter number param and their moments
// finite, changing none.
func (t *Trainer) updateFiniteOn(param, lo, hi int) bool {
	theta, g := t.params[param].Value[lo:hi], t.workers[0].grads[param][lo:hi]
	m := t.opt.M[param][lo:hi]
	if t.cfg.Optimizer == OptimizerSGD {
		return sgdFinite(theta, g, m, t.alphaT, float32(t.cfg.Momentum))
	}
	return t.opt.updateFinite(theta, g, m, t.opt.V[param][lo:hi], t.alphaT)
}

// update applies the optimizer's update with step size t.alphaT to w's segments of the
// parameters, and sets w.largest to the largest magnitude of their new values and moments
// (Adam), or NaN (SGD, which does not measure them). The caller holds t.mu.
func (t *Trainer) update(w *worker) {
	params, grads, sgd := t.params, t.workers[0].grads, t.cfg.Optimizer == OptimizerSGD
	w.largest = 0
	for _, s := range w.segments {
		theta, g := params[s.param].Value[s.lo:s.hi], grads[s.param][s.lo:s.hi]
		m, v := t.opt.M[s.param][s.lo:s.hi], t.opt.V[s.param][s.lo:s.hi]
		if sgd {
			sgdGo(theta, g, m, t.alphaT, float32(t.cfg.Momentum))
			w.largest = float32(math.NaN())
		} else {
			w.largest = max(w.largest, t.opt.update(theta, g, m, v, t.alphaT))
		}
	}
}
