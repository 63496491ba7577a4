package views

import (
	"math"
	"testing"

	"convscope/cnn"
)

func TestFilterChangeIsWhatTrainingMoved(t *testing.T) {
	net := cnn.NewReference(1, 0.5) // the network DefaultConfig's seed builds
	conv1, _ := net.First(cnn.Convolution)
	w := net.Conv(conv1).Weights.Value
	s := cnn.NewSnapshot(cnn.Snapshot{Step: 1, Config: cnn.DefaultConfig(), Net: net})
	// Without a recording, W0 is rebuilt from the settings: the weights of the untrained
	// network, before the change below.
	w0, ok := InitialWeights(s)
	if !ok || len(w0) != 2 {
		t.Fatalf("rebuilt W0 of %d layers (%v), want both convolutions", len(w0), ok)
	}
	before := w[7]
	w[7] += 0.25
	change, err := FiltersOf(net, conv1, ChangeW0, w0)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range change.Data {
		if i == 7 && math.Abs(float64(v)-0.25) > 1e-6 || i != 7 && v != 0 {
			t.Fatalf("W − W0 [%d] = %v, want 0.25 at 7 and 0 elsewhere", i, v)
		}
	}
	initial, _ := FiltersOf(net, conv1, Initial, w0)
	if initial.Data[7] != before {
		t.Fatalf("W0 [7] = %v, want %v", initial.Data[7], before)
	}
	// A recorded W0 is preferred to a rebuilt one, and a layer it lacks is an error.
	s = cnn.NewSnapshot(cnn.Snapshot{Config: cnn.DefaultConfig(), Net: net, Recording: cnn.Recording{W0: map[string][]float32{"other": {1}}}})
	if w0, _ = InitialWeights(s); len(w0) != 1 {
		t.Fatalf("the recorded W0 was not used: %d layers", len(w0))
	}
	if _, err := FiltersOf(net, conv1, ChangeW0, w0); err == nil {
		t.Fatal("W − W0 of a layer W0 lacks gave no error")
	}
}
