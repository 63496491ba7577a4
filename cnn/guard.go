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

// updateFiniteOf reports whether the optimizer's update with step size t.alphaT, from the
// summed gradients, keeps the values and moments of w's segments of the parameters
// finite, changing none.
func (t *Trainer) updateFiniteOf(w *worker) bool {
	params, grads, opt := t.params, t.workers[0].grads, t.opt
	for _, s := range w.segments {
		theta, g := params[s.param].Value[s.lo:s.hi], grads[s.param][s.lo:s.hi]
		m, v := opt.M[s.param][s.lo:s.hi], opt.V[s.param][s.lo:s.hi]
		finite := opt.updateFinite(theta, g, m, v, t.alphaT)
		if t.cfg.Optimizer == OptimizerSGD {
			finite = sgdFinite(theta, g, m, t.alphaT, float32(t.cfg.Momentum))
		}
		if !finite {
			return false
		}
	}
	return true
}
