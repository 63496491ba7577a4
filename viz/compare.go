package viz

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"convscope/internal/tr"
)

// Curve is one run on a comparison chart: its test accuracy and its training loss against
// a common x axis (steps, or seconds of wall-clock time).
type Curve struct {
	Label    string
	Accuracy []Point // one per evaluation, accuracy in [0, 1], in increasing x
	Loss     []Point // one per training step, in increasing x
}

// Point is one value of a curve at X.
type Point struct{ X, Y float64 }

// CurveGroup is a set of curves drawn as one: their mean, with a band from the lowest to
// the highest of them. The curves of a group are runs of the same settings but their
// seeds, evaluated at the same steps.
type CurveGroup struct {
	Label   string
	Members []int // indices of the group's curves
}

// CompareOptions configures CompareChart and WriteCompareChart. The zero value draws a
// 640x440 chart of every curve against steps.
type CompareOptions struct {
	// Scale multiplies every size of a PNG; 0 means 1. Vector formats ignore it.
	Scale int
	// Title is drawn above the chart; empty draws none.
	Title string
	// XLabel names the x axis; empty means "step".
	XLabel string
	// Width and Height are the chart's size at scale 1 in pixels; 0 means 640 and 440.
	Width, Height int
	// Groups, if any, are drawn instead of their curves: each as its mean, with a band
	// from its lowest to its highest run. Curves in no group are drawn as themselves.
	Groups []CurveGroup
	// AccuracyOnly draws the accuracy panel alone, with the x axis under it.
	AccuracyOnly bool
}

// comparePalette holds Okabe and Ito's eight colour-blind safe colours, then a grey and a
// brown, one for each class: a comparison of more lines reuses them in order.
var comparePalette = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, {0xd5, 0x5e, 0x00, 0xff}, {0x00, 0x9e, 0x73, 0xff}, {0xcc, 0x79, 0xa7, 0xff},
	{0xe6, 0x9f, 0x00, 0xff}, {0x56, 0xb4, 0xe9, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0xf0, 0xe4, 0x42, 0xff},
	{0x99, 0x99, 0x99, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
}

// CompareColor returns the colour of the i-th line of a comparison chart: the same in the
// chart and in a table that lists its runs.
func CompareColor(i int) color.RGBA { return comparePalette[i%len(comparePalette)] }

// CompareChart draws curves as two panels sharing the x axis: the test accuracy in percent
// on top (connected points), the training loss on a logarithmic axis below (a moving
// average over about 1% of each run's steps), one colour per line and a legend with the
// lines' labels. Groups (see CompareOptions) are drawn as their mean and a band. Values
// that are not finite are left out; no curves draw the empty axes with a note.
//
// CompareChart panics if a size option is negative or a group names a curve that is not
// there.
func CompareChart(curves []Curve, o CompareOptions) image.Image {
	s := orDefault("CompareChart", "Scale", o.Scale, 1)
	w, h := o.size("CompareChart")
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI*s))
	drawCompare(draw.New(c), curves, o, pixelColumns(w, s))
	return c.Image()
}

// WriteCompareChart writes the chart of CompareChart(curves, o) to w in format f. It
// panics as CompareChart does, or if f is not a ChartFormat.
func WriteCompareChart(w io.Writer, curves []Curve, o CompareOptions, f ChartFormat) error {
	width, height := o.size("WriteCompareChart")
	return writeChart(w, f, "comparison chart", width, height,
		func() image.Image { return CompareChart(curves, o) },
		func(c draw.Canvas) { drawCompare(c, curves, o, pixelColumns(width, vectorScale)) })
}

func (o CompareOptions) size(fn string) (w, h vg.Length) {
	px := vg.Inch / chartDPI
	return vg.Length(orDefault(fn, "Width", o.Width, 640)) * px, vg.Length(orDefault(fn, "Height", o.Height, 440)) * px
}

// compareLine is one line of a comparison chart: a curve, or a group's mean with its band.
type compareLine struct {
	label             string
	acc, loss         plotter.XYs // accuracy in percent, smoothed loss
	accLow, accHigh   plotter.XYs // a group's band, or nil
	lossLow, lossHigh plotter.XYs
}

