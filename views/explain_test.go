package views

import (
	"math/rand/v2"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/viz"
)

func TestExplanationViews(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	set := randomSet(12)
	input := set.Image(3)
	var all []View
	var conv2 *explain.Top
	for _, layer := range []string{"conv1", "conv2"} {
		top, err := explain.TopPatches(t.Context(), net, set, layer, explain.TopOptions{})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, TopView(top, viz.PatchGridOptions{}))
		conv2 = top
	}
	cp, err := explain.ProjectChannel(set, conv2, input, 5)
	if err != nil {
		t.Fatal(err)
	}
	sal, err := explain.ClassSaliency(net, input, explain.Predicted)
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, ProjectionView(cp), SaliencyView(input, sal), EvolutionView(framesOf(net, input, 3), 4, 3, viz.EvolutionOptions{}))
	want := []string{"top9_conv1.png", "top9_conv2.png", "projection_conv2_c5.png", "saliency.png", "evolution.png"}
	for i, v := range all {
		if v.File != want[i] {
			t.Fatalf("view %d is %s, want %s", i, v.File, want[i])
		}
		one, two := v.Render(1).Bounds(), v.Render(2).Bounds()
		if two.Dx() != 2*one.Dx() || two.Dy() != 2*one.Dy() {
			t.Fatalf("%s: %v at scale 1, %v at scale 2", v.File, one, two)
		}
	}
	if got := TopTitle(conv2); got != "conv2 · the 9 strongest test patches of each channel (14×14 pixels)" {
		t.Errorf("TopTitle = %q", got)
	}
	// The grid's tiles are the channels, for the app's clicks.
	sets := TopSets(conv2)
	if len(sets) != 64 || sets[7].Label != "7" || sets[7].Side != 14 {
		t.Fatalf("%d sets, set 7 %q of side %d", len(sets), sets[7].Label, sets[7].Side)
	}
}

// framesOf returns n frames of an evolution of net, all alike, as a trainer records them
// on the input x: conv1's filters and conv2's maps.
func framesOf(net *cnn.Network, x []float32, n int) []explain.Frame {
	conv1 := net.Layers[0].(*cnn.Conv2D)
	maps, _ := net.Trace(x).Layer("conv2")
	frames := make([]explain.Frame, n)
	for i := range frames {
		frames[i] = explain.Frame{Step: i, FilterLayer: conv1.Name(), FilterSize: conv1.K, Filters: conv1.Weights.Value, Maps: maps}
	}
	return frames
}

// randomSet returns a set of n images of seeded random ink, a fifth of the pixels.
func randomSet(n int) *mnist.Set {
	rng := rand.New(rand.NewPCG(1, 1))
	set := &mnist.Set{Images: make([]float32, n*mnist.Pixels), Labels: make([]uint8, n)}
	for i := range set.Images {
		if rng.Float32() < 0.2 {
			set.Images[i] = 1
		}
	}
	return set
}
