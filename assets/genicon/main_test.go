package main

import (
	"image"
	"image/png"
	"math"
	"os"
	"testing"
)

// TestCommittedIconIsUpToDate fails when ../icon.png was not regenerated after a change to
// this program (run `go generate` in the assets folder).
func TestCommittedIconIsUpToDate(t *testing.T) {
	f, err := os.Open("../icon.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	committed, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	drawn := drawIcon(committed.Bounds().Dx())
	if committed.Bounds() != drawn.Bounds() {
		t.Fatalf("icon.png is %v, drawIcon gives %v", committed.Bounds(), drawn.Bounds())
	}
	for y := range drawn.Bounds().Dy() {
		for x := range drawn.Bounds().Dx() {
			if !sameColour(committed, drawn, x, y) {
				t.Fatalf("icon.png differs from drawIcon at (%d, %d); run `go generate` in assets", x, y)
			}
		}
	}
}

func sameColour(a, b image.Image, x, y int) bool {
	ar, ag, ab, aa := a.At(x, y).RGBA()
	br, bg, bb, ba := b.At(x, y).RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

func TestRoundedBoxSignedDistance(t *testing.T) {
	// A 20x10 box (half sizes 10, 5) with corner radius 2.
	tests := []struct {
		name string
		x, y float64
		want float64
	}{
		{"centre is inside by the smaller half size", 0, 0, -5},
		{"point on the right edge", 10, 0, 0},
		{"point right of the box", 13, 0, 3},
		{"point below the box", 0, 9, 4},
		{"corner is rounded: distance to the arc", 10, 5, 2*1.4142135623730951 - 2},
	}
	for _, tt := range tests {
		if got := roundedBox(tt.x, tt.y, 10, 5, 2); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: roundedBox(%v, %v) = %v, want %v", tt.name, tt.x, tt.y, got, tt.want)
		}
	}
}

func TestOverIsSourceOver(t *testing.T) {
	red, blue := rgba{1, 0, 0, 1}, rgba{0, 0, 1, 1}
	if got := red.over(blue.withAlpha(0.25)); math.Abs(got.r-0.75) > 1e-12 || math.Abs(got.b-0.25) > 1e-12 || got.a != 1 {
		t.Errorf("red.over(25%% blue) = %+v, want r=0.75 b=0.25 a=1", got)
	}
	if got := (rgba{}).over(blue.withAlpha(0.5)); got.b != 1 || got.a != 0.5 {
		t.Errorf("transparent.over(50%% blue) = %+v, want b=1 a=0.5 (straight alpha)", got)
	}
}
