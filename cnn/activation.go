package cnn

import (
	"fmt"
	"math"
)

// ActivationFunc is the function a convolution or dense layer applies to each of its
// outputs after the bias.
type ActivationFunc uint8

// The activations.
const (
	Identity ActivationFunc = iota // none: the outputs are the sums themselves, as logits are
	ReLU                           // max(0, z)
	Tanh                           // tanh(z)
	Sigmoid                        // 1 / (1 + e^−z)
)

// String returns the activation's name as a spec writes it: none, relu, tanh or sigmoid.
func (a ActivationFunc) String() string {
	switch a {
	case Identity:
		return "none"
	case ReLU:
		return "relu"
	case Tanh:
		return "tanh"
	case Sigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("ActivationFunc(%d)", uint8(a))
}

// addBiasActivate adds b to every row of y (rows of len(b) values) and applies act to
// the results.
func addBiasActivate(y, b []float32, act ActivationFunc) {
	addBiasActivateKernel(y, b, act == ReLU)
	switch act {
	case Tanh:
		for i, v := range y {
			y[i] = float32(math.Tanh(float64(v)))
		}
	case Sigmoid:
		for i, v := range y {
			y[i] = float32(1 / (1 + math.Exp(-float64(v))))
		}
	}
}

// activationGrad turns dy, the gradient with respect to a layer's output y (rows of
// len(db) values), into the gradient with respect to its pre-activation, and writes the
// bias gradient, the column sums, into db. A ReLU passes the signal by rule; tanh and the
// sigmoid multiply it by their derivative, written with the output: 1 − y² and y(1 − y).
func activationGrad(dy, y []float32, act ActivationFunc, rule Rule, db []float32) {
	y = y[:len(dy)]
	switch {
	case act == ReLU && rule == Gradient: // training's case, in one pass
		reluGradKernel(dy, y, db)
		return
	case act == ReLU:
		rectifyGrad(dy, y, rule)
	case act == Tanh:
		for i, out := range y {
			dy[i] *= 1 - out*out
		}
	case act == Sigmoid:
		for i, out := range y {
			dy[i] *= out * (1 - out)
		}
	}
	clear(db)
	cols := len(db)
	for r := 0; r < len(dy); r += cols {
		for i, v := range dy[r : r+cols] {
			db[i] += v
		}
	}
}
