package viz

import (
	"image"
	"strconv"

	"convscope/internal/tr"
)

// FilterGridOptions configures FilterGrid and FilterGridLayout. The zero value draws
// labelled tiles, 8 per row for single-channel filters, with one colour scale for all.
type FilterGridOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the grid; empty draws none.
	Title string
	// PerFilter scales each output filter (all its input channels together) to its own
	// largest |weight|; by default one scale spans all filters, so that they can be
	// compared with each other.
	PerFilter bool
	// TileSize is the approximate side of a kernel's tile at scale 1, in pixels; 0 means
	// 48 for single-channel filters (5x5 kernels enlarged 9 times) and 15 for
	// multi-channel ones (enlarged 3 times). Kernels are enlarged by the largest whole
	// factor (at least 1) that keeps them within it.
	TileSize int
	// Columns is the number of filters per row of single-channel filters; 0 means 8.
	// Multi-channel filters always have one column per input channel.
	Columns int
	// HideLabels omits the indices.
	HideLabels bool
	// Highlight outlines tile Selected (a Grid tile index, see FilterGrid).
	Highlight bool
	Selected  int
}

// FilterGrid draws convolution weights (HWIO) as a grid of enlarged kernels with the
// diverging CoolWarm map centred at zero (negative blue, zero grey, positive red) and a
// colour bar underneath. Kernels that are constant (a dead filter is all zero) or hold
// NaN or Inf are drawn as hatched grey tiles marked with their value or "NaN".
//
// Single-channel filters (In == 1, such as conv1's 5x5x1x32) are laid out in rows of
// Columns tiles, tile i being output channel i, labelled with its index. Multi-channel
// filters (such as conv2's 5x5x32x64) are drawn as a matrix with one row per output
// channel and one column per input channel: tile i = out*In + in is the kernel from
// input channel in to output channel out, and rows and columns are numbered in the
// margins, so Grid.CellAt returns (out, in).
//
// FilterGrid panics if f's shape does not match its data, if an option is negative, or
// if Highlight is set and Selected is not a tile index.
func FilterGrid(f Filters, o FilterGridOptions) image.Image {
	f.check("FilterGrid")
	g, zoom, s := o.layout("FilterGrid", f)
	planes := make([]plane, f.In*f.Out)
	for i := range planes {
		planes[i] = f.kernel(i%f.In, i/f.In)
	}
	ranges, all := rangeOfPlanes(planes)
	shared := spanOf(CoolWarm, all)
	spans := make([]span, len(planes))
	for out := range f.Out {
		sp := shared
		if o.PerFilter {
			filter := emptyRange()
			for _, r := range ranges[out*f.In : (out+1)*f.In] {
				filter.merge(r)
			}
			sp = spanOf(CoolWarm, filter)
		}
		for in := range f.In {
			spans[out*f.In+in] = sp
		}
	}
	c := newCanvas(g.Bounds, s)
	c.drawTitle(o.Title)
	tileGrid{
		grid:     g,
		planes:   planes,
		ranges:   ranges,
		spans:    spans,
		cmap:     CoolWarm,
		zoom:     zoom,
		labels:   !o.HideLabels && f.In == 1,
		selected: selection("FilterGrid", o.Highlight, o.Selected, len(planes)),
	}.draw(c)
	if f.In > 1 && !o.HideLabels {
		c.drawMatrixHeaders(g, tr.T("input channel"), tr.T("output channel"), smallText)
	}
	c.drawColorBarBelow(CoolWarm, shared, o.PerFilter)
	return c.img
}

// FilterGridLayout returns the geometry of FilterGrid(f, o): the image bounds and where
// each kernel's tile is, for hit-testing clicks (see FilterGrid for the tile numbering).
// Only f's shape is used. It panics if the shape is not positive or an option is negative.
func FilterGridLayout(f Filters, o FilterGridOptions) Grid {
	g, _, _ := o.layout("FilterGridLayout", f)
	return g
}

// layout returns the grid, the enlargement of the kernels in pixels and the scale.
func (o FilterGridOptions) layout(fn string, f Filters) (g Grid, zoom, s int) {
	f.checkShape(fn)
	s = orDefault(fn, "Scale", o.Scale, 1)
	top := marginUnits + titleHeight(o.Title)
	spec := gridSpec{
		count:    f.In * f.Out,
		left:     marginUnits * s,
		right:    marginUnits * s,
		bottom:   (colorBarSpaceUnits + marginUnits) * s,
		minWidth: minWidth(o.Title) * s,
	}
	if f.In == 1 {
		zoom = fitZoom(fn, "TileSize", f.KH, f.KW, o.TileSize, 48) * s
		spec.cols = orDefault(fn, "Columns", o.Columns, 8)
		spec.gap = gapUnits * s
		if !o.HideLabels {
			spec.label = labelUnits * s
		}
	} else {
		zoom = fitZoom(fn, "TileSize", f.KH, f.KW, o.TileSize, 15) * s
		spec.cols = f.In
		spec.gap = matrixGapUnits * s
		if !o.HideLabels {
			top += matrixHeaderUnits
			spec.left = (marginUnits + matrixHeaderUnits) * s
		}
	}
	spec.top = top * s
	spec.tile = image.Pt(f.KW*zoom, f.KH*zoom)
	return spec.layout(), zoom, s
}

const (
	// matrixGapUnits separates the tiles of a matrix of kernels, which has too many
	// tiles for a grid's gap; the selection outline is as thin as the gap.
	matrixGapUnits = 2
	// matrixHeaderUnits is the depth of a matrix's column and row headers: a caption
	// line and a line of numbers.
	matrixHeaderUnits = 30
)

// drawMatrixHeaders numbers the columns above and the rows left of a matrix grid in
// style numbers and captions them; numbers are thinned out so that neighbours do not
// touch.
func (c *canvas) drawMatrixHeaders(g Grid, colCaption, rowCaption string, numbers textStyle) {
	cells := g.cellsRect()
	widest := textWidth(strconv.Itoa(max(g.Cols, g.Rows)-1), numbers, c.s)
	step := 1
	for step*g.pitch.X < widest+c.u(4) || step*g.pitch.Y < c.u(12) {
		step *= 2
	}
	numbersY := cells.Min.Y - c.u(8)
	numbersX := cells.Min.X - c.u(6)
	for col := 0; col < g.Cols; col += step {
		r := g.TileRect(col)
		c.text(strconv.Itoa(col), (r.Min.X+r.Max.X)/2, numbersY, alignCenter, numbers, ink)
	}
	for row := 0; row < g.Rows; row += step {
		r := g.TileRect(row * g.Cols)
		c.text(strconv.Itoa(row), numbersX, (r.Min.Y+r.Max.Y)/2, alignRight, numbers, ink)
	}
	mid := cells.Min.Add(cells.Max).Div(2)
	c.text(colCaption, mid.X, cells.Min.Y-c.u(22), alignCenter, labelText, faintInk)
	drawTextUp(c.img, rowCaption, cells.Min.X-c.u(24), mid.Y, labelText, c.s, faintInk)
}
