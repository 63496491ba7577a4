package cnn

import (
	"math/rand/v2"
	"testing"
)

// smoothNet is a small network of every layer kind with smooth activations, so finite
// differences agree with the gradient everywhere, and a dropout layer that must stay off.
func smoothNet(t *testing.T) *Network {
	t.Helper()
	spec, err := ParseSpec("conv 3x3x2 same tanh; maxpool 2; conv 3x3x3 same tanh; fc 5 tanh; dropout 0.5; fc 10")
	if err != nil {
		t.Fatal(err)
	}
	net, err := spec.Build(Shape{6, 6, 1}, Classes, Init{Stddev: 0.5, Bias: 0.1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// checkGradientPass compares GradientPass's gradient of Σ dy·y (y the output of layer top)
// with respect to the output of layer bottom with central differences, for a batch of two.
func checkGradientPass(t *testing.T, net *Network, top, bottom int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(2, 2))
	shapes := net.Shapes()
	below := net.Input // the shape the gradient is taken with respect to
	if bottom >= 0 {
		below = shapes[bottom]
	}
	const n = 2
	x := randomSlice(rng, n*net.Input.Size(), 0, 1)
	dy := randomSlice(rng, n*shapes[top].Size(), -1, 1)
	g := net.NewGradientPass(n)
	// The value of the layer below for x, and the layers above it, as a network of their own.
	var at []float32
	if bottom >= 0 {
		at = append(at, g.Forward(x, n, bottom)...)
	} else {
		at = x
	}
	upper := &Network{Input: below, Layers: net.Layers[bottom+1 : top+1]}
	f := func() float64 {
		return weightedSum(upper.NewGradientPass(n).Forward(at, n, len(upper.Layers)-1), dy)
	}
	g.Forward(x, n, top)
	got := g.Backward(append([]float32(nil), dy...), bottom)
	if len(got) != len(at) {
		t.Fatalf("gradient of %d values, want %d", len(got), len(at))
	}
	checkDifferences(t, "gradient", at, got, f)
}

func TestGradientPassMatchesFiniteDifferences(t *testing.T) {
	net := smoothNet(t)
	last := len(net.Layers) - 1
	for _, tc := range []struct{ top, bottom int }{
		{last, -1}, // the logits, to the input, through the dropout layer kept off
		{last, 2},  // the logits, to the second convolution's maps (Grad-CAM's gradient)
		{2, -1},    // a convolution's maps, to the input (synthesis of a channel)
		{0, -1},    // the first layer alone
	} {
		checkGradientPass(t, net, tc.top, tc.bottom)
	}
}

func TestBackwardThroughTopReLUOpensAClosedUnit(t *testing.T) {
	// A 3×3 filter of a negative bias over a black input: the ReLU is closed everywhere,
	// so the unit's gradient is zero, and through the opened ReLU it is the filter.
	filter := []float32{1, 2, -3, 4, 5, 6, -7, 8, 9}
	net := singleFilterNet(filter)
	net.Layers[0].(*Conv2D).Bias.Value[0] = -1
	x := make([]float32, 64)
	seed := func() []float32 { s := make([]float32, 64); s[4*8+4] = 1; return s }
	g := net.NewGradientPass(1)
	g.Forward(x, 1, 0)
	for i, v := range g.Backward(seed(), -1) {
		if v != 0 {
			t.Fatalf("pixel %d: %v through a closed ReLU", i, v)
		}
	}
	g.Forward(x, 1, 0)
	got := g.BackwardThroughTopReLU(seed(), -1)
	for i, v := range got {
		y, xx := i/8, i%8
		want := float32(0)
		if y >= 3 && y <= 5 && xx >= 3 && xx <= 5 {
			want = filter[(y-3)*3+xx-3]
		}
		if v != want {
			t.Fatalf("pixel (%d, %d): %v, want %v (the filter around the unit)", y, xx, v, want)
		}
	}
	// The rule is restored: a plain Backward sees the closed ReLU again.
	g.Forward(x, 1, 0)
	if v := g.Backward(seed(), -1)[4*8+4]; v != 0 {
		t.Fatalf("after BackwardThroughTopReLU, Backward gives %v through the closed ReLU", v)
	}
}

func TestGradientPassRefusesMisuse(t *testing.T) {
	net := smoothNet(t)
	g := net.NewGradientPass(1)
	x := make([]float32, net.Input.Size())
	for name, f := range map[string]func(){
		"backward before forward": func() { g.Backward(make([]float32, Classes), -1) },
		"too many examples":       func() { g.Forward(append(x, x...), 2, 0) },
		"no such layer":           func() { g.Forward(x, 1, len(net.Layers)) },
		"backward upwards": func() {
			g.Forward(x, 1, 1)
			g.Backward(make([]float32, net.Shapes()[1].Size()), 1)
		},
		"wrong gradient size": func() {
			g.Forward(x, 1, 1)
			g.Backward(make([]float32, 3), -1)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
