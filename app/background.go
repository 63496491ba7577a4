package app

import (
	"context"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/internal/tr"
)

// background runs a page's long piece of work, such as a search or a synthesis, on a
// goroutine, one at a time, with a progress bar and a Cancel button: starting another
// cancels the one going on, and Cancel drops its result even if it has just finished.
type background struct {
	jobs     latest
	progress *widget.ProgressBar
	cancel   *widget.Button

	stop context.CancelFunc // cancels the work going on, or nil; belongs to the UI goroutine
}

// newBackground returns a background with nothing going on; its Cancel button calls
// onCancel. do runs a function on the UI goroutine (fyne.Do).
func newBackground(do func(func()), onCancel func()) *background {
	b := &background{jobs: latest{do: do}, progress: widget.NewProgressBar()}
	b.cancel = widget.NewButtonWithIcon(tr.T("Cancel"), theme.CancelIcon(), onCancel)
	b.cancel.Disable()
	return b
}

// Start cancels the work going on, if any, and runs work on the background goroutine
// with a context that Cancel cancels and a progress function that moves the bar.
func (b *background) Start(work func(ctx context.Context, j job, progress func(done, total int))) {
	if b.stop != nil {
		b.stop()
	}
	ctx, stop := context.WithCancel(context.Background())
	b.stop = stop
	b.cancel.Enable()
	b.progress.SetValue(0)
	b.jobs.Submit(func(j job) {
		defer stop()
		work(ctx, j, func(done, total int) { j.Show(func() { b.progress.SetValue(float64(done) / float64(total)) }) })
	})
}

// Running reports whether work is going on.
func (b *background) Running() bool { return b.stop != nil }

// Cancel stops the work going on and drops its result, and reports whether there was any.
func (b *background) Cancel() bool {
	if b.stop == nil {
		return false
	}
	b.stop()
	b.jobs.Drop()
	b.Ended()
	b.progress.SetValue(0)
	return true
}

// Ended shows that no work is going on: the work calls it, on the UI goroutine, as it
// shows its result.
func (b *background) Ended() {
	b.stop = nil
	b.cancel.Disable()
}
