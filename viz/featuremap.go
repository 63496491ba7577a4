package viz

import (
	"fmt"
	"image"

	"convscope/internal/tr"
)

// FeatureMapOptions configures FeatureMap and FeatureVector. The zero value draws a
// 224-pixel viridis picture scaled like the grid it came from.
type FeatureMapOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the picture; empty draws none.
	Title string
	// ColorMap colours the values; the zero value is Viridis. With a diverging map
	// (CoolWarm) the scale is centred at zero.
	ColorMap ColorMap
	// PerMap scales the map to its own range; by default it shares the range of the
	// whole volume, so that its colours match FeatureGrid's.
	PerMap bool
	// Size is the approximate side of the picture at scale 1, in pixels; 0 means 224.
	// The map is enlarged by the largest whole factor (at least 1) that fits.
	Size int
}

// FeatureMap draws map channel of v enlarged, captioned with its channel number and its
// minimum and maximum, with a colour bar underneath. A map without a colour scale is
// drawn as a hatched grey tile (see FeatureGrid).
//
// FeatureMap panics if v's shape does not match its data, if channel is not in [0, C),
// or if an option is negative.
func FeatureMap(v Volume, channel int, o FeatureMapOptions) image.Image {
	v.check("FeatureMap")
	if channel < 0 || channel >= v.C {
		panic(fmt.Sprintf("viz: FeatureMap: channel %d not in [0, %d)", channel, v.C))
	}
	all := emptyRange()
	if !o.PerMap {
		_, all = rangeOfPlanes(volumePlanes(v))
	}
	return singleMap("FeatureMap", v.channel(channel), tr.F("map %d", channel), all, o)
}

// FeatureVector draws a layer of n units (such as fc1's 1024 activations) as one
// picture of h x w cells, where h*w = n and h <= w are as close as possible
// (1024 -> 32x32, 10 -> 2x5; a prime n gives a 1 x n strip). Unit i is cell
// (i/w, i%w). Otherwise it is drawn like FeatureMap.
//
// FeatureVector panics if values is empty or an option is negative.
func FeatureVector(values []float32, o FeatureMapOptions) image.Image {
	if len(values) == 0 {
		panic("viz: FeatureVector: no values")
	}
	h := nearSquareRows(len(values))
	p := plane{data: values, h: h, w: len(values) / h, stride: 1}
	return singleMap("FeatureVector", p, tr.F("%d units", len(values)), emptyRange(), o)
}

// nearSquareRows returns the largest divisor of n that is at most sqrt(n).
func nearSquareRows(n int) int {
	h := 1
	for d := 1; d*d <= n; d++ {
		if n%d == 0 {
			h = d
		}
	}
	return h
}

// volumePlanes returns the maps of v.
func volumePlanes(v Volume) []plane {
	planes := make([]plane, v.C)
	for ch := range planes {
		planes[ch] = v.channel(ch)
	}
	return planes
}

// singleMap draws p enlarged with a caption naming it (name) and giving its range. The
// colour span covers p and shared, the range of the maps p is shown together with.
func singleMap(fn string, p plane, name string, shared valueRange, o FeatureMapOptions) image.Image {
	s := orDefault(fn, "Scale", o.Scale, 1)
	zoom := fitZoom(fn, "Size", p.h, p.w, o.Size, 224) * s
	g := gridSpec{
		count:    1,
		cols:     1,
		tile:     image.Pt(p.w*zoom, p.h*zoom),
		left:     marginUnits * s,
		right:    marginUnits * s,
		top:      (marginUnits + titleHeight(o.Title) + captionUnits) * s,
		bottom:   (colorBarSpaceUnits + marginUnits) * s,
		minWidth: minWidth(o.Title) * s,
	}.layout()
	own := rangeOfPlane(p)
	shared.merge(own)
	sp := spanOf(o.ColorMap, shared)

	c := newCanvas(g.Bounds, s)
	c.drawTitle(o.Title)
	captionY := (marginUnits + titleHeight(o.Title) + captionUnits/2 - 2) * s
	c.text(rangeCaption(name, own), c.u(marginUnits), captionY, alignLeft, captionText, ink)
	tileGrid{
		grid:     g,
		planes:   []plane{p},
		ranges:   []valueRange{own},
		spans:    []span{sp},
		cmap:     o.ColorMap,
		zoom:     zoom,
		selected: -1,
	}.draw(c)
	c.drawColorBarBelow(o.ColorMap, sp, false)
	return c.img
}

// rangeCaption returns "name · min a · max b", or says why the range is missing.
func rangeCaption(name string, r valueRange) string {
	switch {
	case r.nan:
		return tr.F("%s · contains NaN", name)
	case r.inf:
		return tr.F("%s · contains Inf", name)
	case r.min == r.max:
		return tr.F("%s · constant %s", name, formatValue(r.min))
	}
	lo, hi := formatPair(r.min, r.max)
	return tr.F("%s · min %s · max %s", name, lo, hi)
}
