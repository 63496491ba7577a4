package cnn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The kernels must give exactly what their Go twins give, for every value: a run trains the
// same whichever build made it. (Built with -tags purego, each kernel is its twin.)

// kernelLengths are lengths around the kernels' 8-value blocks.
var kernelLengths = []int{0, 1, 7, 8, 9, 31, 1003}

// specialValues are mixed into the inputs: zeros of both signs, infinities, NaN, the
// smallest subnormal.
var specialValues = []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
	float32(math.NaN()), math.SmallestNonzeroFloat32}

// withSpecials returns n values from lo to hi with a special value at about every tenth
// place.
func withSpecials(rng *rand.Rand, n int, lo, hi float64) []float32 {
	v := randomSlice(rng, n, lo, hi)
	for i := range v {
		if rng.IntN(10) == 0 {
			v[i] = specialValues[rng.IntN(len(specialValues))]
		}
	}
	return v
}

// sameFloats reports the first index where got and want differ in their bits, treating
// any two NaNs as equal, or -1.
func sameFloats(got, want []float32) int {
	if len(got) != len(want) {
		return 0
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
			return i
		}
	}
	return -1
}

func clone2(v []float32) ([]float32, []float32) { return slices.Clone(v), slices.Clone(v) }

func TestAdamKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range kernelLengths {
		theta1, theta2 := clone2(randomSlice(rng, n, -1, 1))
		g := withSpecials(rng, n, -1, 1)
		m1, m2 := clone2(randomSlice(rng, n, -0.1, 0.1))
		v1, v2 := clone2(randomSlice(rng, n, 0, 0.01))
		largest1 := adamKernel(theta1, g, m1, v1, 0.9, 0.999, 1e-8, 3e-4)
		largest2 := adamGo(theta2, g, m2, v2, 0.9, 0.999, 1e-8, 3e-4)
		for name, pair := range map[string][2][]float32{"theta": {theta1, theta2}, "m": {m1, m2}, "v": {v1, v2}} {
			if i := sameFloats(pair[0], pair[1]); i >= 0 {
				t.Fatalf("n=%d: %s[%d] = %v, Go gives %v", n, name, i, pair[0][i], pair[1][i])
			}
		}
		want := largestMagnitude(slices.Concat(theta2, m2, v2))
		if sameFloats([]float32{largest1, largest2}, []float32{want, want}) >= 0 {
			t.Fatalf("n=%d: largest magnitude %v, Go gives %v, the new values' is %v", n, largest1, largest2, want)
		}
	}
}

// TestAdamKernelMeasuresEveryValue checks the largest magnitude Adam's kernel and its twin
// return when the largest new value is a first moment, a second moment or a weight, in
// the vectorised part and in the tail, with finite gradients.
func TestAdamKernelMeasuresEveryValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	const n = 1003
	for _, which := range []string{"m", "v", "theta"} {
		for _, at := range []int{5, n - 2} { // in a vector of 8, and past the last
			theta1, theta2 := clone2(randomSlice(rng, n, -1, 1))
			m1, m2 := clone2(randomSlice(rng, n, -0.1, 0.1))
			v1, v2 := clone2(randomSlice(rng, n, 0, 0.01))
			g := randomSlice(rng, n, -1, 1)
			switch which {
			case "m":
				m1[at], m2[at] = 1e6, 1e6
			case "v":
				v1[at], v2[at] = 1e9, 1e9
			case "theta":
				theta1[at], theta2[at] = -1e7, -1e7
			}
			largest1 := adamKernel(theta1, g, m1, v1, 0.9, 0.999, 1e-8, 3e-4)
			largest2 := adamGo(theta2, g, m2, v2, 0.9, 0.999, 1e-8, 3e-4)
			want := largestMagnitude(slices.Concat(theta2, m2, v2))
			if want < 1e5 || sameFloats([]float32{largest1, largest2}, []float32{want, want}) >= 0 {
				t.Errorf("largest %s at %d: kernel %v, Go %v, the new values' largest %v", which, at, largest1, largest2, want)
			}
		}
	}
}

func TestAccumulateKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, n := range kernelLengths {
		for _, specials := range []bool{false, true} {
			g := randomSlice(rng, n, -1, 1)
			if specials {
				g = withSpecials(rng, n, -1, 1)
			}
			sum1, sum2 := clone2(randomSlice(rng, n, -1, 1))
			largest1, largest2 := accumulateKernel(sum1, g), accumulateGo(sum2, g)
			if i := sameFloats(sum1, sum2); i >= 0 {
				t.Fatalf("n=%d: sum[%d] = %v, Go gives %v", n, i, sum1[i], sum2[i])
			}
			want := largestMagnitude(sum2)
			if sameFloats([]float32{largest1, largest2}, []float32{want, want}) >= 0 {
				t.Fatalf("n=%d: largest magnitude %v, Go gives %v, the sums' is %v", n, largest1, largest2, want)
			}
			if m1, m2 := magnitudeKernel(sum2), magnitudeGo(sum2); sameFloats([]float32{m1, m2}, []float32{want, want}) >= 0 {
				t.Fatalf("n=%d: largest magnitude %v, Go gives %v, the sums' is %v", n, m1, m2, want)
			}
		}
	}
}

// largestMagnitude returns the largest |v| of v's values, or NaN if one is not finite.
func largestMagnitude(v []float32) float32 {
	var m float64
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return float32(math.NaN())
		}
		m = math.Max(m, math.Abs(float64(x)))
	}
	return float32(m)
}

func TestAddBiasActivateKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, cols := range kernelLengths[1:] {
		for _, relu := range []bool{false, true} {
			b := withSpecials(rng, cols, -1, 1)
			y1, y2 := clone2(withSpecials(rng, 3*cols, -1, 1))
			addBiasActivateKernel(y1, b, relu)
			addBiasActivateGo(y2, b, relu)
			if i := sameFloats(y1, y2); i >= 0 {
				t.Fatalf("cols=%d relu=%v: y[%d] = %v, Go gives %v", cols, relu, i, y1[i], y2[i])
			}
		}
	}
}

func TestReluGradKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, cols := range kernelLengths[1:] {
		y := withSpecials(rng, 3*cols, 0, 1)
		for i := range y {
			if rng.IntN(2) == 0 {
				y[i] = 0 // a closed ReLU, as often as an open one
			}
		}
		g1, g2 := clone2(withSpecials(rng, 3*cols, -1, 1))
		db1, db2 := clone2(randomSlice(rng, cols, -1, 1)) // overwritten, not added to
		reluGradKernel(g1, y, db1)
		reluGradGo(g2, y, db2)
		if i := sameFloats(g1, g2); i >= 0 {
			t.Fatalf("cols=%d: g[%d] = %v, Go gives %v", cols, i, g1[i], g2[i])
		}
		if i := sameFloats(db1, db2); i >= 0 {
			t.Fatalf("cols=%d: db[%d] = %v, Go gives %v", cols, i, db1[i], db2[i])
		}
	}
}

func TestMaxPoolKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, tc := range []struct {
		in           Shape
		size, stride int
	}{
		{Shape{2, 2, 1}, 2, 2}, {Shape{5, 7, 3}, 2, 2}, {Shape{3, 3, 9}, 2, 2}, {Shape{28, 28, 32}, 2, 2},
		{Shape{14, 14, 64}, 2, 2}, {Shape{7, 5, 17}, 2, 2}, {Shape{9, 8, 11}, 3, 2}, {Shape{9, 8, 19}, 2, 3}, {Shape{4, 4, 8}, 1, 1},
	} {
		const n = 2
		in := tc.in
		g, err := poolWindow(in, tc.size, tc.stride)
		if err != nil {
			t.Fatal(err)
		}
		x := withSpecials(rng, n*in.Size(), -1, 1)
		for i := range x {
			if rng.IntN(3) == 0 {
				x[i] = float32(rng.IntN(3)) // ties: the first of equal values wins
			}
		}
		outSize := n * g.OutH * g.OutW * in.C
		for _, record := range []bool{false, true} {
			y1, y2 := make([]float32, outSize), make([]float32, outSize)
			var arg1, arg2 []int32
			if record {
				arg1, arg2 = make([]int32, outSize), make([]int32, outSize)
			}
			maxPoolKernel(x, n, in, g, y1, arg1)
			maxPoolGo(x, n, in, g, y2, arg2)
			if i := sameFloats(y1, y2); i >= 0 {
				t.Fatalf("%v: y[%d] = %v, Go gives %v", in, i, y1[i], y2[i])
			}
			if !slices.Equal(arg1, arg2) {
				t.Fatalf("%v: argmax differs from Go's", in)
			}
		}
	}
}

