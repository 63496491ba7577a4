package viz

import (
	"image"
	"image/color"
	"sync"
	"testing"
)

// outlineShare returns the share of the pixels in the band of width w around r that
// are the highlight colour.
func outlineShare(img *image.RGBA, r image.Rectangle, w int) float64 {
	band, hits := 0, 0
	outer := r.Inset(-w)
	for y := outer.Min.Y; y < outer.Max.Y; y++ {
		for x := outer.Min.X; x < outer.Max.X; x++ {
			if (image.Point{x, y}).In(r) {
				continue
			}
			band++
			if img.RGBAAt(x, y) == highlight {
				hits++
			}
		}
	}
	return float64(hits) / float64(band)
}

func TestSelectedMapIsOutlined(t *testing.T) {
	conv1, _, _ := layers(t)
	for _, s := range []int{1, 2} {
		o := FeatureGridOptions{Scale: s, Highlight: true, Selected: 13}
		img, g := toRGBA(FeatureGrid(conv1, o)), FeatureGridLayout(conv1, o)
		for ch := range conv1.C {
			share := outlineShare(img, g.CellRect(ch), outlineUnits*s)
			if ch == 13 && share != 1 {
				t.Errorf("scale %d: %.0f%% of the outline of the selected map is highlighted, want all", s, 100*share)
			}
			if ch != 13 && share > 0.1 { // a neighbour's band touches the outline
				t.Errorf("scale %d: map %d has %.0f%% of an outline, want none", s, ch, 100*share)
			}
		}
	}
	// Without Highlight nothing is outlined, whatever Selected says.
	img := toRGBA(FeatureGrid(conv1, FeatureGridOptions{Selected: 13}))
	if share := outlineShare(img, FeatureGridLayout(conv1, FeatureGridOptions{}).CellRect(13), outlineUnits); share != 0 {
		t.Errorf("Highlight unset: %.0f%% of map 13's outline is highlighted", 100*share)
	}
	for _, tc := range []struct {
		name  string
		img   image.Image
		r     image.Rectangle
		width int
	}{
		{"FilterGrid", FilterGrid(edgeFilters(32), FilterGridOptions{Highlight: true, Selected: 9}),
			FilterGridLayout(edgeFilters(32), FilterGridOptions{}).CellRect(9), outlineUnits},
		{"Confusion", Confusion(mnistLikeConfusion(), ConfusionOptions{Highlight: true, Selected: 49}),
			ConfusionLayout(10, ConfusionOptions{}).TileRect(49), confusionGapUnits},
	} {
		if share := outlineShare(toRGBA(tc.img), tc.r, tc.width); share != 1 {
			t.Errorf("%s: %.0f%% of the selected tile's outline is highlighted, want all", tc.name, 100*share)
		}
	}
}

func TestFilterColoursFollowSign(t *testing.T) {
	// One 3x3 filter holding -1, 0 and +1 in its top row, with one scale for all.
	f := Filters{KH: 3, KW: 3, In: 1, Out: 1, Data: []float32{-1, 0, 1, 0.5, 0.5, 0.5, 0, 0, 0}}
	img := toRGBA(FilterGrid(f, FilterGridOptions{TileSize: 30})) // 10 pixels a weight
	r := FilterGridLayout(f, FilterGridOptions{TileSize: 30}).TileRect(0)
	at := func(ky, kx int) color.RGBA { return img.RGBAAt(r.Min.X+10*kx+5, r.Min.Y+10*ky+5) }
	if got, want := at(0, 1), CoolWarm.At(0.5); got != want {
		t.Errorf("weight 0 is %v, want the middle of the map %v", got, want)
	}
	if got, want := at(0, 0), CoolWarm.At(0); got != want {
		t.Errorf("weight -1 is %v, want the blue end %v", got, want)
	}
	if got, want := at(0, 2), CoolWarm.At(1); got != want {
		t.Errorf("weight +1 is %v, want the red end %v", got, want)
	}
}

func TestPerMapScaling(t *testing.T) {
	// Map 1 is map 0 halved: with one scale for the layer its maximum is mid-way, with
	// a scale per map it reaches the top of the map like map 0.
	v := Volume{H: 1, W: 2, C: 2, Data: []float32{0, 0, 2, 1}}
	for _, tc := range []struct {
		perMap bool
		want   color.RGBA
	}{{false, Viridis.At(0.5)}, {true, Viridis.At(1)}} {
		o := FeatureGridOptions{PerMap: tc.perMap, TileSize: 20}
		img, g := toRGBA(FeatureGrid(v, o)), FeatureGridLayout(v, o)
		r := g.TileRect(1)
		if got := img.RGBAAt(r.Max.X-1, r.Max.Y-1); got != tc.want {
			t.Errorf("PerMap %v: maximum of map 1 is %v, want %v", tc.perMap, got, tc.want)
		}
	}
}

