package viz

import (
	"image"
	"strings"
	"testing"
)

// edgeStep returns position of the classic example: a 6×6 input of 10s on the left and 0s
// on the right, the vertical-edge kernel [[1,0,−1]]×3 and its VALID output, rows of
// [0, 30, 30, 0]; or with pad 1 the SAME output.
func edgeStep(pad, position int) ConvolutionStep {
	in := Volume{H: 6, W: 6, C: 1, Data: make([]float32, 36)}
	for y := range 6 {
		copy(in.Data[y*6:], []float32{10, 10, 10})
	}
	k := Filters{KH: 3, KW: 3, In: 1, Out: 1, Data: []float32{1, 0, -1, 1, 0, -1, 1, 0, -1}}
	var out Volume
	if pad == 0 {
		out = Volume{H: 4, W: 4, C: 1}
		for range 4 {
			out.Data = append(out.Data, 0, 30, 30, 0)
		}
	} else {
		// The SAME output: the zero padding's false edge (−30) on the left, two kernel
		// rows in the top and bottom rows.
		out = Volume{H: 6, W: 6, C: 1}
		for y := range 6 {
			v := float32(30)
			if y == 0 || y == 5 {
				v = 20
			}
			out.Data = append(out.Data, -v, 0, v, v, 0, 0)
		}
	}
	return ConvolutionStep{Input: in, Kernel: k, Output: out, Pad: pad, Position: position}
}

func TestConvolutionGolden(t *testing.T) {
	checkGolden(t, "convolution_valid", Convolution(edgeStep(0, 5), ConvolutionOptions{Title: "Vertical edge, VALID"}))
	checkGolden(t, "convolution_same", Convolution(edgeStep(1, 12), ConvolutionOptions{Title: "Vertical edge, SAME"}))
}

func TestConvolutionSumLine(t *testing.T) {
	// Position 1 is the window over columns 1 to 3: 10·1 + 10·0 + 0·(−1) in each row.
	st := edgeStep(0, 1)
	full := st.sumLine(10000, 1)
	if want := "row 0, column 1:  10\u00b71 + 10\u00b70 + 0\u00b7(\u22121) + 10\u00b71 + 10\u00b70 + 0\u00b7(\u22121) + 10\u00b71 + 10\u00b70 + 0\u00b7(\u22121) = 30"; full != want {
		t.Errorf("sum line\n%q, want\n%q", full, want)
	}
	short := st.sumLine(textWidth(full, captionText, 1)-1, 1)
	if !strings.HasSuffix(short, " + \u2026 = 30") || !strings.HasPrefix(short, "row 0, column 1:  10\u00b71 + ") {
		t.Errorf("shortened sum line %q", short)
	}
	// With SAME padding the window at (0, 0) reads the padding's zeros.
	if got, want := edgeStep(1, 0).sumLine(10000, 1), "row 0, column 0:  0\u00b71 + 0\u00b70 + 0\u00b7(\u22121) + 0\u00b71 + 10\u00b70 + 10\u00b7(\u22121) + 0\u00b71 + 10\u00b70 + 10\u00b7(\u22121) = \u221220"; got != want {
		t.Errorf("SAME sum line\n%q, want\n%q", got, want)
	}
}

func TestConvolutionShowsTheWindowAndFillsTheOutput(t *testing.T) {
	for _, s := range []int{1, 2} {
		st := edgeStep(0, 5) // row 1, column 1
		o := ConvolutionOptions{Scale: s}
		l := st.layout(o)
		img := toRGBA(Convolution(st, o))
		// The window covers input cells (1, 1) to (3, 3): its outline is all highlight.
		window := l.cellRect(l.input, 1, 1).Union(l.cellRect(l.input, 3, 3))
		if share := outlineShare(img, window, windowUnits*s); share != 1 {
			t.Errorf("scale %d: %.0f%% of the window's outline is highlighted", s, 100*share)
		}
		if share := outlineShare(img, l.cellRect(l.output, 1, 1), windowUnits*s); share != 1 {
			t.Errorf("scale %d: %.0f%% of the current output cell's outline is highlighted", s, 100*share)
		}
		// Outputs up to the position are filled: 30 white, 0 black; later ones are paper.
		centre := func(at image.Point, y, x int) image.Point {
			r := l.cellRect(at, y, x)
			return image.Pt(r.Min.X+6*s, r.Min.Y+6*s) // clear of the number and the outline
		}
		for _, tc := range []struct {
			y, x int
			want [3]uint8
		}{{0, 0, [3]uint8{0, 0, 0}}, {0, 1, [3]uint8{255, 255, 255}}, {1, 0, [3]uint8{0, 0, 0}}, {1, 2, [3]uint8{255, 255, 255}}, {3, 3, [3]uint8{255, 255, 255}}} {
			p := centre(l.output, tc.y, tc.x)
			if c := img.RGBAAt(p.X, p.Y); [3]uint8{c.R, c.G, c.B} != tc.want {
				t.Errorf("scale %d: output cell (%d, %d) is %v, want %v", s, tc.y, tc.x, c, tc.want)
			}
		}
		// Cell (1, 2), after the position, is empty paper, and cell (0, 2), filled, is the
		// white of 30: tell them apart by their frames (bottom-right corner).
		frame := func(y, x int) image.Point { r := l.cellRect(l.output, y, x); return r.Max.Sub(image.Pt(1, 1)) }
		if p := frame(1, 2); img.RGBAAt(p.X, p.Y) != rule {
			t.Errorf("scale %d: the frame of an output to come is %v, want the faint %v", s, img.RGBAAt(p.X, p.Y), rule)
		}
		if p := frame(0, 2); img.RGBAAt(p.X, p.Y) != frameColor {
			t.Errorf("scale %d: the frame of a computed output is %v, want %v", s, img.RGBAAt(p.X, p.Y), frameColor)
		}
		if got, want := img.Bounds().Size(), st.layout(ConvolutionOptions{}).bounds.Size().Mul(s); got != want {
			t.Errorf("scale %d: size %v, want %v", s, got, want)
		}
	}
}

func TestConvolutionPanicsOnBadSteps(t *testing.T) {
	for name, st := range map[string]ConvolutionStep{
		"position past the end": edgeStep(0, 16),
		"negative position":     edgeStep(0, -1),
		"SAME output for VALID": func() ConvolutionStep { s := edgeStep(1, 0); s.Pad = 0; return s }(),
		"even kernel": func() ConvolutionStep {
			s := edgeStep(0, 0)
			s.Kernel = Filters{KH: 2, KW: 2, In: 1, Out: 1, Data: make([]float32, 4)}
			return s
		}(),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			Convolution(st, ConvolutionOptions{})
		}()
	}
}
