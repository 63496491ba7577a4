package cnn

import (
	"strings"
	"testing"
)

func TestSGDStepByHand(t *testing.T) {
	theta, g, v := []float32{1, -2}, []float32{0.5, 1}, []float32{0.2, 0}
	// v ← 0.9·v + g = {0.68, 1}; θ ← θ − 0.1·v = {0.932, −2.1}.
	sgdGo(theta, g, v, 0.1, 0.9)
	if !close32(v[0], 0.68) || !close32(v[1], 1) || !close32(theta[0], 0.932) || !close32(theta[1], -2.1) {
		t.Fatalf("v %v, θ %v", v, theta)
	}
	// The L2 penalty's gradient: g ← g + λ·θ = {0.5 + 0.01·0.932, 1 − 0.01·2.1}.
	decayGo(g, theta, 0.01)
	if !close32(g[0], 0.50932) || !close32(g[1], 0.979) {
		t.Fatalf("decayed g %v", g)
	}
	if !sgdFinite([]float32{1}, []float32{1}, []float32{0}, 0.1, 0.9) || sgdFinite([]float32{3e38}, []float32{-3e38}, []float32{-3e38}, 1, 0.9) {
		t.Fatal("sgdFinite judged wrongly")
	}
}

func close32(a, b float32) bool { return a-b < 1e-6 && b-a < 1e-6 }

func TestSGDAndWeightDecayTrain(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(c *Config)
	}{
		{"sgd", func(c *Config) { c.Optimizer, c.Momentum, c.LearningRate = OptimizerSGD, 0.9, 0.01 }},
		{"adam with weight decay", func(c *Config) { c.WeightDecay = 1e-3; c.LearningRate = 1e-3 }},
	} {
		cfg := smallConfig(30)
		cfg.Arch = "conv 5x5x8 same relu; maxpool 4; fc 10"
		tc.set(&cfg)
		tr := runSteps(t, cfg)
		h := tr.Snapshot().History
		first, last := h.Train[0].Loss, h.Train[len(h.Train)-1].Loss
		if !(last < first) {
			t.Errorf("%s: the loss went from %v to %v", tc.name, first, last)
		}
		// The checkpoint keeps the optimizer, and a resumed run continues it exactly.
		ck := tr.Checkpoint()
		got, err := DecodeCheckpoint(saveBytes(t, ck))
		if err != nil || got.Config != ck.Config || got.Adam.T != 30 {
			t.Fatalf("%s: read back %+v (t %d), %v", tc.name, got.Config, got.Adam.T, err)
		}
		if d := maxDiff(got.Adam.M, ck.Adam.M); d != 0 {
			t.Errorf("%s: the optimizer's state read back %g apart", tc.name, d)
		}
	}
}

func TestOptimizerSettingsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		set  func(c *Config)
		want string
	}{
		{func(c *Config) { c.Optimizer = "rmsprop" }, `unknown optimizer "rmsprop"`},
		{func(c *Config) { c.Optimizer, c.Momentum = OptimizerSGD, 1 }, "momentum must be at least 0 and below 1"},
		{func(c *Config) { c.Momentum = 0.9 }, "Adam has none"},
		{func(c *Config) { c.WeightDecay = -1 }, "weight decay must be at least 0"},
	} {
		cfg := DefaultConfig()
		tc.set(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", cfg, err, tc.want)
		}
	}
	sgd := DefaultConfig()
	sgd.Optimizer = OptimizerSGD
	if !DefaultConfig().NeedsNewNetwork(sgd) {
		t.Error("moving from Adam to SGD does not need a new run")
	}
}
