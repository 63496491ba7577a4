package viz

import "image"

// FeatureGridOptions configures FeatureGrid and FeatureGridLayout. The zero value draws
// a labelled viridis grid, 8 maps per row, one colour scale for the whole layer.
type FeatureGridOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the grid; empty draws none.
	Title string
	// ColorMap colours the values; the zero value is Viridis. With a diverging map
	// (CoolWarm) the scale is centred at zero, for signed activations.
	ColorMap ColorMap
	// PerMap scales each map to its own range; by default one range spans the layer,
	// so that maps can be compared with each other.
	PerMap bool
	// TileSize is the approximate side of a map's tile at scale 1, in pixels; 0 means
	// 56. Maps are enlarged by the largest whole factor (at least 1) that keeps them
	// within it: conv1's 28x28 maps by 2, pool2's 7x7 maps by 8.
	TileSize int
	// Columns is the number of maps per row; 0 means 8.
	Columns int
	// HideLabels omits the channel number above each map.
	HideLabels bool
	// Highlight outlines map Selected (a channel number) and its label.
	Highlight bool
	Selected  int
}

// FeatureGrid draws the C maps of v (one example's activations of a layer, HWC) as a
// grid of tiles in row-major order of channel, each labelled with its channel number,
// with a colour bar underneath. Maps without a colour scale (constant, or holding NaN
// or Inf) are drawn as hatched grey tiles marked with their value or "NaN".
//
// FeatureGrid panics if v's shape does not match its data, if an option is negative,
// or if Highlight is set and Selected is not in [0, C).
func FeatureGrid(v Volume, o FeatureGridOptions) image.Image {
	v.check("FeatureGrid")
	g, zoom, s := o.layout("FeatureGrid", v)
	planes := volumePlanes(v)
	ranges, all := rangeOfPlanes(planes)
	layer := spanOf(o.ColorMap, all)
	spans := make([]span, v.C)
	for ch := range spans {
		spans[ch] = layer
		if o.PerMap {
			spans[ch] = spanOf(o.ColorMap, ranges[ch])
		}
	}
	c := newCanvas(g.Bounds, s)
	c.drawTitle(o.Title)
	tileGrid{
		grid:     g,
		planes:   planes,
		ranges:   ranges,
		spans:    spans,
		cmap:     o.ColorMap,
		zoom:     zoom,
		labels:   !o.HideLabels,
		selected: selection("FeatureGrid", o.Highlight, o.Selected, v.C),
	}.draw(c)
	c.drawColorBarBelow(o.ColorMap, layer, o.PerMap)
	return c.img
}

// FeatureGridLayout returns the geometry of FeatureGrid(v, o): the image bounds and
// where each map's tile is, for hit-testing clicks (Grid.IndexAt returns the channel).
// Only v's shape is used. It panics if the shape is not positive or an option is negative.
func FeatureGridLayout(v Volume, o FeatureGridOptions) Grid {
	g, _, _ := o.layout("FeatureGridLayout", v)
	return g
}

// layout returns the grid, the enlargement of the maps in pixels and the scale.
func (o FeatureGridOptions) layout(fn string, v Volume) (g Grid, zoom, s int) {
	v.checkShape(fn)
	s = orDefault(fn, "Scale", o.Scale, 1)
	zoom = fitZoom(fn, "TileSize", v.H, v.W, o.TileSize, 56) * s
	label := 0
	if !o.HideLabels {
		label = labelUnits * s
	}
	g = gridSpec{
		count:    v.C,
		cols:     orDefault(fn, "Columns", o.Columns, 8),
		tile:     image.Pt(v.W*zoom, v.H*zoom),
		label:    label,
		gap:      gapUnits * s,
		left:     marginUnits * s,
		right:    marginUnits * s,
		top:      (marginUnits + titleHeight(o.Title)) * s,
		bottom:   (colorBarSpaceUnits + marginUnits) * s,
		minWidth: minWidth(o.Title) * s,
	}.layout()
	return g, zoom, s
}

// fitZoom returns the enlargement at scale 1 of an h x w picture in a square of side
// size (option field, def if zero): the largest whole factor, at least 1, that keeps
// the picture within the square.
func fitZoom(fn, field string, h, w, size, def int) int {
	side := orDefault(fn, field, size, def)
	return max(1, side/max(h, w))
}
