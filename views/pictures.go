package views

import (
	"image"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/viz"
)

// TrainingView returns the training chart of a run's history (training.png): accuracy and
// loss over the steps, with epochs of trainSize examples at batch examples per step.
func TrainingView(h cnn.History, batch, trainSize int) View {
	hist := History(h, batch, trainSize)
	return View{"training.png", func(s int) image.Image {
		return viz.TrainingChart(hist, viz.ChartOptions{Scale: s, Title: tr.T("Training")})
	}}
}

// FilterView returns the grid of a convolution layer's filters f drawn with the options o
// (filters_<layer>.png). An empty o.Title becomes FilterTitle(layer, f); Render sets
// o.Scale.
func FilterView(layer string, f viz.Filters, o viz.FilterGridOptions) View {
	if o.Title == "" {
		o.Title = FilterTitle(layer, f)
	}
	return View{"filters_" + layer + ".png", func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.FilterGrid(f, o)
	}}
}

// FilterTitle returns the title of a layer's filter grid: "conv1 filters" for
// single-channel filters, and for multi-channel ones a title that says how the matrix of
// kernels is laid out.
func FilterTitle(layer string, f viz.Filters) string {
	if f.In == 1 {
		return tr.F("%s filters", layer)
	}
	return tr.F("%s kernels (rows: output channel, columns: input channel)", layer)
}

// InputView returns a 28×28 network input as the network sees it (input.png).
func InputView(x []float32) View {
	in := Input(x)
	return View{"input.png", func(s int) image.Image { return viz.InputPreview(in, viz.InputOptions{Scale: s}) }}
}

// ProbabilitiesView returns the class probabilities of a trace as bars, one per class
// number, titled with the name in d of the predicted class, with d's ClassKey under them
// (probabilities.png).
func ProbabilitiesView(t *cnn.Trace, d mnist.Dataset) View {
	title, key := tr.F("Prediction: %s", d.ClassLabel(t.Digit)), ClassKey(d)
	return View{"probabilities.png", func(s int) image.Image {
		return viz.ProbabilityBars(t.Probabilities[:], viz.BarsOptions{Scale: s, Title: title, Key: key})
	}}
}

// FeatureView returns a layer's activation for one input (features_<layer>.png): the grid
// of its maps drawn with the options o or, for a dense layer (shape 1×1×n, such as fc1),
// its n units as one picture, of which only o's Title counts. An empty o.Title becomes
// FeatureTitle(layer, a); Render sets o.Scale.
func FeatureView(layer string, a cnn.Activation, o viz.FeatureGridOptions) View {
	if o.Title == "" {
		o.Title = FeatureTitle(layer, a)
	}
	file := "features_" + layer + ".png"
	if dense(a) {
		return View{file, func(s int) image.Image {
			return viz.FeatureVector(a.Data, viz.FeatureMapOptions{Scale: s, Title: o.Title})
		}}
	}
	vol := Volume(a)
	return View{file, func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.FeatureGrid(vol, o)
	}}
}

// FeatureTitle returns the title of the picture of a layer's activation:
// "conv1 · 32 maps, 28x28", or "fc1 · 1024 units" for a dense layer.
func FeatureTitle(layer string, a cnn.Activation) string {
	if dense(a) {
		return tr.F("%s · %d units", layer, a.Shape.C)
	}
	return tr.F("%s · %d maps, %dx%d", layer, a.Shape.C, a.Shape.H, a.Shape.W)
}

// dense reports whether a is a dense layer's output: a vector rather than maps.
func dense(a cnn.Activation) bool { return a.Shape.H == 1 && a.Shape.W == 1 }

// ConfusionTitle returns the title of an evaluation's confusion matrix, which
// ConfusionView draws: "Test set: 97.12% correct".
func ConfusionTitle(e *cnn.Evaluation) string {
	return tr.F("Test set: %.2f%% correct", 100*e.Accuracy())

}
