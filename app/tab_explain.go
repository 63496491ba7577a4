package app

import (
	"context"
	"image"
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
	"convscope/viz"
)

// Texts of the What features see tab, in English, each one literal: tr.T translates them
// where they are shown.
const (
	notSearchedMessage = "Search the 10,000 test images for the patches each channel responds to most."
	pickChannelMessage = "Search the test set, then pick a channel, or click one in the grid."
	noSaliencyInput    = "Draw a digit on the Draw tab or pick a test image on Feature maps to see its saliency."
	projectionNote     = "Left: the input and where the channel's strongest unit looks in it, projected back to pixels by the deconvnet of Zeiler & Fergus and by guided backpropagation (sharper, as it also keeps to the units that were active). Right: the channel's strongest test patches and their projections. Red: ink there excites the channel; blue: ink there inhibits it."
	saliencyNote       = "The gradient of the class's score with respect to every pixel: red where more ink would raise the score, blue where it would lower it."
	noEvolutionYet     = "Train the model: the filters of its first convolution and the maps of its last are recorded at steps 0, 1, 2, 5, 10, 20, 50, … and at the run's last step, and shown here."
	noEvolutionOpened  = "This model's file keeps no record of how it learnt (an older ConvScope saved it). Train on to record its evolution from here."
)

// predictedChoice is the class selector's choice of the predicted digit, in English:
// classChoices and the selectors show tr.T(predictedChoice).
const predictedChoice = "predicted digit"

// explainTab is the What features see tab, the views of Zeiler & Fergus: the strongest
// test patches of every channel of a convolution (searched on a goroutine, with progress
// and Cancel), the chosen channel's patches with their deconvnet and guided-backprop
// projections, the saliency of the input inspected, and the evolution of the features
// recorded while training, scrubbed with a slider. The searches of the model belong to the
// tab; each remembers the snapshot it searched.
type explainTab struct {
	shell       *shell
	item        *container.TabItem
	layer       *widget.Select
	channel     *widget.Select
	search      *widget.Button
	status      *widget.Label
	grid        *picture
	projection  *picture
	class       *widget.Select
	smooth      *widget.Check
	saliency    *picture
	frame       *widget.Slider
	frameStep   *widget.Label
	strip       *picture
	filters     *picture
	exportStrip *widget.Button
	searches    *background // the search going on
	projections latest
	saliencies  latest
	synthesis   *synthesisPage
	attribution *attributionPage
	pages       *container.AppTabs

	// The fields below belong to the UI goroutine.
	convs    []cnn.LayerInfo      // the network's convolutions, the layers offered
	tops     map[string]topSearch // the latest search of each layer of this model
	selected map[string]int       // the channel chosen in each layer
	// offered holds the layers searched unasked for this model: each is searched once
	// without a click, so that Cancel sticks.
	offered   map[string]bool
	shownTop  *explain.Top    // the search whose grid is shown
	projected projectionKey   // what the projection shown is of
	salient   saliencyKey     // what the saliency shown is of
	frames    []explain.Frame // the evolution shown
}

// topSearch is a finished search for the strongest test patches of a layer, and the
// snapshot searched.
type topSearch struct {
	Top     *explain.Top
	Version uint64 // the snapshot's: the search is up to date while it is current
	Step    int
}

// projectionKey identifies a channel's projections: the search, the channel and the input.
type projectionKey struct {
	top     *explain.Top
	channel int
	input   input
}

// inputKey identifies what a picture of one input is of: the snapshot, the input and the
// class.
type inputKey struct {
	version uint64
	input   input
	class   int
}

// same reports whether k and o are of the same snapshot, input and class.
func (k inputKey) same(o inputKey) bool {
	return k.version == o.version && k.class == o.class && sameInput(k.input, o.input)
}

// saliencyKey identifies a saliency map: its input and class, and whether it is
// SmoothGrad's.
type saliencyKey struct {
	inputKey
	smooth bool
}

