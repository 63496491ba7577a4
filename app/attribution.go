package app

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
)

// Texts of the Attribution page.
const (
	noAttributionInput = "Draw a digit on the Draw tab or pick a test image on Feature maps to see why its class wins."
	attributionNote    = "Grad-CAM: where the chosen convolution's maps hold what raises the class's score (each map weighted by the mean gradient of the score over it). Integrated gradients: each pixel's share of the score's rise from a black image to the input, along the straight path; the shares add up to that rise."
	minIGSteps         = 1
	maxIGSteps         = 1024
)

// attributionPage is the Attribution page of the What features see tab: for the input
// inspected and a class, the Grad-CAM map at a chosen convolution and the integrated
// gradients with their completeness check, computed off the UI goroutine.
type attributionPage struct {
	shell        *shell
	class        *widget.Select
	layer        *widget.Select
	steps        *widget.SelectEntry
	completeness *widget.Label
	gradCAM      *picture
	integrated   *picture
	content      fyne.CanvasObject
	jobs         latest

	// The fields below belong to the UI goroutine.
	layers []cnn.LayerInfo // the convolutions offered
	shown  attributionKey  // what the pictures shown are of
}

// attributionKey identifies the attributions shown: their input and class, the layer of
// Grad-CAM and the steps of integrated gradients.
type attributionKey struct {
	inputKey
	layer string
	steps int
}

func newAttributionPage(sh *shell) *attributionPage {
	p := &attributionPage{
		shell:        sh,
		steps:        widget.NewSelectEntry([]string{"32", "64", "128", "256"}),
		completeness: widget.NewLabel(""),
		gradCAM:      newPicture(sh.do, fyne.NewSize(200, 230), tr.T(noAttributionInput)),
		integrated:   newPicture(sh.do, fyne.NewSize(200, 230), ""),
		jobs:         latest{do: sh.do},
	}
	p.class = widget.NewSelect(classChoices(), func(string) { p.Refresh() })
	p.class.Selected = tr.T(predictedChoice)
	p.layer = newChoice(func(string) { p.Refresh() })
	p.steps.SetText(strconv.Itoa(explain.DefaultIGSteps))
	p.steps.Validator = func(text string) error { _, err := parseIGSteps(text); return err }
	p.steps.OnChanged = func(string) { p.Refresh() }
	p.completeness.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(tr.T(attributionNote))
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	controls := container.NewHBox(caption(tr.T("Class")), p.class, caption(tr.T("Grad-CAM at")), p.layer, caption(tr.T("Steps")), withWidth(110, p.steps))
	p.content = container.NewBorder(container.NewVBox(controls, p.completeness), note, nil, nil,
		container.NewGridWithColumns(2, p.gradCAM, p.integrated))
	return p
}

// classChoices are the choices of a class selector: the predicted class, then every class.
func classChoices() []string {
	choices := []string{tr.T(predictedChoice)}
	for c := range cnn.Classes {
		choices = append(choices, strconv.Itoa(c))
	}
	return choices
}

// chosenClass returns the class a class selector names: a class, or explain.Predicted.
func chosenClass(sel *widget.Select) int {
	if c, err := strconv.Atoi(sel.Selected); err == nil {
		return c
	}
	return explain.Predicted
}

// parseIGSteps reads the number of steps of integrated gradients.
func parseIGSteps(text string) (int, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < minIGSteps || n > maxIGSteps {
		return 0, tr.Errorf("steps: a whole number from %d to %d", minIGSteps, maxIGSteps)
	}
	return n, nil
}

// offer makes the layer selector offer the convolutions of net, the last one selected at
// first.
func (p *attributionPage) offer(net *cnn.Network) {
	convs := net.LayersOf(cnn.Convolution)
	if slices.Equal(convs, p.layers) {
		return
	}
	p.layers = convs
	offer(p.layer, layerNames(convs), len(convs)-1)
}

// Refresh shows the attributions of the input inspected with the current network and
// settings, computing them off the UI goroutine unless they are shown already.
func (p *attributionPage) Refresh() {
	in, s := p.shell.inspected, p.shell.snapshot()
	if s != nil {
		p.offer(s.Net)
	}
	steps, err := parseIGSteps(p.steps.Text)
	if in.X == nil || s == nil || err != nil {
		p.shown = attributionKey{}
		p.gradCAM.Clear(tr.T(noAttributionInput))
		p.integrated.Clear("")
		p.completeness.SetText("")
		return
	}
	key := attributionKey{inputKey{version: s.Version, input: in, class: chosenClass(p.class)}, p.layer.Selected, steps}
	if key.same(p.shown.inputKey) && key.layer == p.shown.layer && key.steps == p.shown.steps {
		return
	}
	p.shown = key
	var layer *cnn.LayerInfo
	for i := range p.layers {
		if p.layers[i].Name == key.layer {
			layer = &p.layers[i]
		}
	}
	p.jobs.Submit(func(j job) {
		var cam *explain.CAM
		var err error
		if layer != nil {
			cam, err = explain.GradCAM(s.Net, in.X, *layer, key.class)
		}
		ig, igErr := explain.IntegrateGradients(s.Net, in.X, key.class, key.steps)
		j.Show(func() { p.show(in.X, cam, ig, err, igErr) })
	})
}

// show shows the Grad-CAM map cam (nil for a network without a convolution) and the
// integrated gradients ig of the input x, or the errors that stopped them.
func (p *attributionPage) show(x []float32, cam *explain.CAM, ig *explain.IntegratedGradients, camErr, igErr error) {
	switch {
	case camErr != nil:
		p.gradCAM.Clear(camErr.Error())
	case cam == nil:
		p.gradCAM.Clear(tr.T("This network has no convolution: Grad-CAM weighs the maps of one."))
	default:
		p.gradCAM.SetView(views.GradCAMView(x, cam))
	}
	if igErr != nil {
		p.integrated.Clear(igErr.Error())
		p.completeness.SetText("")
		return
	}
	p.integrated.SetView(views.IntegratedGradientsView(x, ig))
	p.completeness.SetText(tr.F("Completeness: the attributions sum to %.3f; the score rises by %.3f from black to the input (%.2f%% apart, %d steps).",
		ig.Sum, ig.LogitDifference, 100*ig.CompletenessError(), ig.Steps))
}

// ExportView returns the Grad-CAM map shown, if any.
func (p *attributionPage) ExportView() (views.View, bool) { return p.gradCAM.View() }
