package viz

import (
	"image"
	"math"
	"testing"
)

var nan = float32(math.NaN())

// isBlankTile reports whether tile r of img is drawn as a blank tile: only the blank
// fill, the hatch, and (in the middle) the marker's plate and text.
func isBlankTile(img image.Image, r image.Rectangle) bool {
	rgba := toRGBA(img)
	hatch, fill := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			switch rgba.RGBAAt(x, y) {
			case blankHatch:
				hatch++
			case blankFill:
				fill++
			}
		}
	}
	// The hatch covers 1 pixel in 6 and the fill most of the rest; the marker's plate
	// covers the middle at most.
	area := r.Dx() * r.Dy()
	return hatch > area/10 && hatch+fill > area/2
}

// filled returns a volume of shape h x w x c with every value v.
func filled(h, w, c int, v float32) Volume {
	vol := Volume{H: h, W: w, C: c, Data: make([]float32, h*w*c)}
	for i := range vol.Data {
		vol.Data[i] = v
	}
	return vol
}

func TestFeatureGridMarksBlankMaps(t *testing.T) {
	conv1, _, _ := layers(t)
	v := Volume{H: conv1.H, W: conv1.W, C: conv1.C, Data: append([]float32(nil), conv1.Data...)}
	const nanMap, infMap, constMap = 1, 2, 3
	v.Data[(4*v.W+4)*v.C+nanMap] = nan
	v.Data[(9*v.W+1)*v.C+infMap] = float32(math.Inf(-1))
	for i := constMap; i < len(v.Data); i += v.C {
		v.Data[i] = 0.25
	}
	for _, perMap := range []bool{false, true} {
		o := FeatureGridOptions{PerMap: perMap}
		img, g := FeatureGrid(v, o), FeatureGridLayout(v, o)
		for ch := range v.C {
			blank := ch == nanMap || ch == infMap || ch == constMap || ch == deadFilter
			if got := isBlankTile(img, g.TileRect(ch)); got != blank {
				t.Errorf("PerMap %v: map %d blank = %v, want %v", perMap, ch, got, blank)
			}
		}
	}
}

func TestAllBlankInputsDoNotPanic(t *testing.T) {
	// Each case is drawn without panicking, and the tile named by at is marked blank.
	digit := digit(t)
	for _, tc := range []struct {
		name   string
		render func() image.Image
		at     func() image.Rectangle // the tile to check, or nil for no check
	}{
		{"FeatureGrid zeros", func() image.Image { return FeatureGrid(filled(7, 7, 64, 0), FeatureGridOptions{}) },
			func() image.Rectangle {
				return FeatureGridLayout(filled(7, 7, 64, 0), FeatureGridOptions{}).TileRect(63)
			}},
		{"FeatureGrid NaN", func() image.Image { return FeatureGrid(filled(7, 7, 4, nan), FeatureGridOptions{ColorMap: CoolWarm}) },
			func() image.Rectangle {
				return FeatureGridLayout(filled(7, 7, 4, nan), FeatureGridOptions{}).TileRect(0)
			}},
		{"FeatureMap NaN", func() image.Image { return FeatureMap(filled(28, 28, 2, nan), 1, FeatureMapOptions{}) }, nil},
		{"FeatureVector zeros", func() image.Image { return FeatureVector(make([]float32, 1024), FeatureMapOptions{}) }, nil},
		{"FilterGrid zeros", func() image.Image {
			return FilterGrid(Filters{KH: 5, KW: 5, In: 1, Out: 32, Data: make([]float32, 800)}, FilterGridOptions{PerFilter: true})
		},
			func() image.Rectangle {
				return FilterGridLayout(Filters{KH: 5, KW: 5, In: 1, Out: 32}, FilterGridOptions{}).TileRect(0)
			}},
		{"FilterGrid NaN matrix", func() image.Image {
			f := randomFilters(5, 5, 2, 3, 1)
			f.Data[0] = nan
			return FilterGrid(f, FilterGridOptions{})
		}, func() image.Rectangle {
			return FilterGridLayout(Filters{KH: 5, KW: 5, In: 2, Out: 3}, FilterGridOptions{}).TileRect(0)
		}},
		{"InputPreview empty", func() image.Image { return InputPreview(filled(28, 28, 1, 0), InputOptions{}) },
			func() image.Rectangle { return image.Rect(0, 0, 224, 224) }},
		{"HeatOverlay constant", func() image.Image { return HeatOverlay(digit, filled(7, 7, 1, 0), OverlayOptions{}) }, nil},
		{"HeatOverlay NaN input", func() image.Image { return HeatOverlay(filled(28, 28, 1, nan), occlusionMap(t), OverlayOptions{}) }, nil},
		{"ProbabilityBars NaN", func() image.Image { return ProbabilityBars([]float32{nan, nan, 0.5}, BarsOptions{}) }, nil},
		{"Confusion zeros", func() image.Image { return Confusion([][]int{{0, 0}, {0, 0}}, ConfusionOptions{}) }, nil},
		{"TrainingChart NaN", func() image.Image {
			nan := math.NaN()
			return TrainingChart(History{Train: []TrainPoint{{0, nan, nan}, {1, 0, 0.5}, {2, math.Inf(1), 1}}, Test: []TestPoint{{2, nan}}}, ChartOptions{})
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := tc.render()
			if tc.at != nil && !isBlankTile(img, tc.at()) {
				t.Errorf("tile %v is not marked blank", tc.at())
			}
		})
	}
}

func TestBlankTileShowsMarker(t *testing.T) {
	// A constant map is marked with its value: the marker's plate is drawn in the middle.
	img := FeatureGrid(filled(28, 28, 1, 0), FeatureGridOptions{})
	r := FeatureGridLayout(filled(28, 28, 1, 0), FeatureGridOptions{}).TileRect(0)
	mid := r.Min.Add(r.Max).Div(2)
	plate := 0
	for x := mid.X - 8; x <= mid.X+8; x++ {
		if toRGBA(img).RGBAAt(x, mid.Y-5) == blankPlate {
			plate++
		}
	}
	if plate == 0 {
		t.Errorf("no marker plate in the middle of the blank tile %v", r)
	}
	if got := toRGBA(img).RGBAAt(r.Min.X, r.Min.Y); got != blankHatch && got != blankFill {
		t.Errorf("corner of blank tile is %v, want %v or %v", got, blankHatch, blankFill)
	}
}
