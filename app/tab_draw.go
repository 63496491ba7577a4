package app

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

// Messages of the Draw tab while the pad is empty.
const (
	emptyInputHint = "The 28×28 picture the network gets"
	emptyBarsHint  = "The network's confidence in each class follows every stroke."
)

// drawTab is the Draw tab: the drawing pad, the 28×28 input the network makes of it,
// live probability bars that follow every stroke, the predicted digit, large, and the
// occlusion maps of the drawing, which follow the strokes as fast as they are computed, and
// Fool it, the smallest change of the input that makes the network answer otherwise.
type drawTab struct {
	shell     *shell
	item      *container.TabItem
	pad       *drawPad
	input     *picture
	bars      *picture
	digit     *canvas.Text
	verdict   *widget.Label
	what      *widget.Label // what to draw, for the data set of the network
	subject   string        // the data set's subject it names
	occlusion *occlusionPanel
	fool      *foolPanel
	traces    latest
	drawn     []float32 // the input made of the drawing, or nil while the pad is empty
	shown     uint64    // the version of the snapshot the drawing was last classified by
	// changed and finished say that the drawing changed, and that a stroke ended, since
	// its classification was last shown: the next one shown makes it the input to inspect,
	// and logs it.
	changed, finished bool

	// OnInput is called on the UI goroutine when the drawing becomes the input to inspect.
	OnInput func()
}

// drawChange says why the Draw tab classifies the drawing again.
type drawChange int

const (
	strokeGoingOn drawChange = iota // the user is drawing
	drawingDone                     // a stroke ended, or Undo or Clear changed the drawing
	modelChanged                    // the network changed; the drawing did not
)

func newDrawTab(sh *shell) *drawTab {
	t := &drawTab{
		shell:     sh,
		pad:       newDrawPad(),
		input:     newPicture(sh.do, fyne.NewSquareSize(150), tr.T(emptyInputHint)),
		bars:      newPicture(sh.do, fyne.NewSize(240, 160), tr.T(emptyBarsHint)),
		digit:     canvas.NewText("?", theme.Color(theme.ColorNamePrimary)),
		verdict:   widget.NewLabel(drawHint(mnist.MNIST)),
		what:      caption(drawWhat(mnist.MNIST)),
		occlusion: newOcclusionPanel(sh.do),
		fool:      newFoolPanel(sh),
		traces:    latest{do: sh.do},
	}
	t.digit.TextSize = 96
	t.digit.TextStyle.Bold = true
	t.digit.Alignment = fyne.TextAlignCenter
	t.verdict.Alignment = fyne.TextAlignCenter
	t.verdict.Wrapping = fyne.TextWrapWord
	t.pad.OnChanged = func(done bool) {
		if done {
			t.classify(drawingDone)
		} else {
			t.classify(strokeGoingOn)
		}
	}

	undo := widget.NewButtonWithIcon(tr.T("Undo stroke (Ctrl+Z)"), theme.ContentUndoIcon(), t.pad.Undo)
	clearPad := widget.NewButtonWithIcon(tr.T("Clear (Delete)"), theme.DeleteIcon(), t.pad.Clear)
	left := container.NewBorder(t.what, nil, nil, nil,
		container.New(squareAbove{}, t.pad, container.NewGridWithColumns(2, undo, clearPad)))

	seen := container.NewBorder(caption(tr.T("Network input")), nil, nil, nil, t.input)
	prediction := container.NewBorder(caption(tr.T("Prediction")), nil, nil, nil,
		container.NewVBox(layout.NewSpacer(), t.digit, t.verdict, layout.NewSpacer()))
	// As wide as this column, the bars are no taller than their minimum height: they sit
	// right under the input rather than in the middle of the space below it.
	classified := container.NewVBox(container.NewBorder(nil, nil, withWidth(160, seen), nil, prediction), t.bars,
		widget.NewSeparator(), t.fool.content)
	// The occlusion maps stand in a column of their own, one above the other: beside each
	// other under the bars, they would leave the bars and the maps too little height.
	split := container.NewHSplit(left, container.NewGridWithColumns(2, classified, t.occlusion.content))
	split.Offset = 0.4
	t.item = container.NewTabItemWithIcon(tr.T("Draw"), theme.DocumentCreateIcon(), split)
	return t
}

// drawHint returns what the prediction says while the pad is empty: what to draw for a
// network trained on d. The data sets' subjects are named in whole sentences, which
// translate better than a subject put into one.
func drawHint(d mnist.Dataset) string {
	switch d.Name {
	case mnist.MNIST.Name:
		return tr.T("Draw a digit in the box")
	case mnist.Fashion.Name:
		return tr.T("Draw a fashion item in the box")
	}
	return tr.F("Draw a %s in the box", d.Subject)
}

