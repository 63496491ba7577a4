package viz

import (
	"testing"
)

// signedConv returns conv(x, k) of a single-channel input with a single-channel kernel,
// zero-padded to keep the size, without a bias or ReLU: a hand-made kernel's response.
func signedConv(x Volume, k Filters) Volume {
	y := Volume{H: x.H, W: x.W, C: 1, Data: make([]float32, x.H*x.W)}
	for oy := range x.H {
		for ox := range x.W {
			var sum float32
			for ky := range k.KH {
				for kx := range k.KW {
					iy, ix := oy+ky-k.KH/2, ox+kx-k.KW/2
					if iy >= 0 && iy < x.H && ix >= 0 && ix < x.W {
						sum += x.Data[iy*x.W+ix] * k.Data[ky*k.KW+kx]
					}
				}
			}
			y.Data[oy*x.W+ox] = sum
		}
	}
	return y
}

// edgeRows returns the comparison of the vertical- and horizontal-edge kernels with the
// fixtures' edge filters on the test digit: each kernel with matches, two filters each,
// one with a negative similarity, and the dead filter.
func edgeRows(tb testing.TB) (Volume, []EdgeRow) {
	x := digit(tb)
	conv1, _, _ := layers(tb)
	filters := edgeFilters(32)
	one := func(co int) Filters {
		f := Filters{KH: 5, KW: 5, In: 1, Out: 1, Data: make([]float32, 25)}
		for i := range f.Data {
			f.Data[i] = filters.Data[i*32+co]
		}
		return f
	}
	match := func(co int, sim float64) EdgeMatch {
		m := Volume{H: 28, W: 28, C: 1, Data: make([]float32, 28*28)}
		for i := range m.Data {
			m.Data[i] = conv1.Data[i*32+co]
		}
		return EdgeMatch{Filter: co, Similarity: sim, Weights: one(co), Map: m}
	}
	vertical := Filters{KH: 3, KW: 3, In: 1, Out: 1, Data: []float32{1, 0, -1, 1, 0, -1, 1, 0, -1}}
	horizontal := Filters{KH: 3, KW: 3, In: 1, Out: 1, Data: []float32{1, 1, 1, 0, 0, 0, -1, -1, -1}}
	return x, []EdgeRow{
		{Name: "vertical edge", Kernel: vertical, Response: signedConv(x, vertical),
			Matches: []EdgeMatch{match(0, 0.91), match(10, -0.12)}},
		{Name: "horizontal edge", Kernel: horizontal, Response: signedConv(x, horizontal),
			Matches: []EdgeMatch{match(5, 0), match(21, 0.734)}},
	}
}

func TestEdgeComparisonGolden(t *testing.T) {
	x, rows := edgeRows(t)
	checkGolden(t, "edges", EdgeComparison(x, rows, EdgesOptions{Title: "Edge detectors", Layer: "conv1"}))
}

func TestEdgeComparisonScalesAndLabels(t *testing.T) {
	x, rows := edgeRows(t)
	one := EdgeComparison(x, rows, EdgesOptions{}).Bounds().Size()
	if two := EdgeComparison(x, rows, EdgesOptions{Scale: 2}).Bounds().Size(); two != one.Mul(2) {
		t.Errorf("scale 2: %v, want %v", two, one.Mul(2))
	}
	// Past three matches, where the tiles are wider than the texts, one more match makes
	// the picture one pair wider, whatever the other rows hold.
	rows[1].Matches = append(rows[1].Matches, rows[0].Matches[0])
	three := EdgeComparison(x, rows, EdgesOptions{}).Bounds().Size()
	rows[1].Matches = append(rows[1].Matches, rows[0].Matches[1])
	four := EdgeComparison(x, rows, EdgesOptions{}).Bounds().Size()
	if want := three.X + 2*56 + edgePairGap + edgeGroupGap; four.X != want || four.Y != one.Y {
		t.Errorf("with 4 matches in a row: %v, want %d wide and %d high", four, want, one.Y)
	}
	for _, tc := range []struct {
		m    EdgeMatch
		want string
	}{
		{EdgeMatch{Filter: 12, Similarity: 0.926}, "filter 12 \u00b7 +0.93"},
		{EdgeMatch{Filter: 3, Similarity: -0.5}, "filter 3 \u00b7 \u22120.50"},
	} {
		if got := matchLabel(tc.m); got != tc.want {
			t.Errorf("label %q, want %q", got, tc.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a 14x14 response with a 28x28 input did not panic")
		}
	}()
	rows[0].Response = Volume{H: 14, W: 14, C: 1, Data: make([]float32, 196)}
	EdgeComparison(x, rows, EdgesOptions{})
}
