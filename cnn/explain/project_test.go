package explain

import (
	"math"
	"math/rand/v2"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// oneFilter is a single 5×5 convolution with a ReLU over 28×28 inputs whose filter's
// largest weight, 2, is at (1, 3); the others are in [−1, 1).
func oneFilter() (*cnn.Network, []float32) {
	rng := rand.New(rand.NewPCG(1, 1))
	conv := cnn.NewConv2D("conv", 5, 1, 1, cnn.ReLU, cnn.Init{Stddev: 0.1, Bias: 0}, rng)
	for i := range conv.Weights.Value {
		conv.Weights.Value[i] = 2*rng.Float32() - 1
	}
	conv.Weights.Value[1*5+3] = 2
	conv.Bias.Value[0] = 0
	return &cnn.Network{Input: cnn.Shape{H: 28, W: 28, C: 1}, Layers: []cnn.Layer{conv}}, conv.Weights.Value
}

// dot returns a 28×28 input that is 0 but for pixel (y, x), which is 1.
func dot(y, x int) []float32 {
	img := make([]float32, mnist.Pixels)
	img[y*28+x] = 1
	return img
}

func TestProjectionOfOneFilterIsTheFilterInPlace(t *testing.T) {
	net, filter := oneFilter()
	// Unit (y, x) responds to the dot at (10, 12) with weight (10−y+2, 12−x+2); the
	// largest, at (1, 3), makes unit (11, 11) the strongest.
	for _, rule := range []cnn.Rule{cnn.Deconvnet, cnn.Guided} {
		p, err := Project(net, dot(10, 12), "conv", 0, rule)
		if err != nil {
			t.Fatal(err)
		}
		if p.Y != 11 || p.X != 11 || p.Activation != 2 || p.Rule != rule {
			t.Fatalf("%v: unit (%d,%d) = %v, want (11,11) = 2", rule, p.Y, p.X, p.Activation)
		}
		for y := range 28 {
			for x := range 28 {
				want := float32(0)
				if ky, kx := y-11+2, x-11+2; ky >= 0 && ky < 5 && kx >= 0 && kx < 5 {
					want = filter[ky*5+kx]
				}
				if got := p.Pixels[y*28+x]; got != want {
					t.Fatalf("%v: pixel (%d,%d) = %v, want %v: the filter centred on the unit", rule, y, x, got, want)
				}
			}
		}
	}
	if _, err := Project(net, dot(1, 1), "conv", 1, cnn.Deconvnet); err == nil {
		t.Fatal("channel 1 of a one-channel layer was projected")
	}
	if _, err := Project(net, make([]float32, 5), "conv", 0, cnn.Deconvnet); err == nil {
		t.Fatal("an input of 5 values was projected")
	}
}

func TestProjectedPatchesOfOneFilterAreTheFilter(t *testing.T) {
	net, filter := oneFilter()
	set := &mnist.Set{Labels: make([]uint8, 12)}
	for i := range 12 {
		set.Images = append(set.Images, dot(6+i, 4+2*i)...)
	}
	top, err := TopPatches(t.Context(), net, set, "conv", TopOptions{})
	if err != nil {
		t.Fatal(err)
	}
	projections, err := ProjectPatches(net, set, top, 0, cnn.Deconvnet)
	if err != nil {
		t.Fatal(err)
	}
	if len(projections) != 9 {
		t.Fatalf("%d projections, want 9", len(projections))
	}
	// Every image's dot lies inside, so each projection cropped to its unit's 5×5 field
	// is the whole filter.
	for i, p := range projections {
		for k, w := range filter {
			if p[k] != w {
				t.Fatalf("projection %d (image %d) = %v, want the filter %v", i, top.Channels[0][i].Image, p, filter)
			}
		}
	}
	if _, err := ProjectPatches(net, set, top, 3, cnn.Deconvnet); err == nil {
		t.Fatal("channel 3 of a one-channel layer was projected")
	}
}

// smallClassifier is a convolution, a max-pooling and a dense layer to 10 logits over 8×8
// inputs, with random weights.
func smallClassifier() *cnn.Network {
	rng := rand.New(rand.NewPCG(1, 1))
	return &cnn.Network{Input: cnn.Shape{H: 8, W: 8, C: 1}, Layers: []cnn.Layer{
		cnn.NewConv2D("conv", 3, 1, 2, cnn.ReLU, cnn.Init{Stddev: 0.5, Bias: 0.1}, rng),
		cnn.NewMaxPool("pool"),
		cnn.NewDense("logits", 4*4*2, cnn.Classes, cnn.Identity, cnn.Init{Stddev: 0.5, Bias: 0.1}, rng),
	}}
}

func TestSaliencyIsTheGradientOfTheClassLogit(t *testing.T) {
	net := smallClassifier()
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 64)
	for i := range x {
		x[i] = rng.Float32()
	}
	s, err := ClassSaliency(net, x, Predicted)
	if err != nil {
		t.Fatal(err)
	}
	if s.Class != net.Trace(x).Digit {
		t.Fatalf("Predicted gave class %d, the network predicts %d", s.Class, net.Trace(x).Digit)
	}
	logit := func(x []float32) float64 {
		a := net.Trace(x).Activations
		return float64(a[len(a)-1].Data[s.Class])
	}
	// The network is piecewise linear, so a central difference over a small step is its
	// gradient, up to float32 rounding (about 1e-7 of the logit over the step 2e-2).
	const eps = 1e-2
	for i := range x {
		orig := x[i]
		x[i] = orig + eps
		up := logit(x)
		x[i] = orig - eps
		down := logit(x)
		x[i] = orig
		numeric := (up - down) / (2 * eps)
		if d := math.Abs(numeric - float64(s.Gradient[i])); d > 1e-3+1e-2*math.Abs(numeric) {
			t.Errorf("pixel %d: saliency %v, finite difference %v", i, s.Gradient[i], numeric)
		}
	}
	if _, err := ClassSaliency(net, x, 10); err == nil {
		t.Fatal("class 10 accepted")
	}
}

