package app

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
	"convscope/viz"
)

// Gallery geometry: at most galleryLimit images of a cell, galleryTile units square.
const (
	galleryLimit = 60
	galleryTile  = 56
)

// Messages of the Test set tab, in English: tr.T translates them where they are shown.
const (
	noEvaluationMessage = "No evaluation yet: press Evaluate, or train; it runs when training pauses or finishes."
	pickCellMessage     = "Click a cell of the matrix to see its test images."
)

// testSetTab is the Test set tab: the confusion matrix of the latest evaluation, and a
// gallery of the test images of the cell clicked; clicking an image opens it in the
// Feature maps tab.
type testSetTab struct {
	shell        *shell
	item         *container.TabItem
	evaluate     *widget.Button
	summary      *widget.Label
	matrix       *picture
	galleryTitle *widget.Label
	gallery      *fyne.Container

	// OnOpenImage is called with a test image's index when the user clicks it.
	OnOpenImage func(i int)
	// OnEvaluate is called when the user asks for an evaluation.
	OnEvaluate func()
	// Evaluation returns the latest evaluation of the model, or nil, and Evaluating
	// whether one is going on.
	Evaluation func() *evaluation
	Evaluating func() bool

	ev *evaluation // the evaluation shown, or nil
}

func newTestSetTab(sh *shell) *testSetTab {
	t := &testSetTab{
		shell:        sh,
		summary:      widget.NewLabel(""),
		matrix:       newPicture(sh.do, fyne.NewSize(300, 300), tr.T(noEvaluationMessage)),
		galleryTitle: caption(tr.T(pickCellMessage)),
		gallery:      container.NewGridWrap(fyne.NewSquareSize(galleryTile)),
	}
	t.evaluate = widget.NewButtonWithIcon(tr.T("Evaluate"), theme.MediaPlayIcon(), t.Evaluate)
	t.Evaluation = func() *evaluation { return nil }
	t.Evaluating = func() bool { return false }
	t.summary.Truncation = fyne.TextTruncateEllipsis
	t.galleryTitle.Wrapping = fyne.TextWrapWord
	t.matrix.OnTapped = t.tapped
	gallery := container.NewBorder(t.galleryTitle, nil, nil, nil, container.NewVScroll(t.gallery))
	split := container.NewHSplit(t.matrix, gallery)
	split.Offset = 0.55
	t.item = container.NewTabItemWithIcon(tr.T("Test set"), theme.ListIcon(), container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, t.evaluate, nil, t.summary), widget.NewSeparator()),
		nil, nil, nil, split))
	return t
}

func (t *testSetTab) Item() *container.TabItem { return t.item }

// Evaluate asks for the test set to be classified with the current model.
func (t *testSetTab) Evaluate() {
	if t.OnEvaluate != nil {
		t.OnEvaluate()
	}
	t.Refresh()
}

// Refresh shows the latest evaluation, or says that one is on its way, and whether the
// model has changed since it was made.
func (t *testSetTab) Refresh() {
	data, _ := t.shell.data.Data()
	evaluating := t.Evaluating()
	setEnabled(t.evaluate, data != nil && !evaluating)
	ev := t.Evaluation()
	switch {
	case evaluating:
		t.summary.SetText(tr.T("Evaluating the 10,000 test images…"))
	case data == nil:
		t.summary.SetText(tr.T("The test set is not loaded."))
	case ev == nil:
		t.summary.SetText("")
	default:
		text := tr.F("%s correct of %s test images, by the model of step %s.",
			formatCount(ev.Correct), formatCount(ev.Total), formatCount(ev.Step))
		if s := t.shell.snapshot(); s != nil && s.Version != ev.Version {
			text = tr.F("%s The model has changed since: press Evaluate to see it now.", text)
		}
		t.summary.SetText(text)
	}
	if ev == t.ev {
		return
	}
	t.ev = ev
	t.gallery.RemoveAll()
	t.galleryTitle.SetText(tr.T(pickCellMessage))
	if ev == nil {
		t.matrix.Clear(tr.T(noEvaluationMessage))
		return
	}
	t.matrix.SetView(views.ConfusionView(ev.Evaluation, t.shell.classes()))
}

// layout returns the geometry of the confusion matrix as drawn, at scale 1. It panics if
// there is no evaluation.
func (t *testSetTab) layout() viz.Grid {
	return viz.ConfusionLayout(cnn.Classes, views.ConfusionOptions(t.ev.Evaluation, t.shell.classes()))
}

// tapped shows the gallery of the cell at p, a point of the matrix at scale 1.
func (t *testSetTab) tapped(p image.Point) {
	if t.ev == nil {
		return
	}
	truth, predicted := t.layout().CellAt(p)
	if truth >= 0 {
		t.ShowCell(truth, predicted)
	}
}

// ShowCell fills the gallery with the first test images of digit truth that the
// evaluation shown predicted as predicted.
func (t *testSetTab) ShowCell(truth, predicted int) {
	test := t.shell.test()
	if t.ev == nil || test == nil {
		return
	}
	indices, total := t.ev.examples(test.Labels, truth, predicted, galleryLimit)
	what := tr.F("%s classified as %s", plural(t.shell.classes(), truth), t.shell.classes().Class(predicted))
	switch {
	case total == 0:
		t.galleryTitle.SetText(tr.F("No %s.", what))
	case total > len(indices):
		t.galleryTitle.SetText(tr.F("%s %s: the first %d. Click one to see its feature maps.", formatCount(total), what, len(indices)))
	default:
		t.galleryTitle.SetText(tr.F("%s %s. Click one to see its feature maps.", formatCount(total), what))
	}
	t.gallery.RemoveAll()
	for _, i := range indices {
		pic := newPicture(t.shell.do, fyne.NewSquareSize(galleryTile), "")
		pic.OnTapped = func(image.Point) {
			if t.OnOpenImage != nil {
				t.OnOpenImage(i)
			}
		}
		x := test.Image(i)
		pic.SetView(views.View{Render: func(s int) image.Image {
			return viz.InputPreview(views.Input(x), viz.InputOptions{Scale: s, Size: galleryTile})
		}})
		t.gallery.Add(pic)
	}
	t.gallery.Refresh()
}

// plural names the images of class c of d: "fours" for MNIST's digits, "images of
// Sneaker" for other data sets' classes.
func plural(d mnist.Dataset, c int) string {
	if d.Name == mnist.MNIST.Name {
		return [...]string{tr.T("zeros"), tr.T("ones"), tr.T("twos"), tr.T("threes"), tr.T("fours"),
			tr.T("fives"), tr.T("sixes"), tr.T("sevens"), tr.T("eights"), tr.T("nines")}[c]
	}
	return tr.F("images of %s", d.Class(c))
}

// ExportView returns the confusion matrix.
func (t *testSetTab) ExportView() (views.View, bool) { return t.matrix.View() }
