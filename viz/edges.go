package viz

import (
	"fmt"
	"image"
	"strconv"

	"convscope/internal/tr"
)

// EdgeMatch is a learned filter shown next to the hand-made kernel it resembles.
type EdgeMatch struct {
	Filter     int     // its output channel
	Similarity float64 // its cosine similarity with the kernel, in [−1, 1]
	Weights    Filters // KH×KW×1×1
	Map        Volume  // its feature map on the input, H×W×1
}

// EdgeRow is one hand-made kernel with its response on the input and the learned
// filters most like it.
type EdgeRow struct {
	Name     string
	Kernel   Filters // K×K×1×1
	Response Volume  // the kernel's response on the input, H×W×1
	Matches  []EdgeMatch
}

// EdgesOptions configures EdgeComparison. The zero value draws 56-pixel tiles.
type EdgesOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the picture; empty draws none.
	Title string
	// Layer names the layer the learned filters are of, in the header above them.
	Layer string
}

// Layout of the comparison, in units.
const (
	edgeTileUnits = 56 // approximate side of every tile: weights and maps
	edgePairGap   = 6  // between weights and their map
	edgeGroupGap  = 22 // between a kernel's pair and the next filter's
	edgeRowGap    = 8  // between rows
)

// EdgeComparison draws, for each row, a hand-made kernel and its response on the input,
// named above them, then the learned filters most like it, each with its filter number and
// its similarity (signed: +0.93, −0.41) above the filter's weights and its feature map on
// the same input. The input is drawn left of the first row, a legend at the bottom. Weights and responses use
// the CoolWarm map centred at zero, each tile scaled to its own largest |value|; feature
// maps use Viridis from their own minimum to maximum. Tiles without a colour scale are
// hatched (see FeatureGrid).
//
// EdgeComparison panics if a shape does not match its data, a kernel or filter has more
// than one channel, a response or map is not the input's size, or an option is negative.
func EdgeComparison(input Volume, rows []EdgeRow, o EdgesOptions) image.Image {
	checkEdgeRows(input, rows)
	s := orDefault("EdgeComparison", "Scale", o.Scale, 1)
	kernelText := tr.T("kernel · response")
	caption := tr.F("most similar %s filters · cosine similarity · feature map", o.Layer)
	if o.Layer == "" {
		caption = tr.T("most similar filters · cosine similarity · feature map")
	}
	legendText := tr.T("weights and responses: blue < 0 < red · feature maps: viridis · each tile on its own scale")
	matches := 0
	for _, r := range rows {
		matches = max(matches, len(r.Matches))
	}
	mapZoom := fitZoom("EdgeComparison", "tile", input.H, input.W, edgeTileUnits, 0) * s
	mapSide := image.Pt(input.W*mapZoom, input.H*mapZoom)
	tile := max(mapSide.X, mapSide.Y)
	pair := 2*tile + edgePairGap*s
	left := marginUnits * s
	first := left + tile + edgeGroupGap*s // the kernels' column, right of the input
	matchesX := first + pair + edgeGroupGap*s
	width := max(matchesX+matches*pair+(matches-1)*edgeGroupGap*s, // the tiles
		matchesX+textUnits(caption, labelText)*s,
		left+textUnits(legendText, smallText)*s) + marginUnits*s
	width = max(width, minWidth(o.Title)*s)
	rowHeight := (labelUnits+edgeRowGap)*s + tile
	top := (marginUnits + titleHeight(o.Title)) * s
	header := top + captionUnits*s
	height := header + rowHeight*max(1, len(rows)) + (captionUnits+marginUnits)*s

	c := newCanvas(image.Rect(0, 0, width, height), s)
	c.drawTitle(o.Title)
	mid := top + captionUnits*s/2
	c.text(kernelText, first, mid, alignLeft, labelText, faintInk)
	c.text(caption, matchesX, mid, alignLeft, labelText, faintInk)

	// The input, left of the first row.
	c.text(tr.T("input"), left, header+labelUnits*s/2, alignLeft, labelText, faintInk)
	c.drawTile(image.Pt(left, header+labelUnits*s), input.channel(0), mapZoom, Gray)

	for i, r := range rows {
		y := header + i*rowHeight
		tiles := y + labelUnits*s
		c.text(r.Name, first+pair/2, y+labelUnits*s/2, alignCenter, labelBold, ink)
		c.drawWeights(image.Pt(first, tiles), r.Kernel, tile)
		c.drawTile(image.Pt(first+tile+edgePairGap*s, tiles), r.Response.channel(0), mapZoom, CoolWarm)
		for j, m := range r.Matches {
			x := matchesX + j*(pair+edgeGroupGap*s)
			c.text(matchLabel(m), x+pair/2, y+labelUnits*s/2, alignCenter, labelText, ink)
			c.drawWeights(image.Pt(x, tiles), m.Weights, tile)
			c.drawTile(image.Pt(x+tile+edgePairGap*s, tiles), m.Map.channel(0), mapZoom, Viridis)
		}
	}
	c.text(legendText, left, height-(marginUnits+captionUnits/2)*s, alignLeft, smallText, faintInk)
	return c.img
}

