package cnn

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"convscope/internal/tr"
)

// InitScheme names a way of drawing a network's first weights.
type InitScheme uint8

// The initialisation schemes.
const (
	// TruncNormal draws weights from a normal distribution of standard deviation Stddev,
	// truncated at two standard deviations, and sets every bias to Bias: the reference's
	// (0.1 and 0.1).
	TruncNormal InitScheme = iota
	// He draws weights from a normal distribution of standard deviation √(2/fan-in) and
	// starts biases at 0 (He et al. 2015), suited to ReLU layers.
	He
	// Xavier draws weights uniformly from ±√(6/(fan-in + fan-out)) and starts biases at 0
	// (Glorot & Bengio 2010, "Glorot uniform").
	Xavier
)

// Init is how a network's weights and biases start. The zero value is TruncNormal with a
// standard deviation and biases of 0, of no use; start from DefaultInit.
type Init struct {
	Scheme InitScheme
	Stddev float64 // TruncNormal's standard deviation
	Bias   float32 // TruncNormal's biases
}

// DefaultInit returns the reference's initialisation: truncated normal weights of
// standard deviation InitStddev and biases of InitBias.
func DefaultInit() Init { return Init{Scheme: TruncNormal, Stddev: InitStddev, Bias: InitBias} }

// String returns the initialisation as ParseInit reads it: "truncnormal:0.1", "he" or
// "xavier".
func (in Init) String() string {
	switch in.Scheme {
	case He:
		return "he"
	case Xavier:
		return "xavier"
	}
	return "truncnormal:" + strconv.FormatFloat(in.Stddev, 'g', -1, 64)
}

// ParseInit reads an initialisation: "he", "xavier", or "truncnormal:STDDEV" (biases 0.1,
// as the reference's; "truncnormal" alone is the reference's 0.1). It returns an error
// naming the choices for anything else.
func ParseInit(text string) (Init, error) {
	text = strings.ToLower(strings.TrimSpace(text))
	switch text {
	case "he":
		return Init{Scheme: He}, nil
	case "xavier", "glorot":
		return Init{Scheme: Xavier}, nil
	case "truncnormal":
		return DefaultInit(), nil
	}
	if rest, ok := strings.CutPrefix(text, "truncnormal:"); ok {
		v, err := strconv.ParseFloat(rest, 64)
		if err != nil || !(v > 0) || v > 10 {
			return Init{}, tr.Errorf("the standard deviation of truncnormal:%s must be a number above 0 and at most 10, such as 0.1", rest)
		}
		return Init{Scheme: TruncNormal, Stddev: v, Bias: InitBias}, nil
	}
	return Init{}, tr.Errorf("unknown initialisation %q: use truncnormal:STDDEV (the reference is truncnormal:0.1), he or xavier", text)
}

// fill draws the weights w of a layer with fanIn inputs and fanOut outputs per weight and
// sets its biases b, with rng.
func (in Init) fill(w, b []float32, fanIn, fanOut int, rng *rand.Rand) {
	switch in.Scheme {
	case He:
		std := math.Sqrt(2 / float64(fanIn))
		for i := range w {
			w[i] = float32(rng.NormFloat64() * std)
		}
		fill(b, 0)
	case Xavier:
		limit := math.Sqrt(6 / float64(fanIn+fanOut))
		for i := range w {
			w[i] = float32((2*rng.Float64() - 1) * limit)
		}
		fill(b, 0)
	default:
		fillTruncatedNormal(w, in.Stddev, rng)
		fill(b, in.Bias)
	}
}
