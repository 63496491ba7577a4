package viz

import (
	"image"
	"testing"
)

// renderers draws every picture of the package at a given scale, with data that
// exercises titles, labels, selections and colour bars.
func renderers(tb testing.TB) map[string]func(scale int) image.Image {
	conv1, _, pool2 := layers(tb)
	filters := edgeFilters(32)
	conv2 := randomFilters(5, 5, 4, 6, 0.1)
	history := trainingHistory()
	return map[string]func(int) image.Image{
		"FeatureGrid": func(s int) image.Image {
			return FeatureGrid(conv1, FeatureGridOptions{Scale: s, Title: "conv1", Highlight: true, Selected: 2})
		},
		"FeatureGrid/pool2": func(s int) image.Image { return FeatureGrid(pool2, FeatureGridOptions{Scale: s, HideLabels: true}) },
		"FeatureMap":        func(s int) image.Image { return FeatureMap(conv1, 7, FeatureMapOptions{Scale: s, Title: "conv1"}) },
		"FeatureVector":     func(s int) image.Image { return FeatureVector(pool2.Data[:1024], FeatureMapOptions{Scale: s}) },
		"FilterGrid":        func(s int) image.Image { return FilterGrid(filters, FilterGridOptions{Scale: s, Title: "conv1"}) },
		"FilterGrid/matrix": func(s int) image.Image { return FilterGrid(conv2, FilterGridOptions{Scale: s}) },
		"ProbabilityBars":   func(s int) image.Image { return ProbabilityBars(sevenProbabilities, BarsOptions{Scale: s, Title: "7"}) },
		"Confusion":         func(s int) image.Image { return Confusion(mnistLikeConfusion(), ConfusionOptions{Scale: s}) },
		"HeatOverlay":       func(s int) image.Image { return HeatOverlay(digit(tb), occlusionMap(tb), OverlayOptions{Scale: s}) },
		"InputPreview":      func(s int) image.Image { return InputPreview(digit(tb), InputOptions{Scale: s}) },
		// A small chart keeps the test fast; the scaling does not depend on the size.
		"TrainingChart": func(s int) image.Image {
			return TrainingChart(history, ChartOptions{Scale: s, Title: "Training", Width: 200, Height: 150})
		},
	}
}

func TestScaleMultipliesSize(t *testing.T) {
	for name, render := range renderers(t) {
		t.Run(name, func(t *testing.T) {
			base := render(0).Bounds()
			if base.Min != (image.Point{}) || base.Empty() {
				t.Fatalf("scale 0: bounds %v, want a non-empty rectangle at the origin", base)
			}
			if one := render(1).Bounds(); one != base {
				t.Errorf("scale 1: bounds %v, want the bounds of scale 0, %v", one, base)
			}
			for _, s := range []int{2, 4} {
				if got, want := render(s).Bounds().Size(), base.Size().Mul(s); got != want {
					t.Errorf("scale %d: size %v, want %v", s, got, want)
				}
			}
		})
	}
}

func TestDefaultSizes(t *testing.T) {
	conv1, _, pool2 := layers(t)
	// conv1's 28x28 maps and pool2's 7x7 maps both get 56-pixel tiles (zoom 2 and 8);
	// 8 columns of 56 plus 7 gaps of 6 plus margins of 10.
	for _, v := range []Volume{conv1, pool2} {
		g := FeatureGridLayout(v, FeatureGridOptions{})
		if got := g.TileRect(0).Size(); got != image.Pt(56, 56) {
			t.Errorf("%dx%d maps: tile size %v, want 56x56", v.H, v.W, got)
		}
		if got, want := g.Bounds.Dx(), 8*56+7*6+2*10; got != want {
			t.Errorf("%dx%d maps: width %d, want %d", v.H, v.W, got, want)
		}
	}
	if got := TrainingChart(History{}, ChartOptions{}).Bounds().Size(); got != image.Pt(640, 400) {
		t.Errorf("TrainingChart: size %v, want 640x400", got)
	}
	if got := InputPreview(digit(t), InputOptions{}).Bounds().Size(); got != image.Pt(224, 224) {
		t.Errorf("InputPreview: size %v, want 224x224", got)
	}
}

func TestLayoutMatchesRendering(t *testing.T) {
	conv1, _, _ := layers(t)
	for _, o := range []FeatureGridOptions{{}, {Scale: 3, Title: "conv1", Columns: 5}, {HideLabels: true, TileSize: 100}} {
		if got, want := FeatureGridLayout(conv1, o).Bounds, FeatureGrid(conv1, o).Bounds(); got != want {
			t.Errorf("FeatureGridLayout(%+v).Bounds = %v, want the image's %v", o, got, want)
		}
	}
	for _, f := range []Filters{edgeFilters(32), randomFilters(5, 5, 3, 4, 1)} {
		for _, o := range []FilterGridOptions{{}, {Scale: 2, Title: "filters", Columns: 4}, {HideLabels: true, TileSize: 20}} {
			if got, want := FilterGridLayout(f, o).Bounds, FilterGrid(f, o).Bounds(); got != want {
				t.Errorf("%d inputs: FilterGridLayout(%+v).Bounds = %v, want the image's %v", f.In, o, got, want)
			}
		}
	}
	for _, o := range []ConfusionOptions{{}, {Scale: 2, Title: "test", CellSize: 20}} {
		if got, want := ConfusionLayout(10, o).Bounds, Confusion(mnistLikeConfusion(), o).Bounds(); got != want {
			t.Errorf("ConfusionLayout(10, %+v).Bounds = %v, want the image's %v", o, got, want)
		}
	}
}
