package viz

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"convscope/internal/tr"
)

// ConvolutionStep is one position of a kernel sliding over an input: what Convolution
// draws. The output is computed by the caller; Convolution only shows it.
type ConvolutionStep struct {
	Input  Volume  // H×W×1
	Kernel Filters // K×K×1×1, K odd
	// Output holds every output of the convolution, OH×OW×1 with OH = H+2·Pad−K+1 and
	// OW = W+2·Pad−K+1; cells after Position are drawn empty.
	Output Volume
	// Pad is the number of zero rows and columns around the input: 0 for VALID padding,
	// (K−1)/2 for SAME.
	Pad int
	// Position is the window shown, in row-major order of the output: the window whose
	// top-left corner is at row Position/OW, column Position%OW of the padded input.
	Position int
}

// ConvolutionOptions configures Convolution. The zero value draws 34-pixel cells.
type ConvolutionOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the picture; empty draws none.
	Title string
	// CellSize is the side of one value's cell at scale 1, in pixels; 0 means 34.
	CellSize int
}

// Layout of the step view, in units.
const (
	stepSymbolUnits = 36 // the space holding "∗" or "=" between two grids
	stepLineUnits   = 22 // the strip holding the multiply-and-add line
	windowUnits     = 3  // width of the outline around the window and its output cell
)

// Convolution draws one step of a convolution: the input as a grid of grey cells with
// their values (bright values light), the padding's zeros as faint cells, the kernel's
// window outlined on it; the kernel, with its weights on the CoolWarm map; the output
// filled in up to the current position, which is outlined; and under them the
// multiply-and-add of the current position, "row 0, column 1:  10·1 + 10·0 + 0·(−1) + … = 30",
// shortened with "…" where it does not fit. Input and output are grey from their smallest
// (black) to their largest value (white) over all their cells, so the colours do not
// change from step to step.
//
// Convolution panics if a shape does not match its data, the kernel is not square,
// odd-sized and single-channel, the output's shape is not the convolution's, Pad is
// negative, Position is not an output cell, or an option is negative.
func Convolution(st ConvolutionStep, o ConvolutionOptions) image.Image {
	l := st.layout(o)
	c := newCanvas(l.bounds, l.s)
	c.drawTitle(o.Title)
	oh, ow := st.Output.H, st.Output.W
	wy, wx := st.Position/ow, st.Position%ow
	k := st.Kernel.KH

	// The input, its padding and the window.
	in := rangeOfPlane(st.Input.channel(0))
	inShade := newShader(Gray, span{in.min, in.max})
	ph, pw := st.Input.H+2*st.Pad, st.Input.W+2*st.Pad
	inputCaption := tr.F("input %d×%d", st.Input.H, st.Input.W)
	if st.Pad > 0 {
		inputCaption = tr.F("input %d×%d, %d ring of zeros", st.Input.H, st.Input.W, st.Pad)
	}
	c.caption(l.input, inputCaption)
	c.cellGrid(l.input, ph, pw, l.cell, func(y, x int) (string, color.RGBA, bool) {
		iy, ix := y-st.Pad, x-st.Pad
		if iy < 0 || iy >= st.Input.H || ix < 0 || ix >= st.Input.W {
			return "0", paper, false
		}
		v := st.Input.Data[iy*st.Input.W+ix]
		return formatValue(float64(v)), cellColor(inShade, v, in), true
	})
	c.outline(l.cellRect(l.input, wy, wx).Union(l.cellRect(l.input, wy+k-1, wx+k-1)), c.u(windowUnits), highlight)

	// The kernel.
	kernel := st.Kernel.kernel(0, 0)
	kr := rangeOfPlane(kernel)
	kShade := newShader(CoolWarm, spanOf(CoolWarm, kr))
	c.caption(l.kernel, tr.F("kernel %d×%d", k, k))
	c.cellGrid(l.kernel, k, k, l.cell, func(y, x int) (string, color.RGBA, bool) {
		v := kernel.at(y, x)
		return formatValue(float64(v)), cellColor(kShade, v, kr), true
	})
	c.text("*", l.kernel.X-c.u(stepSymbolUnits)/2, l.middle, alignCenter, titleText, ink)

	// The output, up to the current position.
	out := rangeOfPlane(st.Output.channel(0))
	outShade := newShader(Gray, span{out.min, out.max})
	padding := "VALID"
	if st.Pad > 0 {
		padding = "SAME"
	}
	c.caption(l.output, tr.F("output %d×%d (%s)", oh, ow, padding))
	c.cellGrid(l.output, oh, ow, l.cell, func(y, x int) (string, color.RGBA, bool) {
		if y*ow+x > st.Position {
			return "", paper, false
		}
		v := st.Output.Data[y*ow+x]
		return formatValue(float64(v)), cellColor(outShade, v, out), true
	})
	c.outline(l.cellRect(l.output, wy, wx), c.u(windowUnits), highlight)
	c.text("=", l.output.X-c.u(stepSymbolUnits)/2, l.middle, alignCenter, titleText, ink)

	c.text(st.sumLine(l.lineWidth, l.s), l.line.X, l.line.Y, alignLeft, captionText, ink)
	return c.img
}

