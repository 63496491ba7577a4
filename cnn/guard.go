package cnn

// The divergence guard: a step is applied only if it keeps every weight and every one of
// Adam's moments finite, so that the model a diverged run keeps can be saved, read back
// and used. The loss and the summed gradients are checked as they are made; the update is
// checked by a read-only pass over the parameters before Adam writes any of them.

// updateFinite runs the probe of Adam's update on every worker and reports whether all of
// them found the update finite. The caller holds t.mu, after t.alphaT is set.
func (t *Trainer) updateFinite() bool {
	t.crew.run(phaseProbeAdam)
	for _, w := range t.workers {
		if !w.finite {
			return false
		}
	}
	return true
}

// adamFinite reports whether opt's update with step size alphaT, from the summed gradients
// grads, keeps the values and moments of w's segments of params finite, changing none.
func (w *worker) adamFinite(opt *Adam, params []*Param, grads [][]float32, alphaT float32) bool {
	for _, s := range w.segments {
		if !opt.updateFinite(params[s.param].Value[s.lo:s.hi], grads[s.param][s.lo:s.hi], opt.M[s.param][s.lo:s.hi], opt.V[s.param][s.lo:s.hi], alphaT) {
			return false
		}
	}
	return true
}
