//go:build !race

package explain

// These tests train the reference network on real MNIST first; like the engine's, they run
// only in the non-race pass of make test.

import (
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// trainedNet trains the reference network for 150 steps on real MNIST: enough for it to
// read clean digits, which the occlusion test needs.
func trainedNet(t *testing.T) (*cnn.Network, *mnist.Set) {
	t.Helper()
	dir, err := mnist.Locate("")
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := mnist.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := cnn.DefaultConfig()
	cfg.Steps, cfg.EvalEvery = 150, 0
	tr, err := cnn.NewTrainer(cfg, train, &mnist.Set{Images: test.Images[:mnist.Pixels], Labels: test.Labels[:1]})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	return tr.Snapshot().Net, test
}

func TestOccludingTheInkDropsTheClass(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on real MNIST")
	}
	net, _ := trainedNet(t)
	// A hand-drawn "1": one thick vertical bar, the only ink, in the middle of the image.
	x := make([]float32, mnist.Pixels)
	for y := 6; y < 22; y++ {
		for c := 13; c < 16; c++ {
			x[y*28+c] = 1
		}
	}
	occ, err := Occlude(net, x, OcclusionOptions{Size: 12, Class: Predicted})
	if err != nil {
		t.Fatal(err)
	}
	if occ.Class != 1 || occ.Rows != 9 || occ.Cols != 9 {
		t.Fatalf("class %d on a %dx%d grid, want 1 on 9x9", occ.Class, occ.Rows, occ.Cols)
	}
	// With the square in a corner, far from the bar, the network still sees the 1; with
	// the square over the bar's middle (rows 8..19, columns 12..23), it does not.
	corner := occ.Probability[0]
	middle := occ.Probability[4*occ.Cols+6]
	if corner < 0.9*occ.BaseProbability || middle > 0.7*occ.BaseProbability {
		t.Fatalf("P(1): unoccluded %.3f, square in the corner %.3f, over the ink %.3f", occ.BaseProbability, corner, middle)
	}
	if occ.Feature[4*occ.Cols+6] >= occ.BaseFeature {
		t.Fatalf("conv2 channel %d: %v unoccluded, %v with the ink covered", occ.FeatureChannel, occ.BaseFeature, occ.Feature[4*occ.Cols+6])
	}
}
