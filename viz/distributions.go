package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"convscope/internal/tr"
)

// DistributionPanel is one tensor's distribution over training, as TensorBoard's
// distribution dashboard draws it: at every step, its values at nine percentiles (the
// minimum, the median ∓0.5, 1 and 1.5 standard deviations of a normal distribution, the
// median, the maximum), in increasing order.
type DistributionPanel struct {
	Title       string
	Steps       []int
	Percentiles [][9]float64 // one per step
}

// HistogramPanel is one tensor's values at one step: Counts in equal bins from Lo to Hi.
type HistogramPanel struct {
	Title  string
	Lo, Hi float64
	Counts []int
}

// LineSeries is one named value over steps, such as a layer's update ratio.
type LineSeries struct {
	Name   string
	Steps  []int
	Values []float64
}

// LinePanel is a panel of LineChart: series sharing one value axis, logarithmic if Log
// (values that are not positive are then left out), with a dashed line at Reference if it
// is not 0.
type LinePanel struct {
	Title, Label string
	Log          bool
	Reference    float64
	Series       []LineSeries
}

// bandColors are the fills of DistributionChart's bands, from the outermost (minimum to
// maximum) to the innermost (±0.5 standard deviations): Okabe and Ito's blue at 20%, 40%,
// 60% and 80% over white, opaque so that every format draws them alike.
var bandColors = [4]color.RGBA{
	{0xcc, 0xe3, 0xf0, 0xff}, {0x99, 0xc7, 0xe0, 0xff}, {0x66, 0xaa, 0xd1, 0xff}, {0x33, 0x8e, 0xc1, 0xff},
}

// seriesColors are Okabe and Ito's colour-blind safe colours, for the series of a LineChart.
var seriesColors = []color.RGBA{
	{0x00, 0x72, 0xb2, 0xff}, {0xd5, 0x5e, 0x00, 0xff}, {0x00, 0x9e, 0x73, 0xff}, {0xcc, 0x79, 0xa7, 0xff},
	{0xe6, 0x9f, 0x00, 0xff}, {0x56, 0xb4, 0xe9, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0xf0, 0xe4, 0x42, 0xff},
}

// DistributionChart draws a grid of panels, panels[row][col], each a tensor's
// distribution over training as nested bands between symmetric percentiles, darker
// towards the median, which is drawn as a line. A panel without steps shows "no data".
// o.Width and o.Height are the whole grid's size (0: 240 by 160 pixels a panel).
//
// It panics if the rows are not all of one length, a panel's steps and percentiles
// differ in number, or an option is negative.
func DistributionChart(panels [][]DistributionPanel, o ChartOptions) image.Image {
	return panelGrid("DistributionChart", len(panels), rowLength("DistributionChart", panels), image.Pt(240, 160), o, func(r, c int) *plot.Plot {
		return distributionPlot(panels[r][c])
	})
}

// HistogramChart draws a grid of panels, panels[row][col], each a histogram of a tensor
// at one step, its bins from the panel's Lo to Hi; it panics and sizes itself as
// DistributionChart does.
func HistogramChart(panels [][]HistogramPanel, o ChartOptions) image.Image {
	return panelGrid("HistogramChart", len(panels), rowLength("HistogramChart", panels), image.Pt(240, 160), o, func(r, c int) *plot.Plot {
		return histogramPlot(panels[r][c])
	})
}

// LineChart draws panels one above the other, each with its series and a legend; it
// panics if a series' steps and values differ in number or an option is negative. o.Width
// and o.Height are the whole chart's (0: 640 pixels by 200 a panel).
func LineChart(panels []LinePanel, o ChartOptions) image.Image {
	return panelGrid("LineChart", len(panels), 1, image.Pt(640, 200), o, func(r, _ int) *plot.Plot { return linePlot(panels[r]) })
}

// rowLength returns the length of every row of panels, panicking if they differ.
func rowLength[T any](fn string, panels [][]T) int {
	if len(panels) == 0 {
		return 0
	}
	for i, row := range panels {
		if len(row) != len(panels[0]) {
			panic(fmt.Sprintf("viz: %s: row %d has %d panels, row 0 has %d", fn, i, len(row), len(panels[0])))
		}
	}
	return len(panels[0])
}

