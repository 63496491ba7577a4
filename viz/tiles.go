package viz

import (
	"fmt"
	"image"
	"strconv"

	"convscope/internal/tr"
)

// Layout sizes shared by the renderers, in units (pixels at scale 1).
const (
	marginUnits   = 10  // around every picture
	titleUnits    = 26  // strip holding a title
	labelUnits    = 14  // strip above a tile holding its index
	captionUnits  = 18  // strip holding one line of caption text
	gapUnits      = 6   // between the tiles of a grid; leaves room for the outline
	outlineUnits  = 3   // width of the outline around a selected tile
	barGapUnits   = 10  // between a picture and its colour bar
	barWidthUnits = 200 // colour bars are at most this wide
	minWidthUnits = 200 // pictures are at least this wide, so that captions fit
)

// tileGrid is a laid-out grid of maps ready to draw.
type tileGrid struct {
	grid     Grid
	planes   []plane
	ranges   []valueRange // ranges[i] summarises planes[i]
	spans    []span       // spans[i] is the colour span of planes[i]
	cmap     ColorMap
	zoom     int  // pixels per map value
	labels   bool // draw each tile's index in its label strip
	selected int  // tile to outline, or -1
}

// draw paints every tile (or marks it blank), the labels and the selection outline.
func (t tileGrid) draw(c *canvas) {
	for i, p := range t.planes {
		r := t.grid.TileRect(i)
		if marker := t.ranges[i].blankMarker(); marker != "" {
			c.blank(r, marker)
			continue
		}
		c.paintPlane(p, r.Min, t.zoom, newShader(t.cmap, t.spans[i]))
	}
	if t.labels {
		for i := range t.planes {
			cell := t.grid.CellRect(i)
			st, col := labelText, ink
			if i == t.selected {
				st, col = labelBold, highlight
			}
			c.text(strconv.Itoa(i), (cell.Min.X+cell.Max.X)/2, cell.Min.Y+t.grid.label/2, alignCenter, st, col)
		}
	}
	if t.selected >= 0 {
		gap := t.grid.pitch.X - t.grid.cell.X
		c.outline(t.grid.CellRect(t.selected), min(c.u(outlineUnits), gap), highlight)
	}
}

// selection returns the tile to outline: selected if highlight is set, else -1.
// It panics if the selected tile does not exist.
func selection(fn string, highlight bool, selected, count int) int {
	if !highlight {
		return -1
	}
	if selected < 0 || selected >= count {
		panic(fmt.Sprintf("viz: %s: Selected = %d, want a tile index in [0, %d)", fn, selected, count))
	}
	return selected
}

// drawTitle draws title, if any, in the title strip at the top of the image.
func (c *canvas) drawTitle(title string) {
	if title != "" {
		c.text(title, c.u(marginUnits), c.u(marginUnits+titleUnits/2-2), alignLeft, titleText, ink)
	}
}

// minWidth returns the least width in units of a picture with title: wide enough for
// the title, its margins and a little slack for hinting at larger scales, and never
// narrower than minWidthUnits.
func minWidth(title string) int {
	return max(minWidthUnits, textWidth(title, titleText, 1)+2*marginUnits+4)
}

// titleHeight returns the height in units of the title strip: zero without a title.
func titleHeight(title string) int {
	if title == "" {
		return 0
	}
	return titleUnits
}

// drawColorBarBelow draws the colour bar of map m over span sp, centred under the
// picture, in the bottom colorBarUnits of the image's content. If perMap is set, each
// map has its own span, so the bar is labelled min and max rather than with values.
func (c *canvas) drawColorBarBelow(m ColorMap, sp span, perMap bool) {
	b := c.img.Rect
	w := min(c.u(barWidthUnits), b.Dx()-2*c.u(marginUnits))
	x := (b.Dx() - w) / 2
	y := b.Max.Y - c.u(marginUnits+colorBarUnits)
	left, middle, right := barLabels(m, sp, perMap)
	c.colorBar(image.Rect(x, y, x+w, y+c.u(colorBarUnits)), m, left, middle, right)
}

// colorBarSpaceUnits is the height that drawColorBarBelow needs under a picture.
const colorBarSpaceUnits = barGapUnits + colorBarUnits

// barLabels returns the labels of a colour bar's left end, middle and right end.
func barLabels(m ColorMap, sp span, perMap bool) (left, middle, right string) {
	switch {
	case perMap && m.Diverging():
		return "\u2212max |v|", "0", "+max |v|"
	case perMap:
		return tr.T("min"), "", tr.T("max")
	case !(sp.hi > sp.lo):
		return "", tr.T("no range to show"), ""
	}
	left, right = formatPair(sp.lo, sp.hi)
	if m.Diverging() {
		middle = "0"
	}
	return left, middle, right
}
