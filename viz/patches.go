package viz

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"convscope/internal/tr"
)

// PatchSet is one tile of a PatchGrid: a few square patches drawn together as a mosaic,
// such as the nine input patches a feature responds to most, or their projections.
type PatchSet struct {
	// Label is drawn above the tile; "" means the tile's index.
	Label string
	// Side is the side of every patch: each holds Side*Side values, row-major.
	Side int
	// Patches are drawn in row-major order, PerRow to a mosaic row. A set without
	// patches is drawn as a hatched tile marked "none".
	Patches [][]float32
	// PerRow is the number of patches per mosaic row; 0 means as many as the grid's
	// largest set needs to be square (3 for nine patches), so that equal sets look
	// alike however many patches each has.
	PerRow int
	// Signed draws each patch with CoolWarm centred at zero, scaled to its own largest
	// |value|, for projections; otherwise values are input intensities in [0, 1], drawn
	// in grey with ink white, as InputPreview draws them.
	Signed bool
}

// PatchGridOptions configures PatchGrid and PatchGridLayout. The zero value draws
// labelled tiles of about 90 pixels, 8 per row.
type PatchGridOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the grid; empty draws none.
	Title string
	// TileSize is the approximate side of a tile at scale 1, in pixels; 0 means 90.
	// Each set's patches are enlarged by the largest whole factor (at least 1) that
	// keeps its mosaic within it: nine 5x5 patches 5 times, nine 14x14 patches twice.
	TileSize int
	// Columns is the number of tiles per row; 0 means 8.
	Columns int
	// HideLabels omits the labels above the tiles.
	HideLabels bool
	// Highlight outlines tile Selected and its label.
	Highlight bool
	Selected  int
}

// patchGapUnits separates the patches of a mosaic.
const patchGapUnits = 1

// PatchGrid draws sets as a grid of tiles in row-major order, each a mosaic of its
// patches labelled with its Label or index, as in Zeiler & Fergus's figure 2 (a feature's
// nine strongest image patches per tile). If a set is Signed, a colour bar underneath
// explains the signed colours. Patches holding NaN or Inf are drawn as hatched grey
// squares.
//
// PatchGrid panics if sets is empty, a set's Side is not positive, a patch does not hold
// Side*Side values, an option is negative, or Highlight is set and Selected is not in
// [0, len(sets)).
func PatchGrid(sets []PatchSet, o PatchGridOptions) image.Image {
	l := o.layout("PatchGrid", sets)
	selected := selection("PatchGrid", o.Highlight, o.Selected, len(sets))
	c := newCanvas(l.grid.Bounds, l.s)
	c.drawTitle(o.Title)
	for i, set := range sets {
		l.drawSet(c, set, l.perRow[i], l.zooms[i], l.grid.TileRect(i))
		if !o.HideLabels {
			cell := l.grid.CellRect(i)
			st, col := labelText, ink
			if i == selected {
				st, col = labelBold, highlight
			}
			c.text(patchLabel(set, i), (cell.Min.X+cell.Max.X)/2, cell.Min.Y+l.grid.label/2, alignCenter, st, col)
		}
	}
	if selected >= 0 {
		gap := l.grid.pitch.X - l.grid.cell.X
		c.outline(l.grid.CellRect(selected), min(c.u(outlineUnits), gap), highlight)
	}
	if l.signed {
		c.drawColorBarBelow(CoolWarm, span{-1, 1}, true)
	}
	return c.img
}

// PatchGridLayout returns the geometry of PatchGrid(sets, o): the image bounds and where
// each set's tile is, for hit-testing clicks (Grid.IndexAt returns the set's index). Only
// the sets' labels, sides and numbers of patches are used. It panics as PatchGrid does.
func PatchGridLayout(sets []PatchSet, o PatchGridOptions) Grid {
	return o.layout("PatchGridLayout", sets).grid
}

// patchLayout is a laid-out PatchGrid.
type patchLayout struct {
	grid   Grid
	s      int
	perRow []int // patches per mosaic row of each set
	zooms  []int // pixels per value of each set's patches
	gap    int   // pixels between the patches of a mosaic
	signed bool  // some set is signed: the grid has a colour bar
}

