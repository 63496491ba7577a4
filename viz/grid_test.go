package viz

import (
	"image"
	"strings"
	"testing"
)

// expectPanic fails t unless the deferred call it is used in recovers a panic whose
// message starts with want.
func expectPanic(t *testing.T, want string) {
	t.Helper()
	r := recover()
	if r == nil {
		t.Errorf("no panic, want %q", want)
		return
	}
	if msg, ok := r.(string); !ok || !strings.HasPrefix(msg, want) {
		t.Errorf("panic %v, want %q", r, want)
	}
}

// checkHitTest checks that g.IndexAt inverts g.CellRect: every cell's corners and centre
// map to the cell, the pixels just outside a cell map to another cell or to -1, and
// points outside the image map to -1.
func checkHitTest(t *testing.T, name string, g Grid) {
	t.Helper()
	for i := range g.Count {
		r := g.CellRect(i)
		if !r.In(g.Bounds) {
			t.Fatalf("%s: cell %d at %v is outside the image %v", name, i, r, g.Bounds)
		}
		if tile := g.TileRect(i); !tile.In(r) || tile.Max != r.Max {
			t.Fatalf("%s: tile %d at %v is not the bottom of its cell %v", name, i, tile, r)
		}
		for _, p := range []image.Point{r.Min, r.Max.Sub(image.Pt(1, 1)), {r.Min.X, r.Max.Y - 1}, {r.Max.X - 1, r.Min.Y}, r.Min.Add(r.Max).Div(2)} {
			if got := g.IndexAt(p); got != i {
				t.Fatalf("%s: IndexAt(%v) = %d, want %d (cell %v)", name, p, got, i, r)
			}
		}
		for _, p := range []image.Point{r.Min.Sub(image.Pt(1, 0)), r.Min.Sub(image.Pt(0, 1)), r.Max, {r.Max.X, r.Min.Y}} {
			if got := g.IndexAt(p); got == i {
				t.Fatalf("%s: IndexAt(%v) = %d, but the point is outside that cell %v", name, p, got, r)
			}
		}
	}
	for _, p := range []image.Point{{-1, -1}, g.Bounds.Max, {g.Bounds.Max.X + 100, 5}, {0, 0}} {
		if got := g.IndexAt(p); got != -1 {
			t.Errorf("%s: IndexAt(%v) = %d, want -1", name, p, got)
		}
	}
}

func TestGridHitTestInvertsLayout(t *testing.T) {
	conv1, pool1, pool2 := layers(t)
	for _, v := range []Volume{conv1, pool1, pool2, {H: 3, W: 5, C: 3}} {
		for _, o := range []FeatureGridOptions{{}, {Scale: 2, Title: "t"}, {Scale: 4, Columns: 5, HideLabels: true}, {TileSize: 7}} {
			checkHitTest(t, "FeatureGridLayout", FeatureGridLayout(v, o))
		}
	}
	for _, f := range []Filters{{KH: 5, KW: 5, In: 1, Out: 32}, {KH: 5, KW: 5, In: 32, Out: 64}, {KH: 3, KW: 2, In: 2, Out: 1}} {
		for _, o := range []FilterGridOptions{{}, {Scale: 2, Title: "t", Columns: 6}, {HideLabels: true}} {
			checkHitTest(t, "FilterGridLayout", FilterGridLayout(f, o))
		}
	}
	checkHitTest(t, "ConfusionLayout", ConfusionLayout(10, ConfusionOptions{Scale: 2, Title: "t"}))
}

func TestCellAtNamesRowAndColumn(t *testing.T) {
	g := ConfusionLayout(10, ConfusionOptions{})
	for truth := range 10 {
		for predicted := range 10 {
			r := g.TileRect(truth*10 + predicted)
			if row, col := g.CellAt(r.Min.Add(r.Max).Div(2)); row != truth || col != predicted {
				t.Fatalf("CellAt(centre of cell (%d, %d)) = (%d, %d)", truth, predicted, row, col)
			}
		}
	}
	if row, col := g.CellAt(image.Pt(0, 0)); row != -1 || col != -1 {
		t.Errorf("CellAt(0, 0) = (%d, %d), want (-1, -1)", row, col)
	}
	conv2 := FilterGridLayout(Filters{KH: 5, KW: 5, In: 32, Out: 64}, FilterGridOptions{})
	r := conv2.TileRect(17*32 + 5)
	if out, in := conv2.CellAt(r.Min); out != 17 || in != 5 {
		t.Errorf("conv2 matrix: CellAt(tile of out 17, in 5) = (%d, %d)", out, in)
	}
}

func TestGridPanicsOnBadIndex(t *testing.T) {
	defer expectPanic(t, "viz: Grid: tile index out of range")
	FeatureGridLayout(Volume{H: 2, W: 2, C: 4}, FeatureGridOptions{}).CellRect(4)
}
