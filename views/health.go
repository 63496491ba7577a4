package views

import (
	"fmt"
	"image"

	"convscope/cnn"
	"convscope/internal/tr"
	"convscope/viz"
)

// DistributionsView returns the distributions of every layer with weights over the
// recorded steps (distributions.png): one row per layer, one column for each of its
// weights, biases, activations and gradients, as bands of percentiles over the steps.
// With a single record, the bands of one step say little: it shows its histograms
// instead (HistogramView's picture). It returns false for no records.
func DistributionsView(records []cnn.HealthRecord, title string) (View, bool) {
	switch len(records) {
	case 0:
		return View{}, false
	case 1:
		v := HistogramView(records[0], title)
		v.File = "distributions.png"
		return v, true
	}
	var panels [][]viz.DistributionPanel
	for li, l := range records[len(records)-1].Layers {
		var row []viz.DistributionPanel
		for k, d := range l.Distributions() {
			p := viz.DistributionPanel{Title: l.Layer + " " + healthKindName(d.Name)}
			for _, r := range records {
				if li < len(r.Layers) && r.Layers[li].Layer == l.Layer {
					p.Steps = append(p.Steps, r.Step)
					p.Percentiles = append(p.Percentiles, percentiles(r.Layers[li].Distributions()[k].Distribution))
				}
			}
			row = append(row, p)
		}
		panels = append(panels, row)
	}
	return View{"distributions.png", func(s int) image.Image {
		return viz.DistributionChart(panels, viz.ChartOptions{Scale: s, Title: title})
	}}, true
}

// DistributionsTitle returns the title of the distributions of records: over which steps,
// or at which step.
func DistributionsTitle(records []cnn.HealthRecord) string {
	switch len(records) {
	case 0:
		return ""
	case 1:
		return tr.F("Distributions at step %d", records[0].Step)
	}
	return tr.F("Distributions over steps %d to %d (bands: percentiles 0-100, 7-93, 16-84, 31-69; line: median)",
		records[0].Step, records[len(records)-1].Step)
}

// HistogramView returns the histograms of every layer's weights, biases, activations and
// gradients at the step of rec (histograms_<step>.png), one row per layer.
func HistogramView(rec cnn.HealthRecord, title string) View {
	var panels [][]viz.HistogramPanel
	for _, l := range rec.Layers {
		var row []viz.HistogramPanel
		for _, d := range l.Distributions() {
			counts := make([]int, len(d.Histogram))
			for i, c := range d.Histogram {
				counts[i] = int(c)
			}
			row = append(row, viz.HistogramPanel{Title: l.Layer + " " + healthKindName(d.Name),
				Lo: float64(d.Min()), Hi: float64(d.Max()), Counts: counts})
		}
		panels = append(panels, row)
	}
	if title == "" {
		title = tr.F("Histograms at step %d", rec.Step)
	}
	return View{fmt.Sprintf("histograms_%d.png", rec.Step), func(s int) image.Image {
		return viz.HistogramChart(panels, viz.ChartOptions{Scale: s, Title: title})
	}}
}

// HealthChartView returns the health of every layer over the recorded steps
// (health.png): the update-to-weight ratio of each step on a log scale, with the 1e-3 of a
// healthy run marked, the fraction of dead ReLU units, and the norm of the weights.
func HealthChartView(records []cnn.HealthRecord) View {
	ratio := viz.LinePanel{Title: tr.T("Update / weight ratio of the last step"), Label: "|ΔW| / |W|", Log: true, Reference: 1e-3}
	dead := viz.LinePanel{Title: tr.T("Dead ReLU units (never active on the probe images)"), Label: tr.T("dead (%)")}
	norm := viz.LinePanel{Title: tr.T("Weight norm"), Label: "|W|", Log: true}
	if len(records) > 0 {
		for li, l := range records[len(records)-1].Layers {
			r, d, n := viz.LineSeries{Name: l.Layer}, viz.LineSeries{Name: l.Layer}, viz.LineSeries{Name: l.Layer}
			for _, rec := range records {
				if li >= len(rec.Layers) || rec.Layers[li].Layer != l.Layer {
					continue
				}
				lh := rec.Layers[li]
				if lh.UpdateRatio > 0 {
					r.Steps, r.Values = append(r.Steps, rec.Step), append(r.Values, lh.UpdateRatio)
				}
				n.Steps, n.Values = append(n.Steps, rec.Step), append(n.Values, lh.WeightNorm)
				d.Steps, d.Values = append(d.Steps, rec.Step), append(d.Values, 100*lh.Dead)
			}
			ratio.Series, norm.Series = append(ratio.Series, r), append(norm.Series, n)
			if l.ReLU {
				dead.Series = append(dead.Series, d)
			}
		}
	}
	panels := []viz.LinePanel{ratio, dead, norm}
	return View{"health.png", func(s int) image.Image { return viz.LineChart(panels, viz.ChartOptions{Scale: s}) }}
}

// healthKindName returns the name of what a layer's distribution is of (the Name of a
// cnn.NamedDistribution: weights, biases, activations or gradients) as a caption says it.
func healthKindName(kind string) string {
	switch kind {
	case "weights":
		return tr.T("weights")
	case "biases":
		return tr.T("biases")
	case "activations":
		return tr.T("activations")
	case "gradients":
		return tr.T("gradients")
	}
	return kind
}

// percentiles returns d's percentiles as float64s.
func percentiles(d cnn.Distribution) [9]float64 {
	var p [9]float64
	for i, v := range d.Percentiles {
		p[i] = float64(v)
	}
	return p
}
