package cnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// singleFilterNet is one 3×3 convolution with a ReLU and a known filter over an 8×8 input.
func singleFilterNet(filter []float32) *Network {
	conv := NewConv2D("conv", 3, 1, 1, ReLU, Init{Stddev: 0.1, Bias: 0}, rand.New(rand.NewPCG(1, 1)))
	copy(conv.Weights.Value, filter)
	conv.Bias.Value[0] = 0
	return &Network{Input: Shape{8, 8, 1}, Layers: []Layer{conv}}
}

func TestBackprojectOfOneUnitIsTheFilterInPlace(t *testing.T) {
	filter := []float32{1, 2, -3, 4, 5, 6, -7, 8, 9}
	net := singleFilterNet(filter)
	x := make([]float32, 64)
	for i := range x {
		x[i] = 1 // every unit's response: the sum of the filter, 25 > 0
	}
	const uy, ux = 4, 3
	for _, rule := range []Rule{Gradient, Guided} {
		got, err := net.Backproject(x, "conv", uy*8+ux, rule)
		if err != nil {
			t.Fatal(err)
		}
		for y := range 8 {
			for xx := range 8 {
				want := float32(0)
				if dy, dx := y-uy+1, xx-ux+1; dy >= 0 && dy < 3 && dx >= 0 && dx < 3 {
					want = filter[dy*3+dx]
				}
				if got[y*8+xx] != want {
					t.Fatalf("%v: pixel (%d,%d) = %v, want %v (the filter centred on the unit)", rule, y, xx, got[y*8+xx], want)
				}
			}
		}
	}
}

func TestBackprojectRulesAtAnInactiveUnit(t *testing.T) {
	net := singleFilterNet([]float32{1, 1, 1, 1, 1, 1, 1, 1, 1})
	x := make([]float32, 64) // all zero: every unit's output is 0, the ReLU is closed
	for _, tc := range []struct {
		rule   Rule
		silent bool
	}{{Gradient, true}, {Guided, true}, {Deconvnet, false}} {
		got, err := net.Backproject(x, "conv", 9, tc.rule)
		if err != nil {
			t.Fatal(err)
		}
		var sum float32
		for _, v := range got {
			sum += v
		}
		if silent := sum == 0; silent != tc.silent {
			t.Errorf("%v through a closed ReLU: sum %v, want silent=%v (the deconvnet ignores the forward mask)", tc.rule, sum, tc.silent)
		}
	}
}

func TestBackprojectUnpoolsToTheMaximum(t *testing.T) {
	// identity 1×1 convolution, then 2×2 pooling: the projection of a pooled unit lands on
	// the one pixel of its window that won.
	conv := NewConv2D("conv", 1, 1, 1, ReLU, Init{Stddev: 0.1, Bias: 0}, rand.New(rand.NewPCG(1, 1)))
	conv.Weights.Value[0], conv.Bias.Value[0] = 1, 0
	net := &Network{Input: Shape{4, 4, 1}, Layers: []Layer{conv, NewMaxPool("pool")}}
	x := make([]float32, 16)
	x[1*4+0] = 0.9 // window (0,0) covers pixels (0..1, 0..1); the winner is (1,0)
	x[0*4+1] = 0.5
	got, err := net.Backproject(x, "pool", 0, Deconvnet)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		want := float32(0)
		if i == 1*4+0 {
			want = 1
		}
		if v != want {
			t.Fatalf("pixel %d = %v, want %v", i, v, want)
		}
	}
}

func TestBackprojectGradientMatchesFiniteDifferences(t *testing.T) {
	// The saliency of a class logit of the reference network: its gradient with respect to
	// the pixels. The network is piecewise linear, so central differences agree away from
	// the ReLUs' kinks.
	rng := rand.New(rand.NewPCG(3, 3))
	net := NewReference(3, 0.5)
	x := randomSlice(rng, net.Input.Size(), 0, 1)
	const class = 4
	got, err := net.Backproject(x, "fc2", class, Gradient)
	if err != nil {
		t.Fatal(err)
	}
	logit := func() float64 {
		acts := net.Trace(x).Activations
		return float64(acts[len(acts)-1].Data[class])
	}
	const eps = 1e-3
	for _, i := range []int{0, 100, 300, 406, 500, 783} {
		numeric := centralDifference(x, i, eps, logit)
		if diff := math.Abs(float64(got[i]) - numeric); diff > 1e-2*math.Max(1, math.Abs(numeric)) {
			t.Errorf("pixel %d: backprojected %.5f, numeric %.5f", i, got[i], numeric)
		}
	}
}

func TestBackprojectRejectsBadRequests(t *testing.T) {
	net := NewReference(1, 0.5)
	x := make([]float32, net.Input.Size())
	for _, tc := range []struct {
		name  string
		x     []float32
		layer string
		unit  int
		rule  Rule
	}{
		{"unknown layer", x, "conv9", 0, Gradient},
		{"unit past the end", x, "conv2", 14 * 14 * 64, Gradient},
		{"negative unit", x, "fc2", -1, Gradient},
		{"short input", x[:10], "conv1", 0, Gradient},
		{"unknown rule", x, "conv1", 0, Rule(9)},
	} {
		if _, err := net.Backproject(tc.x, tc.layer, tc.unit, tc.rule); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestRectifyGradRules(t *testing.T) {
	y := []float32{1, 1, 0, 0}
	for _, tc := range []struct {
		rule Rule
		want []float32
	}{
		{Gradient, []float32{2, -3, 0, 0}},
		{Deconvnet, []float32{2, 0, 5, 0}},
		{Guided, []float32{2, 0, 0, 0}},
	} {
		g := []float32{2, -3, 5, -7}
		rectifyGrad(g, y, tc.rule)
		for i := range g {
			if g[i] != tc.want[i] {
				t.Errorf("%v: %v, want %v", tc.rule, g, tc.want)
				break
			}
		}
	}
}

func TestLayerByName(t *testing.T) {
	net := NewReference(1, 0.5)
	l, shape, ok := net.Layer("conv2")
	if c, isConv := l.(*Conv2D); !ok || !isConv || c.Out != 64 || shape != (Shape{14, 14, 64}) {
		t.Fatalf("conv2: %T, %v, %v", l, shape, ok)
	}
	if l, _, ok := net.Layer("conv9"); ok || l != nil {
		t.Fatalf("conv9: %T, %v", l, ok)
	}
}
