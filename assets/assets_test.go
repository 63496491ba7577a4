package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconPNGIsSquare512(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatalf("IconPNG is not a PNG: %v", err)
	}
	// 512x512 is the size that desktop environments and `fyne package` expect of a source icon.
	if got := img.Bounds().Size(); got.X != 512 || got.Y != 512 {
		t.Fatalf("IconPNG is %dx%d, want 512x512", got.X, got.Y)
	}
}
