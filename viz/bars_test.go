package viz

import "testing"

// sevenProbabilities is a plausible softmax output for the test digit 7.
var sevenProbabilities = []float32{0.0004, 0.0021, 0.0118, 0.0043, 0, 0.0009, 0.00002, 0.9527, 0.0031, 0.0247}

func TestProbabilityBarsGolden(t *testing.T) {
	checkGolden(t, "bars", ProbabilityBars(sevenProbabilities, BarsOptions{Title: "Prediction: 7"}))
}
