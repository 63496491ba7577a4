package app

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// readout is what the Training tab and the status bar say about a run.
type readout struct {
	Step, Steps     int
	Epoch           float64
	Loss            float64 // NaN when unknown
	TrainAccuracy   float64 // smoothed; NaN when unknown
	TestAccuracy    float64 // latest evaluation; NaN before the first
	ImagesPerSecond float64 // 0 when not training
	ETA             time.Duration
}

// readoutOf returns the readout of a run's progress.
func readoutOf(p cnn.Progress) readout {
	return readout{
		Step: p.Step, Steps: p.Steps, Epoch: p.Epoch, Loss: p.Loss,
		TrainAccuracy: p.SmoothedAccuracy, TestAccuracy: p.TestAccuracy,
		ImagesPerSecond: p.ImagesPerSecond, ETA: p.ETA,
	}
}

// recentSteps is how many of the last training steps readoutOfHistory averages over.
const recentSteps = 100

// readoutOfHistory returns the readout of a model that is not training: from its history,
// steps being the run's total and batch its examples per step. The training loss and
// accuracy are the means over the last recentSteps steps.
func readoutOfHistory(h cnn.History, steps, batch int) readout {
	r := readout{Steps: steps, Loss: math.NaN(), TrainAccuracy: math.NaN(), TestAccuracy: math.NaN()}
	if n := len(h.Train); n > 0 {
		r.Step = h.Train[n-1].Step
		recent := h.Train[max(0, n-recentSteps):]
		var loss, acc float64
		for _, p := range recent {
			loss += float64(p.Loss)
			acc += float64(p.Accuracy)
		}
		r.Loss, r.TrainAccuracy = loss/float64(len(recent)), acc/float64(len(recent))
		r.Epoch = float64(r.Step*batch) / mnist.TrainLen
	}
	if t, ok := h.LatestTest(); ok {
		r.TestAccuracy = t.Accuracy
	}
	return r
}

// formatCount formats n with thousands separators: 20,000.
func formatCount(n int) string {
	s := strconv.Itoa(max(n, -n))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n < 0 {
		return "-" + s
	}
	return s
}

// formatPercent formats a fraction as a percentage with one decimal, or "–" for NaN.
func formatPercent(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// formatSpeed formats a training speed in images per second: 1,234 images/s.
func formatSpeed(imagesPerSecond float64) string {
	return tr.F("%s images/s", formatCount(int(imagesPerSecond)))
}

// formatEpoch formats a fractional epoch with two decimals: 1.07.
func formatEpoch(e float64) string { return strconv.FormatFloat(e, 'f', 2, 64) }

// formatLoss formats a loss with four significant digits, or "–" for NaN.
func formatLoss(l float64) string {
	if math.IsNaN(l) {
		return "–"
	}
	return strconv.FormatFloat(l, 'g', 4, 64)
}

// formatDuration formats a remaining time coarsely, as people read it: 45 s, 4 min 12 s,
// 1 h 05 min.
func formatDuration(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return tr.F("%d s", s)
	case s < 3600:
		return tr.F("%d min %02d s", s/60, s%60)
	}
	return tr.F("%d h %02d min", s/3600, s%3600/60)
}
