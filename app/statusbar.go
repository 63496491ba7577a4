package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"convscope/internal/tr"
)

// statusBar is the line under the tabs: a message on the left; the step, epoch, a progress
// bar, the speed, the time left and the latest test accuracy on the right; and a busy
// indicator while data loads or the test set is evaluated.
type statusBar struct {
	message                  *widget.Label
	busy                     *widget.ProgressBarInfinite
	step, epoch, speed, test *widget.Label
	eta                      *widget.Label
	bar                      *widget.ProgressBar
	content                  fyne.CanvasObject
}

func newStatusBar() *statusBar {
	b := &statusBar{
		message: widget.NewLabel(""),
		busy:    widget.NewProgressBarInfinite(),
		step:    widget.NewLabel(""),
		epoch:   widget.NewLabel(""),
		speed:   widget.NewLabel(""),
		eta:     widget.NewLabel(""),
		test:    widget.NewLabel(""),
		bar:     widget.NewProgressBar(),
	}
	b.message.Truncation = fyne.TextTruncateEllipsis
	b.bar.TextFormatter = func() string { return formatPercent(b.bar.Value) }
	b.busy.Hide()
	right := container.NewHBox(b.step, b.epoch, withWidth(150, b.bar), b.speed, b.eta, b.test)
	b.content = container.NewBorder(nil, nil, withWidth(90, b.busy), right, b.message)
	return b
}

// say shows a message.
func (b *statusBar) say(text string) { b.message.SetText(text) }

// setBusy shows or hides the busy indicator.
func (b *statusBar) setBusy(busy bool) {
	if busy {
		b.busy.Show()
		b.busy.Start()
	} else {
		b.busy.Stop()
		b.busy.Hide()
	}
}

// showReadout shows the run's numbers.
func (b *statusBar) showReadout(r readout) {
	b.step.SetText(tr.F("Step %s / %s", formatCount(r.Step), formatCount(r.Steps)))
	b.epoch.SetText(tr.F("Epoch %s", formatEpoch(r.Epoch)))
	b.bar.SetValue(float64(r.Step) / float64(max(r.Steps, 1)))
	if r.ImagesPerSecond > 0 {
		b.speed.SetText(formatSpeed(r.ImagesPerSecond))
		b.eta.SetText(tr.F("%s left", formatDuration(r.ETA)))
	} else {
		b.speed.SetText("")
		b.eta.SetText("")
	}
	b.showTestAccuracy(r.TestAccuracy)
}

// showTestAccuracy shows the latest test accuracy, or a dash for NaN.
func (b *statusBar) showTestAccuracy(a float64) { b.test.SetText(tr.F("Test %s", formatPercent(a))) }
