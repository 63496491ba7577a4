package cnn

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestWinogradMatricesComputeTheCorrelationExactly(t *testing.T) {
	// Y = Aᵀ[(G g) ⊙ (Bᵀ d)] is bilinear in g and d: holding for every pair of unit
	// vectors, in exact arithmetic, it holds for all. The 2-D transform is this one applied
	// to rows and then to columns.
	for _, pts := range [][]string{winoPoints, reciprocalPoints} {
		at, g, bt := cookToom(pts, winoOut, winoK)
		for k := range winoK {
			for l := range winoTile {
				for i := range winoOut {
					want := new(big.Rat) // y_i = Σ_k g_k d_{i+k}
					if l == i+k {
						want.SetInt64(1)
					}
					got := new(big.Rat)
					for j := range winoTile {
						got.Add(got, new(big.Rat).Mul(at[i][j], new(big.Rat).Mul(g[j][k], bt[j][l])))
					}
					if got.Cmp(want) != 0 {
						t.Fatalf("points %v: g=e%d, d=e%d: y%d = %v, want %v", pts, k, l, i, got, want)
					}
				}
			}
		}
	}
	// Bᵀ and Aᵀ, which the data meet, are exact in float32.
	at, _, bt := cookToom(winoPoints, winoOut, winoK)
	for name, m := range map[string][][]*big.Rat{"Aᵀ": at, "Bᵀ": bt} {
		for _, row := range m {
			for _, v := range row {
				if _, exact := v.Float32(); !exact {
					t.Errorf("%s holds %v, not exact in float32", name, v)
				}
			}
		}
	}
}

// winogradTileError returns the root-mean-square error, relative to the outputs' root mean
// square, of the 2×2 outputs of 4000 random 6×6 tiles over in channels computed with the
// transforms of the points pts in float32, against the direct sums in float64. The tiles
// are the same for every pts.
func winogradTileError(pts []string, in int) float64 {
	rng := rand.New(rand.NewPCG(20, 20))
	mats := newWinoMatrices(cookToom(pts, winoOut, winoK))
	var errs, outs float64
	for range 4000 {
		var m [winoTiles]float32
		want := make([]float64, winoOut*winoOut)
		for range in {
			d, w := randomSlice(rng, winoTiles, -1, 1), randomSlice(rng, winoTaps, -1, 1)
			var u, v, t [winoTiles]float32
			winoSandwich(mats.g, winoTile, winoK, w, t[:], u[:])
			winoSandwich(mats.bt, winoTile, winoTile, d, t[:], v[:])
			for xi := range m {
				m[xi] += u[xi] * v[xi]
			}
			for i := range winoOut {
				for j := range winoOut {
					for k := range winoTaps {
						want[i*winoOut+j] += float64(w[k]) * float64(d[(i+k/winoK)*winoTile+j+k%winoK])
					}
				}
			}
		}
		var y, t [winoTiles]float32
		winoSandwich(mats.at, winoOut, winoTile, m[:], t[:], y[:])
		for i, v := range want {
			errs += (float64(y[i]) - v) * (float64(y[i]) - v)
			outs += v * v
		}
	}
	return math.Sqrt(errs / outs)
}

// reciprocalPoints are the alternative to winoPoints: their reciprocals, 0 and ∞ swapped.
var reciprocalPoints = []string{"0", "1", "-1", "1/2", "-1/2"}

func TestWinogradPointsAccuracy(t *testing.T) {
	chosen := winogradTileError(winoPoints, 32)
	other := winogradTileError(reciprocalPoints, 32)
	t.Logf("float32 RMS error relative to the outputs' RMS, 32 channels: points %v %.2g, points %v %.2g",
		winoPoints, chosen, reciprocalPoints, other)
	if chosen > other || chosen > 1e-5 {
		t.Errorf("the points %v err by %.2g, %v by %.2g", winoPoints, chosen, reciprocalPoints, other)
	}
}

