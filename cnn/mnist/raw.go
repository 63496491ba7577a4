package mnist

import (
	"image"
	"image/color"

	"convscope/internal/tr"
)

// FromRaw takes a Rows×Cols picture as a network input exactly as it is, without
// FromImage's cropping, scaling and centring: each pixel's grey level (its luminance, for
// a colour picture) divided by 255, 1 being white ink on black as in MNIST. An input
// saved as an 8-bit grey PNG, such as an adversarial example, reads back as the very
// values the network saw. It returns an error for a picture of another size.
func FromRaw(img image.Image) ([Pixels]float32, error) {
	var out [Pixels]float32
	b := img.Bounds()
	if b.Dx() != Cols || b.Dy() != Rows {
		return out, tr.Errorf("a raw input must be %dx%d pixels, this image is %dx%d; without -raw any picture is scaled and centred",
			Cols, Rows, b.Dx(), b.Dy())
	}
	for y := range Rows {
		for x := range Cols {
			out[y*Cols+x] = float32(color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y) / 255
		}
	}
	return out, nil
}