// stepLayout is where Convolution draws its parts, in pixels.
type stepLayout struct {
	s                     int
	bounds                image.Rectangle
	cell                  int         // side of a cell
	input, kernel, output image.Point // top-left corners of the grids
	line                  image.Point // left end and middle of the multiply-and-add line
	lineWidth             int         // room for the line
	middle                int         // the line the grids are centred on
}

// cellRect returns the rectangle of cell (y, x) of the grid whose corner is at.
func (l stepLayout) cellRect(at image.Point, y, x int) image.Rectangle {
	return image.Rect(0, 0, l.cell, l.cell).Add(at.Add(image.Pt(x*l.cell, y*l.cell)))
}

// layout checks st and o and returns the picture's geometry.
func (st ConvolutionStep) layout(o ConvolutionOptions) stepLayout {
	st.check()
	s := orDefault("Convolution", "Scale", o.Scale, 1)
	cell := orDefault("Convolution", "CellSize", o.CellSize, 34) * s
	k := st.Kernel.KH
	ph, pw := st.Input.H+2*st.Pad, st.Input.W+2*st.Pad
	heights := []int{ph, k, st.Output.H}
	tallest := max(ph, st.Output.H) * cell
	symbol := stepSymbolUnits * s
	gridsW := (pw+k+st.Output.W)*cell + 2*symbol
	width := max(gridsW+2*marginUnits*s, minWidth(o.Title)*s)
	left := (width - gridsW) / 2
	top := (marginUnits + titleHeight(o.Title) + captionUnits) * s
	corner := func(x, rows int) image.Point { return image.Pt(x, top+(tallest-rows*cell)/2) }
	l := stepLayout{s: s, cell: cell,
		input:  corner(left, heights[0]),
		kernel: corner(left+pw*cell+symbol, heights[1]),
		output: corner(left+(pw+k)*cell+2*symbol, heights[2]),
		middle: top + tallest/2,
	}
	lineTop := top + tallest + captionUnits*s/2
	l.line = image.Pt(marginUnits*s, lineTop+stepLineUnits*s/2)
	l.lineWidth = width - 2*marginUnits*s
	l.bounds = image.Rect(0, 0, width, lineTop+(stepLineUnits+marginUnits)*s)
	return l
}

// check panics unless st can be drawn.
func (st ConvolutionStep) check() {
	st.Input.check("Convolution")
	st.Output.check("Convolution")
	st.Kernel.check("Convolution")
	k := st.Kernel
	switch {
	case st.Input.C != 1 || st.Output.C != 1 || k.In != 1 || k.Out != 1:
		panic("viz: Convolution: input, kernel and output must have one channel")
	case k.KH != k.KW || k.KH%2 == 0:
		panic(fmt.Sprintf("viz: Convolution: kernel of %dx%d, want a square of odd side", k.KH, k.KW))
	case st.Pad < 0:
		panic(fmt.Sprintf("viz: Convolution: negative Pad %d", st.Pad))
	}
	oh, ow := st.Input.H+2*st.Pad-k.KH+1, st.Input.W+2*st.Pad-k.KW+1
	if st.Output.H != oh || st.Output.W != ow {
		panic(fmt.Sprintf("viz: Convolution: output of %dx%d, want %dx%d", st.Output.H, st.Output.W, oh, ow))
	}
	if st.Position < 0 || st.Position >= oh*ow {
		panic(fmt.Sprintf("viz: Convolution: Position %d not in [0, %d)", st.Position, oh*ow))
	}
}

