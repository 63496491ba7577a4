package viz

import "image"

// Grid is the geometry of a rendered grid of tiles, in pixels of the rendered image (so
// it depends on the Scale the image was rendered at). It is what a renderer draws with
// and what a click handler inverts: IndexAt(p) is i for every p in CellRect(i).
//
// Tiles are numbered row-major: tile i is in row i/Cols and column i%Cols. A cell is a
// tile's picture plus its label strip, if the grid has one, directly above it.
type Grid struct {
	Count  int             // number of tiles
	Cols   int             // tiles per row
	Rows   int             // rows of tiles; the last row may be partly empty
	Bounds image.Rectangle // bounds of the whole rendered image

	origin image.Point // top-left corner of cell 0
	cell   image.Point // size of a cell
	pitch  image.Point // distance between the top-left corners of neighbouring cells
	label  int         // height of the label strip at the top of a cell
}

// CellRect returns the rectangle of tile i's cell: its picture and its label strip.
// It panics if i is not in [0, Count).
func (g Grid) CellRect(i int) image.Rectangle {
	if i < 0 || i >= g.Count {
		panic("viz: Grid: tile index out of range")
	}
	corner := g.origin.Add(image.Pt(i%g.Cols*g.pitch.X, i/g.Cols*g.pitch.Y))
	return image.Rectangle{Min: corner, Max: corner.Add(g.cell)}
}

// TileRect returns the rectangle of tile i's picture. It panics if i is not in [0, Count).
func (g Grid) TileRect(i int) image.Rectangle {
	r := g.CellRect(i)
	r.Min.Y += g.label
	return r
}

// IndexAt returns the index of the tile whose cell contains p, or -1 if p is in a gap,
// a margin, a header or outside the image.
func (g Grid) IndexAt(p image.Point) int {
	d := p.Sub(g.origin)
	if d.X < 0 || d.Y < 0 || g.pitch.X <= 0 || g.pitch.Y <= 0 {
		return -1
	}
	col, row := d.X/g.pitch.X, d.Y/g.pitch.Y
	if col >= g.Cols || d.X%g.pitch.X >= g.cell.X || d.Y%g.pitch.Y >= g.cell.Y {
		return -1
	}
	i := row*g.Cols + col
	if i >= g.Count {
		return -1
	}
	return i
}

// CellAt returns the row and column of the tile whose cell contains p, or (-1, -1) as
// IndexAt returns -1. For a confusion matrix they are the true and the predicted class;
// for a matrix of kernels, the output and the input channel.
func (g Grid) CellAt(p image.Point) (row, col int) {
	i := g.IndexAt(p)
	if i < 0 {
		return -1, -1
	}
	return i / g.Cols, i % g.Cols
}

// gridSpec describes a grid to lay out, in pixels.
type gridSpec struct {
	count, cols int
	tile        image.Point // size of a tile's picture
	label       int         // height of the label strip above each tile
	gap         int         // space between neighbouring cells
	// left, top, right and bottom are the space around the cells for margins, titles,
	// headers and colour bars; minWidth is the least width of the whole image. A grid
	// narrower than minWidth is centred.
	left, top, right, bottom int
	minWidth                 int
}

func (s gridSpec) layout() Grid {
	cols := min(s.cols, s.count)
	rows := (s.count + cols - 1) / cols
	cell := image.Pt(s.tile.X, s.tile.Y+s.label)
	pitch := cell.Add(image.Pt(s.gap, s.gap))
	cellsW := cols*pitch.X - s.gap
	cellsH := rows*pitch.Y - s.gap
	width := max(s.left+cellsW+s.right, s.minWidth)
	return Grid{
		Count:  s.count,
		Cols:   cols,
		Rows:   rows,
		Bounds: image.Rect(0, 0, width, s.top+cellsH+s.bottom),
		origin: image.Pt(s.left+(width-s.left-cellsW-s.right)/2, s.top),
		cell:   cell,
		pitch:  pitch,
		label:  s.label,
	}
}

// cellsRect returns the rectangle spanned by all cells.
func (g Grid) cellsRect() image.Rectangle {
	size := image.Pt(g.Cols*g.pitch.X-(g.pitch.X-g.cell.X), g.Rows*g.pitch.Y-(g.pitch.Y-g.cell.Y))
	return image.Rectangle{Min: g.origin, Max: g.origin.Add(size)}
}
