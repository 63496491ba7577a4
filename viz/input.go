package viz

import (
	"fmt"
	"image"
)

// InputOptions configures InputPreview. The zero value draws a 224-pixel picture.
type InputOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Size is the approximate side of the picture at scale 1, in pixels; 0 means 224
	// (a 28x28 input enlarged 8 times).
	Size int
}

// InputPreview draws the network's input x (H x W x 1, values in [0, 1], 1 = ink) as
// the network sees it: each value as a block of grey, ink white on black as in MNIST,
// values outside [0, 1] clamped. The picture has no margin: it is exactly H*z by W*z
// pixels, z being the enlargement. An input that is constant (such as an empty drawing,
// all zero) or holds NaN or Inf is drawn as a hatched grey tile marked with its value
// or "NaN".
//
// InputPreview panics if x's shape does not match its data, x has more than one
// channel, or an option is negative.
func InputPreview(x Volume, o InputOptions) image.Image {
	x.check("InputPreview")
	if x.C != 1 {
		panic(fmt.Sprintf("viz: InputPreview: %d channels, want 1", x.C))
	}
	s := orDefault("InputPreview", "Scale", o.Scale, 1)
	zoom := fitZoom("InputPreview", "Size", x.H, x.W, o.Size, 224) * s
	p := x.channel(0)
	c := newCanvas(image.Rect(0, 0, x.W*zoom, x.H*zoom), s)
	if marker := rangeOfPlane(p).blankMarker(); marker != "" {
		c.blank(c.img.Rect, marker)
		return c.img
	}
	c.paintPlane(p, image.Point{}, zoom, newShader(Gray, span{0, 1}))
	return c.img
}