// textUnits returns the width in units of str in style st, with a little slack for
// hinting at larger scales, so that the width of a picture scales exactly.
func textUnits(str string, st textStyle) int { return textWidth(str, st, 1) + 4 }

// matchLabel returns "filter 12 · +0.93".
func matchLabel(m EdgeMatch) string {
	return tr.F("filter %d · %s", m.Filter, typographicMinus(fmt.Sprintf("%+.2f", m.Similarity)))
}

// drawWeights draws a single-channel kernel enlarged to fit a square of side tile at at,
// centred in it, on the CoolWarm map scaled to its own largest |weight|.
func (c *canvas) drawWeights(at image.Point, f Filters, tile int) {
	zoom := max(1, tile/max(f.KH, f.KW))
	off := image.Pt((tile-f.KW*zoom)/2, (tile-f.KH*zoom)/2)
	c.drawTile(at.Add(off), f.kernel(0, 0), zoom, CoolWarm)
}

// drawTile draws p at at, enlarged zoom times, on map m over its own range, or as a
// hatched tile if it has no colour scale.
func (c *canvas) drawTile(at image.Point, p plane, zoom int, m ColorMap) {
	r := rangeOfPlane(p)
	if marker := r.blankMarker(); marker != "" {
		c.blank(image.Rect(0, 0, p.w*zoom, p.h*zoom).Add(at), marker)
		return
	}
	c.paintPlane(p, at, zoom, newShader(m, spanOf(m, r)))
}

// checkEdgeRows panics unless the rows can be drawn with input.
func checkEdgeRows(input Volume, rows []EdgeRow) {
	input.check("EdgeComparison")
	sameSize := func(v Volume, what string) {
		v.check("EdgeComparison")
		if v.H != input.H || v.W != input.W || v.C != 1 {
			panic(fmt.Sprintf("viz: EdgeComparison: %s is %dx%dx%d, want the input's %dx%dx1", what, v.H, v.W, v.C, input.H, input.W))
		}
	}
	single := func(f Filters, what string) {
		f.check("EdgeComparison")
		if f.In != 1 || f.Out != 1 {
			panic(fmt.Sprintf("viz: EdgeComparison: %s has %dx%d channels, want one", what, f.In, f.Out))
		}
	}
	if input.C != 1 {
		panic(fmt.Sprintf("viz: EdgeComparison: input has %d channels, want 1", input.C))
	}
	for _, r := range rows {
		single(r.Kernel, "kernel "+r.Name)
		sameSize(r.Response, "the response of "+r.Name)
		for _, m := range r.Matches {
			single(m.Weights, "filter "+strconv.Itoa(m.Filter))
			sameSize(m.Map, "the map of filter "+strconv.Itoa(m.Filter))
		}
	}
}
