package cnn

import "math"

// Adam is the optimizer of Kingma & Ba, "Adam: A Method for Stochastic Optimization"
// (ICLR 2015), in the form TensorFlow's AdamOptimizer uses (Algorithm 1 with the bias
// corrections folded into the step size, section 2):
//
//	t  ← t + 1
//	m  ← β1·m + (1−β1)·g            first moment estimate
//	v  ← β2·v + (1−β2)·g²           second moment estimate
//	αt ← α·√(1−β2ᵗ) / (1−β1ᵗ)       bias-corrected step size
//	θ  ← θ − αt·m / (√v + ε)
//
// t counts updates, not epochs.
type Adam struct {
	LearningRate, Beta1, Beta2, Epsilon float64
	// T is the number of updates applied so far.
	T int
	// M and V hold the moment estimates m and v, one slice per parameter, indexed like
	// Network.Params.
	M, V [][]float32
}

// NewAdam returns an optimizer for params with learning rate lr and the paper's defaults
// β1 = 0.9, β2 = 0.999, ε = 1e-8, and zero moments.
func NewAdam(params []*Param, lr float64) *Adam {
	a := &Adam{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
	for _, p := range params {
		a.M = append(a.M, make([]float32, len(p.Value)))
		a.V = append(a.V, make([]float32, len(p.Value)))
	}
	return a
}

// stepSize advances t and returns the bias-corrected step size αt for the new t.
func (a *Adam) stepSize() float32 {
	a.T++
	t := float64(a.T)
	return float32(a.LearningRate * math.Sqrt(1-math.Pow(a.Beta2, t)) / (1 - math.Pow(a.Beta1, t)))
}

// update applies one Adam step with step size alphaT to theta from the gradient g, using
// and updating the moments m and v of the same values, and returns the largest magnitude
// of their new values (NaN if one is not finite).
func (a *Adam) update(theta, g, m, v []float32, alphaT float32) float32 {
	return adamKernel(theta, g, m, v, float32(a.Beta1), float32(a.Beta2), float32(a.Epsilon), alphaT)
}

// adamGo is one Adam step in Go: θ ← θ − αt·m / (√v + ε) after updating m and v from g,
// for every value of theta (g, m and v are at least as long). It returns the largest
// magnitude of the new values of θ, m and v, or NaN if one is not finite.
func adamGo(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	m, v, g = m[:len(theta)], v[:len(theta)], g[:len(theta)]
	var probe, largest float32
	// The conversions round every product, so no compiler fuses one with an addition:
	// the C kernel rounds the same way.
	for i, gi := range g {
		mi := float32(b1*m[i]) + float32((1-b1)*gi)
		vi := float32(b2*v[i]) + float32(float32((1-b2)*gi)*gi)
		m[i], v[i] = mi, vi
		ti := theta[i] - float32(alphaT*mi)/(float32(math.Sqrt(float64(vi)))+eps)
		theta[i] = ti
		probe += mi*0 + vi*0 + ti*0
		largest = max(largest, abs32(mi), vi, abs32(ti))
	}
	return magnitudeOf(probe, largest)
}

// magnitudeOf returns largest if probe is 0, else NaN: the result of a loop that summed
// every value times zero into probe (NaN if one was not finite) and kept the largest
// magnitude in largest.
func magnitudeOf(probe, largest float32) float32 {
	if probe != 0 {
		return float32(math.NaN())
	}
	return largest
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// adamProbeGo computes what adamGo would make of theta, m and v without changing them,
// and returns the sum of every new value times zero: 0 if they are all finite, NaN
// otherwise (v·0 is NaN for an infinite or NaN v).
func adamProbeGo(theta, g, m, v []float32, b1, b2, eps, alphaT float32) float32 {
	m, v, g = m[:len(theta)], v[:len(theta)], g[:len(theta)]
	var probe float32
	for i, gi := range g {
		mi := float32(b1*m[i]) + float32((1-b1)*gi)
		vi := float32(b2*v[i]) + float32(float32((1-b2)*gi)*gi)
		ti := theta[i] - float32(alphaT*mi)/(float32(math.Sqrt(float64(vi)))+eps)
		probe += mi*0 + vi*0 + ti*0
	}
	return probe
}

// updateFinite reports whether update with step size alphaT would leave theta, m and v
// all finite, without changing them.
func (a *Adam) updateFinite(theta, g, m, v []float32, alphaT float32) bool {
	return adamProbeKernel(theta, g, m, v, float32(a.Beta1), float32(a.Beta2), float32(a.Epsilon), alphaT) == 0
}

// Step applies one update to params from the gradients grads (indexed like params).
func (a *Adam) Step(params []*Param, grads [][]float32) {
	alphaT := a.stepSize()
	for i, p := range params {
		a.update(p.Value, grads[i], a.M[i], a.V[i], alphaT)
	}
}

func (a *Adam) clone() *Adam {
	c := *a
	c.M, c.V = make([][]float32, len(a.M)), make([][]float32, len(a.V))
	for i := range a.M {
		c.M[i] = append([]float32(nil), a.M[i]...)
		c.V[i] = append([]float32(nil), a.V[i]...)
	}
	return &c
}
