package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"convscope/internal/tr"
)

// ScatterOptions configures Scatter and ScatterLayout. The zero value draws a 480-pixel
// square plot with the classes numbered.
type ScatterOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the plot; empty draws none.
	Title string
	// Size is the side of the square plot area at scale 1, in pixels; 0 means 480.
	Size int
	// Classes names the classes in the key, by label; nil numbers them.
	Classes []string
	// Highlight circles point Selected, such as the one picked by a click.
	Highlight bool
	Selected  int
}

// classColors are Tableau's ten categorical colours (matplotlib's tab10), one per class.
var classColors = [...]color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xd6, 0x27, 0x28, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
}

// ClassColor returns the colour Scatter draws class label in.
func ClassColor(label int) color.RGBA { return classColors[label%len(classColors)] }

// Scatter layout, in units.
const (
	scatterDot    = 2  // radius of a point
	scatterRing   = 4  // radius of the ring around a misclassified point
	scatterKeyRow = 16 // height of a line of the key
	scatterPad    = 8  // space between the points and the plot's frame
)

// ScatterMap is where Scatter draws each point, for finding the point under a click.
type ScatterMap struct {
	Bounds image.Rectangle // the whole picture
	Plot   image.Rectangle // the framed plot area
	At     []image.Point   // the centre of point i
	s      int
}

