package viz

import (
	"image"
	"testing"
)

// digitPatches returns count patches of side x side pixels of the test digit, with their
// top-left corners moving along its diagonal, as a feature's strongest patches would be
// cropped from different images.
func digitPatches(tb testing.TB, side, count int) [][]float32 {
	x := digit(tb)
	patches := make([][]float32, count)
	for i := range patches {
		p := make([]float32, side*side)
		top := 4 + i*(28-side-4)/max(1, count-1)
		for y := range side {
			copy(p[y*side:(y+1)*side], x.Data[(top+y)*28+top:(top+y)*28+top+side])
		}
		patches[i] = p
	}
	return patches
}

// signedPatches returns the patches of the test digit's horizontal gradient, standing in
// for projections.
func signedPatches(tb testing.TB, side, count int) [][]float32 {
	patches := digitPatches(tb, side, count)
	for _, p := range patches {
		for y := range side {
			for x := side - 1; x > 0; x-- {
				p[y*side+x] -= p[y*side+x-1]
			}
			p[y*side] = 0
		}
	}
	return patches
}

// patchFixture returns a grid's worth of sets: the first conv2-like (14x14) channels'
// patches, one dead channel without patches, and, if signed, their projections.
func patchFixture(tb testing.TB) (patches, mixed []PatchSet) {
	for c := range 5 {
		set := PatchSet{Side: 14, Patches: digitPatches(tb, 14, 9)}
		if c == 3 {
			set.Patches = nil // a channel that never fires
		}
		patches = append(patches, set)
	}
	mixed = []PatchSet{
		{Label: "input", Side: 28, Patches: [][]float32{digit(tb).Data}, PerRow: 1},
		{Label: "top 9", Side: 14, Patches: digitPatches(tb, 14, 9)},
		{Label: "deconvnet", Side: 14, Patches: signedPatches(tb, 14, 9), Signed: true},
		{Label: "zero", Side: 5, Patches: [][]float32{make([]float32, 25)}, Signed: true, PerRow: 1},
	}
	return patches, mixed
}

func TestPatchGridGolden(t *testing.T) {
	patches, mixed := patchFixture(t)
	checkGolden(t, "patches_conv2", PatchGrid(patches, PatchGridOptions{Title: "conv2 · top 9", Columns: 3, Highlight: true, Selected: 1}))
	checkGolden(t, "patches_mixed", PatchGrid(mixed, PatchGridOptions{Title: "Channel 7"}))
	checkGolden(t, "patches_conv1", PatchGrid([]PatchSet{{Side: 5, Patches: digitPatches(t, 5, 9)}, {Side: 5, Patches: digitPatches(t, 5, 4)}}, PatchGridOptions{}))
}

func TestPatchGridLayout(t *testing.T) {
	patches, mixed := patchFixture(t)
	for _, tt := range []struct {
		name string
		sets []PatchSet
		o    PatchGridOptions
	}{
		{"conv2", patches, PatchGridOptions{Columns: 3, Title: "t", Scale: 2}},
		{"mixed", mixed, PatchGridOptions{}},
		{"no labels", patches, PatchGridOptions{HideLabels: true}},
	} {
		g := PatchGridLayout(tt.sets, tt.o)
		if got := PatchGrid(tt.sets, tt.o).Bounds(); got != g.Bounds {
			t.Errorf("%s: rendered %v, layout %v", tt.name, got, g.Bounds)
		}
		checkHitTest(t, tt.name, g)
		for _, sc := range []int{2, 4} {
			o := tt.o
			o.Scale = max(1, o.Scale) * sc
			if got, want := PatchGrid(tt.sets, o).Bounds().Size(), g.Bounds.Size().Mul(sc); got != want {
				t.Errorf("%s at %d times the scale: %v, want %v", tt.name, sc, got, want)
			}
		}
	}
	// Nine 14x14 patches enlarged twice with two 1-pixel gaps: 86 pixels.
	if got := PatchGridLayout(patches, PatchGridOptions{}).TileRect(0).Size(); got != image.Pt(86, 86) {
		t.Errorf("conv2 tile %v, want 86x86", got)
	}
}

func TestPatchGridPanics(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		sets       []PatchSet
		o          PatchGridOptions
	}{
		{"no sets", "viz: PatchGrid: no patch sets", nil, PatchGridOptions{}},
		{"short patch", "viz: PatchGrid: patch 0", []PatchSet{{Side: 3, Patches: [][]float32{{1}}}}, PatchGridOptions{}},
		{"no side", "viz: PatchGrid: patch side 0", []PatchSet{{}}, PatchGridOptions{}},
		{"selection", "viz: PatchGrid: Selected = 1", []PatchSet{{Side: 1}}, PatchGridOptions{Highlight: true, Selected: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer expectPanic(t, tt.want)
			PatchGrid(tt.sets, tt.o)
		})
	}
}