func newExplainTab(sh *shell) *explainTab {
	t := &explainTab{
		shell:       sh,
		status:      widget.NewLabel(""),
		grid:        newPicture(sh.do, fyne.NewSize(360, 300), tr.T(notSearchedMessage)),
		projection:  newPicture(sh.do, fyne.NewSize(300, 240), tr.T(pickChannelMessage)),
		saliency:    newPicture(sh.do, fyne.NewSize(240, 260), tr.T(noSaliencyInput)),
		frameStep:   widget.NewLabel(""),
		strip:       newPicture(sh.do, fyne.NewSize(200, 200), tr.T(noEvolutionYet)),
		filters:     newPicture(sh.do, fyne.NewSize(120, 100), ""),
		projections: latest{do: sh.do},
		saliencies:  latest{do: sh.do},
		synthesis:   newSynthesisPage(sh),
		attribution: newAttributionPage(sh),
		tops:        map[string]topSearch{},
		selected:    map[string]int{},
		offered:     map[string]bool{},
	}
	t.searches = newBackground(sh.do, t.Cancel)
	t.status.Wrapping = fyne.TextWrapWord
	t.layer = widget.NewSelect(nil, func(string) { t.layerChanged() })
	t.channel = widget.NewSelect(nil, func(text string) {
		if c, err := strconv.Atoi(text); err == nil {
			t.choose(c)
		}
	})
	t.search = widget.NewButtonWithIcon(tr.T("Search the test set"), theme.SearchIcon(), t.Search)
	t.grid.OnTapped = t.tapped

	t.class = widget.NewSelect(classChoices(), func(string) { t.showSaliency() })
	t.class.Selected = tr.T(predictedChoice)
	t.smooth = widget.NewCheck(tr.T("SmoothGrad (the mean over noisy copies)"), func(bool) { t.showSaliency() })

	t.frame = widget.NewSlider(0, 1)
	t.frame.Step = 1
	t.frame.OnChanged = func(float64) { t.showFrame() }
	t.frame.Disable()
	t.exportStrip = widget.NewButtonWithIcon(tr.T("Export strip…"), theme.DocumentSaveIcon(), t.exportEvolution)
	t.exportStrip.Disable()

	controls := container.NewHBox(caption(tr.T("Layer")), t.layer, widget.NewSeparator(), caption(tr.T("Channel")), t.channel,
		widget.NewSeparator(), t.search, t.searches.cancel)
	top := container.NewVBox(controls, container.NewBorder(nil, nil, nil, nil, t.searches.progress), t.status, widget.NewSeparator())

	note := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	channelPage := container.NewBorder(nil, note(tr.T(projectionNote)), nil, nil, t.projection)
	saliencyPage := container.NewBorder(container.NewHBox(caption(tr.T("Class")), t.class, t.smooth), note(tr.T(saliencyNote)), nil, nil, t.saliency)
	// The strip is taller than wide (two sections of eight rows): beside the frame's
	// filters rather than above them, it gets the page's whole height.
	frameViews := container.NewHSplit(t.strip, t.filters)
	frameViews.Offset = 0.6
	evolutionPage := container.NewBorder(
		container.NewBorder(nil, nil, caption(tr.T("Step")), container.NewHBox(t.frameStep, t.exportStrip), t.frame), nil, nil, nil,
		frameViews)
	t.pages = container.NewAppTabs(
		container.NewTabItem(tr.T("Chosen channel"), channelPage),
		container.NewTabItem(tr.T("Saliency"), saliencyPage),
		container.NewTabItem(tr.T("Attribution"), t.attribution.content),
		container.NewTabItem(tr.T("Synthesis"), t.synthesis.content),
		container.NewTabItem(tr.T("Feature evolution"), evolutionPage))
	t.pages.OnSelected = func(*container.TabItem) { t.refreshAttribution() }
	split := container.NewHSplit(t.grid, t.pages)
	split.Offset = 0.5
	t.item = container.NewTabItemWithIcon(tr.T("What features see"), theme.VisibilityIcon(), container.NewBorder(top, nil, nil, nil, split))
	return t
}

func (t *explainTab) Item() *container.TabItem { return t.item }

// chosen returns the convolution the selector shows, or false before the network is
// known.
func (t *explainTab) chosen() (cnn.LayerInfo, bool) {
	for _, info := range t.convs {
		if info.Name == t.layer.Selected {
			return info, true
		}
	}
	return cnn.LayerInfo{}, false
}

// offerLayers makes the selector offer the convolutions of net, the last one selected
// at first: its channels respond to the largest parts of the input.
func (t *explainTab) offerLayers(net *cnn.Network) {
	convs := net.LayersOf(cnn.Convolution)
	if slices.Equal(convs, t.convs) {
		return
	}
	t.convs = convs
	offer(t.layer, layerNames(convs), len(convs)-1)
	t.layerChanged()
}

// layerChanged fills the channel selector for the layer and shows its search, if any.
func (t *explainTab) layerChanged() {
	info, ok := t.chosen()
	if !ok {
		return
	}
	options := make([]string, info.Out.C)
	for c := range options {
		options[c] = strconv.Itoa(c)
	}
	t.channel.Options = options
	t.channel.Selected = strconv.Itoa(t.selected[info.Name])
	t.channel.Refresh()
	t.shownTop = nil
	t.Refresh()
}

