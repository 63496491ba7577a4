package app

import (
	"math"
	"testing"
	"time"

	"convscope/cnn"
)

func TestFormatting(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{formatCount(0), "0"},
		{formatCount(999), "999"},
		{formatCount(20000), "20,000"},
		{formatCount(1234567), "1,234,567"},
		{formatCount(-1500), "-1,500"},
		{formatPercent(0.9731), "97.3%"},
		{formatPercent(math.NaN()), "–"},
		{formatLoss(0.123456), "0.1235"},
		{formatLoss(math.NaN()), "–"},
		{formatEpoch(1.0666), "1.07"},
		{formatDuration(45 * time.Second), "45 s"},
		{formatDuration(252 * time.Second), "4 min 12 s"},
		{formatDuration(3900 * time.Second), "1 h 05 min"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestReadoutOfHistory(t *testing.T) {
	var h cnn.History
	for step := 1; step <= 150; step++ {
		acc := float32(0)
		if step > 50 { // the last recentSteps = 100 steps are all right
			acc = 1
		}
		h.Train = append(h.Train, cnn.TrainPoint{Step: step, Loss: 0.5, Accuracy: acc})
	}
	h.Test = []cnn.TestPoint{{Step: 100, Accuracy: 0.9}, {Step: 150, Accuracy: 0.95}}
	r := readoutOfHistory(h, 1000, 400)
	// 150 steps of 400 images are one epoch of 60,000.
	want := readout{Step: 150, Steps: 1000, Epoch: 1, Loss: 0.5, TrainAccuracy: 1, TestAccuracy: 0.95}
	if r != want {
		t.Errorf("readout %+v, want %+v", r, want)
	}
	empty := readoutOfHistory(cnn.History{}, 30, 50)
	if empty.Step != 0 || empty.Steps != 30 || !math.IsNaN(empty.Loss) || !math.IsNaN(empty.TestAccuracy) {
		t.Errorf("readout of no history %+v", empty)
	}
}
