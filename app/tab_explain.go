package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn/explain"
	"convscope/views"
	"convscope/viz"
)

// Texts of the What features see tab.
const (
	notSearchedMessage = "Search the 10,000 test images for the patches each channel responds to most."
	pickChannelMessage = "Search the test set, then pick a channel, or click one in the grid."
	noSaliencyInput    = "Draw a digit on the Draw tab or pick a test image on Feature maps to see its saliency."
	projectionNote     = "Left: the input and where the channel's strongest unit looks in it, projected back to " +
		"pixels by the deconvnet of Zeiler & Fergus and by guided backpropagation (sharper, as it also keeps to the " +
		"units that were active). Right: the channel's strongest test patches and their projections. Red: ink " +
		"there excites the channel; blue: ink there inhibits it."
	saliencyNote = "The gradient of the class's score with respect to every pixel: red where more ink would raise " +
		"the score, blue where it would lower it."
	noEvolutionYet    = "Train the model: its conv1 filters and conv2 maps are recorded at steps 0, 1, 2, 5, 10, 20, 50, … and at the run's last step, and shown here."
	noEvolutionOpened = "This model's file keeps no record of how it learnt (an older ConvScope saved it). Train on to record its evolution from here."
)

// predictedChoice is the class selector's choice of the predicted digit.
const predictedChoice = "predicted digit"

// explainTab is the What features see tab, the views of Zeiler & Fergus: the strongest
// test patches of every conv1 or conv2 channel (searched on a goroutine, with progress
// and Cancel), the chosen channel's patches with their deconvnet and guided-backprop
// projections, the saliency of the current input, and the evolution of the features
// recorded while training, scrubbed with a slider.
type explainTab struct {
	shell       *shell
	item        *container.TabItem
	layer       *widget.RadioGroup
	channel     *widget.Select
	search      *widget.Button
	cancel      *widget.Button
	progress    *widget.ProgressBar
	status      *widget.Label
	grid        *picture
	projection  *picture
	class       *widget.Select
	saliency    *picture
	frame       *widget.Slider
	frameStep   *widget.Label
	strip       *picture
	filters     *picture
	exportStrip *widget.Button
	projections latest
	saliencies  latest

	// The fields below belong to the UI goroutine.
	selected  map[string]int     // the channel chosen in each layer
	stop      context.CancelFunc // cancels the search going on, or nil
	searches  int                // counts searches, to drop the ends of replaced ones
	cancelled int                // the number of the search Cancel stopped
	// offered[layer] is 1 + the model generation for which a search of the layer was
	// started unasked: each model's layer is searched once without a click, so that
	// Cancel sticks.
	offered   map[string]int
	shownTop  *explain.Top    // the search whose grid is shown
	projected projectionKey   // what the projection shown is of
	frames    []explain.Frame // the evolution shown
	framesOf  int             // the model generation whose evolution is shown
}

// projectionKey identifies a channel's projections: the search, the channel and the input.
type projectionKey struct {
	top     *explain.Top
	channel int
	input   []float32
}

