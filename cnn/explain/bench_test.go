package explain

import (
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// The benchmarks run on the 10,000 MNIST test images with an untrained reference network:
// the speed does not depend on the weights.

func BenchmarkTopPatchesConv1(b *testing.B) { topPatchesBench(b, "conv1") }
func BenchmarkTopPatchesConv2(b *testing.B) { topPatchesBench(b, "conv2") }

func topPatchesBench(b *testing.B, layer string) {
	net, test := benchData(b)
	for b.Loop() {
		if _, err := TopPatches(b.Context(), net, test, layer, TopOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOcclude(b *testing.B) {
	net, test := benchData(b)
	for b.Loop() {
		if _, err := Occlude(net, test.Image(0), OcclusionOptions{Class: Predicted}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchData(b *testing.B) (*cnn.Network, *mnist.Set) {
	b.Helper()
	dir, err := mnist.Locate("")
	if err != nil {
		b.Skip(err)
	}
	_, test, err := mnist.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	return cnn.NewReference(1, 0.5), test
}
