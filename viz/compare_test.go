package viz

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// rampCurve returns a run of 200 steps whose loss falls from 2.3 and whose accuracy,
// evaluated every 50 steps, rises to top.
func rampCurve(label string, top float64) Curve {
	c := Curve{Label: label}
	for s := 1; s <= 200; s++ {
		c.Loss = append(c.Loss, Point{X: float64(s), Y: 2.3 * math.Exp(-float64(s)/60)})
		if s%50 == 0 {
			c.Accuracy = append(c.Accuracy, Point{X: float64(s), Y: top * float64(s) / 200})
		}
	}
	return c
}

// countColor returns how many pixels of img are exactly col.
func countColor(img image.Image, col color.RGBA) int {
	rgba, n := toRGBA(img), 0
	for y := range rgba.Rect.Dy() {
		for x := range rgba.Rect.Dx() {
			if rgba.RGBAAt(x, y) == col {
				n++
			}
		}
	}
	return n
}

func TestCompareChartDrawsEveryRunInItsColour(t *testing.T) {
	curves := []Curve{rampCurve("lr 1e-3", 0.98), rampCurve("lr 1e-4", 0.9), {Label: "nothing yet"}}
	img := CompareChart(curves, CompareOptions{Title: "Learning rates"})
	for i := range 2 {
		if n := countColor(img, CompareColor(i)); n < 200 {
			t.Errorf("curve %d has %d pixels of its colour, want its lines", i, n)
		}
	}
	var svg bytes.Buffer
	if err := WriteCompareChart(&svg, curves, CompareOptions{}, ChartSVG); err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"lr 1e-3", "lr 1e-4", "test accuracy (%)", "training loss"} {
		if !strings.Contains(svg.String(), label) {
			t.Errorf("the SVG chart does not say %q", label)
		}
	}
}

func TestCompareChartDrawsAGroupAsItsMeanAndBand(t *testing.T) {
	curves := []Curve{rampCurve("seed 1", 0.9), rampCurve("seed 2", 0.95), rampCurve("other", 0.5)}
	img := CompareChart(curves, CompareOptions{Groups: []CurveGroup{{Label: "lr 1e-3", Members: []int{0, 1}}}})
	tint := func(v uint8) uint8 { return uint8(0.25*float64(v) + 0.75*255) }
	c := CompareColor(0)
	if n := countColor(img, color.RGBA{tint(c.R), tint(c.G), tint(c.B), 0xff}); n < 100 {
		t.Errorf("the group's band has %d pixels", n)
	}
	if n := countColor(img, CompareColor(1)); n < 100 {
		t.Errorf("the run in no group, second line, has %d pixels of its colour", n)
	}
	func() {
		defer expectPanic(t, `viz: CompareChart: group "x" names curve 3 of 3`)
		CompareChart(curves, CompareOptions{Groups: []CurveGroup{{Label: "x", Members: []int{3}}}})
	}()
}

func TestSpread(t *testing.T) {
	a := plotter.XYs{{X: 1, Y: 1}, {X: 2, Y: 4}, {X: 3, Y: 9}}
	b := plotter.XYs{{X: 1, Y: 3}, {X: 2, Y: 2}}
	mean, low, high := spread([]plotter.XYs{a, b})
	want := [][3]float64{{1, 2, 1}, {2, 3, 2}} // x, mean, low; over the shorter line's points
	if len(mean) != 2 {
		t.Fatalf("spread over %d points, want 2", len(mean))
	}
	for i, w := range want {
		if mean[i].X != w[0] || mean[i].Y != w[1] || low[i].Y != w[2] || high[i].Y != math.Max(a[i].Y, b[i].Y) {
			t.Errorf("point %d: mean %v, low %v, high %v", i, mean[i], low[i], high[i])
		}
	}
}

func TestCompareChartOfAccuracyAlone(t *testing.T) {
	c := rampCurve("class 0", 0.9)
	c.Loss = nil
	img := CompareChart([]Curve{c}, CompareOptions{AccuracyOnly: true, Height: 300})
	if n := countColor(img, CompareColor(0)); n < 200 || img.Bounds().Dy() != 300 {
		t.Fatalf("the accuracy alone: %d pixels of its colour in a chart of %v", n, img.Bounds())
	}
}