// panelGrid draws rows × cols plots made by panel, aligned on a grid under o's title,
// each of size each (in pixels at scale 1) unless o sets the whole grid's size.
func panelGrid(fn string, rows, cols int, each image.Point, o ChartOptions, panel func(r, c int) *plot.Plot) image.Image {
	if o.Width == 0 {
		o.Width = each.X * max(cols, 1)
	}
	if o.Height == 0 {
		o.Height = each.Y*max(rows, 1) + 30*btoi(o.Title != "")
	}
	s := orDefault(fn, "Scale", o.Scale, 1)
	w, h := o.size(fn)
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI*s))
	dc := draw.New(img)
	dc.SetColor(paper)
	dc.Fill(dc.Rectangle.Path())
	if o.Title != "" {
		title := newPanel(1).Title
		dc.FillText(draw.TextStyle{Color: ink, Font: title.TextStyle.Font, Handler: plot.New().TextHandler, XAlign: draw.XLeft, YAlign: draw.YTop},
			vg.Point{X: dc.Min.X + vg.Points(8), Y: dc.Max.Y - vg.Points(6)}, o.Title)
		dc.Max.Y -= vg.Points(26)
	}
	if rows == 0 || cols == 0 {
		return img.Image()
	}
	grid := make([][]*plot.Plot, rows)
	for r := range rows {
		grid[r] = make([]*plot.Plot, cols)
		for c := range cols {
			grid[r][c] = panel(r, c)
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(6), PadY: vg.Points(6), PadTop: vg.Points(4),
		PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	canvases := plot.Align(grid, tiles, dc)
	for r := range rows {
		for c := range cols {
			grid[r][c].Draw(canvases[r][c])
		}
	}
	return img.Image()
}

// distributionPlot returns the plot of one DistributionPanel.
func distributionPlot(d DistributionPanel) *plot.Plot {
	if len(d.Steps) != len(d.Percentiles) {
		panic(fmt.Sprintf("viz: DistributionChart: %s has %d steps and %d percentiles", d.Title, len(d.Steps), len(d.Percentiles)))
	}
	last := 1
	if n := len(d.Steps); n > 0 {
		last = max(d.Steps[n-1], 1)
	}
	p := smallPanel(last, d.Title)
	if len(d.Steps) == 0 {
		p.Add(note(tr.T("no data")))
		return p
	}
	at := func(k int) plotter.XYs {
		xys := make(plotter.XYs, len(d.Steps))
		for i, s := range d.Steps {
			xys[i] = plotter.XY{X: float64(s), Y: finiteOr(d.Percentiles[i][k], 0)}
		}
		return xys
	}
	for k, col := range bandColors {
		upper, lower := at(8-k), at(k)
		ring := append(plotter.XYs{}, upper...)
		for i := len(lower) - 1; i >= 0; i-- {
			ring = append(ring, lower[i])
		}
		if len(d.Steps) == 1 { // a band of one step: a thin bar
			ring = plotter.XYs{{X: ring[0].X - 0.5, Y: upper[0].Y}, {X: ring[0].X + 0.5, Y: upper[0].Y}, {X: ring[0].X + 0.5, Y: lower[0].Y}, {X: ring[0].X - 0.5, Y: lower[0].Y}}
		}
		band, err := plotter.NewPolygon(ring)
		if err != nil {
			continue
		}
		band.Color, band.LineStyle.Width = col, 0
		p.Add(band)
	}
	median := &plotter.Line{XYs: at(4), LineStyle: lineStyle(trainColor, 1.25)}
	p.Add(median)
	return p
}

// histogramPlot returns the plot of one HistogramPanel.
func histogramPlot(hp HistogramPanel) *plot.Plot {
	p := smallPanel(1, hp.Title)
	p.X.Min, p.X.Max = hp.Lo, hp.Hi
	if len(hp.Counts) == 0 || !(hp.Hi >= hp.Lo) {
		p.Add(note(tr.T("no data")))
		return p
	}
	width := (hp.Hi - hp.Lo) / float64(len(hp.Counts))
	if width == 0 { // one value: its bin in the middle of an axis one unit wide around it
		width, p.X.Min, p.X.Max = 1/float64(len(hp.Counts)), hp.Lo-0.5, hp.Lo+0.5
	}
	bins := make([]plotter.HistogramBin, len(hp.Counts))
	for i, c := range hp.Counts {
		lo := p.X.Min + float64(i)*width
		bins[i] = plotter.HistogramBin{Min: lo, Max: lo + width, Weight: float64(c)}
	}
	h := &plotter.Histogram{Bins: bins, FillColor: bandColors[2], LineStyle: lineStyle(trainColor, 0.5)}
	p.Add(h)
	p.Y.Min = 0
	return p
}

// linePlot returns the plot of one LinePanel.
func linePlot(lp LinePanel) *plot.Plot {
	last := 1
	for _, s := range lp.Series {
		if len(s.Steps) != len(s.Values) {
			panic(fmt.Sprintf("viz: LineChart: %s has %d steps and %d values", s.Name, len(s.Steps), len(s.Values)))
		}
		if n := len(s.Steps); n > 0 {
			last = max(last, s.Steps[n-1])
		}
	}
	p := newPanel(last)
	p.Title.Text, p.Y.Label.Text, p.X.Label.Text = lp.Title, lp.Label, tr.T("step")
	if lp.Log {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	var drawn []plotter.XYs
	for i, s := range lp.Series {
		var xys plotter.XYs
		for j, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) && (!lp.Log || v > 0) {
				xys = append(xys, plotter.XY{X: float64(s.Steps[j]), Y: v})
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if len(xys) == 0 {
			continue
		}
		line := &plotter.Line{XYs: xys, LineStyle: lineStyle(seriesColors[i%len(seriesColors)], 1.5)}
		p.Add(line)
		drawn = append(drawn, xys)
		p.Legend.Add(s.Name, line)
	}
	if lp.Reference != 0 {
		ref := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: lp.Reference}, {X: float64(last), Y: lp.Reference}},
			LineStyle: draw.LineStyle{Color: faintInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
		p.Add(ref)
		lo, hi = math.Min(lo, lp.Reference), math.Max(hi, lp.Reference)
	}
	if lo > hi {
		p.Add(note(tr.T("no data")))
		if lp.Log {
			lo, hi = 1e-4, 1
		} else {
			lo, hi = 0, 1
		}
	}
	if lp.Log {
		p.Y.Min, p.Y.Max = lo/2, hi*2
	} else {
		pad := math.Max((hi-lo)*0.08, 1e-3)
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
	}
	placeLegend(p, drawn...)
	return p
}

// smallPanel is a newPanel for a grid of panels: a step axis to lastStep and the title in
// the body font.
func smallPanel(lastStep int, title string) *plot.Plot {
	p := newPanel(lastStep)
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.Title.Padding = vg.Points(3)
	return p
}

// finiteOr returns v, or def if v is NaN or infinite.
func finiteOr(v, def float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return def
	}
	return v
}

// btoi returns 1 for true and 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
