package views

import (
	"encoding/csv"
	"image"
	"io"
	"strconv"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/runs"
	"convscope/viz"
)

// CompareX is the x axis of a comparison of runs.
type CompareX int

const (
	BySteps    CompareX = iota // training steps
	ByWallTime                 // seconds of wall-clock time, evaluations included
)

// ComparedRun is a run on a comparison chart: its record and its history.
type ComparedRun struct {
	Record  runs.Record
	History cnn.History
}

// Comparison is the comparison of several runs, ready to draw: one curve per run,
// labelled with what differs between them, and, when asked, the groups of runs that
// differ only in their seeds.
type Comparison struct {
	Curves []viz.Curve
	Groups []viz.CurveGroup
	XLabel string
	// Differing names the settings in which the runs differ ("lr", "seed"...).
	Differing []string
}

// Compare returns the comparison of rs against x. A run's label names the settings in
// which the runs differ (runs.Differences), or the run's name when none do. With bands,
// the runs that differ only in their seeds are grouped: each group of two or more is drawn
// as its mean and the band from its lowest to its highest run.
func Compare(rs []ComparedRun, x CompareX, bands bool) Comparison {
	settings := make([]runs.Settings, len(rs))
	for i, r := range rs {
		settings[i] = r.Record.Settings
	}
	labels := runs.Differences(settings)
	c := Comparison{XLabel: tr.T("step"), Differing: runs.DifferingSettings(settings)}
	if x == ByWallTime {
		c.XLabel = tr.T("wall-clock time (s)")
	}
	for i, r := range rs {
		label := labels[i]
		if label == "" {
			label = r.Record.Name
		}
		c.Curves = append(c.Curves, curveOf(label, r.History, x))
	}
	if bands {
		c.Groups = seedGroups(settings)
	}
	return c
}

// curveOf returns the curve of h against x. Against wall time, the steps recorded
// without their time (by an earlier ConvScope) are left out.
func curveOf(label string, h cnn.History, x CompareX) viz.Curve {
	c := viz.Curve{Label: label}
	seconds := make(map[int]float64, len(h.Train))
	for _, p := range h.Train {
		seconds[p.Step] = float64(p.Seconds)
		at := float64(p.Step)
		if x == ByWallTime {
			if p.Seconds == 0 {
				continue
			}
			at = float64(p.Seconds)
		}
		c.Loss = append(c.Loss, viz.Point{X: at, Y: float64(p.Loss)})
	}
	for _, p := range h.Test {
		at := float64(p.Step)
		if x == ByWallTime {
			if at = seconds[p.Step]; at == 0 {
				continue
			}
		}
		c.Accuracy = append(c.Accuracy, viz.Point{X: at, Y: p.Accuracy})
	}
	return c
}

// seedGroups returns the groups of two or more runs of settings that differ only in
// their seeds, labelled with what differs between the groups and their count of runs.
func seedGroups(settings []runs.Settings) []viz.CurveGroup {
	var keys []runs.Settings
	members := map[runs.Settings][]int{}
	for i, s := range settings {
		s.Seed = 0
		if members[s] == nil {
			keys = append(keys, s)
		}
		members[s] = append(members[s], i)
	}
	labels := runs.Differences(keys)
	var groups []viz.CurveGroup
	for i, k := range keys {
		if m := members[k]; len(m) > 1 {
			label := tr.F("%d runs", len(m))
			if labels[i] != "" {
				label = tr.F("%s, %d runs", labels[i], len(m))
			}
			groups = append(groups, viz.CurveGroup{Label: label, Members: m})
		}
	}
	return groups
}

// ClassAccuracyView returns the test accuracy of each class of the data set d over the
// evaluations of h that recorded it, as a chart (class_accuracy.png).
func ClassAccuracyView(h cnn.History, d mnist.Dataset, title string) View {
	curves := make([]viz.Curve, len(d.Classes))
	for c := range d.Classes {
		curves[c].Label = d.ClassLabel(c)

		for _, p := range h.Test {
			if p.PerClass != nil {
				curves[c].Accuracy = append(curves[c].Accuracy, viz.Point{X: float64(p.Step), Y: p.PerClass[c]})
			}
		}
	}
	return View{"class_accuracy.png", func(s int) image.Image {
		return viz.CompareChart(curves, viz.CompareOptions{Title: title, Scale: s, AccuracyOnly: true, Height: 320})
	}}
}

// CompareFile is the name the comparison chart is exported as.
const CompareFile = "compare.png"

// View returns the comparison chart as a view.
func (c Comparison) View(title string) View {
	return View{CompareFile, func(s int) image.Image { return viz.CompareChart(c.Curves, c.Options(title, s)) }}
}

// Options returns how the comparison is drawn at scale s.
func (c Comparison) Options(title string, s int) viz.CompareOptions {
	return viz.CompareOptions{Title: title, XLabel: c.XLabel, Groups: c.Groups, Scale: s}
}

// WriteComparisonCSV writes the histories of rs as one CSV with the header
// run,step,seconds,loss,train_accuracy,test_accuracy: the run's name, then the step's
// figures as in its metrics.csv, one row per step of each run in turn.
func WriteComparisonCSV(w io.Writer, rs []ComparedRun) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"run", "step", "seconds", "loss", "train_accuracy", "test_accuracy"})
	for _, r := range rs {
		test := make(map[int]float64, len(r.History.Test))
		for _, p := range r.History.Test {
			test[p.Step] = p.Accuracy
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
		for _, p := range r.History.Train {
			acc := ""
			if a, ok := test[p.Step]; ok {
				acc = f(a)
			}
			cw.Write([]string{r.Record.Name, strconv.Itoa(p.Step), f(float64(p.Seconds)), f(float64(p.Loss)), f(float64(p.Accuracy)), acc})
		}
	}
	cw.Flush()
	return cw.Error()
}