// winoCases are the inputs the Winograd path is tested on: conv2 of the reference network,
// odd sizes whose tiles overhang, an input smaller than the kernel, VALID padding, and
// channel counts around the kernels' 16- and 8-lane blocks (25 and 24 take both widths and,
// for 25, the scalar loop).
var winoCases = []struct {
	in      Shape
	out     int
	padding Padding
}{
	{Shape{14, 14, 32}, 64, Same}, {Shape{7, 9, 17}, 9, Same}, {Shape{3, 2, 16}, 8, Same},
	{Shape{9, 8, 19}, 23, Valid}, {Shape{5, 5, 16}, 1, Valid}, {Shape{6, 11, 1}, 7, Same},
	{Shape{5, 7, 25}, 24, Same},
}

func TestWinogradKernelsMatchGo(t *testing.T) {
	bt, at, g := winoMatricesKernel()
	if !slices.Equal(bt, wino.bt) || !slices.Equal(at, wino.at) || !slices.Equal(g, wino.g) {
		t.Fatalf("the kernels' transforms Bᵀ %v, Aᵀ %v, G %v are not the Cook–Toom ones %v, %v, %v",
			bt, at, g, wino.bt, wino.at, wino.g)
	}
	rng := rand.New(rand.NewPCG(21, 21))
	for _, tc := range winoCases {
		const n = 2
		in, out := tc.in, tc.out
		g := patchWindow(t, in, winoK, 1, tc.padding)
		th, tw := winoTilesOf(g)
		tiles := n * th * tw
		name := fmt.Sprintf("%v→%d %v", in, out, tc.padding)
		check := func(what string, got, want []float32) {
			t.Helper()
			if i := sameFloats(got, want); i >= 0 {
				t.Fatalf("%s: %s[%d] = %v, Go gives %v", name, what, i, got[i], want[i])
			}
		}

		x := withSpecials(rng, n*in.Size(), -1, 1)
		v1, v2 := clone2(randomSlice(rng, winoTiles*tiles*in.C, -1, 1)) // overwritten
		winoInputKernel(x, n, in, g, v1)
		winoInputGo(x, n, in, g, v2)
		check("v", v1, v2)

		dv := withSpecials(rng, winoTiles*tiles*in.C, -1, 1)
		dx1, dx2 := clone2(randomSlice(rng, n*in.Size(), -1, 1))
		winoInputGradKernel(dv, n, in, g, dx1)
		winoInputGradGo(dv, n, in, g, dx2)
		check("dx", dx1, dx2)

		m := withSpecials(rng, winoTiles*tiles*out, -1, 1)
		y1, y2 := clone2(randomSlice(rng, n*g.OutH*g.OutW*out, -1, 1))
		winoOutputKernel(m, n, g, out, y1)
		winoOutputGo(m, n, g, out, y2)
		check("y", y1, y2)

		dy := withSpecials(rng, n*g.OutH*g.OutW*out, -1, 1)
		dm1, dm2 := clone2(randomSlice(rng, winoTiles*tiles*out, -1, 1))
		winoOutputGradKernel(dy, n, g, out, dm1)
		winoOutputGradGo(dy, n, g, out, dm2)
		check("dm", dm1, dm2)

		wt := withSpecials(rng, winoTaps*in.C*out, -1, 1)
		u1, u2 := clone2(randomSlice(rng, winoTiles*in.C*out, -1, 1))
		winoFilterKernel(wt, in.C, out, u1)
		winoFilterGo(wt, in.C, out, u2)
		check("u", u1, u2)

		du := withSpecials(rng, winoTiles*in.C*out, -1, 1)
		dw1, dw2 := clone2(randomSlice(rng, winoTaps*in.C*out, -1, 1))
		winoFilterGradKernel(du, in.C, out, dw1)
		winoFilterGradGo(du, in.C, out, dw2)
		check("dw", dw1, dw2)
	}
}

// relDiff returns max |got − want| / max |want|.
func relDiff(got, want []float32) float64 {
	var d, m float64
	for i := range want {
		d = math.Max(d, math.Abs(float64(got[i])-float64(want[i])))
		m = math.Max(m, math.Abs(float64(want[i])))
	}
	return d / m
}