func newExplainTab(sh *shell) *explainTab {
	t := &explainTab{
		shell:      sh,
		progress:   widget.NewProgressBar(),
		status:     widget.NewLabel(""),
		grid:       newPicture(sh.do, fyne.NewSize(360, 300), notSearchedMessage),
		projection: newPicture(sh.do, fyne.NewSize(300, 240), pickChannelMessage),
		saliency:   newPicture(sh.do, fyne.NewSize(240, 260), noSaliencyInput),
		frameStep:  widget.NewLabel(""),
		strip:      newPicture(sh.do, fyne.NewSize(200, 200), noEvolutionYet),
		filters:    newPicture(sh.do, fyne.NewSize(120, 100), ""),
		selected:   map[string]int{},
		offered:    map[string]int{},
	}
	t.status.Wrapping = fyne.TextWrapWord
	t.layer = widget.NewRadioGroup(explainLayers, func(string) { t.layerChanged() })
	t.layer.Horizontal = true
	t.layer.Required = true
	t.layer.Selected = "conv2"
	t.channel = widget.NewSelect(nil, func(text string) {
		if c, err := strconv.Atoi(text); err == nil {
			t.choose(c)
		}
	})
	t.search = widget.NewButtonWithIcon("Search the test set", theme.SearchIcon(), t.Search)
	t.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), t.Cancel)
	t.cancel.Disable()
	t.grid.OnTapped = t.tapped

	t.class = widget.NewSelect(append([]string{predictedChoice}, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), func(string) { t.showSaliency() })
	t.class.Selected = predictedChoice

	t.frame = widget.NewSlider(0, 1)
	t.frame.Step = 1
	t.frame.OnChanged = func(float64) { t.showFrame() }
	t.frame.Disable()
	t.exportStrip = widget.NewButtonWithIcon("Export strip…", theme.DocumentSaveIcon(), t.exportEvolution)
	t.exportStrip.Disable()

	controls := container.NewHBox(caption("Layer"), t.layer, widget.NewSeparator(), caption("Channel"), t.channel,
		widget.NewSeparator(), t.search, t.cancel)
	top := container.NewVBox(controls, container.NewBorder(nil, nil, nil, nil, t.progress), t.status, widget.NewSeparator())

	note := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	channelPage := container.NewBorder(nil, note(projectionNote), nil, nil, t.projection)
	saliencyPage := container.NewBorder(container.NewHBox(caption("Class"), t.class), note(saliencyNote), nil, nil, t.saliency)
	// The strip is taller than wide (two sections of eight rows): beside the frame's
	// filters rather than above them, it gets the page's whole height.
	frameViews := container.NewHSplit(t.strip, t.filters)
	frameViews.Offset = 0.6
	evolutionPage := container.NewBorder(
		container.NewBorder(nil, nil, caption("Step"), container.NewHBox(t.frameStep, t.exportStrip), t.frame), nil, nil, nil,
		frameViews)
	pages := container.NewAppTabs(
		container.NewTabItem("Chosen channel", channelPage),
		container.NewTabItem("Saliency", saliencyPage),
		container.NewTabItem("Feature evolution", evolutionPage))
	split := container.NewHSplit(t.grid, pages)
	split.Offset = 0.5
	t.item = container.NewTabItemWithIcon("What features see", theme.VisibilityIcon(), container.NewBorder(top, nil, nil, nil, split))
	t.layerChanged()
	return t
}

func (t *explainTab) Item() *container.TabItem { return t.item }

// layerName returns the layer shown.
func (t *explainTab) layerName() string { return t.layer.Selected }

// layerChanged fills the channel selector for the layer and shows its search, if any.
func (t *explainTab) layerChanged() {
	count := 32
	if t.layerName() == "conv2" {
		count = 64
	}
	options := make([]string, count)
	for c := range options {
		options[c] = strconv.Itoa(c)
	}
	t.channel.Options = options
	t.channel.Selected = strconv.Itoa(t.selected[t.layerName()])
	t.channel.Refresh()
	t.shownTop = nil
	t.Refresh()
}

// Refresh shows the session's latest search of the layer, the saliency of the current
// input and the evolution recorded so far, and starts a search if the layer has none and
// none was started for this model yet.
func (t *explainTab) Refresh() {
	layer := t.layerName()
	ts, ok := t.shell.session.Top(layer)
	generation, _ := t.shell.session.ModelVersion()
	switch {
	case ok:
		t.showTop(ts)
	case t.stop == nil && t.offered[layer] != generation+1 && t.shell.session.TestSet() != nil:
		t.offered[layer] = generation + 1
		t.Search()
	default:
		t.shownTop = nil
		t.grid.Clear(notSearchedMessage)
		t.projection.Clear(pickChannelMessage)
	}
	t.showSaliency()
	t.showEvolution()
}

