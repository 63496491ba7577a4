package cnn

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkTrainStepLayers times the layers of a training step of the reference network:
// one worker's share of a step at batch 50 on two workers (25 images), forward and
// backward through each layer, timed layer by layer, then the Adam update of every
// parameter, here on one goroutine (training splits it over the workers). Each metric is
// microseconds per step (µs/conv2-fwd, …). Every layer runs data-parallel here, fc1
// included, which training runs model-parallel: BenchmarkTrainStepPhases times a real step.
func BenchmarkTrainStepLayers(b *testing.B) {
	const n = 25
	net := NewReference(1, 0.5)
	p := net.newPass(n)
	x := syntheticSet(n, 5).Images
	params := net.Params()
	grads := make([][]float32, len(params))
	for i, prm := range params {
		grads[i] = make([]float32, len(prm.Value))
	}
	rng := rand.New(rand.NewPCG(6, 6))
	dlogits := randomSlice(rng, n*Classes, -0.1, 0.1)
	dy := make([]float32, len(dlogits))
	opt := NewAdam(params, 1e-4)
	forward := make([]time.Duration, len(p.passes))
	backward := make([]time.Duration, len(p.passes))
	var adam time.Duration
	ctx := passContext{train: true, seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		in := x
		for i, l := range p.passes {
			start := time.Now()
			in = l.forward(in, n, &ctx)
			forward[i] += time.Since(start)
		}
		copy(dy, dlogits) // backward may overwrite its dy
		d := dy
		for i := len(p.passes) - 1; i >= 0; i-- {
			start := time.Now()
			d = p.passes[i].backward(d, n, grads[p.paramIndex[i]:p.paramIndex[i+1]], i > 0)
			backward[i] += time.Since(start)
		}
		start := time.Now()
		opt.Step(params, grads)
		adam += time.Since(start)
		ctx.step++
	}
	perStep := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
	for i, l := range net.Layers {
		b.ReportMetric(perStep(forward[i]), "µs/"+l.Name()+"-fwd")
		b.ReportMetric(perStep(backward[i]), "µs/"+l.Name()+"-bwd")
	}
	b.ReportMetric(perStep(adam), "µs/adam")
}

// BenchmarkTrainStepPhases shows how a training step of the reference network at batch 50
// divides between its phases, each run by all workers side by side: the layers before fc1
// forward on each worker's share of the batch, fc1's products over the whole batch split
// by weights (model-parallel, see shared.go), the rest of the network forward and back,
// fc1's gradients, the layers before it back, then summing the workers' gradients, the
// divergence guard's probe (only when bounds cannot show the update finite: guard.go) and
// the update. Each metric is microseconds per step. The last three are passes over every
// parameter (3.3 million in the reference) and its moments, bound by memory bandwidth.
func BenchmarkTrainStepPhases(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Steps = MaxSteps
	t := benchTrainer(b, cfg)
	t.crew.spent = make([]time.Duration, phaseKinds)
	for b.Loop() {
		if _, err := t.trainStep(); err != nil {
			b.Fatal(err)
		}
	}
	names := []string{"forward", "fc-forward", "forward-backward", "fc-backward", "backward", "sum", "probe", "adam"}
	for kind, name := range names {
		b.ReportMetric(float64(t.crew.spent[kind].Microseconds())/float64(b.N), "µs/"+name)
	}
}
