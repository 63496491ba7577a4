package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
)

// BarsOptions configures ProbabilityBars. The zero value is usable.
type BarsOptions struct {
	// Scale multiplies every size, for 2x or 4x exports; 0 means 1.
	Scale int
	// Title is drawn above the bars; empty draws none.
	Title string
	// Key holds lines of text drawn under the bars, such as the names of the classes the
	// numbers under the bars stand for; nil draws none.
	Key []string
}

// Sizes of ProbabilityBars, in units.
const (
	barPitchUnits  = 36  // from one bar to the next
	barUnits       = 24  // width of a bar
	barHeightUnits = 110 // height of a bar of probability 1
)

var (
	// predictedBar is Okabe and Ito's colour-blind safe blue.
	predictedBar = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	otherBar     = color.RGBA{0xc3, 0xcf, 0xda, 0xff}
)

// ProbabilityBars draws one vertical bar per class (p[i] is the probability of digit
// i), labelled with the class under it and the probability in percent above it. The
// predicted class, the first with the largest probability, is drawn in blue with bold
// labels; the others in light grey-blue. Probabilities are clamped to [0, 1]; a NaN
// probability has no bar and is labelled "NaN".
//
// ProbabilityBars panics if p is empty or Scale is negative.
func ProbabilityBars(p []float32, o BarsOptions) image.Image {
	if len(p) == 0 {
		panic("viz: ProbabilityBars: no probabilities")
	}
	s := orDefault("ProbabilityBars", "Scale", o.Scale, 1)
	width := max(len(p)*barPitchUnits+2*marginUnits, minWidth(o.Title), keyWidth(o.Key))
	top := marginUnits + titleHeight(o.Title) + labelUnits + 4 // the value labels
	height := top + barHeightUnits + captionUnits + len(o.Key)*captionUnits + marginUnits
	c := newCanvas(image.Rect(0, 0, width*s, height*s), s)
	c.drawTitle(o.Title)

	left := c.u(width-len(p)*barPitchUnits) / 2
	base := c.u(top + barHeightUnits)
	for _, level := range []float64{0.5, 1} {
		y := base - int(level*float64(c.u(barHeightUnits)))
		c.fill(image.Rect(left, y, left+c.u(len(p)*barPitchUnits), y+c.u(1)), rule)
	}
	predicted := argmax(p)
	for i, v := range p {
		col, value, digit := otherBar, smallText, labelText
		if i == predicted {
			col, value, digit = predictedBar, labelBold, labelBold
		}
		x := left + c.u(i*barPitchUnits+(barPitchUnits-barUnits)/2)
		h := int(math.Round(clamp01(float64(v)) * float64(c.u(barHeightUnits))))
		c.fill(image.Rect(x, base-h, x+c.u(barUnits), base), col)
		mid := x + c.u(barUnits)/2
		c.text(percent(v), mid, base-h-c.u(8), alignCenter, value, ink)
		c.text(strconv.Itoa(i), mid, base+c.u(captionUnits/2+1), alignCenter, digit, ink)
	}
	c.fill(image.Rect(left, base, left+c.u(len(p)*barPitchUnits), base+c.u(1)), ink)
	c.drawKey(o.Key, c.u(marginUnits), base+c.u(captionUnits+captionUnits/2+1))
	return c.img
}

// argmax returns the index of the first largest non-NaN value of p, or -1 if all are NaN.
func argmax(p []float32) int {
	best := -1
	for i, v := range p {
		if !math.IsNaN(float64(v)) && (best < 0 || v > p[best]) {
			best = i
		}
	}
	return best
}

// clamp01 returns v limited to [0, 1], and 0 for NaN.
func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	return math.Min(v, 1)
}

// percent formats probability v as a percentage with about two significant digits.
func percent(v float32) string {
	x := 100 * float64(v)
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x >= 9.95:
		return fmt.Sprintf("%.0f%%", x)
	case x >= 0.05:
		return fmt.Sprintf("%.1f%%", x)
	case x > 0:
		return "<0.1%"
	}
	return "0%"
}
