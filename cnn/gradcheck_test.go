package cnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Gradient checks: every layer's backward pass against central finite differences of the
// scalar L = Σ r·y, with r random, so dL/dy = r.

const (
	fdEpsilon = 1e-2 // finite-difference step; float32 arithmetic makes smaller steps noisy
	fdTol     = 2e-2 // allowed |analytic − numeric| / max(1, |numeric|)
)

func randomSlice(rng *rand.Rand, n int, lo, hi float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return v
}

// weightedSum returns Σ r·y in float64.
func weightedSum(y, r []float32) float64 {
	var s float64
	for i, v := range y {
		s += float64(v) * float64(r[i])
	}
	return s
}

// checkLayerGradients compares the analytic gradients of l for a batch of n inputs x of
// shape in with finite differences, for every input value and every parameter value.
func checkLayerGradients(t *testing.T, l Layer, in Shape, n int, x []float32, rng *rand.Rand) {
	t.Helper()
	p := l.newPass(in, n)
	ctx := &passContext{}
	out := l.OutShape(in)
	r := randomSlice(rng, n*out.Size(), -1, 1)
	loss := func() float64 { return weightedSum(p.forward(x, n, ctx), r) }

	loss()
	params := l.Params()
	grads := make([][]float32, len(params))
	for i, pr := range params {
		grads[i] = make([]float32, len(pr.Value))
	}
	dx := append([]float32(nil), p.backward(append([]float32(nil), r...), n, grads, true)...)

	checkDifferences(t, l.Name()+" dx", x, dx, loss)
	for i, pr := range params {
		checkDifferences(t, l.Name()+" "+pr.Name, pr.Value, grads[i], loss)
	}
}

// centralDifference returns (f(v + eps·e_i) − f(v − eps·e_i)) / 2eps, the derivative of f
// in v[i], and leaves v as it was.
func centralDifference(v []float32, i int, eps float64, f func() float64) float64 {
	orig := v[i]
	v[i] = orig + float32(eps)
	up := f()
	v[i] = orig - float32(eps)
	down := f()
	v[i] = orig
	return (up - down) / (2 * eps)
}

// checkDifferences compares analytic, the gradient of f with respect to v, with central
// differences of f in every value of v, and fails the test at the first that disagrees.
func checkDifferences(t *testing.T, what string, v, analytic []float32, f func() float64) {
	t.Helper()
	for i := range v {
		numeric := centralDifference(v, i, fdEpsilon, f)
		if diff := math.Abs(float64(analytic[i]) - numeric); diff > fdTol*math.Max(1, math.Abs(numeric)) {
			t.Fatalf("%s[%d]: analytic %.5f, numeric %.5f", what, i, analytic[i], numeric)
		}
	}
}

func TestConv2DGradients(t *testing.T) {
	for _, tc := range []struct {
		k, in, out, stride int
		padding            Padding
		shape              Shape
		act                ActivationFunc
	}{
		{3, 1, 2, 1, Same, Shape{4, 4, 1}, Identity},
		{3, 2, 3, 1, Same, Shape{5, 3, 2}, Identity}, // odd, non-square: padding on every border
		{5, 3, 2, 1, Same, Shape{3, 4, 3}, Identity}, // kernel larger than the image
		{3, 2, 3, 1, Same, Shape{5, 5, 2}, ReLU},
		{3, 2, 3, 2, Same, Shape{5, 6, 2}, Identity}, // stride 2: uneven padding
		{4, 1, 2, 1, Same, Shape{6, 5, 1}, Identity}, // an even kernel pads less above
		{3, 2, 2, 1, Valid, Shape{5, 4, 2}, Tanh},
		{2, 2, 3, 2, Valid, Shape{5, 5, 2}, Sigmoid}, // windows that leave a border unread
		{7, 1, 2, 3, Same, Shape{8, 8, 1}, Identity},
	} {
		t.Run(fmt.Sprintf("k%d_s%d_%v_%v_%v", tc.k, tc.stride, tc.padding, tc.shape, tc.act), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			l := NewConv2D("conv", tc.k, tc.in, tc.out, tc.act, Init{Stddev: 0.5, Bias: 0.1}, rng)
			l.Stride, l.Padding = tc.stride, tc.padding
			n := 2
			x := randomSlice(rng, n*tc.shape.Size(), -1, 1)
			if tc.act == ReLU {
				avoidKinks(t, l, tc.shape, n, x)
			}
			checkLayerGradients(t, l, tc.shape, n, x, rng)
		})
	}
}

