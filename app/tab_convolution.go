package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
)

// playInterval is the time between two positions while the step view plays.
const playInterval = 700 * time.Millisecond

// Texts of the Convolution tab, in English: tr.T translates them where they are shown.
const (
	// Each text is one literal, the key of its translation.
	convolutionIntro = "A 6×6 image, bright (10) on the left and dark (0) on the right, convolved with a 3×3 kernel. At each position the kernel's weights multiply the values under it and the products add up to one output: the edge comes out as a bright band. The horizontal-edge kernel is the vertical one transposed; the transposed input is bright on top and dark below: which kernel sees which edge?"
	validNote        = "The network pads with zeros (SAME) so that its maps keep their size: tick SAME padding to see the 6×6 output."
	sameNote         = "SAME padding adds a ring of zeros so that the output keeps the input's 6×6 size, as the network's maps do. Where bright cells meet the zeros at the border, the kernel sees a false edge (±20 or ±30)."
	noEdgesInput     = "Draw a digit on the Draw tab or pick a test image on Feature maps; until then this shows test image 0 once the data is loaded."
	noInputChosen    = "No input chosen, so this is test image 0: draw a digit or pick a test image on Feature maps to change it."
)

// convolutionTab is the Convolution tab: the classic 6×6 example stepped through
// position by position, and the hand-made kernels applied to the current input beside
// the filters of the network's first convolution most like them, updating live while
// training.
type convolutionTab struct {
	shell      *shell
	item       *container.TabItem
	step       *picture
	slider     *widget.Slider
	prev, next *widget.Button
	play       *widget.Button
	position   *widget.Label
	horizontal *widget.Check
	transposed *widget.Check
	same       *widget.Check
	note       *widget.Label
	about      *widget.Label
	edges      *picture
	jobs       latest

	// The fields below belong to the UI goroutine.
	pos     int         // the window shown, row-major in the output
	playing bool        // Play is on
	timer   *time.Timer // the next tick while playing
	shown   uint64      // the version of the snapshot the edges are compared with
	shownOn input       // the input they are compared on
}

func newConvolutionTab(sh *shell) *convolutionTab {
	t := &convolutionTab{
		shell:      sh,
		step:       newPicture(sh.do, fyne.NewSize(240, 140), ""),
		slider:     widget.NewSlider(0, 1),
		position:   widget.NewLabel(""),
		horizontal: widget.NewCheck(tr.T("Horizontal-edge kernel"), nil),
		transposed: widget.NewCheck(tr.T("Transposed input"), nil),
		same:       widget.NewCheck(tr.T("SAME padding"), nil),
		note:       widget.NewLabel(tr.T(validNote)),
		about:      widget.NewLabel(tr.T(noEdgesInput)),
		edges:      newPicture(sh.do, fyne.NewSize(240, 240), tr.T("Loading the network…")),
		jobs:       latest{do: sh.do},
	}
	t.prev = widget.NewButtonWithIcon(tr.T("Previous"), theme.NavigateBackIcon(), func() { t.stopPlaying(); t.show(t.pos - 1) })
	t.next = widget.NewButtonWithIcon(tr.T("Next"), theme.NavigateNextIcon(), func() { t.stopPlaying(); t.show(t.pos + 1) })
	t.play = widget.NewButtonWithIcon(tr.T("Play"), theme.MediaPlayIcon(), t.togglePlay)
	t.slider.Step = 1
	t.slider.OnChanged = func(v float64) {
		if int(v) != t.pos {
			t.show(int(v))
		}
	}
	for _, c := range []*widget.Check{t.horizontal, t.transposed, t.same} {
		c.OnChanged = func(bool) { t.show(t.pos) }
	}
	intro := widget.NewLabel(tr.T(convolutionIntro))
	for _, l := range []*widget.Label{intro, t.note, t.about} {
		l.Wrapping = fyne.TextWrapWord
	}
	t.note.SizeName = theme.SizeNameCaptionText
	t.about.SizeName = theme.SizeNameCaptionText

	controls := container.NewVBox(
		container.NewHBox(t.prev, t.play, t.next, t.position), t.slider)
	toggles := container.NewVBox(t.horizontal, t.transposed, t.same)
	left := container.NewBorder(
		container.NewVBox(caption(tr.T("Convolution, step by step")), intro, toggles),
		container.NewVBox(controls, t.note), nil, nil, t.step)
	right := container.NewBorder(
		container.NewVBox(caption(tr.T("Edge detectors: hand-made and learned")), t.about), nil, nil, nil, t.edges)
	split := container.NewHSplit(left, right)
	split.Offset = 0.45
	t.item = container.NewTabItemWithIcon(tr.T("Convolution"), theme.ViewRestoreIcon(), split)
	t.show(0)
	return t
}

func (t *convolutionTab) Item() *container.TabItem { return t.item }

// kernel returns the kernel the step view slides: the vertical or horizontal edge.
func (t *convolutionTab) kernel() explain.Kernel {
	if t.horizontal.Checked {
		return explain.HorizontalEdge()
	}
	return explain.VerticalEdge()
}

