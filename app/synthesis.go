package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
)

// Texts of the Synthesis page.
const (
	classesChoice    = "the ten classes"
	noSynthesisYet   = "Pick a layer, or the classes, and press Synthesize: gradient ascent makes the input each channel or class responds to most."
	synthesisNote    = "Each picture is an input made from noise (or grey), step by step, to excite one channel (the mean of its map, or its centre unit) or one class's score as much as possible, kept readable by an L2 decay, a jitter of a pixel and a blur every few steps. Under each class: the probability the network gives it."
	minSynthesisStep = 1
	maxSynthesisStep = 2000
)

// unitChoices are the unit selector's choices, in the order of explain.Unit.
var unitChoices = []string{"map's mean", "centre unit"}

// synthesisPage is the Synthesis page of the What features see tab: the inputs that excite
// each channel of a chosen convolution or pooling, or each class, made on a goroutine with
// a progress bar and Cancel. Each result remembers the snapshot it was made of.
type synthesisPage struct {
	shell   *shell
	target  *widget.Select
	unit    *widget.Select
	steps   *widget.SelectEntry
	grey    *widget.Check
	run     *widget.Button
	status  *widget.Label
	picture *picture
	content fyne.CanvasObject
	work    *background

	// The fields below belong to the UI goroutine.
	layers  []cnn.LayerInfo // the layers offered
	results map[string]synthesized
}

// synthesized is a finished synthesis and the snapshot it was made of.
type synthesized struct {
	Synthesis *explain.Synthesis
	Version   uint64
	Step      int
}

func newSynthesisPage(sh *shell) *synthesisPage {
	p := &synthesisPage{
		shell:   sh,
		unit:    widget.NewSelect(translated(unitChoices), nil),
		steps:   widget.NewSelectEntry([]string{"32", "64", "128", "256"}),
		grey:    widget.NewCheck(tr.T("from grey"), nil),
		status:  widget.NewLabel(""),
		picture: newPicture(sh.do, fyne.NewSize(300, 240), tr.T(noSynthesisYet)),
		results: map[string]synthesized{},
	}
	p.work = newBackground(sh.do, p.Cancel)
	p.target = newChoice(func(string) { p.show() })
	p.unit.SetSelected(tr.T(unitChoices[explain.ChannelMean]))
	p.unit.OnChanged = func(string) { p.show() }
	p.steps.SetText(strconv.Itoa(explain.DefaultSynthesisSteps))
	p.steps.Validator = func(text string) error { _, err := parseSynthesisSteps(text); return err }
	p.status.Wrapping = fyne.TextWrapWord
	p.run = widget.NewButtonWithIcon(tr.T("Synthesize"), theme.MediaPlayIcon(), p.Synthesize)
	controls := container.NewVBox(container.NewHBox(caption(tr.T("Of")), p.target, caption(tr.T("Unit")), p.unit),
		container.NewHBox(caption(tr.T("Steps")), withWidth(110, p.steps), p.grey, p.run, p.work.cancel))
	note := widget.NewLabel(tr.T(synthesisNote))
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	p.content = container.NewBorder(container.NewVBox(controls, p.work.progress, p.status), note, nil, nil, p.picture)
	return p
}

// parseSynthesisSteps reads the number of steps of a synthesis.
func parseSynthesisSteps(text string) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < minSynthesisStep || n > maxSynthesisStep {
		return 0, tr.Errorf("steps: a whole number from %d to %d", minSynthesisStep, maxSynthesisStep)
	}
	return n, nil
}

// offer makes the target selector offer the convolutions and poolings of net, and the
// classes, the last convolution selected at first.
func (p *synthesisPage) offer(net *cnn.Network) {
	layers := net.LayersOf(cnn.Convolution, cnn.Pooling)
	if slices.Equal(layers, p.layers) {
		return
	}
	p.layers = layers
	selected := 0
	for i, info := range layers {
		if info.Kind == cnn.Convolution {
			selected = i
		}
	}
	offer(p.target, append(layerNames(layers), tr.T(classesChoice)), selected)
}

// key returns what the selectors ask for: the layer's name, or classesChoice, and the unit.
func (p *synthesisPage) key() string {
	if p.target.Selected == tr.T(classesChoice) {
		return classesChoice
	}
	return p.target.Selected + "/" + untranslated(unitChoices, p.unit.Selected)
}

// Refresh offers the layers of the model as it is now and shows its synthesis, if any.
func (p *synthesisPage) Refresh() {
	if s := p.shell.snapshot(); s != nil {
		p.offer(s.Net)
		p.show()
	}
}