func TestConvWindows(t *testing.T) {
	for _, tc := range []struct {
		in                    Shape
		k, stride             int
		padding               Padding
		outH, outW, top, left int
	}{
		{Shape{28, 28, 1}, 5, 1, Same, 28, 28, 2, 2}, // the reference: the padding is k/2
		{Shape{28, 28, 1}, 5, 1, Valid, 24, 24, 0, 0},
		{Shape{7, 8, 1}, 3, 2, Same, 4, 4, 1, 0}, // TensorFlow: padding 2 above (1 + 1), 1 left (0 + 1)
		{Shape{6, 6, 1}, 4, 1, Same, 6, 6, 1, 1}, // 3 in all: 1 above, 2 below
		{Shape{14, 14, 1}, 3, 3, Valid, 4, 4, 0, 0},
	} {
		g, err := convWindow(tc.in, tc.k, tc.stride, tc.padding)
		if err != nil || g.OutH != tc.outH || g.OutW != tc.outW || g.PadTop != tc.top || g.PadLeft != tc.left {
			t.Errorf("%v, k %d, stride %d, %v: %+v, %v", tc.in, tc.k, tc.stride, tc.padding, g, err)
		}
	}
	if _, err := convWindow(Shape{4, 4, 1}, 5, 1, Valid); err == nil || !strings.Contains(err.Error(), "smaller than the 5x5 kernel") {
		t.Errorf("a 5x5 VALID kernel over 4x4: %v", err)
	}
	for _, tc := range []struct {
		in           Shape
		size, stride int
		outH, outW   int
	}{
		{Shape{28, 28, 1}, 2, 2, 14, 14},
		{Shape{7, 7, 1}, 2, 2, 4, 4}, // the reference's pool2: the last window overhangs
		{Shape{7, 5, 1}, 3, 2, 3, 2},
		{Shape{5, 5, 1}, 1, 3, 2, 2}, // no window may start past the input
	} {
		g, err := poolWindow(tc.in, tc.size, tc.stride)
		if err != nil || g.OutH != tc.outH || g.OutW != tc.outW {
			t.Errorf("pool %v, size %d, stride %d: %+v, %v", tc.in, tc.size, tc.stride, g, err)
		}
	}
	if _, err := poolWindow(Shape{1, 1, 8}, 2, 2); err == nil || !strings.Contains(err.Error(), "input is 1x1, smaller than the 2x2 window") {
		t.Errorf("a 2x2 window over 1x1: %v", err)
	}
}

// avoidKinks shifts the bias until no pre-activation lies within 2·fdEpsilon·(fan-in) of
// zero, where ReLU's derivative jumps and finite differences mean nothing.
func avoidKinks(t *testing.T, c *Conv2D, in Shape, n int, x []float32) {
	t.Helper()
	act := c.Act
	c.Act = Identity
	defer func() { c.Act = act }()
	p := c.newPass(in, n)
	for try := range 100 {
		y := p.forward(x, n, &passContext{})
		near := false
		for _, v := range y {
			if math.Abs(float64(v)) < 0.1 {
				near = true
				break
			}
		}
		if !near {
			return
		}
		for i := range c.Bias.Value {
			c.Bias.Value[i] += 0.013 * float32(try%7-3)
		}
	}
	t.Skip("could not move pre-activations away from zero")
}

func TestDenseGradients(t *testing.T) {
	for _, act := range []ActivationFunc{Identity, ReLU, Tanh, Sigmoid} {
		rng := rand.New(rand.NewPCG(2, 2))
		l := NewDense("fc", 7, 5, act, Init{Stddev: 0.5, Bias: 0.1}, rng)
		n := 3
		x := randomSlice(rng, n*7, -1, 1)
		if act == ReLU {
			// Make every pre-activation positive so no value sits on the kink.
			fill(l.Bias.Value, 5)
		}
		checkLayerGradients(t, l, Shape{1, 1, 7}, n, x, rng)
	}
}

