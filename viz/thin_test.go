package viz

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// jagged returns n points at steps 1 to n whose y jumps at random, as a per-batch loss does.
func jagged(n int) plotter.XYs {
	rng := rand.New(rand.NewPCG(3, 4))
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i + 1), Y: rng.ExpFloat64()}
	}
	return xys
}

func TestEnvelopeKeepsEveryColumnsRange(t *testing.T) {
	const n, columns = 20000, 300
	xys := jagged(n)
	got := envelope(xys, n, columns)
	if len(got) > 2*columns {
		t.Fatalf("%d points for %d columns, want at most %d", len(got), columns, 2*columns)
	}
	if !slices.IsSortedFunc(got, func(a, b plotter.XY) int { return int(a.X - b.X) }) {
		t.Fatal("the points are out of order")
	}
	column := func(x float64) int { return min(columns-1, int(x/n*columns)) }
	type span struct{ lo, hi float64 }
	spans := func(xys plotter.XYs) map[int]span {
		m := map[int]span{}
		for _, p := range xys {
			s, ok := m[column(p.X)]
			if !ok {
				s = span{math.Inf(1), math.Inf(-1)}
			}
			m[column(p.X)] = span{math.Min(s.lo, p.Y), math.Max(s.hi, p.Y)}
		}
		return m
	}
	want, have := spans(xys), spans(got)
	if len(have) != len(want) {
		t.Fatalf("points in %d columns, want %d", len(have), len(want))
	}
	for c, w := range want {
		if have[c] != w {
			t.Fatalf("column %d spans %v, want %v", c, have[c], w)
		}
	}
	for _, p := range got {
		if !slices.Contains(xys, p) {
			t.Fatalf("%v is not a point of the line", p)
		}
	}
	if short := xys[:2*columns]; len(envelope(short, n, columns)) != len(short) {
		t.Fatal("a line of 2·columns points was thinned")
	}
}

func TestLineInPiecesCoversTheLine(t *testing.T) {
	for _, n := range []int{1, 2, linePiece, linePiece + 1, 5 * linePiece} {
		xys := jagged(n)
		pieces := lineInPieces(xys, lineStyle(trainColor, 1))
		var joined plotter.XYs
		for i, l := range pieces {
			if len(l.XYs) > linePiece || i > 0 && l.XYs[0] != joined[len(joined)-1] {
				t.Fatalf("%d points: piece %d has %d points, or does not start where piece %d ends", n, i, len(l.XYs), i-1)
			}
			if i > 0 {
				l.XYs = l.XYs[1:]
			}
			joined = append(joined, l.XYs...)
		}
		if !slices.Equal(joined, xys) {
			t.Fatalf("%d points: the pieces join into %d points, not the line", n, len(joined))
		}
	}
}
