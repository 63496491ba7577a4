package viz

import (
	"fmt"
	"image"
	"strconv"

	"convscope/internal/tr"
)

// EvolutionSection is one group of rows of an EvolutionStrip, such as conv1's filters or
// a few of conv2's feature maps, each row one feature seen at every step.
type EvolutionSection struct {
	// Title is drawn above the section's rows.
	Title string
	// H and W are the size of every map: each holds H*W values, row-major.
	H, W int
	// Rows labels the rows, left of them (a channel number).
	Rows []string
	// Maps[r][k] is the map of row r at the strip's step k.
	Maps [][][]float32
	// Signed draws the maps with CoolWarm centred at zero (weights); otherwise with
	// Viridis (activations).
	Signed bool
}

// EvolutionOptions configures EvolutionStrip. The zero value draws maps of about 28
// pixels with no column outlined.
type EvolutionOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the strip; empty draws none.
	Title string
	// TileSize is the approximate side of a map at scale 1, in pixels; 0 means 28. Maps
	// are enlarged by the largest whole factor (at least 1) that keeps them within it.
	TileSize int
	// Highlight outlines column Selected (an index of steps), the step shown elsewhere.
	Highlight bool
	Selected  int
}

// EvolutionStrip draws how features change during training, as Zeiler & Fergus's figure
// 4: one column per step (labelled with the step, "1k" for 1000), one row per feature,
// grouped in sections. Each map is scaled to its own range, so that its pattern shows at
// every step however its size changes; a colour bar under each section says so. Maps
// that are constant or hold NaN or Inf are drawn as hatched grey tiles.
//
// EvolutionStrip panics if steps or sections is empty, a section's size is not positive,
// it does not have one label and len(steps) maps of H*W values per row, an option is
// negative, or Highlight is set and Selected is not in [0, len(steps)).
func EvolutionStrip(steps []int, sections []EvolutionSection, o EvolutionOptions) image.Image {
	const fn = "EvolutionStrip"
	if len(steps) == 0 || len(sections) == 0 {
		panic(fmt.Sprintf("viz: %s: %d steps and %d sections, want some of each", fn, len(steps), len(sections)))
	}
	s := orDefault(fn, "Scale", o.Scale, 1)
	size := orDefault(fn, "TileSize", o.TileSize, 28)
	selected := selection(fn, o.Highlight, o.Selected, len(steps))

	zooms := make([]int, len(sections))
	pitch := 0                                          // between neighbouring columns
	rowLabels := textWidth(stepCaption(), labelText, 1) // the widest row label, at scale 1
	for i, sec := range sections {
		sec.check(fn, len(steps))
		zooms[i] = max(1, size/max(sec.H, sec.W)) * s
		pitch = max(pitch, sec.W*zooms[i])
		for _, label := range sec.Rows {
			rowLabels = max(rowLabels, textWidth(label, labelText, 1))
		}
	}
	for _, step := range steps {
		pitch = max(pitch, (textWidth(stepLabel(step), labelText, 1)+4)*s)
	}
	gap := gapUnits * s
	pitch += gap
	left := (marginUnits+rowLabels)*s + gap
	top := (marginUnits+titleHeight(o.Title))*s + labelUnits*s
	height := top
	for i, sec := range sections {
		height += captionUnits*s + len(sec.Rows)*(sec.H*zooms[i]+gap) + colorBarSpaceUnits*s
	}
	width := max(left+len(steps)*pitch-gap+marginUnits*s, minWidth(o.Title)*s)
	c := newCanvas(image.Rect(0, 0, width, height+marginUnits*s), s)
	c.drawTitle(o.Title)

	headerY := top - labelUnits*s/2
	c.text(stepCaption(), left-gap, headerY, alignRight, labelText, faintInk)
	for k, step := range steps {
		st, col := labelText, ink
		if k == selected {
			st, col = labelBold, highlight
		}
		c.text(stepLabel(step), left+k*pitch+(pitch-gap)/2, headerY, alignCenter, st, col)
	}
	y := top
	for i, sec := range sections {
		c.text(sec.Title, c.u(marginUnits), y+captionUnits*s/2, alignLeft, captionText, ink)
		y += captionUnits * s
		first := y
		cmap := Viridis
		if sec.Signed {
			cmap = CoolWarm
		}
		tile := image.Pt(sec.W*zooms[i], sec.H*zooms[i])
		for r, label := range sec.Rows {
			c.text(label, left-gap, y+tile.Y/2, alignRight, labelText, faintInk)
			for k, values := range sec.Maps[r] {
				at := image.Pt(left+k*pitch+(pitch-gap-tile.X)/2, y)
				p := plane{data: values, h: sec.H, w: sec.W, stride: 1}
				rg := rangeOfPlane(p)
				if marker := rg.blankMarker(); marker != "" {
					c.blank(image.Rectangle{Min: at, Max: at.Add(tile)}, marker)
					continue
				}
				c.paintPlane(p, at, zooms[i], newShader(cmap, spanOf(cmap, rg)))
			}
			y += tile.Y + gap
		}
		if selected >= 0 {
			x := left + selected*pitch
			c.outline(image.Rect(x, first, x+pitch-gap, y-gap), min(c.u(outlineUnits), gap/2), highlight)
		}
		y += barGapUnits * s
		w := min(c.u(barWidthUnits), width-2*c.u(marginUnits))
		lo, mid, hi := barLabels(cmap, span{}, true)
		c.colorBar(image.Rect((width-w)/2, y, (width+w)/2, y+c.u(colorBarUnits)), cmap, lo, mid, hi)
		y += colorBarUnits * s
	}
	return c.img
}

// stepCaption heads the column of row labels, on the line of the steps.
func stepCaption() string { return tr.T("step") }

// check panics unless sec has a positive size, one label per row and steps maps of H*W
// values per row.
func (sec EvolutionSection) check(fn string, steps int) {
	if sec.H <= 0 || sec.W <= 0 || len(sec.Rows) != len(sec.Maps) {
		panic(fmt.Sprintf("viz: %s: section %q of %dx%d maps with %d labels for %d rows", fn, sec.Title, sec.H, sec.W, len(sec.Rows), len(sec.Maps)))
	}
	for r, row := range sec.Maps {
		if len(row) != steps {
			panic(fmt.Sprintf("viz: %s: row %d of %q has %d maps for %d steps", fn, r, sec.Title, len(row), steps))
		}
		for _, m := range row {
			if len(m) != sec.H*sec.W {
				panic(fmt.Sprintf("viz: %s: a map of %q has %d values, want H*W = %d", fn, sec.Title, len(m), sec.H*sec.W))
			}
		}
	}
}

// stepLabel formats a training step for a column header: 500, 1k, 20k, 1500.
func stepLabel(step int) string {
	if step >= 1000 && step%1000 == 0 {
		return strconv.Itoa(step/1000) + "k"
	}
	return strconv.Itoa(step)
}