func TestMaxPoolGradients(t *testing.T) {
	for _, tc := range []struct {
		name         string
		shape        Shape
		lo, hi       float64
		size, stride int
	}{
		{"even", Shape{4, 4, 2}, -1, 1, 2, 2},
		{"odd sizes", Shape{5, 3, 3}, -1, 1, 2, 2},
		{"all negative", Shape{4, 6, 2}, -5, -1, 2, 2},
		{"overlapping 3x3 by 2", Shape{7, 6, 2}, -1, 1, 3, 2},
		{"gaps: 2x2 by 3", Shape{8, 7, 1}, -1, 1, 2, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 3))
			n := 2
			// Distinct values far apart (relative to fdEpsilon), so no window has a near tie.
			x := make([]float32, n*tc.shape.Size())
			perm := rng.Perm(len(x))
			for i := range x {
				x[i] = float32(tc.lo + (tc.hi-tc.lo)*float64(perm[i])/float64(len(x)))
			}
			pool := NewMaxPool("pool")
			pool.Size, pool.Stride = tc.size, tc.stride
			checkLayerGradients(t, pool, tc.shape, n, x, rng)
		})
	}
}

func TestAvgPoolGradients(t *testing.T) {
	for _, tc := range []struct {
		shape        Shape
		size, stride int
	}{
		{Shape{4, 4, 2}, 2, 2}, {Shape{5, 3, 3}, 2, 2}, {Shape{7, 6, 2}, 3, 2}, {Shape{8, 7, 1}, 2, 3},
	} {
		rng := rand.New(rand.NewPCG(5, 5))
		n := 2
		checkLayerGradients(t, NewAvgPool("avg", tc.size, tc.stride), tc.shape, n, randomSlice(rng, n*tc.shape.Size(), -1, 1), rng)
	}
	// The window at the bottom-right corner of a 3×3 input covers one pixel: its mean is
	// that pixel, not a quarter of it.
	y := NewAvgPool("avg", 2, 2).newPass(Shape{3, 3, 1}, 1).forward([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, inference)
	if want := []float32{3, 4.5, 7.5, 9}; !slices.Equal(y, want) {
		t.Fatalf("average pool of 3×3 = %v, want %v", y, want)
	}
}

// poolContexts are the two ways pooling runs: recording its maxima for a backward pass,
// and forward only.
var poolContexts = map[string]*passContext{"recording": inference, "forward only": forwardOnly}

func TestMaxPoolAllNegativeWindow(t *testing.T) {
	for name, ctx := range poolContexts {
		p := NewMaxPool("pool").newPass(Shape{2, 2, 1}, 1)
		y := p.forward([]float32{-3, -1, -4, -2}, 1, ctx)
		if y[0] != -1 {
			t.Fatalf("%s: max of {-3,-1,-4,-2} = %v, want -1", name, y[0])
		}
	}
}

func TestMaxPoolOddShape(t *testing.T) {
	// 3×3 pools to 2×2: the right column and bottom row windows cover one or two pixels.
	for name, ctx := range poolContexts {
		p := NewMaxPool("pool").newPass(Shape{3, 3, 1}, 1)
		y := p.forward([]float32{
			1, 2, 3,
			4, 5, 6,
			7, 8, 9,
		}, 1, ctx)
		want := []float32{5, 6, 8, 9}
		for i := range want {
			if y[i] != want[i] {
				t.Fatalf("%s: pool of 3×3 = %v, want %v", name, y, want)
			}
		}
	}
}

func TestMaxPoolForwardOnlyMatchesRecording(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	in := Shape{7, 5, 3}
	x := randomSlice(rng, 2*in.Size(), -1, 1)
	rec := NewMaxPool("pool").newPass(in, 2).forward(x, 2, inference)
	fwd := NewMaxPool("pool").newPass(in, 2).forward(x, 2, forwardOnly)
	for i := range rec {
		if rec[i] != fwd[i] {
			t.Fatalf("value %d: %v recording, %v forward only", i, rec[i], fwd[i])
		}
	}
}

func TestDropoutGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	l := NewDropout("dropout", 0.6)
	n, in := 3, Shape{1, 1, 40}
	p := l.newPass(in, n)
	ctx := &passContext{train: true, seed: 7, step: 3}
	x := randomSlice(rng, n*in.Size(), -1, 1)
	y := append([]float32(nil), p.forward(x, n, ctx)...)
	dy := randomSlice(rng, len(y), -1, 1)
	want := append([]float32(nil), dy...)
	dx := p.backward(dy, n, nil, true)
	kept := 0
	for i := range y {
		switch y[i] {
		case 0:
			if dx[i] != 0 {
				t.Fatalf("dropped value %d has gradient %v", i, dx[i])
			}
		default:
			kept++
			scale := float64(y[i]) / float64(x[i])
			if math.Abs(scale-1/0.6) > 1e-5 || math.Abs(float64(dx[i])-float64(want[i])*scale) > 1e-5 {
				t.Fatalf("kept value %d: y/x = %v, dx = %v, want scale %v and dx %v", i, scale, dx[i], 1/0.6, float64(want[i])*scale)
			}
		}
	}
	// 120 values kept with probability 0.6: 72 expected, standard deviation 5.4.
	if kept < 50 || kept > 94 {
		t.Fatalf("kept %d of 120 values, want about 72", kept)
	}
}