// drawCompare draws the chart of CompareChart onto c, its lines and bands thinned to
// columns columns across (see envelope).
func drawCompare(c draw.Canvas, curves []Curve, o CompareOptions, columns int) {
	lines := compareLines(curves, o.Groups)
	lastX := 1.0
	for _, l := range lines {
		for _, xys := range []plotter.XYs{l.acc, l.loss} {
			if n := len(xys); n > 0 {
				lastX = math.Max(lastX, xys[n-1].X)
			}
		}
	}
	top, bottom := newPanel(int(math.Ceil(lastX))), newPanel(int(math.Ceil(lastX)))
	top.Title.Text = o.Title
	top.Y.Label.Text, bottom.Y.Label.Text = tr.T("test accuracy (%)"), tr.T("training loss")
	top.X.Tick.Marker = unlabelledTicks{}
	bottom.X.Label.Text = o.XLabel
	if o.XLabel == "" {
		bottom.X.Label.Text = tr.T("step")
	}
	bottom.Y.Scale, bottom.Y.Tick.Marker = plot.LogScale{}, lossTicks{}
	var accs []plotter.XYs
	lossLo, lossHi := math.Inf(1), 0.0
	for i, l := range lines {
		col := CompareColor(i)
		if b, ok := band(l.accLow, l.accHigh, col); ok {
			top.Add(b)
		}
		if b, ok := band(envelope(l.lossLow, lastX, columns), envelope(l.lossHigh, lastX, columns), col); ok {
			bottom.Add(b)
		}
		acc := &plotter.Line{XYs: l.acc, LineStyle: lineStyle(col, 1.75)}
		dots := &plotter.Scatter{XYs: l.acc, GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}}
		top.Add(acc, dots)
		for _, loss := range longLine(l.loss, lastX, columns, lineStyle(col, 1.75)) {
			bottom.Add(loss)
		}
		top.Legend.Add(l.label, acc, dots)
		accs = append(accs, l.acc, l.accLow)
		for _, xys := range []plotter.XYs{l.loss, l.lossLow, l.lossHigh} {
			for _, p := range xys {
				lossLo, lossHi = math.Min(lossLo, p.Y), math.Max(lossHi, p.Y)
			}
		}
	}
	if len(lines) == 0 {
		top.Add(note(tr.T("no runs chosen")))
	}
	top.Y.Min, top.Y.Max = accuracyFloor(nil, joinXYs(accs), int(lastX)), 100
	bottom.Y.Min, bottom.Y.Max = 0.01, 10
	if lossHi > 0 {
		bottom.Y.Min, bottom.Y.Max = lossLo/1.25, lossHi*1.25
	}
	placeLegend(top, accs...)
	if o.AccuracyOnly {
		top.X.Tick.Marker, top.X.Label.Text = plot.DefaultTicks{}, bottom.X.Label.Text
		top.Draw(draw.Crop(c, vg.Points(4), -vg.Points(10), vg.Points(4), -vg.Points(6)))
		return
	}
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(6), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(10)}
	panels := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, c)
	top.Draw(panels[0][0])
	bottom.Draw(panels[1][0])
}

// compareLines returns the lines that draw curves: each group as one, then each curve in
// no group.
func compareLines(curves []Curve, groups []CurveGroup) []compareLine {
	grouped := make([]bool, len(curves))
	var lines []compareLine
	for _, g := range groups {
		var accs, losses []plotter.XYs
		for _, i := range g.Members {
			if i < 0 || i >= len(curves) {
				panic(fmt.Sprintf("viz: CompareChart: group %q names curve %d of %d", g.Label, i, len(curves)))
			}
			grouped[i] = true
			acc, loss := curveXYs(curves[i])
			accs, losses = append(accs, acc), append(losses, loss)
		}
		l := compareLine{label: g.Label}
		l.acc, l.accLow, l.accHigh = spread(accs)
		l.loss, l.lossLow, l.lossHigh = spread(losses)
		lines = append(lines, l)
	}
	for i, c := range curves {
		if !grouped[i] {
			acc, loss := curveXYs(c)
			lines = append(lines, compareLine{label: c.Label, acc: acc, loss: loss})
		}
	}
	return lines
}

// curveXYs returns c's finite accuracies in percent and its positive losses as a moving
// average.
func curveXYs(c Curve) (acc, loss plotter.XYs) {
	for _, p := range c.Accuracy {
		if !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0) && !math.IsNaN(p.X) {
			acc = append(acc, plotter.XY{X: p.X, Y: 100 * p.Y})
		}
	}
	for _, p := range c.Loss {
		if p.Y > 0 && !math.IsInf(p.Y, 0) && !math.IsNaN(p.X) {
			loss = append(loss, plotter.XY{X: p.X, Y: p.Y})
		}
	}
	return acc, ema(loss, autoSmoothing(len(loss)))
}

// spread returns the mean, the lowest and the highest of the lines, point by point, over
// the points all of them have (the shortest line's length); x is the mean of theirs.
func spread(lines []plotter.XYs) (mean, low, high plotter.XYs) {
	if len(lines) == 0 {
		return nil, nil, nil
	}
	n := len(lines[0])
	for _, l := range lines {
		n = min(n, len(l))
	}
	for i := range n {
		var x, y float64
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, l := range lines {
			x, y = x+l[i].X, y+l[i].Y
			lo, hi = math.Min(lo, l[i].Y), math.Max(hi, l[i].Y)
		}
		x /= float64(len(lines))
		mean = append(mean, plotter.XY{X: x, Y: y / float64(len(lines))})
		low, high = append(low, plotter.XY{X: x, Y: lo}), append(high, plotter.XY{X: x, Y: hi})
	}
	return mean, low, high
}

// band returns the region between low and high, in a light tint of col, or false if
// they have fewer than two points (a group's band needs a width).
func band(low, high plotter.XYs, col color.RGBA) (*plotter.Polygon, bool) {
	if len(low) < 2 {
		return nil, false
	}
	ring := append(plotter.XYs(nil), low...)
	for i := len(high) - 1; i >= 0; i-- {
		ring = append(ring, high[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil { // only for values that are not finite, which curveXYs leaves out
		return nil, false
	}
	// 25% of col over white, opaque (see rawColor).
	tint := func(v uint8) uint8 { return uint8(0.25*float64(v) + 0.75*255) }
	poly.Color = color.RGBA{tint(col.R), tint(col.G), tint(col.B), 0xff}
	poly.LineStyle.Width = 0
	return poly, true
}

// joinXYs returns the points of every one of lines.
func joinXYs(lines []plotter.XYs) plotter.XYs {
	var all plotter.XYs
	for _, l := range lines {
		all = append(all, l...)
	}
	return all
}
