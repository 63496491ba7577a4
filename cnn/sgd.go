package cnn

import "math"

// The optimizers a run may use (Config.Optimizer).
const (
	OptimizerAdam = "adam" // Adam, the reference's (see Adam)
	OptimizerSGD  = "sgd"  // stochastic gradient descent with momentum (see sgdGo)
)

// sgdGo is one step of stochastic gradient descent with momentum μ, in the form PyTorch's
// SGD uses (Sutskever et al. 2013, without Nesterov's look-ahead), for every value of
// theta (g and v are at least as long):
//
//	v ← μ·v + g      the velocity, kept in Adam's first moment m
//	θ ← θ − η·v
//
// With μ = 0 it is plain gradient descent.
func sgdGo(theta, g, v []float32, lr, momentum float32) {
	g, v = g[:len(theta)], v[:len(theta)]
	for i, gi := range g {
		vi := float32(momentum*v[i]) + gi
		v[i] = vi
		theta[i] -= float32(lr * vi)
	}
}

// sgdFinite reports whether sgdGo would leave theta and v all finite, without changing
// them.
func sgdFinite(theta, g, v []float32, lr, momentum float32) bool {
	g, v = g[:len(theta)], v[:len(theta)]
	for i, gi := range g {
		vi := float32(momentum*v[i]) + gi
		ti := theta[i] - float32(lr*vi)
		if math.IsNaN(float64(vi*0 + ti*0)) {
			return false
		}
	}
	return true
}

// decayGo adds the gradient of the L2 penalty ½·λ·‖θ‖² to g: g ← g + λ·θ, for every
// value of theta.
func decayGo(g, theta []float32, lambda float32) {
	g = g[:len(theta)]
	for i, t := range theta {
		g[i] += float32(lambda * t)
	}
}
