package mnist

import (
	"image"
	"math"
	"slices"

	"golang.org/x/image/draw"

	"convscope/internal/tr"
)

const (
	// boxSize is the side of the box MNIST digits were scaled to fit, keeping their aspect ratio.
	boxSize = 20

	// minContrast is the least difference between ink and paper, on a 0..1 luminance scale,
	// that counts as ink; below it an image is empty.
	minContrast = 0.1

	// maxPixels bounds the size of the pictures FromImage accepts: 8192x8192 pixels, larger
	// than the photos of most cameras.
	maxPixels = maxSide * maxSide

	// maxSide is the longest side of a picture DecodeImage reads.
	maxSide = 8192

	// noiseFloor is the fraction of the strongest ink below which a pixel counts as paper, so
	// that paper texture and compression noise neither widen the crop nor shift the centre.
	noiseFloor = 0.1
)

// FromImage turns a picture of one handwritten digit (a drawing on the pad, or a PNG or JPEG of
// any size and either polarity) into an input like the MNIST images: Pixels values in [0, 1],
// row-major, 1 being ink. It follows the recipe MNIST was made with:
//
//  1. Luminance, with transparent pixels taken as paper. The paper is the colour of most of the
//     border, so dark ink on light paper and light ink on dark paper both work; when most of the
//     border is transparent, the opaque pixels are the ink.
//  2. Ink is the difference from the paper, stretched so the strongest ink is 1; ink weaker
//     than a tenth of that is paper.
//  3. Crop to the ink's bounding box and scale it, keeping its aspect ratio, so its long side is
//     20 pixels, with Catmull-Rom filtering (which anti-aliases when shrinking).
//  4. Place it in the 28x28 field so that its centre of mass falls on pixel (14, 14), shifting
//     it less where it would otherwise cross the edge.
//
// For an image with no ink (empty, of one colour, or with less contrast than a tenth of the
// luminance range), FromImage returns ErrEmptyImage; for one of more than 8192x8192 pixels, an
// error asking to scale it down.
func FromImage(img image.Image) ([Pixels]float32, error) {
	var out [Pixels]float32
	b := img.Bounds()
	if b.Empty() {
		return out, ErrEmptyImage
	}
	// Unsigned, so that a width or height that overflowed int counts as huge.
	if w, h := uint64(b.Dx()), uint64(b.Dy()); w > maxPixels || h > maxPixels || w*h > maxPixels {
		return out, tr.Errorf("mnist: the image is %dx%d pixels, more than the %d FromImage accepts; scale it down", w, h, maxPixels)
	}
	ink, ok := inkOf(img)
	if !ok {
		return out, ErrEmptyImage
	}
	digit := fitBox(ink)
	if !place(digit, &out) {
		return out, ErrEmptyImage
	}
	return out, nil
}

// inkOf returns the ink of img cropped to its bounding box, 0 being paper and 255 the strongest
// ink, or false if img has no ink.
func inkOf(img image.Image) (*image.Gray, bool) {
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Src)

	paper := paperLuminance(rgba)
	ink := make([]float32, b.Dx()*b.Dy())
	var peak float32
	for i := range ink {
		p := rgba.Pix[4*i : 4*i+4]
		// Composited over the paper, a pixel's luminance is lum + (1-alpha)*paper, where lum is
		// premultiplied by alpha; its ink is the distance from the paper.
		ink[i] = float32(math.Abs(float64(luminance(p) - alphaOf(p)*paper)))
		peak = max(peak, ink[i])
	}
	if peak < minContrast {
		return nil, false
	}

	floor := noiseFloor * peak
	box := image.Rectangle{}
	for y := range b.Dy() {
		for x := range b.Dx() {
			if ink[y*b.Dx()+x] > floor {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	cropped := image.NewGray(image.Rect(0, 0, box.Dx(), box.Dy()))
	for y := range box.Dy() {
		for x := range box.Dx() {
			v := (ink[(box.Min.Y+y)*b.Dx()+box.Min.X+x] - floor) / (peak - floor)
			cropped.Pix[y*cropped.Stride+x] = uint8(math.Round(255 * float64(max(v, 0))))
		}
	}
	return cropped, true
}

// paperLuminance returns the luminance in [0, 1] of the paper of m: the median luminance of
// the border pixels that are at least half opaque, if they are most of the border. Otherwise
// the paper is transparent and taken to contrast with the ink: white for dark ink, black for
// light ink.
func paperLuminance(m *image.RGBA) float32 {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var opaque []float32
	border := 0
	for y := range h {
		step := 1
		if y > 0 && y < h-1 {
			step = max(w-1, 1) // only the first and last pixel of inner rows
		}
		for x := 0; x < w; x += step {
			border++
			if p := m.Pix[m.PixOffset(x, y):]; alphaOf(p) >= 0.5 {
				opaque = append(opaque, luminance(p)/alphaOf(p))
			}
		}
	}
	if 2*len(opaque) > border {
		slices.Sort(opaque)
		return opaque[len(opaque)/2]
	}
	var lum, alpha float64
	for i := 0; i < len(m.Pix); i += 4 {
		lum += float64(luminance(m.Pix[i:]))
		alpha += float64(alphaOf(m.Pix[i:]))
	}
	if lum < 0.5*alpha {
		return 1
	}
	return 0
}

// luminance returns the Rec. 601 luminance in [0, 1] of the premultiplied RGBA pixel p[:4].
func luminance(p []uint8) float32 {
	return (0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])) / 255
}

// alphaOf returns the opacity in [0, 1] of the RGBA pixel p[:4].
func alphaOf(p []uint8) float32 { return float32(p[3]) / 255 }

// fitBox scales ink, keeping its aspect ratio, so that its long side is boxSize pixels.
func fitBox(ink *image.Gray) *image.Gray {
	w, h := ink.Rect.Dx(), ink.Rect.Dy()
	scale := float64(boxSize) / float64(max(w, h))
	dw := max(1, int(math.Round(float64(w)*scale)))
	dh := max(1, int(math.Round(float64(h)*scale)))
	digit := image.NewGray(image.Rect(0, 0, dw, dh))
	draw.CatmullRom.Scale(digit, digit.Rect, ink, ink.Rect, draw.Src, nil)
	return digit
}

// place writes digit into the Rows x Cols field out so that its centre of mass falls on pixel
// (Cols/2, Rows/2), or as near as the field's edges allow. (The mean centre of mass of the
// MNIST training images is at (14.01, 14.00).) It returns false if digit has no ink
// left, which happens when a few specks of ink vanish in the scaling.
func place(digit *image.Gray, out *[Pixels]float32) bool {
	w, h := digit.Rect.Dx(), digit.Rect.Dy()
	var mass, mx, my float64
	for y := range h {
		for x := range w {
			v := float64(digit.Pix[y*digit.Stride+x])
			mass += v
			mx += v * float64(x)
			my += v * float64(y)
		}
	}
	if mass == 0 {
		return false
	}
	x0 := min(max(int(math.Round(Cols/2-mx/mass)), 0), Cols-w)
	y0 := min(max(int(math.Round(Rows/2-my/mass)), 0), Rows-h)
	for y := range h {
		for x := range w {
			out[(y0+y)*Cols+x0+x] = inkOfByte[digit.Pix[y*digit.Stride+x]]
		}
	}
	return true
}