// Refresh shows the tab's latest search of the layer, the saliency of the input inspected
// and the evolution recorded so far, and starts a search if the layer has none and none
// was started for this model yet.
func (t *explainTab) Refresh() {
	s := t.shell.snapshot()
	if s == nil {
		return
	}
	t.offerLayers(s.Net)
	layer := t.layer.Selected
	ts, ok := t.tops[layer]
	switch {
	case ok:
		t.showTop(ts, s)
	case !t.searches.Running() && !t.offered[layer] && t.shell.test() != nil:
		t.offered[layer] = true
		t.Search()
	default:
		t.shownTop = nil
		t.grid.Clear(tr.T(notSearchedMessage))
		t.projection.Clear(tr.T(pickChannelMessage))
	}
	t.showSaliency()
	t.refreshAttribution()
	t.synthesis.Refresh()
	t.showEvolution(s)
}

// refreshAttribution brings the Attribution page up to date if it is the page shown: its
// integrated gradients are too costly to redo for every snapshot while it is hidden.
func (t *explainTab) refreshAttribution() {
	if item := t.pages.Selected(); item != nil && item.Content == t.attribution.content {
		t.attribution.Refresh()
	}
}

// Search starts searching the test set for the strongest patches of the layer's
// channels with the current network, cancelling a search going on.
func (t *explainTab) Search() {
	s, test := t.shell.snapshot(), t.shell.test()
	if s == nil || test == nil {
		t.status.SetText(tr.T("The search needs the MNIST test set: it is not loaded yet."))
		return
	}
	layer := t.layer.Selected
	t.status.SetText(tr.F("Searching the %s test images for the patches each %s channel responds to most…", formatCount(test.Len()), layer))
	start := time.Now()
	t.searches.Start(func(ctx context.Context, j job, progress func(done, total int)) {
		top, err := explain.TopPatches(ctx, s.Net, test, layer, explain.TopOptions{Workers: s.Config.Workers, Progress: progress})
		j.Show(func() { t.searched(topSearch{Top: top, Version: s.Version, Step: s.Step}, time.Since(start), err) })
	})
}

// Cancel stops the search going on: its result is dropped even if it has just finished.
func (t *explainTab) Cancel() {
	if t.searches.Cancel() {
		t.status.SetText(tr.T("Search cancelled. Press Search the test set to search again."))
	}
}

// Forget drops the searches of the model, kept or going on: a new model has come, and
// its layers are searched unasked again.
func (t *explainTab) Forget() {
	t.searches.Cancel()
	clear(t.tops)
	clear(t.offered)
	t.synthesis.Forget()
	t.shownTop, t.projected = nil, projectionKey{}
	t.status.SetText("")
}

// searched ends the search that found ts after took, or failed with err.
func (t *explainTab) searched(ts topSearch, took time.Duration, err error) {
	t.searches.Ended()
	if err != nil {
		t.status.SetText(tr.F("The search failed: %v", err))
		return
	}
	t.tops[ts.Top.Field.Layer] = ts
	t.shell.log.Printf("top patches layer=%s step=%d seconds=%.2f", ts.Top.Field.Layer, ts.Step, took.Seconds())
	t.Refresh()
}

// Tops returns the searches of this model, in the network's order.
func (t *explainTab) Tops() []*explain.Top {
	var tops []*explain.Top
	for _, info := range t.convs {
		if ts, ok := t.tops[info.Name]; ok {
			tops = append(tops, ts.Top)
		}
	}
	return tops
}

// showTop shows the search ts of the layer: its grid, and the chosen channel's
// projections, and says whether the model s is still the one searched.
func (t *explainTab) showTop(ts topSearch, s *cnn.Snapshot) {
	text := tr.F("The strongest of the test patches for each %s channel, searched at step %s. Pick a channel, or click one.",
		ts.Top.Field.Layer, formatCount(ts.Step))
	if ts.Version != s.Version {
		text = tr.F("Searched at step %s; the model has changed since (it is at step %s): press Search the test set to see what its features respond to now.",
			formatCount(ts.Step), formatCount(s.Step))
	}
	if !t.searches.Running() {
		t.status.SetText(text)
		t.searches.progress.SetValue(1)
	}
	if ts.Top != t.shownTop {
		t.shownTop = ts.Top
		t.grid.SetView(t.gridView(ts.Top, true))
	}
	t.showProjection(ts.Top)
}

// gridView returns the grid of the search top, with the chosen channel outlined if
// highlight is set.
func (t *explainTab) gridView(top *explain.Top, highlight bool) views.View {
	return views.TopView(top, viz.PatchGridOptions{Highlight: highlight, Selected: t.selected[top.Field.Layer]})
}

