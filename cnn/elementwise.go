package cnn

import (
	"fmt"
	"math"
)

// addBiasActivateGo adds b to every row of y (rows of len(b) values) and, if relu, sets
// the results below zero to zero: addBiasActivate's first part. The ReLU keeps a NaN, so a diverging run
// shows in its loss, and turns -0 into +0 (by adding +0), so an output is zero exactly when
// all its bits are clear. It panics if len(y) is not a multiple of len(b).
func addBiasActivateGo(y, b []float32, relu bool) {
	checkRows(len(y), len(b))
	for r := 0; r < len(y); r += len(b) {
		row := y[r : r+len(b)]
		for i, v := range row {
			v += b[i]
			if relu {
				if v < 0 {
					v = 0
				}
				v += 0
			}
			row[i] = v
		}
	}
}

// checkRows panics unless n values make whole rows of cols values.
func checkRows(n, cols int) {
	if cols <= 0 || n%cols != 0 {
		panic(fmt.Sprintf("cnn: %d values are not rows of %d", n, cols))
	}
}

// Rule says how a backward pass takes a signal through a ReLU. Training uses Gradient; the
// other rules exist to visualise what a unit responds to (see Network.Backproject).
type Rule uint8

const (
	// Gradient passes the signal where the ReLU's output was positive: the true gradient,
	// as training and saliency maps use it.
	Gradient Rule = iota
	// Deconvnet passes the positive part of the signal, whatever the forward pass did: the
	// rectification of Zeiler & Fergus's deconvolutional network.
	Deconvnet
	// Guided passes the positive part of the signal where the output was positive: both
	// masks at once, "guided backpropagation" (Springenberg et al., 2015).
	Guided
)

// String returns the rule's name as the user reads it.
func (r Rule) String() string {
	switch r {
	case Gradient:
		return "gradient"
	case Deconvnet:
		return "deconvnet"
	case Guided:
		return "guided backpropagation"
	}
	return fmt.Sprintf("Rule(%d)", uint8(r))
}

// reluGradGo passes the gradient g back through a ReLU whose output was y (rows of len(db)
// values), zeroing it where y is zero, and writes the column sums of the result into db. It
// panics if len(g) is not a multiple of len(db).
func reluGradGo(g, y []float32, db []float32) {
	checkRows(len(g), len(db))
	clear(db)
	cols := len(db)
	y = y[:len(g)]
	for r := 0; r < len(g); r += cols {
		row, out := g[r:r+cols], y[r:r+cols]
		for i, v := range out {
			gi := passIfPositive(row[i], v)
			row[i] = gi
			db[i] += gi
		}
	}
}

// passIfPositive returns g if the ReLU output v (never negative, and +0 when zero) is
// positive, else 0, without a branch: a branch would be mispredicted for half the values.
func passIfPositive(g, v float32) float32 {
	bits := math.Float32bits(v)
	mask := uint32(int32(bits|-bits) >> 31) // all ones if v's bits are not all clear, else 0
	return math.Float32frombits(math.Float32bits(g) & mask)
}

// rectifyGrad passes the signal g back through a ReLU whose output was y, by rule.
func rectifyGrad(g, y []float32, rule Rule) {
	y = y[:len(g)]
	switch rule {
	case Gradient:
		for i, out := range y {
			if out <= 0 {
				g[i] = 0
			}
		}
	case Deconvnet:
		for i, v := range g {
			g[i] = max(v, 0)
		}
	case Guided:
		for i, out := range y {
			if out <= 0 {
				g[i] = 0
			}
			g[i] = max(g[i], 0)
		}
	}
}

// grow returns buf if it holds n values, else a new slice of n values: the buffers that only
// training needs are made on first use, so inference passes stay small.
func grow(buf []float32, n int) []float32 {
	if len(buf) >= n {
		return buf
	}
	return make([]float32, n)
}
