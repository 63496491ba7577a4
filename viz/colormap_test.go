package viz

import (
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// luma returns the Rec. 709 luma of c, in [0, 255].
func luma(c color.RGBA) float64 {
	return 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
}

func TestSequentialMapsGetLighter(t *testing.T) {
	for _, m := range []ColorMap{Viridis, Gray} {
		lut := colorMapTables[m]
		for i := 1; i < len(lut); i++ {
			// Rounding to 8 bits may darken a step by a fraction of a level.
			if luma(lut[i]) < luma(lut[i-1])-0.5 {
				t.Errorf("%v: entry %d (%v) is darker than entry %d (%v)", m, i, lut[i], i-1, lut[i-1])
			}
		}
	}
	// The ends of viridis are matplotlib's #440154 and #fde725.
	if got, want := Viridis.At(0), (color.RGBA{0x44, 0x01, 0x54, 0xff}); got != want {
		t.Errorf("Viridis.At(0) = %v, want %v", got, want)
	}
	if got, want := Viridis.At(1), (color.RGBA{0xfd, 0xe7, 0x25, 0xff}); got != want {
		t.Errorf("Viridis.At(1) = %v, want %v", got, want)
	}
}

func TestCoolWarmIsCentredAtZero(t *testing.T) {
	mid := CoolWarm.At(0.5)
	// Moreland's map meets at a neutral light grey, (221, 221, 221) in his paper.
	if mid.R != mid.G || mid.G != mid.B || mid.R < 200 {
		t.Errorf("CoolWarm.At(0.5) = %v, want a light neutral grey", mid)
	}
	if lo, hi := CoolWarm.At(0), CoolWarm.At(1); !(lo.B > lo.R+60 && hi.R > hi.B+60) {
		t.Errorf("CoolWarm ends %v and %v, want blue then red", lo, hi)
	}
	// Whatever the scale of the values, zero gets the middle colour, negatives are
	// blue and positives red.
	rng := rand.New(rand.NewPCG(1, 1))
	for range 100 {
		a := math.Exp(10 * (rng.Float64() - 0.5))
		r := valueRange{min: -a * rng.Float64(), max: a}
		if rng.IntN(2) == 0 {
			r = valueRange{min: -a, max: a * rng.Float64()}
		}
		sh := newShader(CoolWarm, spanOf(CoolWarm, r))
		if got := sh.color(0); got != mid {
			t.Fatalf("range [%g, %g]: zero is %v, want %v", r.min, r.max, got, mid)
		}
		neg, pos := sh.color(float32(-a/2)), sh.color(float32(a/2))
		if !(neg.B > neg.R && pos.R > pos.B) {
			t.Fatalf("range [%g, %g]: -a/2 is %v and a/2 is %v, want blue and red", r.min, r.max, neg, pos)
		}
	}
}

func TestShaderClampsAndSurvivesNaN(t *testing.T) {
	sh := newShader(Viridis, span{lo: 1, hi: 3})
	lut := colorMapTables[Viridis]
	for _, tc := range []struct {
		v    float32
		want color.RGBA
	}{
		{1, lut[0]}, {3, lut[255]}, {-5, lut[0]}, {7, lut[255]},
		{float32(math.NaN()), lut[0]}, {float32(math.Inf(1)), lut[255]},
		{2, lut[128]}, // (2-1)*255/2 = 127.5 rounds up
	} {
		if got := sh.color(tc.v); got != tc.want {
			t.Errorf("color(%g) = %v, want %v", tc.v, got, tc.want)
		}
	}
	if got := newShader(Viridis, span{2, 2}).color(2); got != lut[0] {
		t.Errorf("empty span: color(2) = %v, want the first colour", got)
	}
}

func TestColorMapAtPanicsOnUnknownMap(t *testing.T) {
	defer expectPanic(t, "viz: unknown ColorMap 9")
	ColorMap(9).At(0.5)
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		lo, hi         float64
		wantLo, wantHi string
	}{
		{0, 1.5312, "0", "1.53"},
		{4.35e-5, 0.874, "0", "0.874"},
		{-0.363, 0.363, "\u22120.363", "0.363"},
		{-1e-9, 250, "0", "250"},
		{12.4, 1234.6, "12", "1235"},
		{0, 0, "0", "0"},
	} {
		lo, hi := formatPair(tc.lo, tc.hi)
		if lo != tc.wantLo || hi != tc.wantHi {
			t.Errorf("formatPair(%g, %g) = %q, %q, want %q, %q", tc.lo, tc.hi, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
	for _, tc := range []struct {
		p    float32
		want string
	}{{0.9527, "95%"}, {0.0247, "2.5%"}, {0.0004, "<0.1%"}, {0, "0%"}, {1, "100%"}, {float32(math.NaN()), "NaN"}} {
		if got := percent(tc.p); got != tc.want {
			t.Errorf("percent(%g) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