func TestDropoutIsIdentityAtInference(t *testing.T) {
	p := NewDropout("dropout", 0.5).newPass(Shape{1, 1, 4}, 1)
	x := []float32{1, 2, 3, 4}
	y := p.forward(x, 1, inference)
	for i := range x {
		if y[i] != x[i] {
			t.Fatalf("inference dropout changed %v to %v", x, y)
		}
	}
}

func TestDropoutMaskDependsOnExampleNotSplit(t *testing.T) {
	// The same example at the same step gets the same mask whether it is the first example
	// of a worker's share or the third.
	in := Shape{1, 1, 64}
	x := make([]float32, 3*in.Size())
	fill(x, 1)
	whole := NewDropout("d", 0.5).newPass(in, 3)
	yWhole := whole.forward(x, 3, &passContext{train: true, seed: 1, step: 9})
	part := NewDropout("d", 0.5).newPass(in, 1)
	yPart := part.forward(x[:in.Size()], 1, &passContext{train: true, seed: 1, step: 9, first: 2})
	for i := range yPart {
		if yPart[i] != yWhole[2*in.Size()+i] {
			t.Fatalf("mask of example 2 differs at %d when computed alone", i)
		}
	}
}

func TestSoftmaxCrossEntropyGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n, k := 4, 10
	logits := randomSlice(rng, n*k, -3, 3)
	labels := []uint8{3, 0, 9, 5}
	d := make([]float32, n*k)
	softmaxCrossEntropy(logits, labels, n, k, 1, d)
	for i := range logits {
		orig := logits[i]
		logits[i] = orig + fdEpsilon
		up, _ := softmaxCrossEntropy(logits, labels, n, k, 1, nil)
		logits[i] = orig - fdEpsilon
		down, _ := softmaxCrossEntropy(logits, labels, n, k, 1, nil)
		logits[i] = orig
		numeric := (up - down) / (2 * fdEpsilon)
		if math.Abs(float64(d[i])-numeric) > 1e-3 {
			t.Fatalf("dlogits[%d] = %v, numeric %v", i, d[i], numeric)
		}
	}
}

func TestSoftmaxCrossEntropyIsStable(t *testing.T) {
	// Logits of ±1000 overflow a naive exp; the loss must stay finite and exact.
	logits := []float32{1000, -1000, 0}
	loss, correct := softmaxCrossEntropy(logits, []uint8{1}, 1, 3, 1, nil)
	if loss != 2000 || correct != 0 {
		t.Fatalf("loss %v correct %d, want 2000 and 0", loss, correct)
	}
	loss, correct = softmaxCrossEntropy(logits, []uint8{0}, 1, 3, 1, nil)
	if loss != 0 || correct != 1 {
		t.Fatalf("loss %v correct %d, want 0 and 1", loss, correct)
	}
}