// patchCases are the images and windows im2col, col2im and the direct convolution are
// tested on: the network's two convolutions, odd sizes, a kernel larger than the image,
// 1×1, strides, VALID padding, windows that stop short of the last row and column, and an
// even kernel.
var patchCases = []struct {
	in        Shape
	k, stride int
	padding   Padding
}{
	{Shape{14, 14, 32}, 5, 1, Same}, {Shape{28, 28, 1}, 5, 1, Same}, {Shape{5, 3, 3}, 3, 1, Same}, {Shape{2, 2, 9}, 5, 1, Same},
	{Shape{3, 4, 17}, 1, 1, Same}, {Shape{28, 28, 1}, 3, 2, Same}, {Shape{9, 7, 5}, 3, 2, Valid}, {Shape{8, 8, 3}, 4, 1, Same},
	{Shape{11, 10, 2}, 7, 3, Same}, {Shape{6, 6, 4}, 2, 2, Valid}, {Shape{8, 10, 3}, 3, 2, Valid},
}

// patchWindow returns the windows of a patch case.
func patchWindow(t *testing.T, in Shape, k, stride int, padding Padding) window {
	t.Helper()
	g, err := convWindow(in, k, stride, padding)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestIm2colKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, tc := range patchCases {
		const n = 2
		g := patchWindow(t, tc.in, tc.k, tc.stride, tc.padding)
		x := withSpecials(rng, n*tc.in.Size(), -1, 1)
		size := n * g.OutH * g.OutW * tc.k * tc.k * tc.in.C
		cols1, cols2 := clone2(randomSlice(rng, size, -1, 1))                     // overwritten
		padded1, padded2 := clone2(randomSlice(rng, paddedSize(tc.in, g), -1, 1)) // scratch, any values
		im2colKernel(x, n, tc.in, g, cols1, padded1)
		im2colGo(x, n, tc.in, g, cols2, padded2)
		if i := sameFloats(cols1, cols2); i >= 0 {
			t.Fatalf("%v %+v: cols[%d] = %v, Go gives %v", tc.in, g, i, cols1[i], cols2[i])
		}
		if i := sameFloats(cols2, patches(x, n, tc.in, g)); i >= 0 {
			t.Fatalf("%v %+v: cols[%d] = %v, not the patch's value", tc.in, g, i, cols2[i])
		}
	}
}

// patches returns im2col's matrix by its definition: row (b·OutH + oy)·OutW + ox holds
// the value at (ky, kx, c) of window (oy, ox) over example b, or 0 outside the image.
func patches(x []float32, n int, in Shape, g window) []float32 {
	var cols []float32
	for b := range n {
		for oy := range g.OutH {
			for ox := range g.OutW {
				for ky := range g.K {
					for kx := range g.K {
						for c := range in.C {
							iy, ix := oy*g.Stride-g.PadTop+ky, ox*g.Stride-g.PadLeft+kx
							var v float32
							if iy >= 0 && iy < in.H && ix >= 0 && ix < in.W {
								v = x[b*in.Size()+(iy*in.W+ix)*in.C+c]
							}
							cols = append(cols, v)
						}
					}
				}
			}
		}
	}
	return cols
}

func TestCol2imKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, tc := range patchCases {
		const n = 2
		g := patchWindow(t, tc.in, tc.k, tc.stride, tc.padding)
		cols := withSpecials(rng, n*g.OutH*g.OutW*tc.k*tc.k*tc.in.C, -1, 1)
		dx1, dx2 := clone2(randomSlice(rng, n*tc.in.Size(), -1, 1)) // overwritten
		col2imKernel(cols, n, tc.in, g, dx1)
		col2imGo(cols, n, tc.in, g, dx2)
		if i := sameFloats(dx1, dx2); i >= 0 {
			t.Fatalf("%v %+v: dx[%d] = %v, Go gives %v", tc.in, g, i, dx1[i], dx2[i])
		}
	}
}

func TestConvSingleKernelMatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tc := range patchCases {
		if tc.in.C != 1 {
			continue
		}
		for _, out := range []int{1, 8, 9, 32, 40} {
			const n = 2
			g := patchWindow(t, tc.in, tc.k, tc.stride, tc.padding)
			x := withSpecials(rng, n*tc.in.Size(), 0, 1)
			wt := randomSlice(rng, tc.k*tc.k*out, -1, 1)
			y1, y2 := make([]float32, n*g.OutH*g.OutW*out), make([]float32, n*g.OutH*g.OutW*out)
			convSingleKernel(x, n, tc.in, g, wt, out, y1)
			convSingleGo(x, n, tc.in, g, wt, out, y2)
			if i := sameFloats(y1, y2); i >= 0 {
				t.Fatalf("%v %+v out=%d: y[%d] = %v, Go gives %v", tc.in, g, out, i, y1[i], y2[i])
			}
		}
	}
}

func TestForwardOnlySingleChannelConvMatchesMatrixProduct(t *testing.T) {
	// A forward pass that no backward follows convolves one-channel inputs directly;
	// one that keeps the patches for backward goes through im2col and a matrix product.
	rng := rand.New(rand.NewPCG(8, 8))
	for _, tc := range patchCases {
		if tc.in.C != 1 {
			continue
		}
		conv := NewConv2D("conv", tc.k, 1, 32, ReLU, Init{Stddev: 0.1, Bias: 0.1}, rng)
		conv.Stride, conv.Padding = tc.stride, tc.padding
		x := randomSlice(rng, 3*tc.in.Size(), 0, 1)
		want := slices.Clone(conv.newPass(tc.in, 3).forward(x, 3, inference))
		got := conv.newPass(tc.in, 3).forward(x, 3, forwardOnly)
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-5 {
				t.Fatalf("%v k=%d stride %d: y[%d] = %v directly, %v through the matrix product", tc.in, tc.k, tc.stride, i, got[i], want[i])
			}
		}
	}
}

func TestReluTurnsNegativeZeroIntoZero(t *testing.T) {
	// A ReLU output is zero exactly when its bits are clear: the ReLU's gradient relies on it.
	negZero := float32(math.Copysign(0, -1))
	for name, f := range map[string]func(y, b []float32, relu bool){"kernel": addBiasActivateKernel, "Go": addBiasActivateGo} {
		y := []float32{negZero, -1, 2, negZero, 0, 0, 0, 0, 0}
		f(y, []float32{negZero, 0, 0, 0, 0, 0, 0, 0, 0}, true)
		if math.Float32bits(y[0]) != 0 || math.Float32bits(y[1]) != 0 || y[2] != 2 || math.Float32bits(y[3]) != 0 {
			t.Errorf("%s: ReLU gave %v, want +0 for -0 and for -1", name, y[:4])
		}
	}
}

func TestAdamProbeKernelFindsWhatAdamMakesNotFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, n := range kernelLengths {
		for _, gScale := range []float32{1, 1e20} { // 1e20 is finite, its square is not
			theta := randomSlice(rng, n, -1, 1)
			g := withSpecials(rng, n, -1, 1)
			if gScale != 1 {
				g = randomSlice(rng, n, -1, 1)
				if n > 0 {
					g[rng.IntN(n)] *= gScale
				}
			}
			m, v := randomSlice(rng, n, -0.1, 0.1), randomSlice(rng, n, 0, 0.01)
			probe1 := adamProbeKernel(theta, g, m, v, 0.9, 0.999, 1e-8, 3e-4)
			probe2 := adamProbeGo(theta, g, m, v, 0.9, 0.999, 1e-8, 3e-4)
			adamGo(theta, g, m, v, 0.9, 0.999, 1e-8, 3e-4)
			notFinite := func(x float32) bool { return math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) }
			finite := !slices.ContainsFunc(theta, notFinite) && !slices.ContainsFunc(m, notFinite) && !slices.ContainsFunc(v, notFinite)
			if finite != (probe1 == 0) || finite != (probe2 == 0) {
				t.Fatalf("n=%d, gradient scale %g: probes %v and %v (Go) for an update whose values are finite: %v", n, gScale, probe1, probe2, finite)
			}
		}
	}
}