func TestProjectChannelOfAnInputAndItsPatches(t *testing.T) {
	net, filter := oneFilter()
	set := &mnist.Set{Labels: make([]uint8, 3)}
	for i := range 3 {
		set.Images = append(set.Images, dot(8+i, 9)...)
	}
	top, err := TopPatches(t.Context(), net, set, "conv", TopOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ProjectChannel(set, top, dot(10, 12), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(cp.Patches) != 3 || len(cp.Deconvnet) != 3 || len(cp.Guided) != 3 {
		t.Fatalf("%d patches, %d and %d projections, want 3 each", len(cp.Patches), len(cp.Deconvnet), len(cp.Guided))
	}
	if cp.InputDeconvnet.Rule != cnn.Deconvnet || cp.InputGuided.Rule != cnn.Guided || cp.InputDeconvnet.Pixels[11*28+11] != filter[2*5+2] {
		t.Fatalf("input projections %v and %v", cp.InputDeconvnet.Rule, cp.InputGuided.Rule)
	}
	none, err := ProjectChannel(set, top, nil, 0)
	if err != nil || none.InputDeconvnet != nil {
		t.Fatalf("without an input: %v, %v", none.InputDeconvnet, err)
	}
}

func TestSearchAndProjectOtherArchitectures(t *testing.T) {
	// A dropout between convolutions leaves the fields as they are; a convolution whose
	// output is 1x1 is still a convolution.
	set := &mnist.Set{Images: make([]float32, 4*mnist.Pixels), Labels: make([]uint8, 4)}
	for i := range set.Images {
		set.Images[i] = float32(i%7) / 7
	}
	for _, arch := range []string{"conv 3x3x4; dropout 0.5; conv 3x3x4; maxpool 2; fc 10", "conv 5x5x4 valid; maxpool 2; conv 12x12x3 valid; fc 10"} {
		cfg := cnn.DefaultConfig()
		cfg.Arch = arch
		net, err := cfg.NewNetwork()
		if err != nil {
			t.Fatal(err)
		}
		last, _ := net.Last(cnn.Convolution)
		top, err := TopPatches(t.Context(), net, set, last.Name, TopOptions{})
		if err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
		if _, err := ProjectChannel(set, top, set.Image(1), 0); err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
	}
}
