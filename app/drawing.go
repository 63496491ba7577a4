package app

import (
	"image"
	"math"
)

// drawing is the picture on the drawing pad: strokes of a round brush on a square of
// side×side pixels, over a picture it may start from (an image opened). It keeps the
// strokes, so that the last one can be undone, and their ink rasterised into a grey mask
// (0 paper, 255 ink) with anti-aliased edges, over the picture's. Points are in pixels of
// the square, fractional; parts of strokes outside it are clipped.
type drawing struct {
	radius  float64
	strokes [][]point
	base    []uint8 // the ink of the picture the drawing started from, or nil
	ink     *image.Gray
}

// point is a position on the drawing in pixels.
type point struct{ X, Y float64 }

// newDrawing returns an empty drawing of side×side pixels drawn with a brush of the given
// radius in pixels. It panics if side or radius is not positive.
func newDrawing(side int, radius float64) *drawing {
	if side <= 0 || !(radius > 0) {
		panic("app: drawing size and brush radius must be positive")
	}
	return &drawing{radius: radius, ink: image.NewGray(image.Rect(0, 0, side, side))}
}

// Begin starts a new stroke with a dot at p and returns the rectangle of the mask it
// changed.
func (d *drawing) Begin(p point) image.Rectangle {
	d.strokes = append(d.strokes, []point{p})
	return d.paint(p, p)
}

// Extend continues the current stroke with a straight line to p and returns the rectangle
// of the mask it changed. Without a stroke in progress it begins one.
func (d *drawing) Extend(p point) image.Rectangle {
	if len(d.strokes) == 0 {
		return d.Begin(p)
	}
	last := len(d.strokes) - 1
	from := d.strokes[last][len(d.strokes[last])-1]
	d.strokes[last] = append(d.strokes[last], p)
	return d.paint(from, p)
}

// Undo removes the last stroke and reports whether there was one.
func (d *drawing) Undo() bool {
	if len(d.strokes) == 0 {
		return false
	}
	d.strokes = d.strokes[:len(d.strokes)-1]
	d.startInk()
	for _, s := range d.strokes {
		d.paint(s[0], s[0])
		for i := 1; i < len(s); i++ {
			d.paint(s[i-1], s[i])
		}
	}
	return true
}

// Clear removes every stroke and the picture the drawing started from.
func (d *drawing) Clear() {
	d.strokes, d.base = nil, nil
	clear(d.ink.Pix)
}

// Start makes the drawing the picture x alone: rows×rows grey values in [0, 1] (1 ink),
// scaled to the drawing's square. Undo keeps it; Clear removes it. It panics if x is not
// square.
func (d *drawing) Start(x []float32) {
	rows := int(math.Sqrt(float64(len(x))))
	if rows*rows != len(x) || rows == 0 {
		panic("app: a drawing starts from a square picture")
	}
	side := d.ink.Rect.Dx()
	d.base = make([]uint8, side*side)
	for y := range side {
		for x0 := range side {
			v := bilinear(x, rows, (float64(x0)+0.5)*float64(rows)/float64(side)-0.5, (float64(y)+0.5)*float64(rows)/float64(side)-0.5)
			d.base[y*side+x0] = uint8(math.Round(255 * min(1, max(0, v))))
		}
	}
	d.strokes = nil
	d.startInk()
}

// startInk sets the ink to the picture the drawing started from, or to none.
func (d *drawing) startInk() {
	if d.base == nil {
		clear(d.ink.Pix)
		return
	}
	copy(d.ink.Pix, d.base)
}

// bilinear returns the value of the rows×rows picture x at the point (u, v), in pixels
// from the centre of its first pixel, interpolated between its four nearest pixels and
// held at the edges.
func bilinear(x []float32, rows int, u, v float64) float64 {
	at := func(i, j int) float64 {
		return float64(x[min(rows-1, max(0, j))*rows+min(rows-1, max(0, i))])
	}
	i, j := int(math.Floor(u)), int(math.Floor(v))
	fu, fv := u-float64(i), v-float64(j)
	top := at(i, j)*(1-fu) + at(i+1, j)*fu
	bottom := at(i, j+1)*(1-fu) + at(i+1, j+1)*fu
	return top*(1-fv) + bottom*fv
}

// Empty reports whether nothing is drawn: no stroke and no picture.
func (d *drawing) Empty() bool { return len(d.strokes) == 0 && d.base == nil }

// Ink returns a copy of the ink mask, which the caller may keep and read on any goroutine.
func (d *drawing) Ink() *image.Gray {
	c := *d.ink
	c.Pix = append([]uint8(nil), d.ink.Pix...)
	return &c
}

// paint draws the brush along the segment from a to b, a capsule of the brush's radius,
// into the mask, keeping the darker ink where strokes overlap, and returns the rectangle
// it changed. Each pixel's coverage is radius + 1/2 minus the distance of its centre from
// the segment, clamped to [0, 1]: a one-pixel anti-aliased edge.
func (d *drawing) paint(a, b point) image.Rectangle {
	r := d.radius
	area := image.Rect(
		int(math.Floor(min(a.X, b.X)-r-1)), int(math.Floor(min(a.Y, b.Y)-r-1)),
		int(math.Ceil(max(a.X, b.X)+r+1)), int(math.Ceil(max(a.Y, b.Y)+r+1)),
	).Intersect(d.ink.Rect)
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			dist := distanceToSegment(point{float64(x) + 0.5, float64(y) + 0.5}, a, b)
			coverage := min(1, max(0, r+0.5-dist))
			v := uint8(math.Round(255 * coverage))
			if i := d.ink.PixOffset(x, y); v > d.ink.Pix[i] {
				d.ink.Pix[i] = v
			}
		}
	}
	return area
}

// distanceToSegment returns the distance from p to the closest point of the segment ab.
func distanceToSegment(p, a, b point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(1, max(0, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}
