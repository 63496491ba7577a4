package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"convscope/internal/tr"
)

// ConfusionOptions configures Confusion and ConfusionLayout. The zero value draws
// 36-pixel cells.
type ConfusionOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the matrix; empty draws none.
	Title string
	// CellSize is the side of a cell at scale 1, in pixels; 0 means 36.
	CellSize int
	// Highlight outlines cell Selected = true*n + predicted.
	Highlight bool
	Selected  int
	// Key holds lines of text drawn under the summary, such as the names of the classes
	// the numbers stand for; nil draws none.
	Key []string
}

// Confusion draws an n x n confusion matrix: counts[true][predicted] is the number of
// examples of class true that were predicted as class predicted. Rows are true classes,
// columns predicted ones, both numbered 0 to n-1. Every cell shows its count; its colour
// is log(1+count) on the Viridis map, so that rare confusions stand out next to the
// large diagonal, and empty cells are left light grey. A line under the matrix gives
// the number of examples and the accuracy (the diagonal's share).
//
// Confusion panics if counts is empty or not square, if a count is negative, if an
// option is negative, or if Highlight is set and Selected is not in [0, n*n).
func Confusion(counts [][]int, o ConfusionOptions) image.Image {
	n := len(counts)
	total, correct, most := 0, 0, 0
	for i, row := range counts {
		if len(row) != n {
			panic(fmt.Sprintf("viz: Confusion: row %d has %d counts, want %d", i, len(row), n))
		}
		for j, k := range row {
			if k < 0 {
				panic(fmt.Sprintf("viz: Confusion: negative count %d at (%d, %d)", k, i, j))
			}
			total += k
			most = max(most, k)
			if i == j {
				correct += k
			}
		}
	}
	g, s := o.layout("Confusion", n)
	c := newCanvas(g.Bounds, s)
	c.drawTitle(o.Title)
	c.drawMatrixHeaders(g, tr.T("predicted"), tr.T("true"), labelText)
	for i := range n * n {
		k := counts[i/n][i%n]
		r := g.TileRect(i)
		fill, text := confusionColors(k, most)
		c.fill(r, fill)
		label := strconv.Itoa(k)
		for _, st := range []textStyle{cellText, smallText} {
			if textWidth(label, st, s) <= r.Dx()-c.u(4) {
				c.text(label, (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2, alignCenter, st, text)
				break
			}
		}
	}
	if sel := selection("Confusion", o.Highlight, o.Selected, n*n); sel >= 0 {
		c.outline(g.TileRect(sel), c.u(confusionGapUnits), highlight)
	}
	summary := tr.T("no examples")
	if total > 0 {
		summary = tr.F("%d examples · accuracy %.2f%%", total, 100*float64(correct)/float64(total))
	}
	y := g.Bounds.Max.Y - c.u(marginUnits+captionUnits/2+len(o.Key)*captionUnits)
	c.text(summary, c.u(marginUnits), y, alignLeft, captionText, ink)
	c.drawKey(o.Key, c.u(marginUnits), y+c.u(captionUnits))
	return c.img
}

// ConfusionLayout returns the geometry of Confusion for n classes: the image bounds and
// where each cell is, for hit-testing clicks (Grid.CellAt returns (true, predicted)).
// It panics if n is not positive or an option is negative.
func ConfusionLayout(n int, o ConfusionOptions) Grid {
	g, _ := o.layout("ConfusionLayout", n)
	return g
}

// confusionGapUnits separates the cells; the selection outline fills it.
const confusionGapUnits = 3

func (o ConfusionOptions) layout(fn string, n int) (Grid, int) {
	if n <= 0 {
		panic(fmt.Sprintf("viz: %s: %d classes, want at least 1", fn, n))
	}
	s := orDefault(fn, "Scale", o.Scale, 1)
	side := orDefault(fn, "CellSize", o.CellSize, 36) * s
	return gridSpec{
		count:    n * n,
		cols:     n,
		tile:     image.Pt(side, side),
		gap:      confusionGapUnits * s,
		left:     (marginUnits + matrixHeaderUnits) * s,
		right:    marginUnits * s,
		top:      (marginUnits + titleHeight(o.Title) + matrixHeaderUnits) * s,
		bottom:   (marginUnits + captionUnits + 4 + len(o.Key)*captionUnits) * s,
		minWidth: max(minWidth(o.Title), keyWidth(o.Key)) * s,
	}.layout(), s
}

// confusionColors returns the fill and text colours of a cell holding k of at most most.
func confusionColors(k, most int) (fill, text color.RGBA) {
	if k == 0 {
		return color.RGBA{0xf3, 0xf3, 0xf3, 0xff}, faintInk
	}
	fill = Viridis.At(math.Log1p(float64(k)) / math.Log1p(float64(most)))
	return fill, contrastingInk(fill)
}

// contrastingInk returns white or ink, whichever reads better on background bg.
func contrastingInk(bg color.RGBA) color.RGBA {
	// Rec. 709 luma of the sRGB values; 140 splits viridis between its blue-green middle
	// (white text) and its yellow-green top (dark text).
	if 0.2126*float64(bg.R)+0.7152*float64(bg.G)+0.0722*float64(bg.B) < 140 {
		return paper
	}
	return ink
}
