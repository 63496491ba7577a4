package viz

import (
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// vectorScale is the scale whose pixels a vector chart (SVG, PDF) thins its lines to: as
// fine as the sharpest picture the app renders, finer than print shows.
const vectorScale = 4

// pixelColumns returns how many pixels across a chart of the given width has at scale s.
func pixelColumns(width vg.Length, s int) int {
	return max(1, int(width/(vg.Inch/chartDPI))*s)
}

// envelope returns the points of the line xys (in order of x, from 0 to lastX) that a
// drawing columns pixels across needs: in each of columns equal slices of [0, lastX], the
// point of least y and the point of greatest y, in their order. Drawn, the line covers the
// same pixels from the same lowest to the same highest value in every slice, with at most
// 2·columns points however long the run: a 20,000-step run's chart renders in a
// fraction of a second instead of many seconds. The y values must be finite (a NaN would
// hide its column's range). xys with no more than 2·columns points, or a lastX that is not
// positive, are returned as they are.
func envelope(xys plotter.XYs, lastX float64, columns int) plotter.XYs {
	if len(xys) <= 2*columns || !(lastX > 0) {
		return xys
	}
	column := func(x float64) int { return min(columns-1, max(0, int(x/lastX*float64(columns)))) }
	out := make(plotter.XYs, 0, 2*columns)
	for i := 0; i < len(xys); {
		col, lo, hi := column(xys[i].X), i, i
		j := i + 1
		for ; j < len(xys) && column(xys[j].X) == col; j++ {
			if xys[j].Y < xys[lo].Y {
				lo = j
			}
			if xys[j].Y > xys[hi].Y {
				hi = j
			}
		}
		out = append(out, xys[min(lo, hi)])
		if lo != hi {
			out = append(out, xys[max(lo, hi)])
		}
		i = j
	}
	return out
}

// longLine returns the line through xys (in order of x, from 0 to lastX) in the style ls,
// for a drawing columns pixels across: its envelope, cut in pieces by lineInPieces.
func longLine(xys plotter.XYs, lastX float64, columns int, ls draw.LineStyle) []*plotter.Line {
	return lineInPieces(envelope(xys, lastX, columns), ls)
}

// linePiece is how many points each piece of a line that lineInPieces cuts holds.
const linePiece = 64

// lineInPieces returns the line through xys in the style ls as pieces of linePiece points,
// each starting where the one before ends. Drawn, they make the same line (the joins
// between pieces aside), but a raster canvas fills each piece's outline on its own, and
// the rasterizer's work grows with the square of the crossings of a pixel row by one
// outline: a jagged line of thousands of points drawn whole takes seconds, in pieces
// milliseconds. It returns at least one line.
func lineInPieces(xys plotter.XYs, ls draw.LineStyle) []*plotter.Line {
	var lines []*plotter.Line
	for lo := 0; ; lo += linePiece - 1 {
		hi := min(lo+linePiece, len(xys))
		lines = append(lines, &plotter.Line{XYs: xys[lo:hi], LineStyle: ls})
		if hi == len(xys) {
			return lines
		}
	}
}