// example returns the step view's input: the classic example or its transpose.
func (t *convolutionTab) example() explain.Plane {
	if t.transposed.Checked {
		return explain.EdgeExample().Transpose()
	}
	return explain.EdgeExample()
}

// padding returns the step view's padding.
func (t *convolutionTab) padding() explain.Padding {
	if t.same.Checked {
		return explain.Same
	}
	return explain.Valid
}

// positions returns the number of windows of the step view: its output's size.
func (t *convolutionTab) positions() int {
	in, k := t.example(), t.kernel()
	side := in.H + 2*t.padding().Border(k.Size) - k.Size + 1
	return side * side
}

// show shows window pos of the step view, clamped to the positions there are, and
// updates the controls.
func (t *convolutionTab) show(pos int) {
	n := t.positions()
	t.pos = max(0, min(pos, n-1))
	t.slider.Max = float64(n - 1)
	t.slider.SetValue(float64(t.pos))
	t.position.SetText(tr.F("%d of %d", t.pos+1, n))
	setEnabled(t.prev, t.pos > 0)
	setEnabled(t.next, t.pos < n-1)
	if t.same.Checked {
		t.note.SetText(tr.T(sameNote))
	} else {
		t.note.SetText(tr.T(validNote))
	}
	t.step.SetView(t.StepView())
}

// togglePlay starts playing the steps, from the start if at the end, or pauses.
func (t *convolutionTab) togglePlay() {
	if t.playing {
		t.stopPlaying()
		return
	}
	if t.pos >= t.positions()-1 {
		t.show(0)
	}
	t.playing = true
	t.play.SetText(tr.T("Pause"))
	t.play.SetIcon(theme.MediaPauseIcon())
	t.schedule()
}

// schedule asks for the next tick of play in playInterval.
func (t *convolutionTab) schedule() {
	t.timer = time.AfterFunc(playInterval, func() { t.shell.do(t.tick) })
}

// tick advances play by one position, and stops at the last.
func (t *convolutionTab) tick() {
	if !t.playing {
		return
	}
	t.show(t.pos + 1)
	if t.pos >= t.positions()-1 {
		t.stopPlaying()
		return
	}
	t.schedule()
}

// stopPlaying pauses play, if it is on. The window calls it when the tab is hidden.
func (t *convolutionTab) stopPlaying() {
	if !t.playing {
		return
	}
	t.playing = false
	if t.timer != nil {
		t.timer.Stop()
	}
	t.play.SetText(tr.T("Play"))
	t.play.SetIcon(theme.MediaPlayIcon())
}

// Refresh compares the hand-made kernels with the filters of the current network's first
// convolution on the input inspected, or test image 0 if there is none (see
// shell.edgesInput), unless they are shown compared so.
func (t *convolutionTab) Refresh() {
	chosen, in, s := t.shell.inspected.X != nil, t.shell.edgesInput(), t.shell.snapshot()
	var about string
	switch {
	case in.X == nil || s == nil:
		t.about.SetText(tr.T(noEdgesInput))
		t.edges.Clear(tr.T("Waiting for the MNIST data…"))
		return
	case s.Version == t.shown && sameInput(in, t.shownOn):
		return
	case !chosen:
		about = tr.T(noInputChosen) + "\n"
	case in.Index >= 0:
		about = tr.F("On test image %d. ", in.Index)
	default:
		about = tr.T("On your drawing. ")
	}
	t.shown, t.shownOn = s.Version, in
	t.jobs.Submit(func(j job) {
		v, ranked, err := views.EdgesView(s.Net, in.X, s.Net.Trace(in.X))
		j.Show(func() {
			if err != nil {
				t.edges.Clear(err.Error())
				return
			}
			t.about.SetText(about + edgesAbout(ranked))
			t.edges.SetView(v)
		})
	})
}

// edgesAbout names the best match of the vertical and horizontal edges and what the
// similarity means.
func edgesAbout(ranked []explain.KernelMatches) string {
	var best []string
	for _, r := range ranked[:min(2, len(ranked))] {
		m := r.Filters[0]
		best = append(best, tr.F("%s: filter %d (%s)", tr.T(r.Kernel.Name), m.Filter, formatSimilarity(m.Similarity)))
	}
	if len(best) == 2 {
		return tr.F("Most like the %s, %s. Similarity runs from −1 to 1; a negative one detects the opposite contrast.", best[0], best[1])
	}
	return tr.F("Most like the %s. Similarity runs from −1 to 1; a negative one detects the opposite contrast.", strings.Join(best, ", "))
}

// formatSimilarity formats a cosine similarity with its sign: +0.93, −0.41.
func formatSimilarity(s float64) string {
	return strings.Replace(fmt.Sprintf("%+.2f", s), "-", "−", 1)
}

// StepView returns the step view as shown (convolution.png).
func (t *convolutionTab) StepView() views.View {
	return views.ConvolutionStepView(t.example(), t.kernel(), t.padding(), t.pos)
}

// ExportView returns the comparison of the edge detectors, or the step view until the
// comparison is drawn.
func (t *convolutionTab) ExportView() (views.View, bool) {
	if v, ok := t.edges.View(); ok {
		return v, true
	}
	return t.step.View()
}
