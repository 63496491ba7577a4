package cnn

import (
	"math"
	"testing"
)

// TestModelParallelGradientsMatchOneWorker checks a step's summed gradients, with the large
// dense layers trained model-parallel over 2 and 3 workers (uneven shares of the batch and
// of the weights with 3), against one worker's, which trains everything on its own: they
// may differ only by rounding. The second network starts with a model-parallel layer (its
// inputs need no gradient) followed by another; the third ends with one.
func TestModelParallelGradientsMatchOneWorker(t *testing.T) {
	for _, tc := range []struct {
		arch   string
		shared int // model-parallel layers with 2 or more workers
	}{
		{"", 1},
		{"fc 512 relu; fc 512 relu; fc 10", 2},
		{"conv 5x5x64 same relu; fc 10", 1}, // the logits' layer, 501,760 weights
	} {
		cfg := smallConfig(1)
		cfg.Arch = tc.arch
		cfg.Workers = 1
		want, wantLoss := stepGradients(t, cfg, 0)
		for _, workers := range []int{2, 3} {
			cfg.Workers = workers
			got, loss := stepGradients(t, cfg, tc.shared)
			if math.Abs(loss-wantLoss) > 1e-5*math.Abs(wantLoss) {
				t.Errorf("%q, %d workers: loss %v, one worker's %v", tc.arch, workers, loss, wantLoss)
			}
			for p := range want {
				if d, scale := maxDiff(got[p:p+1], want[p:p+1]), maxAbs(want[p]); d > 1e-4*scale {
					t.Errorf("%q, %d workers: gradients of parameter %d differ by %g, of at most %g", tc.arch, workers, p, d, scale)
				}
			}
		}
	}
}

// stepGradients returns the summed gradients and the loss of the first step of a trainer
// of cfg, after checking it trains the given number of layers model-parallel.
func stepGradients(t *testing.T, cfg Config, shared int) ([][]float32, float64) {
	t.Helper()
	tr, err := NewTrainer(cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.crew.stop()
	if len(tr.shared) != shared {
		t.Fatalf("%q, %d workers: %d layers model-parallel, want %d", cfg.Arch, cfg.Workers, len(tr.shared), shared)
	}
	tr.gatherBatch()
	tr.forwardBackward()
	tr.crew.run(phase{kind: phaseSum})
	var loss float64
	for _, w := range tr.workers {
		if math.IsNaN(float64(w.largest)) {
			t.Fatalf("%q, %d workers: the gradients are not finite", cfg.Arch, cfg.Workers)
		}
		loss += w.loss
	}
	return tr.workers[0].grads, loss
}

func maxAbs(v []float32) float64 {
	var m float64
	for _, x := range v {
		m = max(m, math.Abs(float64(x)))
	}
	return m
}
