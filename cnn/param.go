package cnn

import (
	"math/rand/v2"
)

// Param is one trainable tensor of a layer. Value holds the product of Dims values in
// row-major order; Name is unique within a network ("conv1/weights").
type Param struct {
	Name  string
	Dims  []int
	Value []float32
}

func newParam(name string, dims ...int) *Param {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return &Param{Name: name, Dims: dims, Value: make([]float32, n)}
}

func (p *Param) clone() *Param {
	return &Param{Name: p.Name, Dims: append([]int(nil), p.Dims...), Value: append([]float32(nil), p.Value...)}
}

// fillTruncatedNormal draws every value from a normal distribution with mean 0 and the given
// standard deviation, redrawing values beyond two standard deviations, as TensorFlow's
// truncated_normal does.
func fillTruncatedNormal(v []float32, stddev float64, rng *rand.Rand) {
	for i := range v {
		z := rng.NormFloat64()
		for z < -2 || z > 2 {
			z = rng.NormFloat64()
		}
		v[i] = float32(z * stddev)
	}
}

func fill(v []float32, x float32) {
	for i := range v {
		v[i] = x
	}
}
