package app

import (
	"fmt"
	"image"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/internal/tr"
	"convscope/views"
	"convscope/viz"
)

// filtersTab is the Filters tab: the filters of one of the network's convolutions (the
// first, or another chosen in the selector), updating live as they learn, or their initial
// values W0, or what training changed, W − W0; a click on one shows it enlarged with its
// weights. A first layer's few single-channel filters fit the tab; a deeper layer's
// kernels, one per pair of channels, are drawn at their own size in a scroll container.
type filtersTab struct {
	shell       *shell
	item        *container.TabItem
	layer       *widget.Select
	which       *widget.RadioGroup // W, W0 or W − W0
	fitted      *picture
	natural     *picture
	scroll      *container.Scroll
	detailTitle *widget.Label
	detail      *picture
	weights     *fyne.Container // the selected kernel's weights, row by row

	// The fields below belong to the UI goroutine.
	snap     *cnn.Snapshot        // the snapshot shown, or nil
	convs    []cnn.LayerInfo      // its convolutions, the selector's choices in order
	selected kernel               // the kernel shown enlarged; layer "" for none
	w0       map[string][]float32 // the initial weights of snap's run, if known
	w0Of     cnn.Config           // the settings w0 was rebuilt from, when snap keeps none
}

// kernel identifies one 2-D kernel of a convolution layer: from input channel In to
// output channel Out.
type kernel struct {
	Layer   string
	Out, In int
}

