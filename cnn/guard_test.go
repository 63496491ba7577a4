package cnn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBoundsAdmitOnlyFiniteUpdates draws values, moments, gradients and step sizes whose
// magnitudes span float32's whole range, and checks that whenever updateSurelyFinite
// vouches for an update by bounds, Adam's update really keeps everything finite; and that
// it vouches for the updates of a run in good health, or the probe would run every step.
func TestBoundsAdmitOnlyFiniteUpdates(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	logUniform := func(lo, hi float64) float64 {
		return math.Exp(math.Log(lo) + (math.Log(hi)-math.Log(lo))*rng.Float64())
	}
	values := func(n int, scale float64, signed bool) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(scale * rng.Float64())
			if signed && rng.IntN(2) == 0 {
				v[i] = -v[i]
			}
		}
		return v
	}
	tr := &Trainer{cfg: DefaultConfig(), opt: NewAdam(nil, 1e-4)}
	vouched := 0
	for range 20000 {
		const n = 16
		theta, m := values(n, logUniform(1e-30, 3e38), true), values(n, logUniform(1e-30, 3e38), true)
		v, g := values(n, logUniform(1e-30, 3e38), false), values(n, logUniform(1e-30, 3e38), true)
		tr.alphaT = float32(logUniform(1e-10, 1e3))
		tr.bound = magnitudeGo(slices.Concat(theta, m, v))
		if !tr.updateSurelyFinite(magnitudeGo(g)) {
			continue
		}
		vouched++
		if largest := adamGo(theta, g, m, v, 0.9, 0.999, 1e-8, tr.alphaT); math.IsNaN(float64(largest)) {
			t.Fatalf("bounds vouched for an update that is not finite: αt %g, bound %g, gradients up to %g", tr.alphaT, tr.bound, magnitudeGo(g))
		}
	}
	if vouched < 1000 {
		t.Fatalf("bounds vouched for %d updates of 20000", vouched)
	}
	tr.alphaT, tr.bound = 1e-4, 3
	if !tr.updateSurelyFinite(10) {
		t.Fatal("bounds do not vouch for a healthy run's update")
	}
	tr.bound = float32(math.NaN())
	if tr.updateSurelyFinite(10) {
		t.Fatal("bounds vouch for an update when the values' bound is not known")
	}
}

// TestGuardProbesOnlyWhenBoundsCannotTell checks that a healthy run probes its first
// update alone (the bounds are not known before it), and that SGD probes every one.
func TestGuardProbesOnlyWhenBoundsCannotTell(t *testing.T) {
	cfg := smallConfig(5)
	if tr := runSteps(t, cfg); tr.probes != 1 {
		t.Errorf("Adam: %d of 5 updates probed, want the first alone", tr.probes)
	}
	cfg.Optimizer, cfg.Momentum, cfg.LearningRate = OptimizerSGD, 0.9, 0.01
	if tr := runSteps(t, cfg); tr.probes != 5 {
		t.Errorf("SGD: %d of 5 updates probed, want all", tr.probes)
	}
}