// Search starts searching the test set for the strongest patches of the layer's
// channels, cancelling a search going on.
func (t *explainTab) Search() {
	if t.stop != nil {
		t.stop()
	}
	ctx, stop := context.WithCancel(context.Background())
	t.stop = stop
	t.searches++
	id, layer := t.searches, t.layerName()
	t.cancel.Enable()
	t.progress.SetValue(0)
	t.status.SetText(fmt.Sprintf("Searching the 10,000 test images for the patches each %s channel responds to most…", layer))
	start := time.Now()
	go func() {
		defer stop()
		ts, generation, err := t.shell.session.searchTop(ctx, layer, func(done, total int) {
			t.shell.do(func() {
				if id == t.searches {
					t.progress.SetValue(float64(done) / float64(total))
				}
			})
		})
		end := searchEnd{id: id, search: ts, generation: generation, took: time.Since(start), err: err}
		t.shell.do(func() { t.searched(end) })
	}()
}

// Cancel stops the search going on: its result is dropped even if it has just finished.
func (t *explainTab) Cancel() {
	if t.stop != nil {
		t.stop()
		t.cancelled = t.searches
	}
}

// searchEnd is how search number id ended: with the search found, of the model of
// generation, after took, or with err.
type searchEnd struct {
	id         int
	search     topSearch
	generation int
	took       time.Duration
	err        error
}

// searched ends a search, keeping what it found unless it was cancelled or a newer
// search replaced it.
func (t *explainTab) searched(end searchEnd) {
	if end.id != t.searches {
		return
	}
	err := end.err
	if err == nil && t.cancelled == end.id {
		err = context.Canceled
	}
	if err == nil {
		t.shell.session.KeepTop(end.generation, end.search)
		t.shell.log.Printf("top patches layer=%s step=%d seconds=%.2f", end.search.Top.Field.Layer, end.search.Step, end.took.Seconds())
	}
	t.stop = nil
	t.cancel.Disable()
	switch {
	case errors.Is(err, context.Canceled):
		t.progress.SetValue(0)
		t.status.SetText("Search cancelled. Press Search the test set to search again.")
	case err != nil:
		t.status.SetText("The search failed: " + err.Error())
	default:
		t.Refresh()
	}
}

// showTop shows the search ts of the layer: its grid, and the chosen channel's
// projections, and says whether the model has trained since.
func (t *explainTab) showTop(ts topSearch) {
	_, step := t.shell.session.ModelVersion()
	text := fmt.Sprintf("The strongest of the 10,000 test patches for each %s channel, searched at step %s. "+
		"Pick a channel, or click one.", ts.Top.Field.Layer, formatCount(ts.Step))
	if step != ts.Step && t.stop == nil {
		text = fmt.Sprintf("Searched at step %s; the model has trained to step %s since: press Search the test set "+
			"to see what its features respond to now.", formatCount(ts.Step), formatCount(step))
	}
	if t.stop == nil {
		t.status.SetText(text)
		t.progress.SetValue(1)
	}
	if ts.Top != t.shownTop {
		t.shownTop = ts.Top
		t.grid.SetView(t.gridView(ts.Top, true))
	}
	t.showProjection(ts)
}

// gridView returns the grid of the search top, with the chosen channel outlined if
// highlight is set.
func (t *explainTab) gridView(top *explain.Top, highlight bool) views.View {
	return views.TopView(top, viz.PatchGridOptions{Highlight: highlight, Selected: t.selected[top.Field.Layer]})
}

// choose makes channel c of the layer the chosen one.
func (t *explainTab) choose(c int) {
	layer := t.layerName()
	if t.selected[layer] == c && t.channel.Selected == strconv.Itoa(c) {
		return
	}
	t.selected[layer] = c
	t.channel.SetSelected(strconv.Itoa(c))
	if ts, ok := t.shell.session.Top(layer); ok {
		t.grid.SetView(t.gridView(ts.Top, true))
		t.showProjection(ts)
	}
}

// tapped chooses the channel whose tile is at p, a point of the grid at scale 1.
func (t *explainTab) tapped(p image.Point) {
	if t.shownTop == nil {
		return
	}
	if c := views.TopLayout(t.shownTop, viz.PatchGridOptions{Highlight: true, Selected: t.selected[t.shownTop.Field.Layer]}).IndexAt(p); c >= 0 {
		t.choose(c)
	}
}