// choose makes channel c of the layer the chosen one.
func (t *explainTab) choose(c int) {
	layer := t.layer.Selected
	if t.selected[layer] == c && t.channel.Selected == strconv.Itoa(c) {
		return
	}
	t.selected[layer] = c
	t.channel.SetSelected(strconv.Itoa(c))
	if ts, ok := t.tops[layer]; ok {
		t.grid.SetView(t.gridView(ts.Top, true))
		t.showProjection(ts.Top)
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

// showProjection shows the chosen channel's projections for the search top and the input
// inspected, computing them off the UI goroutine unless they are shown already.
func (t *explainTab) showProjection(top *explain.Top) {
	key := projectionKey{top: top, channel: t.selected[top.Field.Layer], input: t.shell.inspected}
	if key.top == t.projected.top && key.channel == t.projected.channel && sameInput(key.input, t.projected.input) {
		return
	}
	t.projected = key
	test := t.shell.test()
	t.projections.Submit(func(j job) {
		cp, err := explain.ProjectChannel(test, top, key.input.X, key.channel)
		j.Show(func() {
			if err != nil {
				t.projection.Clear(err.Error())
				return
			}
			t.projection.SetView(views.ProjectionView(cp))
		})
	})
}

// showSaliency shows the saliency of the input inspected for the chosen class, unless it
// is shown.
func (t *explainTab) showSaliency() {
	in, s := t.shell.inspected, t.shell.snapshot()
	if in.X == nil || s == nil {
		t.salient = saliencyKey{}
		t.saliency.Clear(tr.T(noSaliencyInput))
		return
	}
	key := saliencyKey{inputKey{version: s.Version, input: in, class: chosenClass(t.class)}, t.smooth.Checked}
	if key.same(t.salient.inputKey) && key.smooth == t.salient.smooth {
		return
	}
	t.salient = key
	t.saliencies.Submit(func(j job) {
		saliency := explain.ClassSaliency
		if key.smooth {
			saliency = func(net *cnn.Network, x []float32, class int) (*explain.Saliency, error) {
				return explain.SmoothGrad(net, x, class, explain.SmoothGradOptions{})
			}
		}
		sal, err := saliency(s.Net, in.X, key.class)
		j.Show(func() {
			if err != nil {
				t.saliency.Clear(err.Error())
				return
			}
			t.saliency.SetView(views.SaliencyView(in.X, sal))
		})
	})
}

// showEvolution shows the frames s recorded, keeping the slider at the last frame if it
// was there.
func (t *explainTab) showEvolution(s *cnn.Snapshot) {
	frames := s.Evolution.Frames
	if sameFrames(frames, t.frames) {
		return
	}
	atEnd := int(t.frame.Value) >= len(t.frames)-1 || len(t.frames) == 0 || len(frames) == 0 || !sameFrames(frames[:1], t.frames[:1])
	t.frames = frames
	if len(frames) == 0 {
		t.frame.Disable()
		t.exportStrip.Disable()
		t.frameStep.SetText("")
		t.filters.Clear("")
		if s.Step > 0 {
			t.strip.Clear(tr.T(noEvolutionOpened))
		} else {
			t.strip.Clear(tr.T(noEvolutionYet))
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

// sameFrames reports whether a and b are the same frames of one recording: frames are
// never changed, so frames of the same steps sharing their filters are the same.
func sameFrames(a, b []explain.Frame) bool {
	return slices.EqualFunc(a, b, func(f, g explain.Frame) bool {
		return f.Step == g.Step && len(f.Filters) == len(g.Filters) && (len(f.Filters) == 0 || &f.Filters[0] == &g.Filters[0])
	})
}

// showFrame shows the strip with the slider's frame outlined, and that frame's filters.
func (t *explainTab) showFrame() {
	if len(t.frames) == 0 {
		return
	}
	k := min(int(t.frame.Value), len(t.frames)-1)
	f := t.frames[k]
	t.frameStep.SetText(tr.F("step %s (%d of %d)", formatCount(f.Step), k+1, len(t.frames)))
	t.strip.SetView(views.EvolutionView(t.frames, views.EvolutionRows, views.EvolutionRows, viz.EvolutionOptions{Highlight: true, Selected: k}))
	t.filters.SetView(views.FrameFiltersView(f))
}

// exportEvolution asks where to write the evolution strip and writes it.
func (t *explainTab) exportEvolution() {
	if len(t.frames) == 0 {
		return
	}
	v := views.EvolutionView(t.frames, views.EvolutionRows, views.EvolutionRows, viz.EvolutionOptions{})
	t.shell.exportViewAs(v, func(path string) { t.status.SetText(tr.F("Exported the evolution strip to %s.", path)) })
}

// ExportView returns the picture of the page shown, if it is the Synthesis or Attribution
// page, else the layer's grid of strongest patches, without the outline.
func (t *explainTab) ExportView() (views.View, bool) {
	switch t.pages.Selected().Content {
	case t.synthesis.content:
		return t.synthesis.ExportView()
	case t.attribution.content:
		return t.attribution.ExportView()
	}
	ts, ok := t.tops[t.layer.Selected]
	if !ok {
		return views.View{}, false
	}
	return t.gridView(ts.Top, false), true
}
