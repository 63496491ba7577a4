package cli

import (
	"encoding/json"
	"io"
	"math"

	"convscope/internal/tr"
)

// printJSON writes v as one line of JSON on stdout. If v cannot be written as JSON (it
// holds a NaN or an infinite number), it writes nothing on stdout, prints a one-line
// error and returns exitError.
func printJSON(stdout, stderr io.Writer, name string, v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return fail(stderr, name, tr.Errorf("the result cannot be written as JSON: %v", err))
	}
	if _, err := stdout.Write(append(b, '\n')); err != nil {
		return fail(stderr, name, err)
	}
	return exitOK
}

// checkProbabilities returns an error unless every one of probs is a finite number: a
// network whose values overflow computes NaN, which is no answer.
func checkProbabilities(probs []float32) error {
	for d, p := range probs {
		if math.IsNaN(float64(p)) || math.IsInf(float64(p), 0) {
			return tr.Errorf("the model computes %v as the probability of %d: its weights are too large to classify with; train it again", p, d)
		}
	}
	return nil
}
