package cnn

import (
	"math"
	"math/rand/v2"
	"testing"

	"convscope/cnn/mnist"
)

// syntheticSet returns n random 28×28 images with random labels: the engine's speed does
// not depend on what the pixels show.
func syntheticSet(n int, seed uint64) *mnist.Set {
	rng := rand.New(rand.NewPCG(seed, seed))
	s := &mnist.Set{Images: randomSlice(rng, n*mnist.Pixels, 0, 1), Labels: make([]uint8, n)}
	for i := range s.Labels {
		s.Labels[i] = uint8(rng.IntN(Classes))
	}
	return s
}

// BenchmarkTrainStep measures one full training step of the reference network at batch 50:
// batch gathering, forward, loss, backward, gradient sum and the Adam update.
func BenchmarkTrainStep(b *testing.B) { trainStepBench(b, "reference") }

// BenchmarkTrainStepIm2col is BenchmarkTrainStep with every convolution as im2col and a
// matrix product, none as Winograd's F(2×2, 5×5): run both to compare the two side by side.
func BenchmarkTrainStepIm2col(b *testing.B) {
	defer func(m int) { winoMinIn = m }(winoMinIn)
	winoMinIn = math.MaxInt
	trainStepBench(b, "reference")
}

// The same step for the other presets.
func BenchmarkTrainStepLeNet5(b *testing.B) { trainStepBench(b, "lenet5") }
func BenchmarkTrainStepTiny(b *testing.B)   { trainStepBench(b, "tiny") }
func BenchmarkTrainStepDeep(b *testing.B)   { trainStepBench(b, "deep") }

// trainStepBench measures one training step at batch 50 of the network of the named preset.
func trainStepBench(b *testing.B, preset string) {
	cfg := DefaultConfig()
	cfg.Steps = MaxSteps
	spec, err := PresetSpec(preset)
	if err != nil {
		b.Fatal(err)
	}
	if spec != ReferenceSpec {
		cfg.Arch = spec
	}
	tr := benchTrainer(b, cfg)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := tr.trainStep(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*cfg.Batch)/b.Elapsed().Seconds(), "images/s")
}

// benchTrainer returns a trainer of cfg on synthetic data, warmed up by one step (the
// first epoch's shuffle, the crew's goroutines) and locked for the benchmark's own steps
// until it ends.
func benchTrainer(b *testing.B, cfg Config) *Trainer {
	tr, err := NewTrainer(cfg, syntheticSet(1000, 1), syntheticSet(50, 2))
	if err != nil {
		b.Fatal(err)
	}
	tr.mu.Lock()
	b.Cleanup(func() {
		tr.crew.stop()
		tr.mu.Unlock()
	})
	tr.trainStep()
	return tr
}

// BenchmarkTrace measures one inference pass that keeps every layer's activations, what the
// drawing pad runs on every stroke.
func BenchmarkTrace(b *testing.B) {
	net := NewReference(1, 0.5)
	x := syntheticSet(1, 3).Image(0)
	b.ReportAllocs()
	for b.Loop() {
		net.Trace(x)
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/trace")
}

// BenchmarkEvaluate measures classifying 10,000 images, the size of the MNIST test set.
func BenchmarkEvaluate(b *testing.B) {
	net := NewReference(1, 0.5)
	set := syntheticSet(10000, 4)
	b.ReportAllocs()
	for b.Loop() {
		net.Evaluate(set.Images, set.Labels, 0)
	}
	b.ReportMetric(float64(b.N*set.Len())/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkConv2 measures the reference network's conv2 (5×5, 32 → 64 channels over 14×14)
// forward and backward on one worker's share of a batch of 50, as Winograd's F(2×2, 5×5)
// and as im2col with a matrix product.
func BenchmarkConv2(b *testing.B) {
	const n = 25
	in := Shape{14, 14, 32}
	rng := rand.New(rand.NewPCG(1, 1))
	conv := NewConv2D("conv2", 5, 32, 64, ReLU, Init{Stddev: 0.1, Bias: 0.1}, rng)
	x := randomSlice(rng, n*in.Size(), 0, 1)
	dy := randomSlice(rng, n*conv.OutShape(in).Size(), -1, 1)
	grads := [][]float32{make([]float32, len(conv.Weights.Value)), make([]float32, conv.Out)}
	for _, winograd := range []bool{true, false} {
		name := map[bool]string{true: "winograd", false: "im2col"}[winograd]
		b.Run(name, func(b *testing.B) {
			p := conv.newPass(in, n).(*convPass)
			p.winograd = winograd
			ctx := &passContext{train: true}
			b.ReportAllocs()
			for b.Loop() {
				p.forward(x, n, ctx)
				p.backward(dy, n, grads, true)
			}
		})
	}
}