// showProjection shows the chosen channel's projections for the search ts and the
// current input, computing them off the UI goroutine unless they are shown already.
func (t *explainTab) showProjection(ts topSearch) {
	key := projectionKey{top: ts.Top, channel: t.selected[ts.Top.Field.Layer], input: t.shell.session.Input().X}
	if key.top == t.projected.top && key.channel == t.projected.channel && slices.Equal(key.input, t.projected.input) {
		return
	}
	t.projected = key
	test := t.shell.session.TestSet()
	t.projections.Submit(func() {
		cp, err := explain.ProjectChannel(ts.Net, test, ts.Top, key.input, key.channel)
		t.shell.do(func() {
			if err != nil {
				t.projection.Clear(err.Error())
				return
			}
			t.projection.SetView(views.ProjectionView(cp))
		})
	})
}

// saliencyClass returns the class the saliency is of: a digit, or explain.Predicted.
func (t *explainTab) saliencyClass() int {
	if c, err := strconv.Atoi(t.class.Selected); err == nil {
		return c
	}
	return explain.Predicted
}

// showSaliency shows the saliency of the current input for the chosen class.
func (t *explainTab) showSaliency() {
	in := t.shell.session.Input()
	if in.X == nil {
		t.saliency.Clear(noSaliencyInput)
		return
	}
	class := t.saliencyClass()
	t.saliencies.Submit(func() {
		sal, err := explain.ClassSaliency(t.shell.session.Network(), in.X, class)
		t.shell.do(func() {
			if err != nil {
				t.saliency.Clear(err.Error())
				return
			}
			t.saliency.SetView(views.SaliencyView(in.X, sal))
		})
	})
}

// showEvolution shows the frames recorded so far, keeping the slider at the last frame if
// it was there.
func (t *explainTab) showEvolution() {
	frames := t.shell.session.Evolution()
	generation, _ := t.shell.session.ModelVersion()
	if len(frames) == len(t.frames) && generation == t.framesOf {
		return
	}
	atEnd := int(t.frame.Value) >= len(t.frames)-1 || generation != t.framesOf
	t.frames, t.framesOf = frames, generation
	if len(frames) == 0 {
		t.frame.Disable()
		t.exportStrip.Disable()
		t.frameStep.SetText("")
		t.filters.Clear("")
		if st := t.shell.session.Status(); st.HasModel && st.Step > 0 {
			t.strip.Clear(noEvolutionOpened)
		} else {
			t.strip.Clear(noEvolutionYet)
		}
		return
	}
	t.exportStrip.Enable()
	t.frame.Max = float64(max(1, len(frames)-1))
	if len(frames) > 1 {
		t.frame.Enable()
	}
	if atEnd || int(t.frame.Value) >= len(frames) {
		t.frame.Value = float64(len(frames) - 1)
	}
	t.frame.Refresh()
	t.showFrame()
}

// showFrame shows the strip with the slider's frame outlined, and that frame's filters.
func (t *explainTab) showFrame() {
	if len(t.frames) == 0 {
		return
	}
	k := min(int(t.frame.Value), len(t.frames)-1)
	f := t.frames[k]
	t.frameStep.SetText(fmt.Sprintf("step %s (%d of %d)", formatCount(f.Step), k+1, len(t.frames)))
	t.strip.SetView(views.EvolutionView(t.frames, evolutionFilters, evolutionMaps, viz.EvolutionOptions{Highlight: true, Selected: k}))
	t.filters.SetView(views.FrameFiltersView(f))
}

// exportEvolution asks where to write the evolution strip and writes it.
func (t *explainTab) exportEvolution() {
	if len(t.frames) == 0 {
		return
	}
	v := views.EvolutionView(t.frames, evolutionFilters, evolutionMaps, viz.EvolutionOptions{})
	t.shell.exportViewAs(v, func(path string) { t.status.SetText("Exported the evolution strip to " + path + ".") })
}

// ExportView returns the layer's grid of strongest patches, without the outline.
func (t *explainTab) ExportView() (views.View, bool) {
	ts, ok := t.shell.session.Top(t.layerName())
	if !ok {
		return views.View{}, false
	}
	return t.gridView(ts.Top, false), true
}
