package viz

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette/moreland"
)

// ColorMap selects how a renderer turns values into colours. The zero value is Viridis.
//
// Sequential maps (Viridis, Gray) stretch from the smallest to the largest value shown.
// Diverging maps (CoolWarm) are centred at zero: a value v is drawn at position
// 0.5 + 0.5*v/m of the map, where m is the largest |v| shown, so zero is always the
// map's neutral middle colour, negatives are blue and positives red.
type ColorMap uint8

const (
	// Viridis is matplotlib's perceptually uniform, colour-blind safe sequential map,
	// from dark purple (low) through teal to yellow (high).
	Viridis ColorMap = iota
	// Gray is a sequential map from black (low) to white (high).
	Gray
	// CoolWarm is Kenneth Moreland's diverging map ("Diverging Color Maps for Scientific
	// Visualization", 2009): blue (negative), light grey (zero), red (positive). It
	// keeps its two halves apart for the common forms of colour blindness.
	CoolWarm
)

// colorMapTables holds each map as a dense lookup table; position t in [0, 1] is entry
// round(t*(len-1)). CoolWarm has an odd length so that its middle, zero, is an entry.
var colorMapTables = [...][]color.RGBA{
	Viridis:  viridisLUT(),
	Gray:     grayLUT(),
	CoolWarm: coolWarmLUT(257),
}

// String returns the map's name.
func (m ColorMap) String() string {
	switch m {
	case Viridis:
		return "viridis"
	case Gray:
		return "gray"
	case CoolWarm:
		return "cool-warm"
	}
	return fmt.Sprintf("ColorMap(%d)", uint8(m))
}

// Diverging reports whether m is centred at zero (see ColorMap).
func (m ColorMap) Diverging() bool { return m == CoolWarm }

// At returns the colour at position t of the map, with t clamped to [0, 1].
// At(0.5) of a diverging map is the colour of zero. NaN is treated as 0.
// At panics if m is not one of the declared maps.
func (m ColorMap) At(t float64) color.RGBA {
	lut := m.table()
	return lut[entry(t*float64(len(lut)-1), len(lut))]
}

// table returns m's lookup table. It panics if m is not one of the declared maps.
func (m ColorMap) table() []color.RGBA {
	if int(m) >= len(colorMapTables) {
		panic(fmt.Sprintf("viz: unknown ColorMap %d", uint8(m)))
	}
	return colorMapTables[m]
}

// entry returns the index nearest to x in a table of n entries, clamped to the table.
func entry(x float64, n int) int {
	switch {
	case !(x > 0): // also catches NaN
		return 0
	case x >= float64(n-1):
		return n - 1
	}
	return int(x + 0.5)
}

func viridisLUT() []color.RGBA {
	lut := make([]color.RGBA, len(viridisTable))
	for i, c := range viridisTable {
		lut[i] = color.RGBA{c[0], c[1], c[2], 0xff}
	}
	return lut
}

func grayLUT() []color.RGBA {
	lut := make([]color.RGBA, 256)
	for i := range lut {
		lut[i] = color.RGBA{uint8(i), uint8(i), uint8(i), 0xff}
	}
	return lut
}

// coolWarmLUT samples gonum/plot's implementation of Moreland's smooth blue-red map.
func coolWarmLUT(n int) []color.RGBA {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(0)
	cm.SetMax(1)
	lut := make([]color.RGBA, n)
	for i := range lut {
		c, err := cm.At(float64(i) / float64(n-1))
		if err != nil {
			panic("viz: building the cool-warm table: " + err.Error())
		}
		lut[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	return lut
}

// span is the value interval a colour map is stretched across; lo < hi unless every
// value shown is the same.
type span struct{ lo, hi float64 }

// spanOf returns the interval that map m stretches across for the values in r:
// [r.min, r.max] for a sequential map, [-a, a] with a = max|v| for a diverging one.
func spanOf(m ColorMap, r valueRange) span {
	if m.Diverging() {
		a := math.Max(math.Abs(r.min), math.Abs(r.max))
		return span{-a, a}
	}
	return span{r.min, r.max}
}

// shader maps values to the colours of one table over one span without a division
// per value: value v is entry round((v-lo)*k).
type shader struct {
	lut   []color.RGBA
	lo, k float64
}

// newShader returns the shader of map m over s. If s is empty (lo == hi) every value
// gets the map's first colour; callers mark such tiles as constant instead.
func newShader(m ColorMap, s span) shader {
	lut := m.table()
	sh := shader{lut: lut, lo: s.lo}
	if s.hi > s.lo {
		sh.k = float64(len(lut)-1) / (s.hi - s.lo)
	}
	return sh
}

func (sh shader) color(v float32) color.RGBA {
	return sh.lut[entry((float64(v)-sh.lo)*sh.k, len(sh.lut))]
}