func TestWinogradConvMatchesIm2col(t *testing.T) {
	// The same layer through both paths: outputs and gradients differ only by rounding.
	rng := rand.New(rand.NewPCG(22, 22))
	for _, tc := range winoCases {
		if !winogradFits(winoK, 1, tc.in.C) {
			continue
		}
		// A pass for a batch of 7 that first runs a full batch of other inputs, then n = 3:
		// the buffers hold stale values beyond the examples of the partial batch.
		const batch, n = 7, 3
		conv := NewConv2D("conv", winoK, tc.in.C, tc.out, ReLU, Init{Stddev: 0.1, Bias: 0.1}, rng)
		conv.Padding = tc.padding
		stale := randomSlice(rng, batch*tc.in.Size(), -1, 1)
		x := randomSlice(rng, n*tc.in.Size(), -1, 1)
		outShape := conv.OutShape(tc.in)
		dy := randomSlice(rng, n*outShape.Size(), -1, 1)
		type result struct{ y, dx, dw, db []float32 }
		run := func(winograd bool, ctx *passContext) result {
			p := conv.newPass(tc.in, batch).(*convPass)
			if !p.winograd {
				t.Fatalf("%v: the layer does not run as Winograd", tc.in)
			}
			p.winograd = winograd
			p.forward(stale, batch, ctx)
			r := result{y: slices.Clone(p.forward(x, n, ctx))}
			if ctx.forwardOnly {
				return r
			}
			grads := [][]float32{make([]float32, len(conv.Weights.Value)), make([]float32, tc.out)}
			r.dx = slices.Clone(p.backward(slices.Clone(dy), n, grads, true))
			r.dw, r.db = grads[0], grads[1]
			return r
		}
		want, got := run(false, inference), run(true, inference)
		split := *forwardOnly
		split.parts = 3
		name := fmt.Sprintf("%v→%d %v", tc.in, tc.out, tc.padding)
		for _, c := range []struct {
			what      string
			got, want []float32
		}{{"y", got.y, want.y}, {"dx", got.dx, want.dx}, {"dw", got.dw, want.dw}, {"db", got.db, want.db},
			{"y, forward only", run(true, forwardOnly).y, want.y},
			{"y, products split over 3 goroutines", run(true, &split).y, want.y}} {
			d := relDiff(c.got, c.want)
			t.Logf("%s: %s differs from im2col's by %.2g of its largest value", name, c.what, d)
			if d > 1e-4 {
				t.Errorf("%s: %s differs from im2col's by %.2g of its largest value", name, c.what, d)
			}
		}
	}
}

// BenchmarkWinogradTransforms measures each transform on conv2 of the reference network
// for one worker's share of a batch of 50.
func BenchmarkWinogradTransforms(b *testing.B) {
	const n, out = 25, 64
	in := Shape{14, 14, 32}
	g, _ := convWindow(in, winoK, 1, Same)
	th, tw := winoTilesOf(g)
	tiles := n * th * tw
	rng := rand.New(rand.NewPCG(23, 23))
	x, dx := randomSlice(rng, n*in.Size(), -1, 1), make([]float32, n*in.Size())
	v, m := randomSlice(rng, winoTiles*tiles*in.C, -1, 1), randomSlice(rng, winoTiles*tiles*out, -1, 1)
	y := randomSlice(rng, n*g.OutH*g.OutW*out, -1, 1)
	wt, u := randomSlice(rng, winoTaps*in.C*out, -1, 1), randomSlice(rng, winoTiles*in.C*out, -1, 1)
	for name, f := range map[string]func(){
		"input":       func() { winoInputKernel(x, n, in, g, v) },
		"input-grad":  func() { winoInputGradKernel(v, n, in, g, dx) },
		"output":      func() { winoOutputKernel(m, n, g, out, y) },
		"output-grad": func() { winoOutputGradKernel(y, n, g, out, m) },
		"filter":      func() { winoFilterKernel(wt, in.C, out, u) },
		"filter-grad": func() { winoFilterGradKernel(u, in.C, out, wt) },
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				f()
			}
		})
	}
}
