package viz

import (
	"fmt"
	"image"
	"image/draw"
	"math"
)

// BesideOptions configures Beside. The zero value draws no title at scale 1.
type BesideOptions struct {
	// Scale is the scale the pictures were drawn at, which the title and the margins
	// follow; 0 means 1.
	Scale int
	// Title is drawn above the pictures; empty draws none.
	Title string
}

// Beside draws pictures side by side, top-aligned, on the background, with a margin
// around them and a gap between them, under a title: one picture of several views, such
// as an input, its perturbation and the probabilities before and after. The pictures
// are copied as they are, so draw them at o.Scale.
//
// Beside panics if pictures is empty or Scale is negative.
func Beside(pictures []image.Image, o BesideOptions) image.Image {
	if len(pictures) == 0 {
		panic("viz: Beside: no pictures")
	}
	s := orDefault("Beside", "Scale", o.Scale, 1)
	top := (marginUnits + titleHeight(o.Title)) * s
	width, height := 2*marginUnits*s+(len(pictures)-1)*gapUnits*s, 0
	for _, p := range pictures {
		width += p.Bounds().Dx()
		height = max(height, p.Bounds().Dy())
	}
	width = max(width, minWidth(o.Title)*s)
	c := newCanvas(image.Rect(0, 0, width, top+height+marginUnits*s), s)
	c.drawTitle(o.Title)
	x := marginUnits * s
	for _, p := range pictures {
		b := p.Bounds()
		draw.Draw(c.img, image.Rect(x, top, x+b.Dx(), top+b.Dy()), p, b.Min, draw.Src)
		x += b.Dx() + gapUnits*s
	}
	return c.img
}

// RawInput returns the network input x (H x W x 1, values in [0, 1]) as an 8-bit grey
// image of one pixel per value, value v as round(255·v), values outside [0, 1] clamped
// and NaN as 0: the input itself as a file, which reads back as the same input when
// every value is a multiple of 1/255. It panics if x's shape does not match its data or
// x has more than one channel.
func RawInput(x Volume) *image.Gray {
	x.check("RawInput")
	if x.C != 1 {
		panic(fmt.Sprintf("viz: RawInput: %d channels, want 1", x.C))
	}
	img := image.NewGray(image.Rect(0, 0, x.W, x.H))
	for i, v := range x.Data {
		if !math.IsNaN(float64(v)) {
			img.Pix[i] = uint8(math.Round(255 * clamp01(float64(v))))
		}
	}
	return img
}
