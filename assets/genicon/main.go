// Command genicon draws ConvScope's application icon: a 3x3 grid of convolution-filter
// tiles on a dark rounded square, framed like a kernel window. The tiles' brightness,
// coloured with the inferno colour map, traces a handwritten "7".
//
// Usage (from the assets folder, see the go:generate line in assets.go):
//
//	go run ./genicon -o icon.png -size 512
//
// The picture is drawn from signed distance functions with analytic anti-aliasing, so it
// stays crisp at any size.
package main

import (
	"convscope/internal/atomicfile"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
)

func main() {
	out := flag.String("o", "icon.png", "output PNG `file`")
	size := flag.Int("size", 512, "width and height of the icon in pixels")
	flag.Parse()
	if *size < 16 {
		fmt.Fprintf(os.Stderr, "genicon: -size %d is too small; use 16 or more\n", *size)
		os.Exit(2)
	}
	if err := writePNG(*out, drawIcon(*size)); err != nil {
		fmt.Fprintln(os.Stderr, "genicon:", err)
		os.Exit(1)
	}
}

// writePNG encodes img as PNG into the file at path, replacing it whole.
func writePNG(path string, img image.Image) error {
	return atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) })
}

// Design units: the icon is designed on a 512x512 canvas with its origin at the top left.
const designSize = 512

// tileValues are the kernel weights shown by the tiles, in [0, 1], row by row; the bright
// tiles draw a "7".
var tileValues = [3][3]float64{
	{0.92, 1.00, 0.95},
	{0.16, 0.30, 0.86},
	{0.08, 0.78, 0.22},
}

// Layout of the icon in design units.
const (
	plateHalf   = 236 // half the side of the background plate
	plateRadius = 100 // corner radius of the plate
	gridHalf    = 150 // half the side of the 3x3 tile grid
	tileGap     = 16  // gap between neighbouring tiles
	tileRadius  = 18  // corner radius of a tile
	frameHalf   = 178 // half the side of the kernel frame around the grid, to its centre line
	frameRadius = 44  // corner radius of the frame
	frameWidth  = 9   // stroke width of the frame
	shadowDrop  = 7   // how far tile shadows fall below their tiles
	shadowBlur  = 14  // width of the shadows' soft edge
)

// drawIcon renders the icon at size x size pixels with a transparent background outside
// the rounded plate.
func drawIcon(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	pixel := designSize / float64(size) // one output pixel in design units
	for y := range size {
		for x := range size {
			px := (float64(x) + 0.5) * pixel
			py := (float64(y) + 0.5) * pixel
			img.SetNRGBA(x, y, shade(px, py, pixel).nrgba())
		}
	}
	return img
}

// shade returns the icon's colour at design point (x, y); pixel is the size of one output
// pixel in design units and sets the width of the anti-aliased edges.
func shade(x, y, pixel float64) rgba {
	c := 256.0 // centre of the canvas
	var out rgba

	plate := roundedBox(x-c, y-c, plateHalf, plateHalf, plateRadius)
	t := (y - (c - plateHalf)) / (2 * plateHalf) // 0 at the plate's top, 1 at its bottom
	top, bottom := rgb(0x2c, 0x3b, 0x58), rgb(0x12, 0x18, 0x26)
	out = out.over(top.mix(bottom, t).withAlpha(coverage(plate, pixel)))

	frame := math.Abs(roundedBox(x-c, y-c, frameHalf, frameHalf, frameRadius)) - frameWidth/2
	out = out.over(rgb(0x8f, 0xd8, 0xf0).withAlpha(0.9 * coverage(frame, pixel)))

	tile := (2*gridHalf - 2*tileGap) / 3.0
	for row := range 3 {
		for col := range 3 {
			tx := c - gridHalf + tile/2 + float64(col)*(tile+tileGap)
			ty := c - gridHalf + tile/2 + float64(row)*(tile+tileGap)
			shadow := roundedBox(x-tx, y-ty-shadowDrop, tile/2, tile/2, tileRadius)
			out = out.over(rgb(0, 0, 0).withAlpha(0.45 * coverage(shadow, shadowBlur)))
			d := roundedBox(x-tx, y-ty, tile/2, tile/2, tileRadius)
			out = out.over(inferno(0.12 + 0.88*tileValues[row][col]).withAlpha(coverage(d, pixel)))
		}
	}
	return out
}

// roundedBox is the signed distance from point (x, y) to a box centred at the origin with
// half sizes hx, hy and corner radius r: negative inside, positive outside.
func roundedBox(x, y, hx, hy, r float64) float64 {
	qx := math.Abs(x) - hx + r
	qy := math.Abs(y) - hy + r
	outside := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	inside := math.Min(math.Max(qx, qy), 0)
	return outside + inside - r
}

// coverage turns a signed distance into the fraction of a pixel of the given width that
// the shape covers.
func coverage(distance, width float64) float64 {
	return math.Min(math.Max(0.5-distance/width, 0), 1)
}

// infernoStops samples matplotlib's inferno colour map at 0, 0.1, ..., 1.
var infernoStops = [...]rgba{
	rgb(0, 0, 4), rgb(22, 11, 57), rgb(66, 10, 104), rgb(106, 23, 110),
	rgb(147, 38, 103), rgb(188, 55, 84), rgb(221, 81, 58), rgb(243, 118, 27),
	rgb(252, 165, 10), rgb(246, 215, 70), rgb(252, 255, 164),
}

// inferno maps t in [0, 1] to the inferno colour map by linear interpolation.
func inferno(t float64) rgba {
	t = math.Min(math.Max(t, 0), 1) * float64(len(infernoStops)-1)
	i := min(int(t), len(infernoStops)-2)
	return infernoStops[i].mix(infernoStops[i+1], t-float64(i))
}

// rgba is a colour with straight (not premultiplied) alpha, every channel in [0, 1].
type rgba struct{ r, g, b, a float64 }

// rgb returns the opaque colour with 8-bit channels r, g, b.
func rgb(r, g, b uint8) rgba {
	return rgba{float64(r) / 255, float64(g) / 255, float64(b) / 255, 1}
}

// mix interpolates linearly from c (t = 0) to d (t = 1), clamping t to [0, 1].
func (c rgba) mix(d rgba, t float64) rgba {
	t = math.Min(math.Max(t, 0), 1)
	return rgba{
		c.r + (d.r-c.r)*t,
		c.g + (d.g-c.g)*t,
		c.b + (d.b-c.b)*t,
		c.a + (d.a-c.a)*t,
	}
}

// withAlpha returns c with its alpha scaled by a.
func (c rgba) withAlpha(a float64) rgba {
	c.a *= a
	return c
}

// over composites top over the backdrop c, Porter-Duff "source over".
func (c rgba) over(top rgba) rgba {
	a := top.a + c.a*(1-top.a)
	if a == 0 {
		return rgba{}
	}
	blend := func(front, back float64) float64 {
		return (front*top.a + back*c.a*(1-top.a)) / a
	}
	return rgba{blend(top.r, c.r), blend(top.g, c.g), blend(top.b, c.b), a}
}

// nrgba converts c to 8-bit channels, rounding to nearest.
func (c rgba) nrgba() color.NRGBA {
	to8 := func(v float64) uint8 { return uint8(math.Round(math.Min(math.Max(v, 0), 1) * 255)) }
	return color.NRGBA{to8(c.r), to8(c.g), to8(c.b), to8(c.a)}
}
