package views

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
)

// reportFixture returns a snapshot of an untrained reference network with a short
// history and evolution, a small random test set, and the searches of both its
// convolutions in it.
func reportFixture(t *testing.T) (*cnn.Snapshot, *mnist.Set, []*explain.Top) {
	t.Helper()
	net := cnn.NewReference(1, 0.5)
	set := randomSet(12)
	var tops []*explain.Top
	for _, conv := range net.LayersOf(cnn.Convolution) {
		top, err := explain.TopPatches(t.Context(), net, set, conv.Name, explain.TopOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tops = append(tops, top)
	}
	s := cnn.NewSnapshot(cnn.Snapshot{Step: 2, Config: cnn.DefaultConfig(), Net: net,
		History:   cnn.History{Train: []cnn.TrainPoint{{Step: 1, Loss: 2, Accuracy: 0.1}, {Step: 2, Loss: 1, Accuracy: 0.3}}},
		Evolution: cnn.Evolution{Input: set.Image(0), Frames: framesOf(net, set.Image(0), 2)}})
	return s, set, tops
}

func TestReportOfAModelAndAnInput(t *testing.T) {
	s, set, tops := reportFixture(t)
	ev := s.Net.Evaluate(set.Images, set.Labels, 1)
	quick := explain.SynthesisOptions{Steps: 2}
	classes, err := explain.SynthesizeClasses(t.Context(), s.Net, quick)
	if err != nil {
		t.Fatal(err)
	}
	conv1, err := explain.SynthesizeChannels(t.Context(), s.Net, s.Net.LayersOf(cnn.Convolution)[0], explain.ChannelMean, quick)
	if err != nil {
		t.Fatal(err)
	}
	adv, err := explain.Adversary(t.Context(), s.Net, set.Image(3), explain.AdversarialOptions{MaxEpsilon: 2})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReport(s, ReportOptions{Input: set.Image(3), Test: set, Tops: tops, Channel: -1, Evaluation: ev,
		Extra:     []View{ConvolutionStepView(explain.EdgeExample(), explain.VerticalEdge(), explain.Valid, 0)},
		Syntheses: []*explain.Synthesis{conv1, classes}, Adversarial: adv})
	if err != nil {
		t.Fatal(err)
	}
	strongest, _ := ProjectedChannel(tops[1], set.Image(3), -1)
	want := []string{"training.png", "filters_conv1.png", "filters_conv2.png",
		"input.png", "probabilities.png", "features_conv1.png", "features_pool1.png", "features_conv2.png", "features_pool2.png", "features_fc1.png",
		"occlusion.png", "occlusion_conv2.png", "edges.png", "convolution.png", "confusion.png", "top9_conv1.png", "top9_conv2.png",
		fmt.Sprintf("projection_conv2_c%d.png", strongest), "saliency.png",
		"smoothgrad.png", "gradcam_conv1.png", "gradcam_conv2.png", "integrated_gradients.png",
		"synthesis_conv1.png", "synthesis_classes.png", "adversarial.png", "adversarial_input.png", "evolution.png",
		"filter_change_conv1.png", "filter_change_conv2.png", "distributions.png"}
	if got := files(r.Views); !slices.Equal(got, want) {
		t.Fatalf("report files\n%v\nwant\n%v", got, want)
	}
	if r.Trace == nil || r.Projected != strongest || len(r.Edges) != len(explain.HandMadeKernels()) || r.IntegratedGradients == nil {
		t.Fatalf("trace %v, projected %d (want %d), %d edge rankings, integrated gradients %v",
			r.Trace != nil, r.Projected, strongest, len(r.Edges), r.IntegratedGradients != nil)
	}
	dir := t.TempDir()
	written, err := r.Write(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range written {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReportOfAModelAlone(t *testing.T) {
	s, set, tops := reportFixture(t)
	r, err := NewReport(s, ReportOptions{Test: set, Tops: tops[:1]})
	if err != nil {
		t.Fatal(err)
	}
	// Without an input, the edges are compared on test image 0 and nothing is projected.
	want := []string{"training.png", "filters_conv1.png", "filters_conv2.png", "edges.png", "top9_conv1.png", "evolution.png", "filter_change_conv1.png", "filter_change_conv2.png", "distributions.png"}
	if got := files(r.Views); !slices.Equal(got, want) || r.Trace != nil || r.Projected != -1 {
		t.Fatalf("report files %v (trace %v, projected %d), want %v", got, r.Trace != nil, r.Projected, want)
	}
	if r, _ := NewReport(s, ReportOptions{}); len(r.Views) != 6 { // the model's 4 pictures and the change of its 2 convolutions
		t.Fatalf("a report with no options has %v", files(r.Views))
	}
}

func TestReportRefusesAChannelTheLayerLacks(t *testing.T) {
	s, set, tops := reportFixture(t)
	_, err := NewReport(s, ReportOptions{Input: set.Image(3), Test: set, Tops: tops, Channel: 64})
	if err == nil || !strings.Contains(err.Error(), "conv2 has channels 0 to 63") {
		t.Fatalf("channel 64 of conv2: %v", err)
	}
}

func files(vs []View) []string {
	var names []string
	for _, v := range vs {
		names = append(names, v.File)
	}
	return names
}

func TestReportOfOtherArchitectures(t *testing.T) {
	set := randomSet(4)
	for _, tc := range []struct {
		arch  string
		files []string
		notes int
	}{
		// Without a convolution: no filters, feature maps of the dense layer only, and
		// the occlusion of the probability alone.
		{"fc 32; fc 10", []string{"input.png", "probabilities.png", "features_fc1.png", "occlusion.png", "saliency.png",
			"smoothgrad.png", "integrated_gradients.png", "distributions.png"}, 1},
		// 4x4 filters cannot hold the 3x3 edge kernels centred: a note, not an error.
		{"conv 4x4x8 valid; maxpool 5; fc 10", []string{"filters_conv1.png", "input.png", "probabilities.png", "features_conv1.png",
			"features_pool1.png", "occlusion.png", "occlusion_conv1.png", "saliency.png", "smoothgrad.png", "gradcam_conv1.png",
			"integrated_gradients.png", "distributions.png"}, 1},
	} {
		cfg := cnn.DefaultConfig()
		cfg.Arch = tc.arch
		net, err := cfg.NewNetwork()
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReport(cnn.NewSnapshot(cnn.Snapshot{Config: cfg, Net: net}), ReportOptions{Input: set.Image(1), Test: set})
		if err != nil {
			t.Fatalf("%s: %v", tc.arch, err)
		}
		if got := files(r.Views); !slices.Equal(got, tc.files) || len(r.Notes) != tc.notes {
			t.Errorf("%s: files %v, notes %q; want %v and %d notes", tc.arch, got, r.Notes, tc.files, tc.notes)
		}
	}
}
