package views

import (
	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/viz"
)

// Volume returns one layer's activation as a viz volume (HWC, shared memory).
func Volume(a cnn.Activation) viz.Volume {
	return viz.Volume{H: a.Shape.H, W: a.Shape.W, C: a.Shape.C, Data: a.Data}
}

// Input returns a 28×28 network input (784 values in [0, 1]) as a viz volume.
func Input(x []float32) viz.Volume {
	return viz.Volume{H: mnist.Rows, W: mnist.Cols, C: 1, Data: x}
}

// ConvFilters returns the weights of convolution c as viz filters (HWIO, shared memory).
func ConvFilters(c *cnn.Conv2D) viz.Filters {
	return viz.Filters{KH: c.K, KW: c.K, In: c.In, Out: c.Out, Data: c.Weights.Value}
}

// History returns the training record h as a viz history, with epochs of trainSize
// examples at batch examples per step.
func History(h cnn.History, batch, trainSize int) viz.History {
	v := viz.History{
		Train:         make([]viz.TrainPoint, len(h.Train)),
		Test:          make([]viz.TestPoint, len(h.Test)),
		StepsPerEpoch: max(1, trainSize/max(batch, 1)),
	}
	for i, p := range h.Train {
		v.Train[i] = viz.TrainPoint{Step: p.Step, Loss: float64(p.Loss), Accuracy: float64(p.Accuracy)}
	}
	for i, p := range h.Test {
		v.Test[i] = viz.TestPoint{Step: p.Step, Accuracy: p.Accuracy}
	}
	return v
}

// Confusion returns the evaluation's confusion matrix as rows of counts (true class,
// predicted class).
func Confusion(e *cnn.Evaluation) [][]int {
	m := make([][]int, cnn.Classes)
	for i := range m {
		m[i] = e.Confusion[i][:]
	}
	return m
}
