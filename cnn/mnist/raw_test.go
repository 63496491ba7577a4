package mnist

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestFromRawTakesThePixelsAsTheyAre(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, Cols, Rows))
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 256)
	}
	x, err := FromRaw(img)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range x {
		if want := float32(i%256) / 255; v != want {
			t.Fatalf("pixel %d: %v, want %v", i, v, want)
		}
	}
	// A colour picture counts by its luminance; white is 1.
	rgba := image.NewRGBA(image.Rect(3, 4, 3+Cols, 4+Rows))
	rgba.Set(3, 4, color.White)
	if x, err := FromRaw(rgba); err != nil || x[0] != 1 || x[1] != 0 {
		t.Fatalf("colour picture: %v, pixels %v %v", err, x[0], x[1])
	}
	if _, err := FromRaw(image.NewGray(image.Rect(0, 0, 56, 56))); err == nil || !strings.Contains(err.Error(), "must be 28x28 pixels, this image is 56x56") {
		t.Fatalf("56x56: %v", err)
	}
}
