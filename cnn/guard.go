package cnn

// The divergence guard: a step is applied only if it keeps every weight and every one of
// Adam's moments finite, so that the model a diverged run keeps can be saved, read back
// and used. The loss and the summed gradients are checked as they are made; the update is
// checked, chunk by chunk as the gradients are summed, by a read-only probe of the
// parameters before Adam writes any of them.

// probeChunk is how many values of a parameter sumAndProbe sums and then probes at a time:
// few enough that the sums are still in the processor's cache when the probe reads them
// back, so that the check costs no second pass over memory.
const probeChunk = 8192

// sumAndProbe adds the gradients of all workers into the first worker's over w's segments
// of the parameters, adds the weight decay, and checks the step about to be made: it sets
// w.finite to whether the summed gradients are finite and the optimizer's update with step
// size t.alphaT would keep the values and the moments finite, changing neither. It stops
// at the first chunk that fails. The caller holds t.mu.
func (t *Trainer) sumAndProbe(w *worker) {
	w.finite = false
	for _, s := range w.segments {
		for lo := s.lo; lo < s.hi; lo += probeChunk {
			hi := min(lo+probeChunk, s.hi)
			if !sumGradients(t.workers, s.param, lo, hi) {
				return
			}
			if t.cfg.WeightDecay > 0 {
				decayGo(t.workers[0].grads[s.param][lo:hi], t.params[s.param].Value[lo:hi], float32(t.cfg.WeightDecay))
			}
			if !t.updateFiniteOn(s.param, lo, hi) {
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