// cellColor returns the colour of value v of a grid with range r: its shade, or paper for
// a grid without a colour scale (constant, NaN or Inf).
func cellColor(sh shader, v float32, r valueRange) color.RGBA {
	if r.blankMarker() != "" {
		return paper
	}
	return sh.color(v)
}

// caption draws text above the grid whose top-left corner is at.
func (c *canvas) caption(at image.Point, text string) {
	c.text(text, at.X, at.Y-c.u(captionUnits/2), alignLeft, labelText, faintInk)
}

// cellGrid draws a rows×cols grid of cells of side cell with its top-left corner at at,
// separated by one-unit lines. cellAt returns each cell's text, fill and whether it is
// data; cells that are not (the padding, outputs to come) get faint text on a faint frame.
func (c *canvas) cellGrid(at image.Point, rows, cols, cell int, cellAt func(y, x int) (string, color.RGBA, bool)) {
	line := c.u(1)
	for y := range rows {
		for x := range cols {
			r := image.Rect(0, 0, cell, cell).Add(at.Add(image.Pt(x*cell, y*cell)))
			text, fill, data := cellAt(y, x)
			frame := frameColor
			if !data {
				frame = rule
			}
			c.fill(r, frame)
			inner := image.Rect(r.Min.X+line, r.Min.Y+line, r.Max.X-line, r.Max.Y-line)
			c.fill(inner, fill)
			col := faintInk
			if data {
				col = contrastInk(fill)
			}
			st := cellText
			if textWidth(text, st, c.s) > inner.Dx()-c.u(2) {
				st = smallText
			}
			c.text(text, (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2, alignCenter, st, col)
		}
	}
}

// contrastInk returns the text colour readable on fill: ink on light colours, white on
// dark ones.
func contrastInk(fill color.RGBA) color.RGBA {
	// Rec. 601 luma, in [0, 255].
	if 299*int(fill.R)+587*int(fill.G)+114*int(fill.B) >= 128*1000 {
		return ink
	}
	return paper
}

// sumLine returns the multiply-and-add of the current position, shortened to fit width
// pixels: "row 0, column 1:  10·1 + 10·0 + 0·(−1) + … = 30".
func (st ConvolutionStep) sumLine(width, s int) string {
	k := st.Kernel.KH
	ow := st.Output.W
	wy, wx := st.Position/ow, st.Position%ow
	terms := make([]string, 0, k*k)
	for ky := range k {
		for kx := range k {
			iy, ix := wy+ky-st.Pad, wx+kx-st.Pad
			var v float32
			if iy >= 0 && iy < st.Input.H && ix >= 0 && ix < st.Input.W {
				v = st.Input.Data[iy*st.Input.W+ix]
			}
			terms = append(terms, factor(v)+"\u00b7"+factor(st.Kernel.Data[ky*k+kx]))
		}
	}
	head := tr.F("row %d, column %d:  ", wy, wx)
	tail := " = " + formatValue(float64(st.Output.Data[st.Position]))
	for shown := len(terms); ; shown-- {
		body := strings.Join(terms[:shown], " + ")
		if shown < len(terms) {
			body += " + \u2026"
		}
		line := head + body + tail
		if shown <= 1 || textWidth(line, captionText, s) <= width {
			return line
		}
	}
}

// factor formats a factor of a product, a negative one in parentheses: 10, (−1).
func factor(v float32) string {
	f := formatValue(float64(v))
	if v < 0 {
		return "(" + f + ")"
	}
	return f
}