func TestInputPreviewShowsValues(t *testing.T) {
	x := digit(t)
	img := toRGBA(InputPreview(x, InputOptions{}))
	for _, i := range []int{0, 7*28 + 10, 12*28 + 18, 783} {
		y, xx := i/28, i%28
		want := uint8(255*clamp01(float64(x.Data[i])) + 0.5)
		if got := img.RGBAAt(8*xx+4, 8*y+4); got.R != want || got.G != want || got.B != want {
			t.Errorf("pixel (%d, %d) of value %g is %v, want grey %d", y, xx, x.Data[i], got, want)
		}
	}
}

func TestResample(t *testing.T) {
	src := []float32{0, 1, 2, 3}
	p := plane{data: src, h: 2, w: 2, stride: 1}
	if got := resample(p, 2, 2); !equal32(got, src) {
		t.Errorf("resample to the same size = %v, want %v", got, src)
	}
	// Upsampling 2x2 to 4x4 samples at pixel centres: positions -0.25, 0.25, 0.75, 1.25
	// of the source, clamped at the edges.
	want := []float32{0, 0.25, 0.75, 1}
	got := resample(p, 4, 4)
	if !equal32(got[:4], want) {
		t.Errorf("first row of the 4x4 resampling = %v, want %v", got[:4], want)
	}
	if got[15] != 3 {
		t.Errorf("last value of the 4x4 resampling = %g, want 3", got[15])
	}
}

func equal32(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFeatureVectorShape(t *testing.T) {
	for _, tc := range []struct{ n, rows int }{{1024, 32}, {10, 2}, {7, 1}, {1, 1}, {500, 20}} {
		if got := nearSquareRows(tc.n); got != tc.rows {
			t.Errorf("nearSquareRows(%d) = %d, want %d", tc.n, got, tc.rows)
		}
	}
}

func TestConcurrentRendering(t *testing.T) {
	// The font faces are shared; rendering from several goroutines must be safe.
	conv1, _, _ := layers(t)
	want := toRGBA(FeatureGrid(conv1, FeatureGridOptions{Title: "conv1"}))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got := toRGBA(FeatureGrid(conv1, FeatureGridOptions{Title: "conv1"}))
			if msg := pixelDiff(want, got); msg != "" {
				t.Errorf("concurrent rendering differs: %s", msg)
			}
			ProbabilityBars(sevenProbabilities, BarsOptions{Scale: 2})
		})
	}
	wg.Wait()
}

func TestPanics(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"data length", "viz: FeatureGrid: len(Data) = 3, want H*W*C = 4", func() { FeatureGrid(Volume{H: 2, W: 2, C: 1, Data: make([]float32, 3)}, FeatureGridOptions{}) }},
		{"shape", "viz: FeatureGridLayout: non-positive volume shape 0x2x1", func() { FeatureGridLayout(Volume{W: 2, C: 1}, FeatureGridOptions{}) }},
		{"scale", "viz: FeatureGrid: negative Scale -1", func() { FeatureGrid(filled(2, 2, 1, 0), FeatureGridOptions{Scale: -1}) }},
		{"selection", "viz: FeatureGrid: Selected = 4", func() { FeatureGrid(filled(2, 2, 4, 0), FeatureGridOptions{Highlight: true, Selected: 4}) }},
		{"channel", "viz: FeatureMap: channel 2 not in [0, 2)", func() { FeatureMap(filled(2, 2, 2, 0), 2, FeatureMapOptions{}) }},
		{"vector", "viz: FeatureVector: no values", func() { FeatureVector(nil, FeatureMapOptions{}) }},
		{"filters", "viz: FilterGrid: len(Data) = 0, want KH*KW*In*Out = 25", func() { FilterGrid(Filters{KH: 5, KW: 5, In: 1, Out: 1}, FilterGridOptions{}) }},
		{"tile size", "viz: FilterGridLayout: negative TileSize -3", func() { FilterGridLayout(Filters{KH: 5, KW: 5, In: 1, Out: 1}, FilterGridOptions{TileSize: -3}) }},
		{"confusion", "viz: Confusion: row 1 has 1 counts, want 2", func() { Confusion([][]int{{1, 2}, {3}}, ConfusionOptions{}) }},
		{"count", "viz: Confusion: negative count -1 at (0, 0)", func() { Confusion([][]int{{-1}}, ConfusionOptions{}) }},
		{"classes", "viz: ConfusionLayout: 0 classes", func() { ConfusionLayout(0, ConfusionOptions{}) }},
		{"bars", "viz: ProbabilityBars: no probabilities", func() { ProbabilityBars(nil, BarsOptions{}) }},
		{"input channels", "viz: InputPreview: 3 channels, want 1", func() { InputPreview(filled(2, 2, 3, 0), InputOptions{}) }},
		{"opacity", "viz: HeatOverlay: Opacity 2 not in [0, 1]", func() { HeatOverlay(filled(2, 2, 1, 0), filled(2, 2, 1, 0), OverlayOptions{Opacity: 2}) }},
		{"smoothing", "viz: TrainingChart: Smoothing 1 not in [0, 1)", func() { TrainingChart(History{}, ChartOptions{Smoothing: 1}) }},
		{"chart size", "viz: TrainingChart: negative Width -640", func() { TrainingChart(History{}, ChartOptions{Width: -640}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer expectPanic(t, tc.want)
			tc.f()
		})
	}
}
