package viz

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"convscope/internal/tr"
)

// History is the record of a training run that TrainingChart draws.
type History struct {
	// Train holds one point per recorded training step, in increasing step order.
	Train []TrainPoint
	// Test holds one point per evaluation on the test set, in increasing step order.
	Test []TestPoint
	// StepsPerEpoch marks the epochs on the step axis; 0 draws no marks.
	StepsPerEpoch int
}

// TrainPoint is the loss and accuracy of the batch trained at Step.
type TrainPoint struct {
	Step     int
	Loss     float64 // mean cross-entropy of the batch
	Accuracy float64 // share of the batch classified correctly, in [0, 1]
}

// TestPoint is the test-set accuracy after Step, in [0, 1].
type TestPoint struct {
	Step     int
	Accuracy float64
}

// ChartOptions configures TrainingChart and WriteTrainingChart. The zero value draws a
// 640x400 chart with EMA smoothing 0.9.
type ChartOptions struct {
	// Scale multiplies every size of a PNG, for 2x or 4x exports; 0 means 1. Vector
	// formats ignore it.
	Scale int
	// Title is drawn above the chart; empty draws none.
	Title string
	// Width and Height are the chart's size at scale 1 in pixels (1/96 inch); 0 means
	// 640 and 400.
	Width, Height int
	// Smoothing is the weight beta of the exponential moving average drawn over the
	// per-batch accuracy and loss: s[t] = beta*s[t-1] + (1-beta)*x[t], bias-corrected by
	// dividing by 1-beta^t as in Adam, so the curve starts at the first value; it is
	// taken per recorded point, not per step. 0 chooses it from the run's length: an
	// average over about 1% of the points, and never less than 0.9 (beta = 1 − 1/n for
	// a window of n points). It must be in [0, 1).
	Smoothing float64
}

// ChartFormat is a file format of WriteTrainingChart.
type ChartFormat int

const (
	// ChartPNG is a raster image at ChartOptions.Scale.
	ChartPNG ChartFormat = iota
	// ChartSVG is a vector image with the fonts embedded.
	ChartSVG
	// ChartPDF is a one-page vector document with the fonts embedded.
	ChartPDF
)

// chartDPI is the resolution of a chart at scale 1: one pixel per 1/96 inch, as on
// screens.
const chartDPI = 96

// TrainingChart draws h as two panels sharing the step axis: accuracy in percent on
// top (per-batch training accuracy faint, its moving average bold, test accuracy as
// connected points) and training loss on a logarithmic axis below (per batch faint,
// moving average bold), with a legend and a grid in each, and dashed lines at the
// epoch boundaries labelled with the epoch numbers. NaN and infinite values, and losses
// that are not positive, are left out. An empty history draws the empty axes with a
// "no data yet" note.
//
// TrainingChart panics if a size option is negative or Smoothing is not in [0, 1).
func TrainingChart(h History, o ChartOptions) image.Image {
	s := orDefault("TrainingChart", "Scale", o.Scale, 1)
	w, ht := o.size("TrainingChart")
	c := vgimg.NewWith(vgimg.UseWH(w, ht), vgimg.UseDPI(chartDPI*s))
	drawChart(draw.New(c), h, o, pixelColumns(w, s))
	return c.Image()
}

// WriteTrainingChart writes the chart of TrainingChart(h, o) to w in format f.
// It panics as TrainingChart does, or if f is not a ChartFormat.
func WriteTrainingChart(w io.Writer, h History, o ChartOptions, f ChartFormat) error {
	width, height := o.size("WriteTrainingChart")
	return writeChart(w, f, "training chart", width, height,
		func() image.Image { return TrainingChart(h, o) },
		func(c draw.Canvas) { drawChart(c, h, o, pixelColumns(width, vectorScale)) })
}

// writeChart writes a chart of the given size to w in format f: the image of raster as a
// PNG, or a vector canvas drawn by vector. what names the chart in errors and panics.
func writeChart(w io.Writer, f ChartFormat, what string, width, height vg.Length, raster func() image.Image, vector func(draw.Canvas)) error {
	var c vg.CanvasWriterTo
	switch f {
	case ChartPNG:
		return WritePNG(w, raster())
	case ChartSVG:
		c = vgsvg.NewWith(vgsvg.UseWH(width, height), vgsvg.EmbedFonts(true))
	case ChartPDF:
		pdf := vgpdf.New(width, height)
		pdf.EmbedFonts(true)
		c = pdf
	default:
		panic(fmt.Sprintf("viz: writing the %s: unknown ChartFormat %d", what, f))
	}
	vector(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("viz: writing the %s: %w", what, err)
	}
	return nil
}

