package viz

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// trainingHistory imitates three epochs of training with batches of 50 on 60,000
// images (1200 steps an epoch), recorded every 20 steps, tested every 600 steps.
func trainingHistory() History {
	rng := rand.New(rand.NewPCG(1, 1))
	h := History{StepsPerEpoch: 1200}
	for step := 0; step <= 3600; step += 20 {
		// Error falls from 90% towards 1% over a few hundred steps.
		err := 0.01 + 0.89*math.Exp(-float64(step)/150)
		correct := 0
		for range 50 {
			if rng.Float64() > err {
				correct++
			}
		}
		loss := (2.3*math.Exp(-float64(step)/120) + 0.03) * math.Exp(0.35*rng.NormFloat64())
		h.Train = append(h.Train, TrainPoint{Step: step, Loss: loss, Accuracy: float64(correct) / 50})
		if step > 0 && step%600 == 0 {
			h.Test = append(h.Test, TestPoint{Step: step, Accuracy: 1 - 0.8*err - 0.004})
		}
	}
	return h
}

func TestTrainingChartGolden(t *testing.T) {
	checkGolden(t, "chart", TrainingChart(trainingHistory(), ChartOptions{Title: "Training"}))
	checkGolden(t, "chart_empty", TrainingChart(History{StepsPerEpoch: 1200}, ChartOptions{Title: "Training", Width: 480, Height: 300}))
	single := History{Train: []TrainPoint{{Step: 10, Loss: 2.2, Accuracy: 0.16}}, Test: []TestPoint{{Step: 10, Accuracy: 0.12}}}
	checkGolden(t, "chart_single", TrainingChart(single, ChartOptions{Width: 480, Height: 300}))
}

func TestLegendAvoidsData(t *testing.T) {
	// A young run ends low at the right, a finished one high: the legend of the
	// accuracy panel must take the other corner.
	young := chartSeries{acc: plotter.XYs{{X: 0, Y: 10}, {X: 50, Y: 15}, {X: 100, Y: 20}}, lastStep: 100}
	done := chartSeries{acc: plotter.XYs{{X: 0, Y: 10}, {X: 500, Y: 98}, {X: 1000, Y: 99}}, lastStep: 1000}
	for _, tc := range []struct {
		name    string
		s       chartSeries
		wantTop bool
	}{{"young", young, true}, {"done", done, false}} {
		if p := accuracyPanel(tc.s, 0.9, 640); p.Legend.Top != tc.wantTop || p.Legend.Left {
			t.Errorf("%s run: legend top %v, left %v; want top %v, right", tc.name, p.Legend.Top, p.Legend.Left, tc.wantTop)
		}
	}
}

func TestEMA(t *testing.T) {
	xys := plotter.XYs{{X: 0, Y: 4}, {X: 1, Y: 0}, {X: 2, Y: 4}}
	got := ema(xys, 0.5)
	// Bias-corrected: s1 = 0.5*4 = 2 -> 2/0.5 = 4; s2 = 0.5*2 + 0 = 1 -> 1/0.75;
	// s3 = 0.5*1 + 0.5*4 = 2.5 -> 2.5/0.875.
	want := []float64{4, 1 / 0.75, 2.5 / 0.875}
	for i := range want {
		if math.Abs(got[i].Y-want[i]) > 1e-12 || got[i].X != xys[i].X {
			t.Errorf("ema point %d = %v, want (%g, %g)", i, got[i], xys[i].X, want[i])
		}
	}
}

func TestLossTicks(t *testing.T) {
	labels := func(min, max float64) []string {
		var out []string
		for _, tk := range (lossTicks{}).Ticks(min, max) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{0.02, 2.9, "[0.1 1]"},            // decades only
		{0.05, 0.9, "[0.05 0.1 0.2 0.5]"}, // a short range adds 2 and 5
		{1.76, 2.75, "[2]"},               // one tick: labelled anyway
		{0.031, 0.039, "[]"},              // no tick in range
	} {
		if got := fmt.Sprint(labels(tc.min, tc.max)); got != tc.want {
			t.Errorf("lossTicks(%g, %g) labels %s, want %s", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestAccuracyFloorZoomsOnTheRunAfterItsFirstTenth(t *testing.T) {
	xys := func(pts ...float64) plotter.XYs {
		var v plotter.XYs
		for i := 0; i < len(pts); i += 2 {
			v = append(v, plotter.XY{X: pts[i], Y: pts[i+1]})
		}
		return v
	}
	for _, tc := range []struct {
		name        string
		train, test plotter.XYs
		last        int
		want        float64
	}{
		{"no data", nil, nil, 100, 0},
		{"early run", xys(1, 12, 5, 40, 10, 70), nil, 10, 10},
		{"long run: first tenth ignored", xys(100, 30, 5000, 96.5, 20000, 99.5), xys(20000, 99.2), 20000, 96},
		{"test below train", xys(5000, 99.5), xys(5000, 97.1), 10000, 96},
		{"all above 98", xys(5000, 99.9), xys(5000, 99.3), 10000, 98},
		{"middling", xys(5000, 85), nil, 10000, 80},
	} {
		if got := accuracyFloor(tc.train, tc.test, tc.last); got != tc.want {
			t.Errorf("%s: floor %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAutoSmoothingWidensWithTheRun(t *testing.T) {
	for _, tc := range []struct {
		points int
		want   float64
	}{{0, 0.9}, {500, 0.9}, {1000, 0.9}, {20000, 0.995}} {
		if got := autoSmoothing(tc.points); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%d points: beta %v, want %v", tc.points, got, tc.want)
		}
	}
}
