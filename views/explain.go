package views

import (
	"fmt"
	"image"
	"strconv"

	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/viz"
)

// TopSets returns the strongest patches of every channel in top as viz patch sets, one
// per channel, labelled with the channel number (shared memory).
func TopSets(top *explain.Top) []viz.PatchSet {
	sets := make([]viz.PatchSet, len(top.Channels))
	for c, patches := range top.Channels {
		sets[c] = viz.PatchSet{Label: strconv.Itoa(c), Side: top.Field.Size, Patches: make([][]float32, len(patches))}
		for i, p := range patches {
			sets[c].Patches[i] = p.Pixels
		}
	}
	return sets
}

// TopTitle returns the title of a layer's grid of strongest patches:
// "conv2 · the 9 strongest test patches of each channel (14×14 pixels)".
func TopTitle(top *explain.Top) string {
	most := 0
	for _, patches := range top.Channels {
		most = max(most, len(patches))
	}
	return tr.F("%s · the %d strongest test patches of each channel (%d×%d pixels)", top.Field.Layer, most, top.Field.Size, top.Field.Size)
}

// TopLayout returns the geometry of TopView(top, o)'s picture at o.Scale, for hit-testing
// clicks: Grid.IndexAt returns the channel.
func TopLayout(top *explain.Top, o viz.PatchGridOptions) viz.Grid {
	if o.Title == "" {
		o.Title = TopTitle(top)
	}
	return viz.PatchGridLayout(TopSets(top), o)
}

// TopView returns the strongest patches of every channel of a layer (top9_<layer>.png), as
// Zeiler & Fergus's figure 2, drawn with the options o. An empty o.Title becomes
// TopTitle(top); Render sets o.Scale.
func TopView(top *explain.Top, o viz.PatchGridOptions) View {
	if o.Title == "" {
		o.Title = TopTitle(top)
	}
	sets := TopSets(top)
	return View{"top9_" + top.Field.Layer + ".png", func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.PatchGrid(sets, o)
	}}
}

// ProjectionView returns what one channel responds to (projection_<layer>_c<N>.png): the
// input with its deconvnet and guided-backpropagation projections, if cp has an input,
// then the channel's strongest patches with theirs.
func ProjectionView(cp *explain.ChannelProjections) View {
	side := cp.Field.Size
	var sets []viz.PatchSet
	if cp.Input != nil {
		whole := func(label string, x []float32, signed bool) viz.PatchSet {
			return viz.PatchSet{Label: label, Side: mnist.Rows, Patches: [][]float32{x}, Signed: signed, PerRow: 1}
		}
		sets = append(sets, whole(tr.T("input"), cp.Input, false),
			whole(tr.T("deconvnet"), cp.InputDeconvnet.Pixels, true), whole(tr.T("guided backprop"), cp.InputGuided.Pixels, true))
	}
	patches := make([][]float32, len(cp.Patches))
	for i, p := range cp.Patches {
		patches[i] = p.Pixels
	}
	sets = append(sets, viz.PatchSet{Label: tr.T("strongest test patches"), Side: side, Patches: patches},
		viz.PatchSet{Label: tr.T("their deconvnet"), Side: side, Patches: cp.Deconvnet, Signed: true},
		viz.PatchSet{Label: tr.T("their guided backprop"), Side: side, Patches: cp.Guided, Signed: true})
	title := tr.F("%s channel %d: what it responds to", cp.Field.Layer, cp.Channel)
	file := fmt.Sprintf("projection_%s_c%d.png", cp.Field.Layer, cp.Channel)
	return View{file, func(s int) image.Image {
		return viz.PatchGrid(sets, viz.PatchGridOptions{Scale: s, Title: title, Columns: 3, TileSize: 112})
	}}
}

// SaliencyView returns the saliency of a class for an input as a signed heat map over it
// (saliency.png, or smoothgrad.png for a SmoothGrad saliency): red where more ink would
// raise the class's score, blue where it would lower it.
func SaliencyView(input []float32, s *explain.Saliency) View {
	in := Input(input)
	heat := viz.Volume{H: in.H, W: in.W, C: 1, Data: s.Gradient}
	file, title := "saliency.png", tr.F("Saliency: gradient of the score of %d", s.Class)
	if s.Samples > 0 {
		file, title = "smoothgrad.png", tr.F("SmoothGrad: the gradient of the score of %d, over %d noisy copies", s.Class, s.Samples)
	}
	return View{file, func(sc int) image.Image {
		return viz.HeatOverlay(in, heat, viz.OverlayOptions{Scale: sc, Title: title, ColorMap: viz.CoolWarm, Opacity: 0.8})
	}}
}

// EvolutionView returns how the features changed during training (evolution.png), as
// Zeiler & Fergus's figure 4: one column per frame, rows for the filters of the first
// convolution that training shaped most (explain.StrongestFilters) and the maps of the
// last convolution for the recorded input that are strongest at the last frame
// (explain.StrongestMaps), filters and maps of each. With o.Highlight, column o.Selected is
// outlined. An empty o.Title becomes "Feature evolution"; Render sets o.Scale. It panics if
// frames is empty.
func EvolutionView(frames []explain.Frame, filters, maps int, o viz.EvolutionOptions) View {
	if len(frames) == 0 {
		panic("views: EvolutionView: no frames")
	}
	if o.Title == "" {
		o.Title = tr.T("Feature evolution")
	}
	steps := make([]int, len(frames))
	for k, f := range frames {
		steps[k] = f.Step
	}
	k0 := frames[0].FilterSize
	first := viz.EvolutionSection{Title: tr.F("%s filters", frames[0].FilterLayer), H: k0, W: k0, Signed: true}
	for _, co := range explain.StrongestFilters(frames, filters) {
		first.Rows = append(first.Rows, strconv.Itoa(co))
		row := make([][]float32, len(frames))
		for k, f := range frames {
			out := len(f.Filters) / (k0 * k0)
			row[k] = make([]float32, k0*k0)
			for i := range row[k] {
				row[k][i] = f.Filters[i*out+co]
			}
		}
		first.Maps = append(first.Maps, row)
	}
	a := frames[0].Maps
	last := viz.EvolutionSection{Title: tr.F("%s maps of the recorded input", a.Layer), H: a.Shape.H, W: a.Shape.W}
	for _, c := range explain.StrongestMaps(frames, maps) {
		last.Rows = append(last.Rows, strconv.Itoa(c))
		row := make([][]float32, len(frames))
		for k, f := range frames {
			row[k] = make([]float32, a.Shape.H*a.Shape.W)
			for i := range row[k] {
				row[k][i] = f.Maps.Data[i*a.Shape.C+c]
			}
		}
		last.Maps = append(last.Maps, row)
	}
	sections := []viz.EvolutionSection{first, last}
	return View{"evolution.png", func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.EvolutionStrip(steps, sections, o)
	}}
}

// FrameFiltersView returns the filters of one frame of a feature evolution
// (filters_<layer>_step<N>.png).
func FrameFiltersView(f explain.Frame) View {
	k := f.FilterSize
	filters := viz.Filters{KH: k, KW: k, In: 1, Out: len(f.Filters) / (k * k), Data: f.Filters}
	v := FilterView(f.FilterLayer, filters, viz.FilterGridOptions{
		Title: tr.F("%s filters at step %d", f.FilterLayer, f.Step)})

	v.File = fmt.Sprintf("filters_%s_step%d.png", f.FilterLayer, f.Step)
	return v
}
