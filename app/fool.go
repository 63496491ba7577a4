package app

import (
	"context"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
)

// Texts of the Fool it panel.
const (
	anyOtherClass = "any other class"
	noFoolInput   = "Draw something (or pick a test image on Feature maps), then press Fool it: it finds the smallest change of every pixel that makes the network answer otherwise."
)

// attackChoices are the attack selector's choices, in the order of explain.Attack.
var attackChoices = []string{"FGSM (one step)", "iterated"}

// foolPanel is the Draw tab's Fool it panel: the smallest L-infinity change, in steps of
// 1/255, of the input inspected that flips the network's answer, to any other class or a
// chosen one, searched on a goroutine with a progress bar and Cancel. The result
// remembers the snapshot and the input it was made of.
type foolPanel struct {
	shell   *shell
	target  *widget.Select
	attack  *widget.Select
	run     *widget.Button
	status  *widget.Label
	picture *picture
	content fyne.CanvasObject
	work    *background

	// The fields below belong to the UI goroutine.
	result *fooled // the last result, or nil
}

// fooled is an adversarial example and the snapshot and input it was made of.
type fooled struct {
	Adversarial *explain.Adversarial
	Version     uint64
	Input       input
}

func newFoolPanel(sh *shell) *foolPanel {
	p := &foolPanel{
		shell:   sh,
		target:  widget.NewSelect(append([]string{tr.T(anyOtherClass)}, classChoices()[1:]...), nil),
		attack:  widget.NewSelect(translated(attackChoices), nil),
		status:  widget.NewLabel(tr.T(noFoolInput)),
		picture: newPicture(sh.do, fyne.NewSize(300, 110), ""),
	}
	p.work = newBackground(sh.do, p.Cancel)
	p.target.SetSelected(tr.T(anyOtherClass))
	p.attack.SetSelected(tr.T(attackChoices[explain.Iterated]))
	p.status.Wrapping = fyne.TextWrapWord
	p.run = widget.NewButtonWithIcon(tr.T("Fool it"), theme.WarningIcon(), p.Fool)
	// Two short rows: the Draw tab's column is narrow.
	controls := container.NewVBox(container.NewHBox(p.run, p.work.cancel),
		container.NewBorder(nil, nil, caption(tr.T("Toward")), nil, container.NewGridWithColumns(2, p.target, p.attack)))
	p.content = container.NewBorder(container.NewVBox(controls, p.work.progress, p.status), nil, nil, nil, p.picture)
	return p
}

// Fool starts the search for an adversarial example of the input inspected with the
// current network, cancelling one going on.
func (p *foolPanel) Fool() {
	in, s := p.shell.inspected, p.shell.snapshot()
	if in.X == nil || s == nil {
		p.status.SetText(tr.T(noFoolInput))
		return
	}
	o := explain.AdversarialOptions{Attack: explain.Attack(slices.Index(attackChoices, untranslated(attackChoices, p.attack.Selected)))}
	if c, err := strconv.Atoi(p.target.Selected); err == nil {
		o.Targeted, o.Target = true, c
	}
	p.status.SetText(tr.T("Searching for the smallest change that fools the network…"))
	p.work.Start(func(ctx context.Context, j job, progress func(done, total int)) {
		o.Progress = progress
		a, err := explain.Adversary(ctx, s.Net, in.X, o)
		j.Show(func() { p.done(fooled{Adversarial: a, Version: s.Version, Input: in}, err) })
	})
}

// Cancel stops the search going on: its result is dropped even if it has just finished.
func (p *foolPanel) Cancel() {
	if p.work.Cancel() {
		p.status.SetText(tr.T("Search cancelled."))
	}
}

// done ends the search that found r, or failed with err.
func (p *foolPanel) done(r fooled, err error) {
	p.work.Ended()
	if err != nil {
		p.status.SetText(tr.F("Cannot fool it: %v", err))
		return
	}
	p.result = &r
	p.work.progress.SetValue(1)
	a := r.Adversarial
	// The column is narrow: the tiles alone, the probabilities after in the status.
	p.picture.SetView(views.AdversarialTilesView(a, ""))
	p.shell.log.Printf("adversarial found=%v epsilon=%d from=%d to=%d", a.Found, a.Epsilon, a.From, a.To)
	p.Refresh()
}

// Refresh says what the result shown is: the example, or that the input or the model has
// changed since it was made.
func (p *foolPanel) Refresh() {
	r := p.result
	if r == nil || p.work.Running() {
		return
	}
	s := p.shell.snapshot()
	if !p.current() {
		p.status.SetText(tr.T("The input or the model has changed since: press Fool it again."))
		return
	}
	a, d := r.Adversarial, s.Config.Data()
	p.status.SetText(tr.F("%s. No pixel moved by more than %d/255; the network is %s sure of %s.",
		views.AdversarialTitle(a, d), a.Epsilon, formatPercent(float64(a.After[a.To])), d.ClassLabel(a.To)))
}

// current reports whether the result is of the model and the input as they are now.
func (p *foolPanel) current() bool {
	s := p.shell.snapshot()
	return p.result != nil && s != nil && p.result.Version == s.Version && sameInput(p.result.Input, p.shell.inspected)
}

// Adversarial returns the adversarial example of the input inspected with the current
// model, for Export all, or nil.
func (p *foolPanel) Adversarial() *explain.Adversarial {
	if !p.current() {
		return nil
	}
	return p.result.Adversarial
}