func newFiltersTab(sh *shell) *filtersTab {
	t := &filtersTab{
		shell:       sh,
		fitted:      newPicture(sh.do, fyne.NewSize(240, 160), tr.T("Loading the network…")),
		natural:     newNaturalPicture(sh.do, tr.T("Loading the network…")),
		detailTitle: widget.NewLabelWithStyle(tr.T("Click a filter to see its weights"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		detail:      newPicture(sh.do, fyne.NewSquareSize(200), ""),
		weights:     container.NewGridWithColumns(1),
	}
	t.detailTitle.Wrapping = fyne.TextWrapWord
	t.fitted.OnTapped = t.tapped
	t.natural.OnTapped = t.tapped
	t.scroll = container.NewScroll(t.natural)
	t.natural.OnSized = t.scroll.Refresh
	t.layer = newChoice(func(string) { t.showLayer() })
	names := make([]string, len(views.AllWeights))
	for i, w := range views.AllWeights {
		names[i] = w.String()
	}
	t.which = widget.NewRadioGroup(names, func(string) { t.showLayer() })
	t.which.Horizontal, t.which.Required, t.which.Selected = true, true, views.Current.String()

	side := container.NewVBox(t.detailTitle, t.detail, t.weights)
	t.scroll.Hide()
	t.item = container.NewTabItemWithIcon(tr.T("Filters"), theme.GridIcon(), container.NewBorder(
		container.NewVBox(container.NewHBox(caption(tr.T("Layer")), t.layer, widget.NewSeparator(), caption(tr.T("Show")), t.which), widget.NewSeparator()), nil, nil,
		container.NewHBox(widget.NewSeparator(), withWidth(260, side)),
		container.NewStack(t.fitted, t.scroll)))
	return t
}

func (t *filtersTab) Item() *container.TabItem { return t.item }

// layerChoice returns the selector's text for convolution c: "conv1: 32 filters" for
// single-channel filters, "conv2: 64 × 32 kernels" for the others.
func layerChoice(info cnn.LayerInfo, c *cnn.Conv2D) string {
	if c.In == 1 {
		return tr.F("%s: %d filters", info.Name, c.Out)
	}
	return tr.F("%s: %d × %d kernels", info.Name, c.Out, c.In)
}

// Refresh shows the session's current network, unless it is shown.
func (t *filtersTab) Refresh() {
	s := t.shell.snapshot()
	if s == nil || t.snap != nil && s.Version == t.snap.Version {
		return
	}
	t.snap = s
	t.keepInitialWeights(s)
	convs := s.Net.LayersOf(cnn.Convolution)
	if !slices.Equal(convs, t.convs) {
		t.convs = convs
		choices := make([]string, len(convs))
		for i, info := range convs {
			choices[i] = layerChoice(info, s.Net.Conv(info))
		}
		offer(t.layer, choices, 0)
	}
	t.showLayer()
}

// chosen returns the convolution the selector shows, or false if the network has none.
func (t *filtersTab) chosen() (cnn.LayerInfo, bool) {
	i := slices.Index(t.layer.Options, t.layer.Selected)
	if t.snap == nil || i < 0 || i >= len(t.convs) {
		return cnn.LayerInfo{}, false
	}
	return t.convs[i], true
}

// keepInitialWeights keeps the initial weights of s's run: those it recorded, or those
// rebuilt from its settings, once per settings.
func (t *filtersTab) keepInitialWeights(s *cnn.Snapshot) {
	switch {
	case len(s.Recording.W0) > 0:
		t.w0, t.w0Of = s.Recording.W0, cnn.Config{}
	case t.w0 == nil || t.w0Of != s.Config:
		t.w0, _ = views.InitialWeights(s)
		t.w0Of = s.Config
	}
}

// shown returns which weights the tab shows.
func (t *filtersTab) shown() views.Weights {
	for _, w := range views.AllWeights {
		if w.String() == t.which.Selected {
			return w
		}
	}
	return views.Current
}

// filtersOf returns the weights shown of the convolution named layer in the network
// shown, or an error if they are not known.
func (t *filtersTab) filtersOf(layer string) (viz.Filters, error) {
	for _, info := range t.convs {
		if info.Name == layer {
			return views.FiltersOf(t.snap.Net, info, t.shown(), t.w0)
		}
	}
	return viz.Filters{}, tr.Errorf("the network has no convolution %s", layer)
}

// showLayer shows the selected layer's filters and the selected kernel.
func (t *filtersTab) showLayer() {
	info, ok := t.chosen()
	if !ok {
		return
	}
	f, err := t.filtersOf(info.Name)
	if err != nil {
		t.scroll.Hide()
		t.fitted.Show()
		t.fitted.Clear(err.Error())
		return
	}
	pic := t.pictureFor(f)
	if pic == t.natural {
		t.fitted.Hide()
		t.scroll.Show()
	} else {
		t.scroll.Hide()
		t.fitted.Show()
	}
	pic.SetView(t.view(info.Name, f, t.options(info.Name, f)))
	t.showKernel()
}

// view returns the picture of layer's filters f as the tab shows them: W, W0 or W − W0.
func (t *filtersTab) view(layer string, f viz.Filters, o viz.FilterGridOptions) views.View {
	switch t.shown() {
	case views.Initial:
		o.Title = tr.F("%s at step 0 (W0)", views.FilterTitle(layer, f))
		v := views.FilterView(layer, f, o)
		v.File = "filters_w0_" + layer + ".png"
		return v
	case views.ChangeW0:
		o.Title = ""
		return views.FilterChangeView(layer, f, o)
	}
	return views.FilterView(layer, f, o)
}

// pictureFor returns the picture that shows filters f: the fitted one for single-channel
// filters, the natural one, in its scroll container, for the others.
func (t *filtersTab) pictureFor(f viz.Filters) *picture {
	if f.In == 1 {
		return t.fitted
	}
	return t.natural
}

// options returns how layer's filters f are drawn: with the selected kernel outlined.
func (t *filtersTab) options(layer string, f viz.Filters) viz.FilterGridOptions {
	o := viz.FilterGridOptions{Title: views.FilterTitle(layer, f)}
	if t.selected.Layer == layer {
		o.Highlight, o.Selected = true, t.selected.Out*f.In+t.selected.In
		if f.In == 1 {
			o.Selected = t.selected.Out
		}
	}
	return o
}

// tapped selects the kernel at p, a point of the shown layer's grid at scale 1.
func (t *filtersTab) tapped(p image.Point) {
	info, ok := t.chosen()
	if !ok {
		return
	}
	f, err := t.filtersOf(info.Name)
	if err != nil {
		return
	}
	i := viz.FilterGridLayout(f, t.options(info.Name, f)).IndexAt(p)
	if i < 0 {
		return
	}
	t.selected = kernel{Layer: info.Name, Out: i, In: 0}
	if f.In > 1 {
		t.selected = kernel{Layer: info.Name, Out: i / f.In, In: i % f.In}
	}
	t.showLayer()
}

// showKernel shows the selected kernel enlarged, with its weights.
func (t *filtersTab) showKernel() {
	k := t.selected
	f, err := t.filtersOf(k.Layer)
	if err != nil || k.Out >= f.Out || k.In >= f.In {
		return
	}
	w := kernelWeights(f, k.Out, k.In)
	if f.In == 1 {
		t.detailTitle.SetText(tr.F("%s filter %d", k.Layer, k.Out))
	} else {
		t.detailTitle.SetText(tr.F("%s kernel from input channel %d to output channel %d", k.Layer, k.In, k.Out))
	}
	t.showWeights(w, f.KW)
	single := viz.Filters{KH: f.KH, KW: f.KW, In: 1, Out: 1, Data: w}
	t.detail.SetView(views.View{Render: func(s int) image.Image {
		return viz.FilterGrid(single, viz.FilterGridOptions{Scale: s, TileSize: 160, HideLabels: true})
	}})
}

// showWeights shows the weights w of a kernel with cols columns as a table.
func (t *filtersTab) showWeights(w []float32, cols int) {
	labels := t.weights.Objects
	if len(labels) != len(w) {
		labels = make([]fyne.CanvasObject, len(w))
		for i := range labels {
			l := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
			l.SizeName = theme.SizeNameCaptionText
			labels[i] = l
		}
		t.weights.Layout = layout.NewGridLayoutWithColumns(cols)
		t.weights.Objects = labels
	}
	for i, l := range labels {
		l.(*widget.Label).SetText(formatWeight(w[i]))
	}
	t.weights.Refresh()
}

// formatWeight formats a weight for the table of a kernel's weights: +0.123.
func formatWeight(w float32) string { return fmt.Sprintf("%+.3f", w) }

// kernelWeights returns the KH×KW weights from input channel in to output channel out of
// f, row-major.
func kernelWeights(f viz.Filters, out, in int) []float32 {
	w := make([]float32, f.KH*f.KW)
	for y := range f.KH {
		for x := range f.KW {
			w[y*f.KW+x] = f.Data[((y*f.KW+x)*f.In+in)*f.Out+out]
		}
	}
	return w
}

// ExportView returns the layer's filters as shown, without the selection's outline.
func (t *filtersTab) ExportView() (views.View, bool) {
	info, ok := t.chosen()
	if !ok {
		return views.View{}, false
	}
	f, err := t.filtersOf(info.Name)
	if err != nil {
		return views.View{}, false
	}
	return t.view(info.Name, f, viz.FilterGridOptions{}), true
}
