package cnn

import (
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
	tr, err := NewTrainer(cfg, syntheticSet(1000, 1), syntheticSet(50, 2))
	if err != nil {
		b.Fatal(err)
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	defer tr.crew.stop()
	tr.trainStep() // warm up: first-epoch shuffle, the crew's goroutines
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := tr.trainStep(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*cfg.Batch)/b.Elapsed().Seconds(), "images/s")
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