// size returns the chart's size, checking the options.
func (o ChartOptions) size(fn string) (w, h vg.Length) {
	px := vg.Inch / chartDPI
	return vg.Length(orDefault(fn, "Width", o.Width, 640)) * px, vg.Length(orDefault(fn, "Height", o.Height, 400)) * px
}

// Chart colours: Okabe and Ito's colour-blind safe blue and vermillion.
var (
	trainColor = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	testColor  = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	// rawColor is trainColor at 30% over white, opaque because vgpdf writes
	// translucent colours premultiplied, which darkens them.
	rawColor = color.RGBA{0xb3, 0xd5, 0xe8, 0xff}
)

// drawChart draws the accuracy and loss panels of h onto c, its lines thinned to columns
// columns across (see envelope).
func drawChart(c draw.Canvas, h History, o ChartOptions, columns int) {
	beta := o.Smoothing
	if !(beta >= 0 && beta < 1) {
		panic(fmt.Sprintf("viz: TrainingChart: Smoothing %g not in [0, 1)", beta))
	}
	s := seriesOf(h)
	if beta == 0 {
		beta = autoSmoothing(len(s.acc))
	}
	top, bottom := accuracyPanel(s, beta, columns), lossPanel(s, beta, columns)
	top.Title.Text = o.Title
	bottom.X.Label.Text = tr.T("step")
	if h.StepsPerEpoch > 0 {
		bottom.X.Label.Text = tr.F("step (1 epoch = %d steps)", h.StepsPerEpoch)
	}
	top.Add(epochMarks{every: h.StepsPerEpoch, labels: true})
	bottom.Add(epochMarks{every: h.StepsPerEpoch})

	tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(6), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(10)}
	if h.StepsPerEpoch > 0 { // room for the epoch labels above the accuracy panel
		if o.Title != "" {
			top.Title.Padding += epochLabelRoom
		} else {
			tiles.PadTop += epochLabelRoom
		}
	}
	panels := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, c)
	top.Draw(panels[0][0])
	bottom.Draw(panels[1][0])
}

// chartSeries is a History reduced to the points a chart draws: finite values only,
// accuracies in percent, positive losses only (the loss axis is logarithmic).
type chartSeries struct {
	acc, loss, test plotter.XYs
	lastStep        int // the right end of the step axis, at least 1
}

func seriesOf(h History) chartSeries {
	var s chartSeries
	for _, p := range h.Train {
		s.acc = appendFinite(s.acc, p.Step, 100*p.Accuracy)
		if p.Loss > 0 {
			s.loss = appendFinite(s.loss, p.Step, p.Loss)
		}
	}
	for _, p := range h.Test {
		s.test = appendFinite(s.test, p.Step, 100*p.Accuracy)
	}
	for _, xys := range []plotter.XYs{s.acc, s.loss, s.test} {
		if n := len(xys); n > 0 {
			s.lastStep = max(s.lastStep, int(xys[n-1].X))
		}
	}
	if s.lastStep == 0 {
		s.lastStep = max(h.StepsPerEpoch, 1)
	}
	return s
}

// accuracyPanel returns the top panel: training accuracy, raw and smoothed with weight
// beta, and test accuracy, in percent, without step labels (the loss panel has them).
func accuracyPanel(s chartSeries, beta float64, columns int) *plot.Plot {
	p := newPanel(s.lastStep)
	p.Y.Label.Text = tr.T("accuracy (%)")
	p.X.Tick.Marker = unlabelledTicks{}
	smoothed := ema(s.acc, beta)
	addSeries(p, s.acc, smoothed, s.lastStep, columns, tr.T("train, per batch"), tr.F("train, moving average (%.3g)", beta))
	if len(s.test) > 0 {
		line := &plotter.Line{XYs: s.test, LineStyle: lineStyle(testColor, 1.5)}
		dots := &plotter.Scatter{XYs: s.test, GlyphStyle: draw.GlyphStyle{Color: testColor, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}}
		p.Add(line, dots)
		p.Legend.Add(tr.T("test"), line, dots)
	}
	if len(s.acc)+len(s.test) == 0 {
		p.Add(note(tr.T("no data yet")))
	}
	p.Y.Min, p.Y.Max = accuracyFloor(smoothed, s.test, s.lastStep), 100
	placeLegend(p, s.acc, smoothed, s.test)
	return p
}

