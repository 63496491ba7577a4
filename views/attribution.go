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

// SynthesisFile returns the file a synthesis is written as: synthesis_classes.png for the
// classes, synthesis_<layer>.png for the means of a layer's channels, and
// synthesis_<layer>_centre.png for their centre units.
func SynthesisFile(s *explain.Synthesis) string {
	switch {
	case s.Classes:
		return "synthesis_classes.png"
	case s.Unit == explain.CentreUnit:
		return "synthesis_" + s.Layer + "_centre.png"
	}
	return "synthesis_" + s.Layer + ".png"
}

// SynthesisView returns the inputs a synthesis made, one tile each: for the classes, ten
// side by side, each labelled with its class (named as in d) and the probability the
// network gives it; for a layer, a grid of its channels labelled with their numbers, a
// channel that could not be excited labelled "dead", each cropped to the field its unit
// sees if it is a centre unit's.
func SynthesisView(s *explain.Synthesis, d mnist.Dataset) View {
	images, side := s.Images, mnist.Rows
	title := tr.F("%s · the input each channel's mean responds to most", s.Layer)
	if s.Unit == explain.CentreUnit {
		title = tr.F("%s · the input each channel's centre unit responds to most", s.Layer)
	}
	if s.Crops != nil {
		images, side = s.Crops, s.CropSide
		title = tr.F("%s · what each channel's centre unit responds to most, in its %d×%d field", s.Layer, side, side)
	}
	sets := make([]viz.PatchSet, len(images))
	for i, img := range images {
		label := strconv.Itoa(i)
		switch {
		case s.Classes:
			label = fmt.Sprintf("%s %.1f%%", d.ClassLabel(i), 100*s.Probabilities[i][i])
		case s.Objective[i] == 0:
			label = tr.F("%d dead", i)
		}
		sets[i] = viz.PatchSet{Label: label, Side: side, Patches: [][]float32{img}}
	}
	columns := 8
	if s.Classes {
		title, columns = tr.T("The input each class's score is highest for, and the probability the network gives it"), len(sets)
	}
	return View{SynthesisFile(s), func(sc int) image.Image {
		return viz.PatchGrid(sets, viz.PatchGridOptions{Scale: sc, Title: title, Columns: columns, TileSize: 72})
	}}
}

// GradCAMView returns a Grad-CAM map over its input (gradcam_<layer>.png), upsampled from
// the layer's maps to the input's size.
func GradCAMView(input []float32, cam *explain.CAM) View {
	in := Input(input)
	heat := viz.Volume{H: cam.H, W: cam.W, C: 1, Data: cam.Map}
	title := tr.F("Grad-CAM of %d at %s", cam.Class, cam.Layer)
	return View{"gradcam_" + cam.Layer + ".png", func(s int) image.Image {
		return viz.HeatOverlay(in, heat, viz.OverlayOptions{Scale: s, Title: title})
	}}
}

// IntegratedGradientsView returns integrated gradients as a signed heat map over their
// input (integrated_gradients.png), titled with the completeness check: the sum of the
// attributions against the difference of the logit between the input and the black
// baseline.
func IntegratedGradientsView(input []float32, ig *explain.IntegratedGradients) View {
	in := Input(input)
	heat := viz.Volume{H: in.H, W: in.W, C: 1, Data: ig.Attributions}
	title := tr.F("Integrated gradients of %d: sum %.2f, logit − black's %.2f", ig.Class, ig.Sum, ig.LogitDifference)
	return View{"integrated_gradients.png", func(s int) image.Image {
		return viz.HeatOverlay(in, heat, viz.OverlayOptions{Scale: s, Title: title, ColorMap: viz.CoolWarm, Opacity: 0.8})
	}}
}

// AdversarialView returns an adversarial example (adversarial.png): the original input,
// the perturbation in diverging colours, the adversarial input, and the class
// probabilities before and after, named as in d.
func AdversarialView(a *explain.Adversarial, d mnist.Dataset) View {
	tiles := AdversarialTilesView(a, "")
	title := AdversarialTitle(a, d)
	key := ClassKey(d)
	return View{"adversarial.png", func(s int) image.Image {
		return viz.Beside([]image.Image{
			tiles.Render(s),
			viz.ProbabilityBars(a.Before[:], viz.BarsOptions{Scale: s, Title: tr.F("Before: %s", d.ClassLabel(a.From)), Key: key}),
			viz.ProbabilityBars(a.After[:], viz.BarsOptions{Scale: s, Title: tr.F("After: %s", d.ClassLabel(a.To)), Key: key}),
		}, viz.BesideOptions{Scale: s, Title: title})
	}}
}

// AdversarialTilesView returns the original input of an adversarial example, the
// perturbation in diverging colours and the adversarial input side by side, under title
// (none if empty), without the probabilities (adversarial_tiles.png): a picture narrow
// enough for a column of its own.
func AdversarialTilesView(a *explain.Adversarial, title string) View {
	sets := []viz.PatchSet{
		{Label: tr.T("original"), Side: mnist.Rows, Patches: [][]float32{a.Original}},
		{Label: tr.T("perturbation"), Side: mnist.Rows, Patches: [][]float32{a.Perturbation}, Signed: true},
		{Label: tr.T("adversarial"), Side: mnist.Rows, Patches: [][]float32{a.Input}},
	}
	return View{"adversarial_tiles.png", func(s int) image.Image {
		return viz.PatchGrid(sets, viz.PatchGridOptions{Scale: s, Title: title, Columns: len(sets), TileSize: 112})
	}}
}

// AdversarialTitle says what an adversarial search found, with class names of d:
// "Iterated attack, ε = 12/255: 7 becomes 3", or that no ε up to the largest tried
// flipped the answer.
func AdversarialTitle(a *explain.Adversarial, d mnist.Dataset) string {
	name := "FGSM"

	if a.Attack == explain.Iterated {
		name = tr.T("Iterated")
	}
	from, to := d.ClassLabel(a.From), d.ClassLabel(a.To)
	if a.Target != explain.Untargeted {
		target := d.ClassLabel(a.Target)
		if !a.Found {
			return tr.F("%s attack toward %s: no ε up to %d/255 changes %s", name, target, a.Epsilon, from)
		}
		return tr.F("%s attack toward %s, ε = %d/255: %s becomes %s", name, target, a.Epsilon, from, to)
	}
	if !a.Found {
		return tr.F("%s attack: no ε up to %d/255 changes %s", name, a.Epsilon, from)
	}
	return tr.F("%s attack, ε = %d/255: %s becomes %s", name, a.Epsilon, from, to)

}

// AdversarialInputView returns the adversarial input itself (adversarial_input.png): a
// 28×28 grey PNG, one pixel per input value, at its own size whatever the scale, which
// `convscope classify -raw` reads back as the very input the network was fooled by.
func AdversarialInputView(a *explain.Adversarial) View {
	return View{"adversarial_input.png", func(int) image.Image { return viz.RawInput(Input(a.Input)) }}
}
