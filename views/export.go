package views

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/viz"
)

// View is one picture ConvScope can export: the file name it is written as and the
// renderer that draws it at a scale (1, 2 or 4).
type View struct {
	File   string
	Render func(scale int) image.Image
}

// ModelViews returns the pictures of a model as a whole: the training chart (if the history
// has any steps) and the filter grid of every convolution.
func ModelViews(net *cnn.Network, h cnn.History, batch, trainSize int) []View {
	var vs []View
	if len(h.Train) > 0 {
		vs = append(vs, TrainingView(h, batch, trainSize))
	}
	for _, conv := range net.LayersOf(cnn.Convolution) {
		vs = append(vs, FilterView(conv.Name, ConvFilters(net.Conv(conv)), viz.FilterGridOptions{}))
	}
	return vs
}

// InputViews returns the pictures of one input traced through a network trained on d: the
// input as the network sees it, the class probabilities, and every layer's activation but
// the logits (the feature maps of the convolutions and poolings, the units of the dense
// layers).
func InputViews(input []float32, t *cnn.Trace, d mnist.Dataset) []View {
	vs := []View{InputView(input), ProbabilitiesView(t, d)}
	for _, a := range t.Activations[:max(0, len(t.Activations)-1)] {
		vs = append(vs, FeatureView(a.Layer, a, viz.FeatureGridOptions{}))
	}
	return vs
}

// OcclusionViews returns the pictures of the occlusion sensitivity of an input:
// OcclusionView and, if the network has a convolution, OcclusionFeatureView.
func OcclusionViews(input []float32, occ *explain.Occlusion) []View {
	if occ.FeatureLayer == "" {
		return []View{OcclusionView(input, occ)}
	}
	return []View{OcclusionView(input, occ), OcclusionFeatureView(input, occ)}
}

// OcclusionView returns the occlusion sensitivity of an input as a heat map of the class
// probability over the input, as in Zeiler & Fergus's figure 7 (occlusion.png).
func OcclusionView(input []float32, occ *explain.Occlusion) View {
	return occlusionView("occlusion.png", input, occ, occ.Probability,
		tr.F("Occlusion: P(%d), %dx%d square", occ.Class, occ.Size, occ.Size))
}

// OcclusionFeatureView returns the occlusion sensitivity of an input as a heat map of the
// response of the feature map of the last convolution that is strongest for it
// (occlusion_<layer>.png).
func OcclusionFeatureView(input []float32, occ *explain.Occlusion) View {
	return occlusionView("occlusion_"+occ.FeatureLayer+".png", input, occ, occ.Feature,
		tr.F("Occlusion: %s map %d", occ.FeatureLayer, occ.FeatureChannel))
}

// occlusionView returns values measured at the square's positions of occ as a heat map
// over input, saved as file.
func occlusionView(file string, input []float32, occ *explain.Occlusion, values []float32, title string) View {
	in := Input(input)
	heat := viz.Volume{H: in.H, W: in.W, C: 1, Data: occ.PixelMap(values, in.H, in.W)}
	return View{file, func(s int) image.Image {
		return viz.HeatOverlay(in, heat, viz.OverlayOptions{Scale: s, Title: title})
	}}
}

// ConfusionView returns the confusion matrix of an evaluation on the data set d as a view
// (confusion.png), drawn with ConfusionOptions.
func ConfusionView(e *cnn.Evaluation, d mnist.Dataset) View {
	m := Confusion(e)
	return View{"confusion.png", func(s int) image.Image {
		o := ConfusionOptions(e, d)
		o.Scale = s
		return viz.Confusion(m, o)
	}}
}

// ConfusionOptions returns how the confusion matrix of an evaluation on d is drawn: titled
// with its accuracy (ConfusionTitle), with d's class names under it (ClassKey). Its
// layout, viz.ConfusionLayout with these options, tells which cell a click hits.
func ConfusionOptions(e *cnn.Evaluation, d mnist.Dataset) viz.ConfusionOptions {
	return viz.ConfusionOptions{Title: ConfusionTitle(e), Key: ClassKey(d)}
}

// ClassKey returns the lines that name the classes of d by their numbers, five a line
// ("0 T-shirt/top · 1 Trouser · …"), or nil for a data set whose classes are their numbers
// (MNIST's digits).
func ClassKey(d mnist.Dataset) []string {
	var lines, names []string
	for c, name := range d.Classes {
		if name == strconv.Itoa(c) {
			return nil
		}
		names = append(names, strconv.Itoa(c)+" "+d.ClassLabel(c))
		if len(names) == 5 || c == len(d.Classes)-1 {
			lines = append(lines, strings.Join(names, " · "))
			names = nil
		}
	}
	return lines
}

// WriteAll renders every view at the given scale and saves it as a PNG in dir (through
// viz.SavePNG, so each file is whole or untouched), creating dir if missing. It writes all
// it can and returns the errors of the others, joined.
func WriteAll(dir string, views []View, scale int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var errs []error
	for _, v := range views {
		if err := viz.SavePNG(filepath.Join(dir, v.File), v.Render(scale)); err != nil {
			errs = append(errs, tr.Errorf("writing %s: %w", v.File, err))

		}
	}
	return errors.Join(errs...)
}