// Nearest returns the point drawn nearest to p, if it lies within a few pixels of p, else -1.
func (m ScatterMap) Nearest(p image.Point) int {
	best, bestD := -1, (scatterRing+2)*m.s*(scatterRing+2)*m.s
	for i, q := range m.At {
		if d := (q.X-p.X)*(q.X-p.X) + (q.Y-p.Y)*(q.Y-p.Y); d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// ScatterLayout returns where Scatter(points, labels, predicted, o) draws each point. It
// panics as Scatter does.
func ScatterLayout(points []float32, labels []uint8, o ScatterOptions) ScatterMap {
	n := len(labels)
	if len(points) != 2*n {
		panic(fmt.Sprintf("viz: Scatter: %d values for %d points", len(points), n))
	}
	s := orDefault("Scatter", "Scale", o.Scale, 1)
	size := orDefault("Scatter", "Size", o.Size, 480)
	top := marginUnits + titleHeight(o.Title)
	plotR := image.Rect(marginUnits, top, marginUnits+size, top+size)
	keyW := 0
	for c := range classCount(labels, o.Classes) {
		keyW = max(keyW, textWidth(className(c, o.Classes), labelText, 1))
	}
	keyW = max(keyW, textWidth(tr.T("misclassified"), labelText, 1)) + 2*scatterRing + 8
	w := max(plotR.Max.X+2*marginUnits+keyW, minWidth(o.Title))
	m := ScatterMap{Bounds: image.Rect(0, 0, w*s, (plotR.Max.Y+marginUnits)*s), Plot: scaleRect(plotR, s), At: make([]image.Point, n), s: s}

	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range n {
		x, y := float64(points[2*i]), float64(points[2*i+1])
		if !math.IsNaN(x) && !math.IsInf(x, 0) && !math.IsNaN(y) && !math.IsInf(y, 0) {
			x0, x1, y0, y1 = math.Min(x0, x), math.Max(x1, x), math.Min(y0, y), math.Max(y1, y)
		}
	}
	// One scale for both axes, so distances in the picture are distances in the map.
	span := math.Max(x1-x0, y1-y0)
	if !(span > 0) {
		span = 1
	}
	inner := float64((size - 2*scatterPad) * s)
	cx, cy := (x0+x1)/2, (y0+y1)/2
	mid := image.Pt((m.Plot.Min.X+m.Plot.Max.X)/2, (m.Plot.Min.Y+m.Plot.Max.Y)/2)
	for i := range n {
		x, y := float64(points[2*i]), float64(points[2*i+1])
		if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
			m.At[i] = image.Pt(-1<<20, -1<<20) // off the picture
			continue
		}
		m.At[i] = image.Pt(mid.X+int(math.Round((x-cx)/span*inner)), mid.Y-int(math.Round((y-cy)/span*inner)))
	}
	return m
}

// Scatter draws n points in the plane (points holds n pairs x, y), each coloured by its
// class labels[i], on one scale for both axes; points whose predicted class differs from
// their label (predicted may be nil) are ringed in black and drawn last. A key beside the
// plot names the colours and gives the number of points misclassified. Points that are
// not finite are left out.
//
// Scatter panics if points does not hold 2·len(labels) values, predicted is neither nil
// nor of len(labels), an option is negative, or Highlight is set and Selected is not a
// point.
func Scatter(points []float32, labels, predicted []uint8, o ScatterOptions) image.Image {
	n := len(labels)
	if predicted != nil && len(predicted) != n {
		panic(fmt.Sprintf("viz: Scatter: %d predictions for %d points", len(predicted), n))
	}
	if o.Highlight && (o.Selected < 0 || o.Selected >= n) {
		panic(fmt.Sprintf("viz: Scatter: selected point %d of %d", o.Selected, n))
	}
	m := ScatterLayout(points, labels, o)
	s := m.s
	c := newCanvas(m.Bounds, s)
	c.drawTitle(o.Title)
	c.outline(m.Plot, s, frameColor)
	wrong := func(i int) bool { return predicted != nil && predicted[i] != labels[i] }
	mistakes := 0
	for i := range n {
		if wrong(i) {
			mistakes++
			continue
		}
		c.disc(m.At[i], scatterDot*s, ClassColor(int(labels[i])))
	}
	for i := range n {
		if wrong(i) {
			c.disc(m.At[i], scatterRing*s, ink)
			c.disc(m.At[i], (scatterRing-1)*s, ClassColor(int(labels[i])))
		}
	}
	if o.Highlight {
		at := m.At[o.Selected]
		c.ring(at, (scatterRing+3)*s, s, highlight)
	}

	// The key: a dot and a name per class, then the ringed dot of a mistake.
	x, y := m.Plot.Max.X+c.u(2*marginUnits), m.Plot.Min.Y+c.u(scatterKeyRow/2)
	for cl := range classCount(labels, o.Classes) {
		c.disc(image.Pt(x+c.u(scatterRing), y), c.u(scatterRing), ClassColor(cl))
		c.text(className(cl, o.Classes), x+c.u(2*scatterRing+6), y, alignLeft, labelText, ink)
		y += c.u(scatterKeyRow)
	}
	if predicted != nil {
		y += c.u(scatterKeyRow / 2)
		c.disc(image.Pt(x+c.u(scatterRing), y), c.u(scatterRing), ink)
		c.disc(image.Pt(x+c.u(scatterRing), y), c.u(scatterRing-1), faintInk)
		c.text(tr.T("misclassified"), x+c.u(2*scatterRing+6), y, alignLeft, labelText, ink)
		y += c.u(scatterKeyRow)
		// Indexed verbs keep this key apart from the app's "%d of %d" (a position), which
		// Chinese says otherwise; the English text is the same.
		c.text(tr.F("%[1]d of %[2]d", mistakes, n), x+c.u(2*scatterRing+6), y, alignLeft, labelText, faintInk)
	}
	return c.img
}

// classCount returns how many classes the key lists: as many as named, or up to the
// largest label.
func classCount(labels []uint8, names []string) int {
	n := len(names)
	for _, l := range labels {
		n = max(n, int(l)+1)
	}
	return n
}

// className returns the name of class c in the key.
func className(c int, names []string) string {
	if c < len(names) && names[c] != strconv.Itoa(c) {
		return strconv.Itoa(c) + " " + names[c]
	}
	return strconv.Itoa(c)
}

// scaleRect returns r with every coordinate multiplied by s.
func scaleRect(r image.Rectangle, s int) image.Rectangle {
	return image.Rect(r.Min.X*s, r.Min.Y*s, r.Max.X*s, r.Max.Y*s)
}

// disc paints a filled circle of radius r (pixels) centred on p, clipped to the image.
func (c *canvas) disc(p image.Point, r int, col color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		half := int(math.Sqrt(float64(r*r - dy*dy)))
		c.fill(image.Rect(p.X-half, p.Y+dy, p.X+half+1, p.Y+dy+1), col)
	}
}

// ring paints a circle of radius r and line width w (pixels) centred on p.
func (c *canvas) ring(p image.Point, r, w int, col color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if d := math.Hypot(float64(dx), float64(dy)); d <= float64(r) && d > float64(r-w) {
				c.fill(image.Rect(p.X+dx, p.Y+dy, p.X+dx+1, p.Y+dy+1), col)
			}
		}
	}
}
