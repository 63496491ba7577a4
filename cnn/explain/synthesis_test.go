package explain

import (
	"context"
	"math/rand/v2"
	"testing"

	"convscope/cnn"
)

// plain is a synthesis of gradient ascent alone, without the regularizers.
var plain = SynthesisOptions{Decay: -1, Jitter: -1, BlurEvery: -1, Steps: 80, Rate: 0.05}

func TestSynthesisOfALinearClassIsItsWeightsSigns(t *testing.T) {
	// A linear logit is largest with ink wherever its weight is positive and none where it
	// is negative: plain ascent must get there, and the network must then pick the class.
	net := linearNet(5, 5)
	s, err := SynthesizeClasses(context.Background(), net, plain)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Classes || s.Layer != "logits" || len(s.Images) != cnn.Classes {
		t.Fatalf("classes %v, layer %q, %d images", s.Classes, s.Layer, len(s.Images))
	}
	for c, img := range s.Images {
		var most float32
		for i := range img {
			most = max(most, abs32(weightOf(net, i, c)))
		}
		for i, v := range img {
			// A step moves a pixel by Rate·|w|/most: those of a third of the largest weight
			// or more move by at least 1.3 in the 80 steps, enough to cross [0, 1].
			w := weightOf(net, i, c)
			if abs32(w) < most/3 {
				continue
			}
			want := float32(0)
			if w > 0 {
				want = 1
			}
			if v != want {
				t.Fatalf("class %d, pixel %d of weight %v: %v, want %v", c, i, w, v, want)
			}
		}
		if s.Predicted[c] != c {
			t.Errorf("image %d is classified %d (probabilities %v)", c, s.Predicted[c], s.Probabilities[c])
		}
	}
}

func TestSynthesisOfAChannelsCentreUnitIsItsFilter(t *testing.T) {
	// One 3×3 filter over an 8×8 input: its centre unit (4, 4) sees pixels 3..5 × 3..5, and
	// is largest with ink where the filter is positive. Pixels outside its field do not
	// matter to it and keep their start, grey.
	filter := []float32{1, -1, 1, -1, 2, -1, 1, -1, 1}
	net, _ := oneFilterNet(filter)
	o := plain
	o.Grey = true
	s, err := SynthesizeChannels(context.Background(), net, net.LayersOf(cnn.Convolution)[0], CentreUnit, o)
	if err != nil {
		t.Fatal(err)
	}
	img := s.Images[0]
	for y := range 8 {
		for x := range 8 {
			want := float32(0.5)
			if y >= 3 && y <= 5 && x >= 3 && x <= 5 {
				want = 0
				if filter[(y-3)*3+x-3] > 0 {
					want = 1
				}
			}
			if img[y*8+x] != want {
				t.Fatalf("pixel (%d, %d) = %v, want %v", y, x, img[y*8+x], want)
			}
		}
	}
	// What the unit sees, cropped: 3×3 pixels, the filter's signs.
	if s.CropSide != 3 || len(s.Crops) != 1 || !equal(s.Crops[0], []float32{1, 0, 1, 0, 1, 0, 1, 0, 1}) {
		t.Fatalf("crop of side %d: %v, want the filter's signs", s.CropSide, s.Crops)
	}
	if want := float32(1 + 1 + 2 + 1 + 1); s.Objective[0] != want {
		t.Fatalf("the centre unit reaches %v, want the sum of the positive weights, %v", s.Objective[0], want)
	}
}

func TestSynthesisGrowsAUnitClosedAtTheStart(t *testing.T) {
	// With a bias of −3, the grey start gives the centre unit 0.5·2 − 3 < 0: its ReLU is
	// closed and its gradient zero. The ascent climbs the sum before the ReLU until it
	// opens, and reaches the filter's signs: 6 − 3 = 3.
	filter := []float32{1, -1, 1, -1, 2, -1, 1, -1, 1}
	net, conv := oneFilterNet(filter)
	conv.Bias.Value[0] = -3
	o := plain
	o.Grey = true
	s, err := SynthesizeChannels(context.Background(), net, net.LayersOf(cnn.Convolution)[0], CentreUnit, o)
	if err != nil {
		t.Fatal(err)
	}
	if s.Objective[0] != 3 || !equal(s.Crops[0], []float32{1, 0, 1, 0, 1, 0, 1, 0, 1}) {
		t.Fatalf("the unit reaches %v with %v, want 3 with the filter's signs", s.Objective[0], s.Crops[0])
	}
}

// oneFilterNet is one 3×3 convolution with the given filter, a ReLU and no bias, over
// 8×8 inputs, with the logits after it.
func oneFilterNet(filter []float32) (*cnn.Network, *cnn.Conv2D) {
	rng := rand.New(rand.NewPCG(1, 1))
	conv := cnn.NewConv2D("conv", 3, 1, 1, cnn.ReLU, cnn.Init{Stddev: 0.1}, rng)
	copy(conv.Weights.Value, filter)
	conv.Bias.Value[0] = 0
	return &cnn.Network{Input: cnn.Shape{H: 8, W: 8, C: 1}, Layers: []cnn.Layer{conv,
		cnn.NewDense("logits", 64, cnn.Classes, cnn.Identity, cnn.Init{Stddev: 0.1}, rng)}}, conv
}

func TestSynthesisRegularizersKeepTheInputInRange(t *testing.T) {
	// With every regularizer, on every channel of a network of several layers, from
	// noise: the inputs stay in [0, 1], the same seed gives the same pictures, and the
	// progress counts every step of every batch.
	net := smallClassifier()
	var last, total int
	o := SynthesisOptions{Steps: 6, Seed: 3, Progress: func(done, all int) { last, total = done, all }}
	a, err := SynthesizeChannels(context.Background(), net, net.LayersOf(cnn.Pooling)[0], ChannelMean, o)
	if err != nil {
		t.Fatal(err)
	}
	if last != 6 || total != 6 || a.Unit != ChannelMean || len(a.Images) != 2 || a.Crops != nil {
		t.Fatalf("progress %d of %d, unit %v, %d images", last, total, a.Unit, len(a.Images))
	}
	b, _ := SynthesizeChannels(context.Background(), net, net.LayersOf(cnn.Pooling)[0], ChannelMean, o)
	for i, img := range a.Images {
		for j, v := range img {
			if v < 0 || v > 1 || v != b.Images[i][j] {
				t.Fatalf("image %d, pixel %d: %v, then %v with the same seed", i, j, v, b.Images[i][j])
			}
		}
	}
}

func TestSynthesisRefusesBadRequests(t *testing.T) {
	net := smallClassifier()
	conv := net.LayersOf(cnn.Convolution)[0]
	if _, err := SynthesizeChannels(context.Background(), net, net.Describe()[2], ChannelMean, SynthesisOptions{}); err == nil {
		t.Error("synthesis of a dense layer's channels: no error")
	}
	if _, err := SynthesizeChannels(context.Background(), net, conv, ChannelMean, SynthesisOptions{Rate: -1}); err == nil {
		t.Error("a negative rate: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := SynthesizeClasses(ctx, net, SynthesisOptions{}); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

func TestShiftMovesAndFillsWithZeros(t *testing.T) {
	in := cnn.Shape{H: 2, W: 3, C: 1}
	src := []float32{1, 2, 3, 4, 5, 6}
	dst := make([]float32, 6)
	shift(dst, src, in, 1, -1) // down one row, left one column
	if want := []float32{0, 0, 0, 2, 3, 0}; !equal(dst, want) {
		t.Fatalf("shifted %v, want %v", dst, want)
	}
}

func equal(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
