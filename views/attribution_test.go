package views

import (
	"image"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
)

func TestSynthesisViewsAreNamedByWhatTheyShow(t *testing.T) {
	img := make([]float32, mnist.Pixels)
	layer := &explain.Synthesis{Layer: "conv2", Images: [][]float32{img, img}, Objective: []float32{1, 0}}
	classes := &explain.Synthesis{Layer: "fc2", Classes: true, Images: make([][]float32, cnn.Classes),
		Objective: make([]float32, cnn.Classes), Probabilities: make([][cnn.Classes]float32, cnn.Classes)}
	for c := range classes.Images {
		classes.Images[c] = img
	}
	for _, tc := range []struct {
		s    *explain.Synthesis
		file string
	}{{layer, "synthesis_conv2.png"}, {classes, "synthesis_classes.png"}} {
		v := SynthesisView(tc.s, mnist.Fashion)
		if v.File != tc.file || v.Render(1).Bounds().Empty() {
			t.Errorf("%s: file %s", tc.file, v.File)
		}
	}
}

func TestAdversarialViews(t *testing.T) {
	x := make([]float32, mnist.Pixels)
	a := &explain.Adversarial{Attack: explain.Iterated, Target: explain.Untargeted, Found: true, Epsilon: 12,
		Original: x, Input: x, Perturbation: x, From: 7, To: 3}
	if got, want := AdversarialTitle(a, mnist.MNIST), "Iterated attack, ε = 12/255: 7 becomes 3"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	a.Found, a.Target, a.Epsilon = false, 1, 64
	if got, want := AdversarialTitle(a, mnist.Fashion), "Iterated attack toward Trouser: no ε up to 64/255 changes Sneaker"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	// The input itself is written at its own size whatever the scale.
	if b := AdversarialInputView(a).Render(ExportScale).Bounds(); b != image.Rect(0, 0, mnist.Cols, mnist.Rows) {
		t.Errorf("adversarial input of %v", b)
	}
	// The whole picture holds the tiles beside the two sets of bars.
	whole, tiles := AdversarialView(a, mnist.MNIST).Render(1), AdversarialTilesView(a, "").Render(1)
	if whole.Bounds().Dx() <= 2*tiles.Bounds().Dx() || whole.Bounds().Dy() < tiles.Bounds().Dy() {
		t.Errorf("adversarial.png is %v, its tiles %v", whole.Bounds(), tiles.Bounds())
	}
}
