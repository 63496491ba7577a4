package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

// noChartMessage stands in for the chart before the first training step.
const noChartMessage = "Press Train (or Space) to start. The chart of accuracy and loss fills in as the network learns."

// trainingTab is the Training tab: a readout of the latest values and the live chart of
// accuracy and loss.
type trainingTab struct {
	shell *shell
	item  *container.TabItem
	chart *picture
	stats struct{ step, epoch, loss, train, test, speed *widget.Label }

	// OnReadout, if set, is called with the readout Refresh computes from the history.
	OnReadout func(r readout)
	// Steps returns the run's total steps, for the readout.
	Steps func() int

	shown uint64 // the version of the snapshot whose history is shown
}

func newTrainingTab(sh *shell) *trainingTab {
	t := &trainingTab{shell: sh, chart: newPicture(sh.do, fyne.NewSize(320, 200), tr.T(noChartMessage)),
		Steps: func() int { return cnn.DefaultConfig().Steps }}
	row := container.NewGridWrap(fyne.NewSize(statWidth, newStat("", new(*widget.Label)).MinSize().Height),
		newStat(tr.T("Step"), &t.stats.step), newStat(tr.T("Epoch"), &t.stats.epoch), newStat(tr.T("Loss"), &t.stats.loss),
		newStat(tr.T("Train accuracy"), &t.stats.train), newStat(tr.T("Test accuracy"), &t.stats.test),
		newStat(tr.T("Speed"), &t.stats.speed))
	def := cnn.DefaultConfig()
	t.showReadout(readoutOfHistory(cnn.History{}, def.Steps, def.Batch))
	t.item = container.NewTabItemWithIcon(tr.T("Training"), theme.HistoryIcon(),
		container.NewBorder(container.NewVBox(row, widget.NewSeparator()), nil, nil, nil, t.chart))
	return t
}

// statWidth is the width of a value of the readout; the values flow into more rows when
// the window is narrow.
const statWidth = 140

// newStat returns a caption above a value label, which it stores in *value.
func newStat(caption string, value **widget.Label) fyne.CanvasObject {
	c := widget.NewLabel(caption)
	c.SizeName = theme.SizeNameCaptionText
	c.Truncation = fyne.TextTruncateEllipsis
	v := widget.NewLabelWithStyle("–", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.SizeName = theme.SizeNameSubHeadingText
	v.Truncation = fyne.TextTruncateEllipsis
	*value = v
	return container.NewVBox(c, v)
}

func (t *trainingTab) Item() *container.TabItem { return t.item }

// showReadout shows the latest values of the run.
func (t *trainingTab) showReadout(r readout) {
	t.stats.step.SetText(formatCount(r.Step) + " / " + formatCount(r.Steps))
	t.stats.epoch.SetText(formatEpoch(r.Epoch))
	t.stats.loss.SetText(formatLoss(r.Loss))
	t.stats.train.SetText(formatPercent(r.TrainAccuracy))
	t.stats.test.SetText(formatPercent(r.TestAccuracy))
	if r.ImagesPerSecond > 0 {
		t.stats.speed.SetText(formatSpeed(r.ImagesPerSecond))
	} else {
		t.stats.speed.SetText("–")
	}
}

// Refresh redraws the chart from the snapshot's history, and, when no run is going on,
// the readout.
func (t *trainingTab) Refresh() {
	s := t.shell.snapshot()
	if s == nil || s.Version == t.shown {
		return
	}
	t.shown = s.Version
	if !t.shell.session.Status().Running {
		r := readoutOfHistory(s.History, t.Steps(), s.Config.Batch)
		t.showReadout(r)
		if t.OnReadout != nil {
			t.OnReadout(r)
		}
	}
	if len(s.History.Train) == 0 {
		t.chart.Clear(tr.T(noChartMessage))
		return
	}
	t.chart.SetView(views.TrainingView(s.History, s.Config.Batch, mnist.TrainLen))
}

func (t *trainingTab) ExportView() (views.View, bool) { return t.chart.View() }
