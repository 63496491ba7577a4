package viz

import (
	"math"
	"strconv"
	"strings"
)

// valueRange summarises the values of one or more maps: the extremes of the finite
// values and whether any value was NaN or infinite.
type valueRange struct {
	min, max float64
	finite   int // number of finite values seen
	nan, inf bool
}

func emptyRange() valueRange { return valueRange{min: math.Inf(1), max: math.Inf(-1)} }

func (r *valueRange) add(v float32) {
	x := float64(v)
	switch {
	case math.IsNaN(x):
		r.nan = true
	case math.IsInf(x, 0):
		r.inf = true
	default:
		r.finite++
		r.min = math.Min(r.min, x)
		r.max = math.Max(r.max, x)
	}
}

func (r *valueRange) merge(o valueRange) {
	r.finite += o.finite
	r.min = math.Min(r.min, o.min)
	r.max = math.Max(r.max, o.max)
	r.nan = r.nan || o.nan
	r.inf = r.inf || o.inf
}

func rangeOfPlane(p plane) valueRange {
	r := emptyRange()
	for y := range p.h {
		for x := range p.w {
			r.add(p.at(y, x))
		}
	}
	return r
}

func rangeOfPlanes(ps []plane) (each []valueRange, all valueRange) {
	each = make([]valueRange, len(ps))
	all = emptyRange()
	for i, p := range ps {
		each[i] = rangeOfPlane(p)
		all.merge(each[i])
	}
	return each, all
}

// blankMarker returns the marker of a map that cannot be drawn with a colour scale
// ("NaN", "Inf", or the constant value, such as "0"), or "" if the map can be drawn.
// Maps are never empty (shapes are checked), so a map without NaN or Inf has a finite
// minimum and maximum.
func (r valueRange) blankMarker() string {
	if m := r.nonFiniteMarker(); m != "" {
		return m
	}
	if r.min == r.max {
		return formatValue(r.min)
	}
	return ""
}

// nonFiniteMarker returns "NaN" or "Inf" if the values include one, else "".
func (r valueRange) nonFiniteMarker() string {
	switch {
	case r.nan:
		return "NaN"
	case r.inf:
		return "Inf"
	}
	return ""
}

// formatValue formats v with three significant digits and a typographic minus sign.
func formatValue(v float64) string {
	if v == 0 {
		return "0" // also for -0
	}
	return typographicMinus(strconv.FormatFloat(v, 'g', 3, 64))
}

// formatPair formats the ends of a range with the same number of decimals, enough for
// three significant digits of the larger one, so that 4.35e-05 next to 0.874 reads 0.
func formatPair(lo, hi float64) (string, string) {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
		return formatValue(lo), formatValue(hi)
	}
	decimals := max(0, 2-int(math.Floor(math.Log10(m))))
	format := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', decimals, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		if s == "-0" {
			return "0"
		}
		return typographicMinus(s)
	}
	return format(lo), format(hi)
}

func typographicMinus(s string) string { return strings.Replace(s, "-", "\u2212", 1) }
