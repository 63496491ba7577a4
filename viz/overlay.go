package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// OverlayOptions configures HeatOverlay. The zero value draws a viridis heat map at
// opacity 0.6 over a 224-pixel input.
type OverlayOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the picture; empty draws none.
	Title string
	// Size is the approximate side of the picture at scale 1, in pixels; 0 means 224.
	Size int
	// ColorMap colours the heat map; the zero value is Viridis. Use CoolWarm for signed
	// maps such as saliency: it is centred at zero.
	ColorMap ColorMap
	// Opacity of the heat map over the input, in [0, 1]; 0 means 0.6.
	Opacity float64
}

// HeatOverlay draws heat (an h x w x 1 map such as occlusion sensitivity or saliency,
// of any size) upsampled bilinearly to the size of input (an H x W x 1 network input,
// values in [0, 1], 1 = ink, drawn in grey as by InputPreview) and blended over it,
// with a colour bar for the heat values underneath. A heat map that is constant or
// holds NaN or Inf, or an input that holds NaN or Inf, is drawn as a hatched grey tile
// marked with its value or "NaN".
//
// HeatOverlay panics if a shape does not match its data, either volume has more than
// one channel, Opacity is not in [0, 1] or another option is negative.
func HeatOverlay(input, heat Volume, o OverlayOptions) image.Image {
	input.check("HeatOverlay")
	heat.check("HeatOverlay")
	if input.C != 1 || heat.C != 1 {
		panic(fmt.Sprintf("viz: HeatOverlay: input has %d channels and heat %d, want 1 each", input.C, heat.C))
	}
	if !(o.Opacity >= 0 && o.Opacity <= 1) {
		panic(fmt.Sprintf("viz: HeatOverlay: Opacity %g not in [0, 1]", o.Opacity))
	}
	alpha := o.Opacity
	if alpha == 0 {
		alpha = 0.6
	}
	s := orDefault("HeatOverlay", "Scale", o.Scale, 1)
	zoom := fitZoom("HeatOverlay", "Size", input.H, input.W, o.Size, 224) * s
	g := gridSpec{
		count:    1,
		cols:     1,
		tile:     image.Pt(input.W*zoom, input.H*zoom),
		left:     marginUnits * s,
		right:    marginUnits * s,
		top:      (marginUnits + titleHeight(o.Title)) * s,
		bottom:   (colorBarSpaceUnits + marginUnits) * s,
		minWidth: minWidth(o.Title) * s,
	}.layout()
	c := newCanvas(g.Bounds, s)
	c.drawTitle(o.Title)

	heatRange := rangeOfPlane(heat.channel(0))
	sp := spanOf(o.ColorMap, heatRange)
	tile := g.TileRect(0)
	marker := rangeOfPlane(input.channel(0)).nonFiniteMarker()
	if marker == "" {
		marker = heatRange.blankMarker()
	}
	if marker != "" {
		c.blank(tile, marker)
	} else {
		up := resample(heat.channel(0), input.H, input.W)
		sh := newShader(o.ColorMap, sp)
		c.paintBlocks(tile.Min, input.H, input.W, zoom, func(y, x int) color.RGBA {
			grey := uint8(255*clamp01(float64(input.Data[y*input.W+x])) + 0.5)
			return blend(color.RGBA{grey, grey, grey, 0xff}, sh.color(up[y*input.W+x]), alpha)
		})
	}
	c.drawColorBarBelow(o.ColorMap, sp, false)
	return c.img
}

// blend returns (1-alpha)*under + alpha*over for opaque colours.
func blend(under, over color.RGBA, alpha float64) color.RGBA {
	mix := func(a, b uint8) uint8 { return uint8((1-alpha)*float64(a) + alpha*float64(b) + 0.5) }
	return color.RGBA{mix(under.R, over.R), mix(under.G, over.G), mix(under.B, over.B), 0xff}
}

// resample returns p resized to h x w (row-major) by bilinear interpolation, sampling
// at pixel centres so that the map is neither shifted nor cropped.
func resample(p plane, h, w int) []float32 {
	out := make([]float32, h*w)
	for y := range h {
		sy := (float64(y)+0.5)*float64(p.h)/float64(h) - 0.5
		y0, fy := clampedFloor(sy, p.h)
		y1 := min(y0+1, p.h-1)
		for x := range w {
			sx := (float64(x)+0.5)*float64(p.w)/float64(w) - 0.5
			x0, fx := clampedFloor(sx, p.w)
			x1 := min(x0+1, p.w-1)
			top := (1-fx)*float64(p.at(y0, x0)) + fx*float64(p.at(y0, x1))
			bottom := (1-fx)*float64(p.at(y1, x0)) + fx*float64(p.at(y1, x1))
			out[y*w+x] = float32((1-fy)*top + fy*bottom)
		}
	}
	return out
}

// clampedFloor returns the sample index i in [0, n) at or below position t and the
// fraction of the way from i to i+1, clamping positions outside the samples to the
// nearest edge.
func clampedFloor(t float64, n int) (i int, frac float64) {
	if t <= 0 {
		return 0, 0
	}
	if t >= float64(n-1) {
		return n - 1, 0
	}
	f := math.Floor(t)
	return int(f), t - f
}
