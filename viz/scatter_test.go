package viz

import (
	"image"
	"image/color"
	"testing"
)

func TestScatterColoursPointsByClassAndRingsMistakes(t *testing.T) {
	points := []float32{0, 0, 1, 1, 1, 0}
	labels, predicted := []uint8{0, 3, 5}, []uint8{0, 3, 4}
	o := ScatterOptions{Title: "map"}
	img := Scatter(points, labels, predicted, o).(*image.RGBA)
	m := ScatterLayout(points, labels, o)
	if m.Bounds != img.Bounds() {
		t.Fatalf("layout bounds %v, picture %v", m.Bounds, img.Bounds())
	}
	for i, want := range []color.RGBA{ClassColor(0), ClassColor(3), ClassColor(5)} {
		if got := img.RGBAAt(m.At[i].X, m.At[i].Y); got != want {
			t.Errorf("point %d is drawn %v, want its class's %v", i, got, want)
		}
	}
	// Point 2 was predicted 4: it is drawn larger, its edge in ink.
	ring := m.At[2].Add(image.Pt(scatterRing, 0))
	if got := img.RGBAAt(ring.X, ring.Y); got != ink {
		t.Errorf("the misclassified point's ring is %v, want ink", got)
	}
	// One scale on both axes: (0,0) to (1,0) is as long as (1,0) to (1,1).
	if dx, dy := m.At[2].X-m.At[0].X, m.At[2].Y-m.At[1].Y; dx != dy || dx <= 0 {
		t.Errorf("unit steps of %d and %d pixels, want equal", dx, dy)
	}
	for i, p := range m.At {
		if got := m.Nearest(p.Add(image.Pt(1, 1))); got != i {
			t.Errorf("a click next to point %d picks %d", i, got)
		}
	}
	if got := m.Nearest(m.Plot.Min); got != -1 {
		t.Errorf("a click in the plot's corner picks point %d", got)
	}
}

func TestScatterPanicsOnMismatchedData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("3 values for 2 points did not panic")
		}
	}()
	Scatter([]float32{0, 0, 1}, []uint8{0, 1}, nil, ScatterOptions{})
}

func TestDistributionChartDrawsEveryPanel(t *testing.T) {
	band := DistributionPanel{Title: "w", Steps: []int{0, 10}, Percentiles: [][9]float64{{-2, -1, -0.5, -0.2, 0, 0.2, 0.5, 1, 2}, {-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3}}}
	img := DistributionChart([][]DistributionPanel{{band, band}, {band, {Title: "empty"}}}, ChartOptions{Title: "d"})
	if b := img.Bounds(); b.Dx() != 480 || b.Dy() != 350 {
		t.Fatalf("2×2 panels drawn %v, want 480×350 (240×160 a panel and the title)", b)
	}
	// The median band's darkest blue appears: the bands were filled.
	found := false
	for y := 0; y < img.Bounds().Dy() && !found; y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == bandColors[3] {
				found = true
				break
			}
		}
	}
	if !found {
		t.Fatal("no band of ±0.5 standard deviations was drawn")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("rows of 2 and 1 panels did not panic")
		}
	}()
	DistributionChart([][]DistributionPanel{{band, band}, {band}}, ChartOptions{})
}