// show shows the latest synthesis of the selection, saying whether the model has changed
// since it was made.
func (p *synthesisPage) show() {
	s := p.shell.snapshot()
	r, ok := p.results[p.key()]
	if s == nil || !ok {
		p.picture.Clear(tr.T(noSynthesisYet))
		return
	}
	p.picture.SetView(views.SynthesisView(r.Synthesis, s.Config.Data()))
	if p.work.Running() {
		return
	}
	if r.Version != s.Version {
		p.status.SetText(tr.F("Made at step %s; the model has changed since (it is at step %s): press Synthesize to see what it responds to now.",
			formatCount(r.Step), formatCount(s.Step)))
		return
	}
	p.status.SetText(p.summary(r.Synthesis))
}

// summary says what a synthesis found: for the classes, how many of their images the
// network classifies as their class; for a layer, how many of its channels stayed dead.
func (p *synthesisPage) summary(syn *explain.Synthesis) string {
	if syn.Classes {
		right := 0
		for c, pred := range syn.Predicted {
			if pred == c {
				right++
			}
		}
		return tr.F("The network classifies %d of the ten images as the class each was made for.", right)
	}
	dead := 0
	for _, v := range syn.Objective {
		if v == 0 {
			dead++
		}
	}
	return tr.F("%s: %d channels, %d of them could not be excited (dead).", syn.Layer, len(syn.Images), dead)
}

// Synthesize starts the synthesis the selectors ask for with the current network,
// cancelling one going on.
func (p *synthesisPage) Synthesize() {
	s := p.shell.snapshot()
	steps, err := parseSynthesisSteps(p.steps.Text)
	if s == nil || err != nil {
		if err != nil {
			p.status.SetText(tr.F("Cannot synthesize: %v", err))
		}
		return
	}
	key, unit, grey := p.key(), explain.Unit(slices.Index(unitChoices, untranslated(unitChoices, p.unit.Selected))), p.grey.Checked
	var layer cnn.LayerInfo
	for _, info := range p.layers {
		if info.Name == p.target.Selected {
			layer = info
		}
	}
	p.status.SetText(tr.F("Synthesizing the inputs of %s…", p.target.Selected))
	start := time.Now()
	p.work.Start(func(ctx context.Context, j job, progress func(done, total int)) {
		o := explain.SynthesisOptions{Steps: steps, Grey: grey, Progress: progress}
		var syn *explain.Synthesis
		var err error
		if key == classesChoice {
			syn, err = explain.SynthesizeClasses(ctx, s.Net, o)
		} else {
			syn, err = explain.SynthesizeChannels(ctx, s.Net, layer, unit, o)
		}
		j.Show(func() {
			p.done(key, synthesized{Synthesis: syn, Version: s.Version, Step: s.Step}, time.Since(start), err)
		})
	})
}

// Cancel stops the synthesis going on: its result is dropped even if it has just finished.
func (p *synthesisPage) Cancel() {
	if p.work.Cancel() {
		p.status.SetText(tr.T("Synthesis cancelled."))
	}
}

// Forget drops the syntheses of the model, kept or going on: a new model has come.
func (p *synthesisPage) Forget() {
	p.work.Cancel()
	clear(p.results)
	p.status.SetText("")
	p.picture.Clear(tr.T(noSynthesisYet))
}

// done ends the synthesis of key that made r after took, or failed with err.
func (p *synthesisPage) done(key string, r synthesized, took time.Duration, err error) {
	p.work.Ended()
	if err != nil {
		p.status.SetText(tr.F("The synthesis failed: %v", err))
		return
	}
	p.results[key] = r
	p.shell.log.Printf("synthesis of=%s step=%d seconds=%.2f", r.Synthesis.Layer, r.Step, took.Seconds())
	p.work.progress.SetValue(1)
	p.show()
}

// Syntheses returns the syntheses of this model, for Export all: the layers' in the
// network's order, then the classes'.
func (p *synthesisPage) Syntheses() []*explain.Synthesis {
	var all []*explain.Synthesis
	for _, info := range p.layers {
		for _, unit := range unitChoices {
			if r, ok := p.results[info.Name+"/"+unit]; ok {
				all = append(all, r.Synthesis)
			}
		}
	}
	if r, ok := p.results[classesChoice]; ok {
		all = append(all, r.Synthesis)
	}
	return all
}

// ExportView returns the synthesis shown, if any.
func (p *synthesisPage) ExportView() (views.View, bool) { return p.picture.View() }