// lossPanel returns the bottom panel: training loss, raw and smoothed with weight beta,
// on a logarithmic axis.
func lossPanel(s chartSeries, beta float64, columns int) *plot.Plot {
	p := newPanel(s.lastStep)
	p.Y.Label.Text = tr.T("loss")
	smoothed := ema(s.loss, beta)
	addSeries(p, s.loss, smoothed, s.lastStep, columns, tr.T("loss, per batch"), tr.F("loss, moving average (%.3g)", beta))
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, lossTicks{}
	p.Y.Min, p.Y.Max = 0.1, 10
	if len(s.loss) > 0 {
		lo, hi := math.Inf(1), 0.0
		for _, pt := range s.loss {
			lo, hi = math.Min(lo, pt.Y), math.Max(hi, pt.Y)
		}
		p.Y.Min, p.Y.Max = lo/1.25, hi*1.25
	}
	placeLegend(p, s.loss, smoothed)
	return p
}

// newPanel returns a plot in the charts' font (chartFont) with a light grid and a step axis from 0
// to lastStep.
func newPanel(lastStep int) *plot.Plot {
	p := plot.New()
	p.X.Min, p.X.Max = 0, float64(lastStep)
	p.Title.TextStyle.Font = chartFont(13)
	p.Title.TextStyle.Font.Weight = xfont.WeightBold
	p.Title.Padding = vg.Points(6)
	p.X.Label.TextStyle.Font = chartFont(10)
	p.Y.Label.TextStyle.Font = chartFont(10)
	p.X.Tick.Label.Font = chartFont(9)
	p.Y.Tick.Label.Font = chartFont(9)
	p.Legend.TextStyle.Font = chartFont(9)
	p.Legend.ThumbnailWidth = vg.Points(18)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = rule, rule
	p.Add(grid)
	return p
}

// addSeries adds the faint per-batch line xys, its bold moving average smoothed and their
// legend entries, raw and smooth, to p, both lines thinned to columns columns across the
// steps 0 to lastStep. A single point is drawn as a dot, as it makes no line.
func addSeries(p *plot.Plot, xys, smoothed plotter.XYs, lastStep, columns int, rawLabel, smoothLabel string) {
	if len(xys) == 0 {
		return
	}
	raw := longLine(xys, float64(lastStep), columns, lineStyle(rawColor, 0.75))
	smooth := longLine(smoothed, float64(lastStep), columns, lineStyle(trainColor, 2))
	for _, l := range raw {
		p.Add(l)
	}
	for _, l := range smooth {
		p.Add(l)
	}
	p.Legend.Add(rawLabel, raw[0])
	p.Legend.Add(smoothLabel, smooth[0])
	if len(xys) == 1 {
		p.Add(&plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: trainColor, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}})
	}
}

// autoSmoothing returns the moving-average weight for n recorded points: a window of about
// n/100 points, at least 10 (beta 0.9), so the smoothed curve of a long run is as calm as
// that of a short one.
func autoSmoothing(n int) float64 {
	return 1 - 1/math.Max(10, float64(n)/100)
}

func lineStyle(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

// appendFinite appends (step, y) to xys unless y is NaN or infinite.
func appendFinite(xys plotter.XYs, step int, y float64) plotter.XYs {
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return xys
	}
	return append(xys, plotter.XY{X: float64(step), Y: y})
}

// accuracyFloor returns the bottom of the accuracy axis: the lowest smoothed training or
// test accuracy after the first tenth of the run, rounded down to a multiple of 10, or of 2
// once everything after that first tenth is above 90%, so that a long run's last
// percent stays readable while its first steps run off the bottom. Before any data it is
// 0.
func accuracyFloor(smoothedTrain, test plotter.XYs, lastStep int) float64 {
	lo, seen := 100.0, false
	for _, xys := range []plotter.XYs{smoothedTrain, test} {
		for _, p := range xys {
			if p.X >= float64(lastStep)/10 {
				lo, seen = math.Min(lo, p.Y), true
			}
		}
	}
	switch {
	case !seen:
		return 0
	case lo > 90:
		return math.Min(2*math.Floor(lo/2), 98)
	default:
		return math.Max(10*math.Floor(lo/10), 0)
	}
}
