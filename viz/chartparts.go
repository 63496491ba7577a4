package viz

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"convscope/internal/tr"
)

// ema returns the bias-corrected exponential moving average of the Y values of xys
// with weight beta (see ChartOptions.Smoothing).
func ema(xys plotter.XYs, beta float64) plotter.XYs {
	out := make(plotter.XYs, len(xys))
	s, correction := 0.0, 1.0
	for i, p := range xys {
		s = beta*s + (1-beta)*p.Y
		correction *= beta
		out[i] = plotter.XY{X: p.X, Y: s / (1 - correction)}
	}
	return out
}

// unlabelledTicks places the default ticks without labels, for an axis shared with the
// panel below.
type unlabelledTicks struct{}

func (unlabelledTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		ticks[i].Label = ""
	}
	return ticks
}

// lossTicks places ticks at 1, 2, ..., 9 times the powers of ten in the range of a
// logarithmic axis. It labels the powers of ten, and also 2 and 5 times them when the
// range spans less than 1.5 decades, and every tick if that still labels fewer than two.
type lossTicks struct{}

func (lossTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	labelled := 0
	short := max/min < 30 // about 1.5 decades
	for e := math.Floor(math.Log10(min)); math.Pow10(int(e)) <= max; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(int(e))
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || short && (m == 2 || m == 5) {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				labelled++
			}
			ticks = append(ticks, t)
		}
	}
	if labelled < 2 {
		for i := range ticks {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 3, 64)
		}
	}
	return ticks
}

// epochLabelRoom is the space above a panel that its epoch labels need.
var epochLabelRoom = vg.Points(11)

// epochMarks draws a dashed vertical line at the end of every epoch and, if labels is
// set, the epoch numbers just above the panel, in epochLabelRoom.
type epochMarks struct {
	every  int // steps per epoch; 0 draws nothing
	labels bool
}

func (e epochMarks) Plot(c draw.Canvas, p *plot.Plot) {
	if e.every <= 0 {
		return
	}
	trX, _ := p.Transforms(&c)
	line := draw.LineStyle{Color: frameColor, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(3), vg.Points(3)}}
	epochs := int(p.X.Max) / e.every
	for k := 1; k <= epochs; k++ {
		x := trX(float64(k * e.every))
		c.StrokeLine2(line, x, c.Min.Y, x, c.Max.Y)
	}
	if !e.labels {
		return
	}
	sty := draw.TextStyle{
		Color:   faintInk,
		Font:    chartFont(8),
		XAlign:  draw.XCenter,
		YAlign:  draw.YBottom,
		Handler: p.TextHandler,
	}
	// Label epoch k in the middle of its span, thinning the labels out when the spans
	// are narrower than a label.
	width := trX(float64(e.every)) - trX(0)
	step := 1
	for vg.Length(step)*width < sty.Width(tr.F("epoch %d", 99))*1.2 {
		step++
	}
	for k := 1; float64((k-1)*e.every) < p.X.Max; k += step {
		mid := math.Min((float64(k)-0.5)*float64(e.every), p.X.Max)
		c.FillText(sty, vg.Point{X: trX(mid), Y: c.Max.Y + vg.Points(2)}, tr.F("epoch %d", k))
	}
}

// note draws a line of text in the middle of a panel, such as "no data yet".
type note string

func (n note) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.TextStyle{
		Color:   faintInk,
		Font:    chartFont(12),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
	c.FillText(sty, c.Center(), string(n))
}

// placeLegend puts p's legend in the corner of the panel that covers the fewest points
// of series, so that it hides no data while the run is young (low accuracy at the
// right) nor when it is done (high accuracy at the right). Ties go to the bottom
// right, then the top right, bottom left and top left. p's axis ranges and scales
// must be set.
func placeLegend(p *plot.Plot, series ...plotter.XYs) {
	// A legend covers about this share of a panel's width and height.
	const legendW, legendH = 0.5, 0.35
	corners := []struct{ top, left bool }{{false, false}, {true, false}, {false, true}, {true, true}}
	best, fewest := 0, math.MaxInt
	for i, corner := range corners {
		n := 0
		for _, xys := range series {
			for _, pt := range xys {
				x := p.X.Scale.Normalize(p.X.Min, p.X.Max, pt.X)
				y := p.Y.Scale.Normalize(p.Y.Min, p.Y.Max, pt.Y)
				inX := x >= 1-legendW
				if corner.left {
					inX = x <= legendW
				}
				inY := y <= legendH
				if corner.top {
					inY = y >= 1-legendH
				}
				if inX && inY {
					n++
				}
			}
		}
		if n < fewest {
			best, fewest = i, n
		}
	}
	p.Legend.Top, p.Legend.Left = corners[best].top, corners[best].left
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(4), vg.Points(4)
	if !p.Legend.Left {
		p.Legend.XOffs = -p.Legend.XOffs
	}
	if p.Legend.Top {
		p.Legend.YOffs = -p.Legend.YOffs
	}
}
