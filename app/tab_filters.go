package app

import (
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/views"
	"convscope/viz"
)

// The choices of the Filters tab's layer selector.
const (
	conv1Choice = "conv1: 32 filters"
	conv2Choice = "conv2: 64 × 32 kernels"
)

// filtersTab is the Filters tab: conv1's filters, or on request conv2's kernels, updating
// live as they learn; a click on one shows it enlarged with its 5×5 weights.
type filtersTab struct {
	shell       *shell
	item        *container.TabItem
	layer       *widget.RadioGroup
	conv1       *picture
	conv2       *picture
	conv2Scroll *container.Scroll
	detailTitle *widget.Label
	detail      *picture
	weights     [][]*widget.Label // the selected kernel's weights, row by row
	nets        latest

	net      *cnn.Network // the network shown
	selected kernel       // the kernel shown enlarged; layer "" for none
}

// kernel identifies one 2-D kernel of a convolution layer: from input channel In to
// output channel Out.
type kernel struct {
	Layer   string
	Out, In int
}

// filterSize is the side of the reference network's convolution kernels.
const filterSize = 5

func newFiltersTab(sh *shell) *filtersTab {
	t := &filtersTab{
		shell:       sh,
		conv1:       newPicture(sh.do, fyne.NewSize(240, 160), "Loading the network…"),
		conv2:       newNaturalPicture(sh.do, "Loading the network…"),
		detailTitle: widget.NewLabelWithStyle("Click a filter to see its weights", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		detail:      newPicture(sh.do, fyne.NewSquareSize(200), ""),
	}
	t.detailTitle.Wrapping = fyne.TextWrapWord
	t.conv1.OnTapped = func(p image.Point) { t.tapped("conv1", p) }
	t.conv2.OnTapped = func(p image.Point) { t.tapped("conv2", p) }
	t.conv2Scroll = container.NewScroll(t.conv2)
	t.conv2.OnSized = t.conv2Scroll.Refresh
	t.layer = widget.NewRadioGroup([]string{conv1Choice, conv2Choice}, func(string) { t.showLayer() })
	t.layer.Horizontal = true
	t.layer.Required = true
	t.layer.Selected = conv1Choice

	grid := container.NewGridWithColumns(filterSize)
	for range filterSize {
		row := make([]*widget.Label, filterSize)
		for x := range row {
			row[x] = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
			row[x].SizeName = theme.SizeNameCaptionText
			grid.Add(row[x])
		}
		t.weights = append(t.weights, row)
	}
	side := container.NewVBox(t.detailTitle, t.detail, grid)
	t.conv2Scroll.Hide()
	t.item = container.NewTabItemWithIcon("Filters", theme.GridIcon(), container.NewBorder(
		container.NewVBox(t.layer, widget.NewSeparator()), nil, nil,
		container.NewHBox(widget.NewSeparator(), withWidth(260, side)),
		container.NewStack(t.conv1, t.conv2Scroll)))
	return t
}

func (t *filtersTab) Item() *container.TabItem { return t.item }

// layerName returns the layer the selector shows: conv1 or conv2.
func (t *filtersTab) layerName() string {
	if t.layer.Selected == conv2Choice {
		return "conv2"
	}
	return "conv1"
}

// Refresh shows the session's current network.
func (t *filtersTab) Refresh() {
	t.nets.Submit(func() {
		net := t.shell.session.Network()
		t.shell.do(func() {
			t.net = net
			t.showLayer()
		})
	})
}

// showLayer shows the selected layer's filters and the selected kernel.
func (t *filtersTab) showLayer() {
	if t.net == nil {
		return
	}
	name := t.layerName()
	pic := t.conv1
	if name == "conv2" {
		pic = t.conv2
		t.conv1.Hide()
		t.conv2Scroll.Show()
	} else {
		t.conv2Scroll.Hide()
		t.conv1.Show()
	}
	f := t.filters(name)
	pic.SetView(views.FilterView(name, f, t.options(name, f)))
	t.showKernel()
}

// filters returns the weights of the named layer of the network shown.
func (t *filtersTab) filters(layer string) viz.Filters {
	f, err := views.Filters(t.net, layer)
	if err != nil {
		panic("app: the reference network has no " + layer)
	}
	return f
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

// layout returns the geometry of layer's grid as drawn, at scale 1.
func (t *filtersTab) layout(layer string) viz.Grid {
	f := t.filters(layer)
	return viz.FilterGridLayout(f, t.options(layer, f))
}

// tapped selects the kernel of layer at p, a point of its grid at scale 1.
func (t *filtersTab) tapped(layer string, p image.Point) {
	f := t.filters(layer)
	i := t.layout(layer).IndexAt(p)
	if i < 0 {
		return
	}
	t.selected = kernel{Layer: layer, Out: i, In: 0}
	if f.In > 1 {
		t.selected = kernel{Layer: layer, Out: i / f.In, In: i % f.In}
	}
	t.showLayer()
}

// showKernel shows the selected kernel enlarged, with its weights.
func (t *filtersTab) showKernel() {
	k := t.selected
	if k.Layer == "" {
		return
	}
	f := t.filters(k.Layer)
	w := kernelWeights(f, k.Out, k.In)
	if f.In == 1 {
		t.detailTitle.SetText(fmt.Sprintf("%s filter %d", k.Layer, k.Out))
	} else {
		t.detailTitle.SetText(fmt.Sprintf("%s kernel from input channel %d to output channel %d", k.Layer, k.In, k.Out))
	}
	for y, row := range t.weights {
		for x, l := range row {
			l.SetText(formatWeight(w[y*f.KW+x]))
		}
	}
	single := viz.Filters{KH: f.KH, KW: f.KW, In: 1, Out: 1, Data: w}
	t.detail.SetView(views.View{Render: func(s int) image.Image {
		return viz.FilterGrid(single, viz.FilterGridOptions{Scale: s, TileSize: 160, HideLabels: true})
	}})
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
	if t.net == nil {
		return views.View{}, false
	}
	name := t.layerName()
	f := t.filters(name)
	return views.FilterView(name, f, viz.FilterGridOptions{}), true
}
