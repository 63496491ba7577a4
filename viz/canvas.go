package viz

import (
	"image"
	"image/color"
)

// Colours shared by the renderers.
var (
	paper      = color.RGBA{0xff, 0xff, 0xff, 0xff} // background
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff} // text and axes
	faintInk   = color.RGBA{0x88, 0x88, 0x88, 0xff} // secondary text
	rule       = color.RGBA{0xdd, 0xdd, 0xdd, 0xff} // guide lines
	frameColor = color.RGBA{0xbb, 0xbb, 0xbb, 0xff} // thin frames around pictures
	// highlight is Okabe and Ito's colour-blind safe vermillion.
	highlight  = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	blankFill  = color.RGBA{0xc4, 0xc4, 0xc4, 0xff}
	blankHatch = color.RGBA{0x9a, 0x9a, 0x9a, 0xff}
	blankPlate = color.RGBA{0xf4, 0xf4, 0xf4, 0xff}
)

// canvas is an RGBA image being rendered at scale s: s pixels per layout unit.
// Every renderer lays its picture out in units and multiplies by s, so the picture at
// scale s is exactly s times the size of the picture at scale 1.
type canvas struct {
	img *image.RGBA
	s   int
}

func newCanvas(bounds image.Rectangle, s int) *canvas {
	c := &canvas{img: image.NewRGBA(bounds), s: s}
	c.fill(bounds, paper)
	return c
}

// u converts layout units to pixels.
func (c *canvas) u(units int) int { return units * c.s }

// fill paints r (clipped to the image) with col.
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	r = r.Intersect(c.img.Rect)
	if r.Empty() {
		return
	}
	first := c.img.PixOffset(r.Min.X, r.Min.Y)
	row := c.img.Pix[first : first+4*r.Dx()]
	for i := 0; i < len(row); i += 4 {
		row[i], row[i+1], row[i+2], row[i+3] = col.R, col.G, col.B, col.A
	}
	c.repeatRow(r, row)
}

// repeatRow copies row, the already painted top row of r, to the other rows of r.
func (c *canvas) repeatRow(r image.Rectangle, row []uint8) {
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		i := c.img.PixOffset(r.Min.X, y)
		copy(c.img.Pix[i:i+len(row)], row)
	}
}

// outline paints a band of width w around the outside of r.
func (c *canvas) outline(r image.Rectangle, w int, col color.RGBA) {
	outer := r.Inset(-w)
	c.fill(image.Rect(outer.Min.X, outer.Min.Y, outer.Max.X, r.Min.Y), col)
	c.fill(image.Rect(outer.Min.X, r.Max.Y, outer.Max.X, outer.Max.Y), col)
	c.fill(image.Rect(outer.Min.X, r.Min.Y, r.Min.X, r.Max.Y), col)
	c.fill(image.Rect(r.Max.X, r.Min.Y, outer.Max.X, r.Max.Y), col)
}

// text draws str in style st, vertically centred on yMid and aligned on x.
func (c *canvas) text(str string, x, yMid int, align hAlign, st textStyle, col color.RGBA) {
	drawText(c.img, str, x, yMid, align, st, c.s, col)
}

// paintPlane draws p with its top-left corner at at, each value as a zoom x zoom block
// (nearest neighbour, so pixel edges stay crisp), coloured by sh.
func (c *canvas) paintPlane(p plane, at image.Point, zoom int, sh shader) {
	c.paintBlocks(at, p.h, p.w, zoom, func(y, x int) color.RGBA { return sh.color(p.at(y, x)) })
}

// paintBlocks draws an h x w picture with its top-left corner at at, pixel (y, x) of
// the picture as a zoom x zoom block of colour colorAt(y, x). It writes the image's Pix
// directly: one call of colorAt per picture pixel, one copy per image row.
func (c *canvas) paintBlocks(at image.Point, h, w, zoom int, colorAt func(y, x int) color.RGBA) {
	r := image.Rect(0, 0, w*zoom, h*zoom).Add(at)
	if !r.In(c.img.Rect) {
		panic("viz: internal error: picture painted outside the image")
	}
	for y := range h {
		block := image.Rect(r.Min.X, r.Min.Y+y*zoom, r.Max.X, r.Min.Y+(y+1)*zoom)
		i := c.img.PixOffset(block.Min.X, block.Min.Y)
		row := c.img.Pix[i : i+4*block.Dx()]
		for x := range w {
			col := colorAt(y, x)
			px := row[4*x*zoom : 4*(x+1)*zoom]
			for j := 0; j < len(px); j += 4 {
				px[j], px[j+1], px[j+2], px[j+3] = col.R, col.G, col.B, col.A
			}
		}
		c.repeatRow(block, row)
	}
}

// blank paints r as a map that has no colour scale: neutral grey with a diagonal hatch,
// and marker (such as "0" or "NaN") in the middle when it fits.
func (c *canvas) blank(r image.Rectangle, marker string) {
	c.fill(r, blankFill)
	period, width := c.u(6), c.u(1)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if (x-r.Min.X+y-r.Min.Y)%period < width {
				i := c.img.PixOffset(x, y)
				c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2] = blankHatch.R, blankHatch.G, blankHatch.B
			}
		}
	}
	for _, st := range []textStyle{labelText, smallText} {
		w, h := textWidth(marker, st, c.s)+c.u(6), int(st.size*float64(c.s)*1.3)
		if w <= r.Dx()-c.u(2) && h <= r.Dy()-c.u(2) {
			mid := image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
			c.fill(image.Rect(mid.X-w/2, mid.Y-h/2, mid.X-w/2+w, mid.Y-h/2+h), blankPlate)
			c.text(marker, mid.X, mid.Y, alignCenter, st, ink)
			return
		}
	}
}

// colorBarUnits is the height in units of a colour bar with its labels.
const colorBarUnits = 26

// colorBar draws map m as a horizontal gradient filling the width of r (from r.Min.Y,
// 10 units high) with labels under its left end, middle and right end; empty labels are
// skipped.
func (c *canvas) colorBar(r image.Rectangle, m ColorMap, left, middle, right string) {
	bar := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+c.u(10))
	for x := bar.Min.X; x < bar.Max.X; x++ {
		t := (float64(x-bar.Min.X) + 0.5) / float64(bar.Dx())
		c.fill(image.Rect(x, bar.Min.Y, x+1, bar.Max.Y), m.At(t))
	}
	c.outline(bar, c.u(1), frameColor)
	y := bar.Max.Y + c.u(9)
	c.text(left, bar.Min.X, y, alignLeft, smallText, ink)
	c.text(middle, (bar.Min.X+bar.Max.X)/2, y, alignCenter, smallText, ink)
	c.text(right, bar.Max.X, y, alignRight, smallText, ink)
}

// drawKey draws the lines of a key, one caption line apart, the first centred on y, from
// x on.
func (c *canvas) drawKey(lines []string, x, y int) {
	for i, line := range lines {
		c.text(line, x, y+i*c.u(captionUnits), alignLeft, smallText, ink)
	}
}

// keyWidth returns the width, in units, a key of these lines needs with its margins.
func keyWidth(lines []string) int {
	w := 0
	for _, line := range lines {
		w = max(w, textUnits(line, smallText)+2*marginUnits)
	}
	return w
}