// drawWhat returns the caption above the pad: what to draw for a network trained on d.
func drawWhat(d mnist.Dataset) string {
	switch d.Name {
	case mnist.MNIST.Name:
		return tr.T("Draw a digit with the mouse")
	case mnist.Fashion.Name:
		return tr.T("Draw a fashion item with the mouse")
	}
	return tr.F("Draw a %s with the mouse", d.Subject)
}

// caption returns a bold label that names a part of a tab.
func caption(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (t *drawTab) Item() *container.TabItem { return t.item }

// Refresh classifies the drawing with the session's current network, unless it was, and
// says what to draw for the data set the network is of.
func (t *drawTab) Refresh() {
	t.fool.Refresh()
	s := t.shell.snapshot()
	if s == nil || s.Version == t.shown {
		return
	}
	if d := s.Config.Data(); t.subject != d.Subject {
		t.subject = d.Subject
		t.what.SetText(drawWhat(d))
		if t.drawn == nil {
			t.verdict.SetText(drawHint(d))
		}
	}
	t.classify(modelChanged)
}

// Undo removes the last stroke.
func (t *drawTab) Undo() { t.pad.Undo() }

// Clear empties the pad.
func (t *drawTab) Clear() { t.pad.Clear() }

// Start shows the picture x, an input of the network (mnist.Pixels values), on the pad,
// and classifies it as a drawing.
func (t *drawTab) Start(x []float32) { t.pad.Start(x) }

// classify turns the drawing into the network's input and traces it off the UI goroutine,
// the latest drawing winning, then shows the result. A drawing the user changed becomes
// the input to inspect; a finished one is logged with its prediction.
func (t *drawTab) classify(why drawChange) {
	ink, empty, s := t.pad.Ink(), t.pad.Empty(), t.shell.snapshot()
	t.changed = t.changed || why != modelChanged
	t.finished = t.finished || why == drawingDone
	if s == nil {
		return // the network is being built: Refresh comes once it is
	}
	t.shown = s.Version
	t.traces.Submit(func(j job) {
		var x [mnist.Pixels]float32
		err := mnist.ErrEmptyImage
		if !empty {
			x, err = mnist.FromImage(ink)
		}
		if errors.Is(err, mnist.ErrEmptyImage) {
			j.Show(func() {
				t.changed, t.finished = false, false
				t.showEmpty()
			})
			return
		}
		if err != nil {
			panic("app: the drawing pad's picture cannot be read: " + err.Error())
		}
		tr := s.Net.Trace(x[:])
		j.Show(func() {
			t.show(x[:], tr, s.Config.Data())
			t.occlusion.Show(x[:], s.Net)
			if t.finished {
				t.finished = false
				t.shell.log.Printf("prediction digit=%d p=%.2f", tr.Digit, tr.Probabilities[tr.Digit])
			}
			if t.changed {
				t.changed = false
				t.shell.inspected = input{X: x[:], Index: -1}
				if t.OnInput != nil {
					t.OnInput()
				}
				t.fool.Refresh()
			}
		})
	})
}

// Input returns the input made of the drawing, or false if the pad is empty.
func (t *drawTab) Input() ([]float32, bool) { return t.drawn, t.drawn != nil }

// show shows the input x made of the drawing and its trace by a network trained on d.
func (t *drawTab) show(x []float32, tr *cnn.Trace, d mnist.Dataset) {
	t.drawn = x
	t.input.SetView(views.InputView(x))
	t.bars.SetView(views.ProbabilitiesView(tr, d))
	t.setDigit(d.ClassLabel(tr.Digit), theme.Color(theme.ColorNamePrimary))
	// The probability alone: with a word after it, it wraps in the column's width.
	t.verdict.SetText(formatPercent(float64(tr.Probabilities[tr.Digit])))
}

// showEmpty shows what the tab says about an empty pad.
func (t *drawTab) showEmpty() {
	t.drawn = nil
	t.input.Clear(tr.T(emptyInputHint))
	t.bars.Clear(tr.T(emptyBarsHint))
	t.setDigit("?", theme.Color(theme.ColorNameDisabled))
	t.verdict.SetText(drawHint(t.shell.classes()))
	t.occlusion.Clear()
}

// setDigit shows the class text, large (a digit) or, for a longer name, smaller.
func (t *drawTab) setDigit(text string, c color.Color) {
	t.digit.Text, t.digit.Color = text, c
	t.digit.TextSize = 96
	if len(text) > 2 {
		t.digit.TextSize = 36
	}
	t.digit.Refresh()
}

// ExportView returns the probability bars of the drawing. The occlusion maps are written
// by Export all, with the input's other pictures.
func (t *drawTab) ExportView() (views.View, bool) { return t.bars.View() }

// OcclusionOptions returns the occlusion settings of the tab, for Export all to draw the
// maps the tab shows.
func (t *drawTab) OcclusionOptions() explain.OcclusionOptions { return t.occlusion.Options() }
