package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/internal/tr"
	"convscope/views"
)

// The pictures the Health tab offers.
const (
	healthBands      = "Distributions over training"
	healthHistograms = "Histograms at a step"
	healthFigures    = "Update ratio, dead units, norms"
)

// healthNote explains the Health tab's pictures. It is one literal, as the translations'
// test finds it.
const healthNote = "For every layer with weights: its weights, biases, activations and gradients on 50 fixed test images, recorded at every evaluation. Bands are percentiles (min–max, ±1.5, ±1 and ±0.5 standard deviations of a normal distribution), the line the median. A rule of thumb puts a healthy run's update/weight ratio near 1e-3; a dead ReLU unit is never active on those images."

// healthTab is the Health tab: the distributions of every layer's weights, biases,
// activations and gradients over the recorded steps, their histograms at a step chosen
// with a slider, and the update ratio, dead units and weight norms over training. A model
// without records is measured as it is, on a goroutine.
type healthTab struct {
	shell    *shell
	item     *container.TabItem
	choice   *widget.RadioGroup
	step     *widget.Slider
	stepText *widget.Label
	picture  *picture
	measures latest

	// The fields below belong to the UI goroutine.
	snap     *cnn.Snapshot
	records  []cnn.HealthRecord // the records shown: the run's, or one measured now
	measured uint64             // the version of the snapshot measured on demand
}

func newHealthTab(sh *shell) *healthTab {
	t := &healthTab{
		shell:    sh,
		stepText: widget.NewLabel(""),
		picture:  newPicture(sh.do, fyne.NewSize(480, 360), tr.T("Loading the network…")),
		measures: latest{do: sh.do},
	}
	t.choice = widget.NewRadioGroup(translated([]string{healthBands, healthHistograms, healthFigures}), func(string) { t.show() })
	t.choice.Horizontal = true
	t.choice.Selected = tr.T(healthBands)
	t.step = widget.NewSlider(0, 1)
	t.step.Step = 1
	t.step.OnChanged = func(float64) { t.show() }
	top := container.NewVBox(t.choice, container.NewBorder(nil, nil, caption(tr.T("Step")), t.stepText, t.step), widget.NewSeparator())
	t.item = container.NewTabItemWithIcon(tr.T("Health"), theme.InfoIcon(), container.NewBorder(top, smallNote(tr.T(healthNote)), nil, nil,
		container.NewScroll(t.picture)))
	return t
}

func (t *healthTab) Item() *container.TabItem { return t.item }

// Refresh shows the health the model's run recorded or, for a model without records,
// measures it on the test set's probe images once the test set is loaded.
func (t *healthTab) Refresh() {
	s := t.shell.snapshot()
	if s == nil {
		return
	}
	if t.snap == nil || s.Version != t.snap.Version {
		t.snap = s
		t.showRecords(s.Recording.Health)
	}
	test := t.shell.test()
	if len(s.Recording.Health) > 0 || test == nil || t.measured == s.Version {
		return
	}
	t.measured = s.Version
	t.measures.Submit(func(j job) {
		images, labels := cnn.HealthProbeOf(test)
		rec, err := s.Net.Health(s.Step, images, labels, nil)
		j.Show(func() {
			switch {
			case err != nil:
				t.picture.Clear(tr.F("The layers cannot be measured: %v", err))
			case t.snap == s:
				t.showRecords([]cnn.HealthRecord{rec})
			}
		})
	})
}

// showRecords shows records, keeping the slider at the last step if it was there.
func (t *healthTab) showRecords(records []cnn.HealthRecord) {
	if len(records) == 0 {
		t.records = nil
		t.picture.Clear(tr.T("Measuring the layers…"))
		return
	}
	atEnd := int(t.step.Value) >= len(t.records)-1
	t.records = records
	t.step.Max = float64(max(1, len(records)-1))
	if atEnd || int(t.step.Value) >= len(records) {
		t.step.Value = float64(len(records) - 1)
	}
	t.step.Refresh()
	t.show()
}

// show shows the picture chosen of the records.
func (t *healthTab) show() {
	if len(t.records) == 0 {
		return
	}
	i := min(int(t.step.Value), len(t.records)-1)
	if len(t.records) > 1 {
		t.step.Enable()
	} else {
		t.step.Disable()
	}
	t.stepText.SetText(tr.F("%s (%d of %d recorded)", formatCount(t.records[i].Step), i+1, len(t.records)))
	if v, ok := t.view(); ok {
		t.picture.SetView(v)
	}
}

// view returns the picture chosen: the distributions over the records, the histograms at
// the slider's step, or the health chart.
func (t *healthTab) view() (views.View, bool) {
	if len(t.records) == 0 {
		return views.View{}, false
	}
	switch untranslated([]string{healthHistograms, healthFigures}, t.choice.Selected) {
	case healthHistograms:
		return views.HistogramView(t.records[min(int(t.step.Value), len(t.records)-1)], ""), true
	case healthFigures:
		return views.HealthChartView(t.records), true
	}
	return views.DistributionsView(t.records, views.DistributionsTitle(t.records))
}

// ExportView returns the picture shown.
func (t *healthTab) ExportView() (views.View, bool) { return t.view() }