func (o PatchGridOptions) layout(fn string, sets []PatchSet) patchLayout {
	if len(sets) == 0 {
		panic(fmt.Sprintf("viz: %s: no patch sets", fn))
	}
	s := orDefault(fn, "Scale", o.Scale, 1)
	size := orDefault(fn, "TileSize", o.TileSize, 90)
	most := 1
	for _, set := range sets {
		most = max(most, len(set.Patches))
	}
	square := int(math.Ceil(math.Sqrt(float64(most))))
	l := patchLayout{s: s, gap: patchGapUnits * s}
	var mosaic image.Point // the largest mosaic
	labelWidth := 0
	for i, set := range sets {
		set.check(fn)
		perRow := orDefault(fn, "PerRow", set.PerRow, square)
		count := most // a square mosaic's worth
		if set.PerRow > 0 {
			count = len(set.Patches)
		}
		rows := max(1, (count+perRow-1)/perRow)
		zoom := max(1, (size-(max(perRow, rows)-1)*patchGapUnits)/(max(perRow, rows)*set.Side))
		l.perRow = append(l.perRow, perRow)
		l.zooms = append(l.zooms, zoom*s)
		mosaic.X = max(mosaic.X, perRow*set.Side*zoom*s+(perRow-1)*l.gap)
		mosaic.Y = max(mosaic.Y, rows*set.Side*zoom*s+(rows-1)*l.gap)
		l.signed = l.signed || set.Signed
		if !o.HideLabels {
			labelWidth = max(labelWidth, (textWidth(patchLabel(set, i), labelText, 1)+4)*s)
		}
	}
	tile := image.Pt(max(mosaic.X, labelWidth), mosaic.Y)
	spec := gridSpec{
		count:    len(sets),
		cols:     orDefault(fn, "Columns", o.Columns, 8),
		tile:     tile,
		gap:      gapUnits * s,
		left:     marginUnits * s,
		right:    marginUnits * s,
		top:      (marginUnits + titleHeight(o.Title)) * s,
		bottom:   marginUnits * s,
		minWidth: minWidth(o.Title) * s,
	}
	if !o.HideLabels {
		spec.label = labelUnits * s
	}
	if l.signed {
		spec.bottom += colorBarSpaceUnits * s
	}
	l.grid = spec.layout()
	return l
}

// check panics unless every patch of set holds Side*Side values.
func (set PatchSet) check(fn string) {
	if set.Side <= 0 {
		panic(fmt.Sprintf("viz: %s: patch side %d", fn, set.Side))
	}
	for i, p := range set.Patches {
		if len(p) != set.Side*set.Side {
			panic(fmt.Sprintf("viz: %s: patch %d of %q has %d values, want Side*Side = %d", fn, i, set.Label, len(p), set.Side*set.Side))
		}
	}
}

// patchLabel returns the label of set, tile i of its grid.
func patchLabel(set PatchSet, i int) string {
	if set.Label != "" {
		return set.Label
	}
	return strconv.Itoa(i)
}

// drawSet draws the mosaic of set, perRow patches to a row, each enlarged zoom times,
// centred in tile.
func (l patchLayout) drawSet(c *canvas, set PatchSet, perRow, zoom int, tile image.Rectangle) {
	if len(set.Patches) == 0 {
		c.blank(tile, tr.T("none"))
		return
	}
	side := set.Side * zoom
	rows := (len(set.Patches) + perRow - 1) / perRow
	cols := min(perRow, len(set.Patches))
	mosaic := image.Pt(cols*side+(cols-1)*l.gap, rows*side+(rows-1)*l.gap)
	origin := tile.Min.Add(tile.Size().Sub(mosaic).Div(2))
	for i, values := range set.Patches {
		at := origin.Add(image.Pt(i%perRow*(side+l.gap), i/perRow*(side+l.gap)))
		p := plane{data: values, h: set.Side, w: set.Side, stride: 1}
		r := rangeOfPlane(p)
		switch {
		case r.nonFiniteMarker() != "":
			c.blank(image.Rectangle{Min: at, Max: at.Add(image.Pt(side, side))}, r.nonFiniteMarker())
		case !set.Signed:
			c.paintPlane(p, at, zoom, newShader(Gray, span{0, 1}))
		case r.min == 0 && r.max == 0:
			c.fill(image.Rectangle{Min: at, Max: at.Add(image.Pt(side, side))}, CoolWarm.At(0.5))
		default:
			c.paintPlane(p, at, zoom, newShader(CoolWarm, spanOf(CoolWarm, r)))
		}
	}
}
