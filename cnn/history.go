package cnn

import (
	"encoding/csv"
	"io"
	"strconv"
)

// TrainPoint records one training step: the mean loss and the accuracy on its batch.
type TrainPoint struct {
	Step     int
	Loss     float32
	Accuracy float32
}

// TestPoint records one evaluation on the test set after Step steps.
type TestPoint struct {
	Step     int
	Accuracy float64
	// PerClass holds the accuracy on the test examples of each class (Classes values),
	// or is nil for an evaluation recorded without it (by an earlier ConvScope). It is
	// never changed once recorded, so copies of the point may share it.
	PerClass []float64
}

// History is the record of a run: every training step and every test evaluation, in order.
type History struct {
	Train []TrainPoint
	Test  []TestPoint
}

// Clone returns a copy of h that shares no memory with it.
func (h History) Clone() History {
	return History{Train: append([]TrainPoint(nil), h.Train...), Test: append([]TestPoint(nil), h.Test...)}
}

// hasPerClass reports whether any test point has its per-class accuracies.
func (h History) hasPerClass() bool {
	for _, p := range h.Test {
		if p.PerClass != nil {
			return true
		}
	}
	return false
}

// LatestTest returns the most recent test evaluation, or false if there has been none.
func (h History) LatestTest() (TestPoint, bool) {
	if len(h.Test) == 0 {
		return TestPoint{}, false
	}
	return h.Test[len(h.Test)-1], true
}

// WriteCSV writes the history as CSV with the header
// step,epoch,loss,train_accuracy,test_accuracy: one row per training step, with the test
// accuracy in the rows of the steps that were evaluated and empty elsewhere. trainSize is
// the number of training examples and batch the examples per step, to compute epochs.
func (h History) WriteCSV(w io.Writer, batch, trainSize int) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"step", "epoch", "loss", "train_accuracy", "test_accuracy"})
	test := make(map[int]float64, len(h.Test))
	for _, tp := range h.Test {
		test[tp.Step] = tp.Accuracy
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	for _, tp := range h.Train {
		acc := ""
		if a, ok := test[tp.Step]; ok {
			acc = f(a)
		}
		cw.Write([]string{strconv.Itoa(tp.Step), f(float64(tp.Step*batch) / float64(trainSize)),
			f(float64(tp.Loss)), f(float64(tp.Accuracy)), acc})
	}
	cw.Flush()
	return cw.Error()
}