func TestNetworkGradients(t *testing.T) {
	// A small network of every layer kind, checked end to end through the loss, so the
	// layers' passes are wired together correctly.
	rng := rand.New(rand.NewPCG(6, 6))
	net := &Network{Input: Shape{6, 5, 1}, Layers: []Layer{
		NewConv2D("c1", 3, 1, 2, Identity, Init{Stddev: 0.5, Bias: 0.1}, rng),
		NewMaxPool("p1"),
		NewConv2D("c2", 3, 2, 3, Identity, Init{Stddev: 0.5, Bias: 0.1}, rng),
		NewMaxPool("p2"),
		NewDense("fc", 2*2*3, 4, Identity, Init{Stddev: 0.5, Bias: 0.1}, rng),
		NewDense("out", 4, Classes, Identity, Init{Stddev: 0.5, Bias: 0.1}, rng),
	}}
	checkNetworkGradients(t, net, randomSlice(rng, 2*net.Input.Size(), 0, 1), []uint8{2, 7})
}

// checkNetworkGradients checks the gradients of net's loss on the examples x with labels
// against finite differences, for every parameter.
func checkNetworkGradients(t *testing.T, net *Network, x []float32, labels []uint8) {
	t.Helper()
	n := len(labels)
	p := net.newPass(n)
	loss := func() float64 {
		l, _ := softmaxCrossEntropy(p.forward(x, n, inference), labels, n, Classes, 1, nil)
		return l
	}
	params := net.Params()
	grads := make([][]float32, len(params))
	for i, pr := range params {
		grads[i] = make([]float32, len(pr.Value))
	}
	logits := p.forward(x, n, inference)
	softmaxCrossEntropy(logits, labels, n, Classes, 1, logits)
	p.backward(logits, n, grads)
	for i, pr := range params {
		checkDifferences(t, pr.Name, pr.Value, grads[i], loss)
	}
}

func TestGemmSingleRowMatchesMatrixProduct(t *testing.T) {
	// gemm takes a matrix-vector path for m = 1; it must agree with the general product,
	// computed here by hand, for both layouts of b.
	rng := rand.New(rand.NewPCG(7, 7))
	k, n := 5, 3
	a := randomSlice(rng, k, -1, 1)
	b := randomSlice(rng, k*n, -1, 1) // k×n
	bt := make([]float32, n*k)        // n×k, its transpose
	for i := range k {
		for j := range n {
			bt[j*k+i] = b[i*n+j]
		}
	}
	for _, trans := range []bool{false, true} {
		c := []float32{1, 1, 1}
		src := b
		if trans {
			src = bt
		}
		gemm(false, trans, 1, n, k, 2, a, src, 0.5, c)
		for j := range n {
			var want float64 = 0.5
			for i := range k {
				want += 2 * float64(a[i]) * float64(b[i*n+j])
			}
			if math.Abs(float64(c[j])-want) > 1e-5 {
				t.Fatalf("transB=%v: c[%d] = %v, want %v", trans, j, c[j], want)
			}
		}
	}
}

func TestGemmPartsMatchesOneProduct(t *testing.T) {
	// Big enough to be split: 3 parts over 101 rows, uneven blocks, both layouts of b; one
	// row, split over k = 1001 in uneven blocks; one row with k smaller than the parts.
	rng := rand.New(rand.NewPCG(10, 10))
	for _, size := range []struct{ m, n, k int }{{101, 64, 48}, {1, 300, 1001}, {1, 1 << 18, 2}} {
		m, n, k := size.m, size.n, size.k
		a := randomSlice(rng, m*k, -1, 1)
		b := randomSlice(rng, k*n, -1, 1)
		c0 := randomSlice(rng, m*n, -1, 1)
		for _, trans := range []bool{false, true} {
			want := append([]float32(nil), c0...)
			gemm(false, trans, m, n, k, 2, a, b, 0.5, want)
			got := append([]float32(nil), c0...)
			gemmParts(3, false, trans, m, n, k, 2, a, b, 0.5, got)
			for i := range want {
				if math.Abs(float64(got[i]-want[i])) > 1e-3 {
					t.Fatalf("%dx%dx%d, transB=%v: c[%d] = %v split, %v in one product", m, n, k, trans, i, got[i], want[i])
				}
			}
		}
	}
}
