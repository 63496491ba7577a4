package app

import (
	"image"
	"math/rand/v2"
	"strconv"
	"strings"

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

// Messages of the Feature maps tab.
const (
	noInputMessage = "Draw a digit on the Draw tab, or pick a test image."
	pickMapMessage = "Click a map to enlarge it."
)

// denseMapMessage says how the units of a dense layer with n units are drawn.
func denseMapMessage(layer string, n int) string {
	return tr.F("%s has no maps: its %d units are drawn as one picture.", layer, n)
}

// featuresTab is the Feature maps tab: the current input (the drawing, or a test image
// chosen by number, at random, or as the next misclassified one) traced through the
// network, one layer's maps at a time; a click on a map enlarges it.
type featuresTab struct {
	shell  *shell
	item   *container.TabItem
	layer  *widget.Select
	perMap *widget.Check
	index  *widget.Entry
	about  *widget.Label
	input  *picture
	grid   *picture
	detail *picture
	traces latest

	// Drawing returns the input made of the drawing, or false if the pad is empty.
	Drawing func() ([]float32, bool)
	// Evaluation returns the latest evaluation of the model, or nil; Evaluate starts one
	// unless one is going on, and reports whether one is going on.
	Evaluation func() *evaluation
	Evaluate   func() bool

	// The fields below belong to the UI goroutine.
	in             input      // the input shown
	trace          *cnn.Trace // its trace, or nil
	shown          uint64     // the version of the snapshot that traced it
	selected       int        // the enlarged map's channel, or -1
	awaitingWrongs bool       // an evaluation was started to find misclassified images
}

func newFeaturesTab(sh *shell) *featuresTab {
	t := &featuresTab{
		shell:    sh,
		perMap:   widget.NewCheck(tr.T("Scale per map"), nil),
		index:    widget.NewEntry(),
		about:    widget.NewLabel(""),
		input:    newPicture(sh.do, fyne.NewSquareSize(112), ""),
		grid:     newPicture(sh.do, fyne.NewSize(240, 200), tr.T(noInputMessage)),
		detail:   newPicture(sh.do, fyne.NewSize(200, 220), tr.T(pickMapMessage)),
		selected: -1,
		traces:   latest{do: sh.do},
	}
	t.layer = newChoice(func(string) {
		t.selected = -1
		t.showLayer()
	})
	t.perMap.OnChanged = func(bool) { t.showLayer() }
	t.grid.OnTapped = t.tapped
	t.about.Wrapping = fyne.TextWrapWord

	t.index.SetPlaceHolder(tr.T("Test image #"))
	t.index.Validator = func(text string) error {
		_, err := parseTestIndex(text)
		return err
	}
	t.index.OnSubmitted = func(string) { t.showTyped() }
	sources := container.NewHBox(
		widget.NewButtonWithIcon(tr.T("My drawing"), theme.DocumentCreateIcon(), t.showDrawing),
		widget.NewButtonWithIcon(tr.T("Random test image"), theme.ViewRefreshIcon(), t.showRandom),
		widget.NewButtonWithIcon(tr.T("Next misclassified"), theme.MediaSkipNextIcon(), t.ShowNextMisclassified),
	)
	layers := container.NewHBox(caption(tr.T("Layer")), t.layer, widget.NewSeparator(), t.perMap)
	pick := container.NewBorder(nil, nil, nil, widget.NewButton(tr.T("Show"), t.showTyped), t.index)
	side := withWidth(220, container.NewBorder(
		container.NewVBox(t.input, t.about, pick, widget.NewSeparator()), nil, nil, nil, t.detail))
	t.item = container.NewTabItemWithIcon(tr.T("Feature maps"), theme.ViewFullScreenIcon(), container.NewBorder(
		container.NewVBox(sources, layers, widget.NewSeparator()), nil,
		container.NewHBox(side, widget.NewSeparator()), nil, t.grid))
	return t
}

func (t *featuresTab) Item() *container.TabItem { return t.item }

// parseTestIndex returns the test image number in text, or an error saying what it must be.
func parseTestIndex(text string) (int, error) {
	i, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || i < 0 || i >= mnist.TestLen {
		return 0, tr.Errorf("a test image number is a whole number from 0 to %d", mnist.TestLen-1)
	}
	return i, nil
}

// Refresh traces the input inspected through the session's current network, unless it
// is shown traced by it.
func (t *featuresTab) Refresh() {
	in, s := t.shell.inspected, t.shell.snapshot()
	switch {
	case in.X == nil:
		t.trace = nil
		t.grid.Clear(tr.T(noInputMessage))
		return
	case s == nil, t.trace != nil && s.Version == t.shown && sameInput(in, t.in):
		return
	}
	t.traces.Submit(func(j job) {
		trace := s.Net.Trace(in.X)
		j.Show(func() {
			t.shown = s.Version
			t.show(in, trace, s.Net)
		})
	})
}

// sameInput reports whether a and b are the same input: the same slice, never changed.
func sameInput(a, b input) bool {
	return a.Index == b.Index && len(a.X) == len(b.X) && (len(a.X) == 0 || &a.X[0] == &b.X[0])
}

// ShowTestImage makes test image i the input and shows it.
func (t *featuresTab) ShowTestImage(i int) {
	test := t.shell.test()
	if test == nil || i < 0 || i >= test.Len() {
		return
	}
	t.index.SetText(strconv.Itoa(i))
	t.shell.inspected = input{X: test.Image(i), Index: i}
	t.Refresh()
}

func (t *featuresTab) showTyped() {
	if i, err := parseTestIndex(t.index.Text); err == nil {
		t.ShowTestImage(i)
	}
}

func (t *featuresTab) showRandom() {
	if test := t.shell.test(); test != nil {
		t.ShowTestImage(rand.IntN(test.Len()))
	}
}

func (t *featuresTab) showDrawing() {
	if x, ok := t.Drawing(); ok {
		t.shell.inspected = input{X: x, Index: -1}
		t.Refresh()
		return
	}
	t.about.SetText(tr.T("The drawing pad is empty: draw a digit on the Draw tab first."))
}

// ShowNextMisclassified shows the next test image, after the one shown, that the latest
// evaluation got wrong, evaluating the test set first if there is no evaluation.
func (t *featuresTab) ShowNextMisclassified() {
	test := t.shell.test()
	if test == nil {
		return
	}
	ev := t.Evaluation()
	if ev == nil {
		if t.Evaluate() {
			t.awaitingWrongs = true
			t.about.SetText(tr.T("Evaluating the test set to find the misclassified images…"))
		}
		return
	}
	if i := ev.nextMisclassified(test.Labels, t.in.Index); i >= 0 {
		t.ShowTestImage(i)
	} else {
		t.about.SetText(tr.T("The model classifies every test image correctly."))
	}
}

// Evaluated continues a search for misclassified images that waited for an evaluation.
func (t *featuresTab) Evaluated() {
	if t.awaitingWrongs {
		t.awaitingWrongs = false
		t.ShowNextMisclassified()
	}
}

// show shows input in and its trace through net, whose hidden layers the selector offers.
func (t *featuresTab) show(in input, trace *cnn.Trace, net *cnn.Network) {
	t.in, t.trace = in, trace
	t.offerLayers(net)
	t.input.SetView(views.InputView(in.X))
	p, classes := formatPercent(float64(trace.Probabilities[trace.Digit])), t.shell.classes()
	predicted := classes.ClassLabel(trace.Digit)
	if in.Index < 0 {
		t.about.SetText(tr.F("Your drawing\npredicted %s (%s)", predicted, p))
	} else {
		label := int(t.shell.test().Labels[in.Index])
		if label == trace.Digit {
			t.about.SetText(tr.F("Test image %d, a %s\npredicted %s (%s): correct", in.Index, classes.ClassLabel(label), predicted, p))
		} else {
			t.about.SetText(tr.F("Test image %d, a %s\npredicted %s (%s): wrong", in.Index, classes.ClassLabel(label), predicted, p))
		}
	}
	t.showLayer()
}

// offerLayers makes the selector offer the hidden layers of net, keeping the layer
// selected if net has it.
func (t *featuresTab) offerLayers(net *cnn.Network) {
	var names []string
	for _, info := range net.Hidden() {
		names = append(names, info.Name)
	}
	offer(t.layer, names, 0)
}

// activation returns the selected layer's activation in the trace shown.
func (t *featuresTab) activation() (string, cnn.Activation, bool) {
	if t.trace == nil {
		return "", cnn.Activation{}, false
	}
	name := t.layer.Selected
	a, ok := t.trace.Layer(name)
	return name, a, ok
}

// options returns how the maps of layer's activation a are drawn.
func (t *featuresTab) options(layer string, a cnn.Activation) viz.FeatureGridOptions {
	return viz.FeatureGridOptions{
		Title:     views.FeatureTitle(layer, a),
		PerMap:    t.perMap.Checked,
		Highlight: t.selected >= 0, Selected: t.selected,
	}
}

// showLayer shows the selected layer's maps and the enlarged map.
func (t *featuresTab) showLayer() {
	name, a, ok := t.activation()
	if !ok {
		return
	}
	dense := a.Shape.H == 1 && a.Shape.W == 1
	if dense {
		t.selected = -1
		t.perMap.Disable()
	} else {
		t.perMap.Enable()
	}
	t.grid.SetView(views.FeatureView(name, a, t.options(name, a)))
	switch {
	case dense:
		t.detail.Clear(denseMapMessage(name, a.Shape.C))
	case t.selected < 0:
		t.detail.Clear(tr.T(pickMapMessage))
	default:
		vol, channel, perMap := views.Volume(a), t.selected, t.perMap.Checked
		t.detail.SetView(views.View{Render: func(s int) image.Image {
			return viz.FeatureMap(vol, channel, viz.FeatureMapOptions{Scale: s, PerMap: perMap, Size: 224, Title: name})
		}})
	}
}

// layout returns the geometry of the grid of maps as drawn, at scale 1. It panics if
// there is no trace or the layer has no maps.
func (t *featuresTab) layout() viz.Grid {
	name, a, _ := t.activation()
	return viz.FeatureGridLayout(views.Volume(a), t.options(name, a))
}

// tapped enlarges the map at p, a point of the grid at scale 1.
func (t *featuresTab) tapped(p image.Point) {
	_, a, ok := t.activation()
	if !ok || a.Shape.H == 1 && a.Shape.W == 1 {
		return
	}
	if i := t.layout().IndexAt(p); i >= 0 {
		t.selected = i
		t.showLayer()
	}
}

// ExportView returns the layer's maps as shown, without the selection's outline.
func (t *featuresTab) ExportView() (views.View, bool) {
	name, a, ok := t.activation()
	if !ok {
		return views.View{}, false
	}
	o := t.options(name, a)
	o.Highlight = false
	return views.FeatureView(name, a, o), true
}
