package viz

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestBesideLaysPicturesOutInARow(t *testing.T) {
	red := image.NewUniform(color.RGBA{0xff, 0, 0, 0xff})
	a, b := image.NewRGBA(image.Rect(0, 0, 30, 20)), image.NewRGBA(image.Rect(0, 0, 10, 40))
	fill := func(img *image.RGBA) {
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
				img.Set(x, y, red)
			}
		}
	}
	fill(a)
	fill(b)
	const s = 2
	img := Beside([]image.Image{a, b}, BesideOptions{Scale: s})
	// Margins of marginUnits around, a gap of gapUnits between, both at scale 2.
	m, gap := marginUnits*s, gapUnits*s
	want := image.Rect(0, 0, max(2*m+30+gap+10, minWidthUnits*s), 2*m+40)
	if img.Bounds() != want {
		t.Fatalf("bounds %v, want %v", img.Bounds(), want)
	}
	for _, p := range []image.Point{{m, m}, {m + 29, m + 19}, {m + 30 + gap, m}, {m + 30 + gap + 9, m + 39}} {
		if got := color.RGBAModel.Convert(img.At(p.X, p.Y)); got != (color.RGBA{0xff, 0, 0, 0xff}) {
			t.Fatalf("pixel %v is %v, want the pictures' red", p, got)
		}
	}
	if got := color.RGBAModel.Convert(img.At(m+30+gap/2, m)); got != paper {
		t.Fatalf("the gap is %v, want the paper", got)
	}
}

func TestRawInputIsTheInputInEightBits(t *testing.T) {
	x := Volume{H: 1, W: 5, C: 1, Data: []float32{0, 128.0 / 255, 1, 1.5, float32(math.NaN())}}
	img := RawInput(x)
	if want := []uint8{0, 128, 255, 255, 0}; img.Bounds() != image.Rect(0, 0, 5, 1) || string(img.Pix) != string(want) {
		t.Fatalf("raw input %v of %v, want %v", img.Pix, img.Bounds(), want)
	}
}
