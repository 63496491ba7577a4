package views

import (
	"os"
	"path/filepath"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

func TestViewsOfAModel(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	input := make([]float32, 784)
	for y := 4; y < 24; y++ { // a vertical bar
		input[y*28+14] = 1
	}
	trace := net.Trace(input)
	h := cnn.History{Train: []cnn.TrainPoint{{Step: 1, Loss: 2, Accuracy: 0.1}, {Step: 2, Loss: 1.5, Accuracy: 0.3}},
		Test: []cnn.TestPoint{{Step: 2, Accuracy: 0.4}}}

	all := append(ModelViews(net, h, 50, 60000), InputViews(input, trace, mnist.MNIST)...)
	all = append(all, ConfusionView(&cnn.Evaluation{Correct: 1, Total: 2, Confusion: [10][10]int{{1, 1}}}, mnist.MNIST))
	want := []string{"training.png", "filters_conv1.png", "filters_conv2.png", "input.png", "probabilities.png",
		"features_conv1.png", "features_pool1.png", "features_conv2.png", "features_pool2.png", "features_fc1.png", "confusion.png"}
	if len(all) != len(want) {
		t.Fatalf("%d views, want %d", len(all), len(want))
	}
	for i, v := range all {
		if v.File != want[i] {
			t.Fatalf("view %d is %s, want %s", i, v.File, want[i])
		}
		one, two := v.Render(1).Bounds(), v.Render(2).Bounds()
		if two.Dx() != 2*one.Dx() || two.Dy() != 2*one.Dy() {
			t.Fatalf("%s: %v at scale 1, %v at scale 2", v.File, one, two)
		}
	}
	if len(ModelViews(net, cnn.History{}, 50, 60000)) != 2 {
		t.Fatal("a model with no history has a training chart")
	}

	dir := filepath.Join(t.TempDir(), "new")
	if err := WriteAll(dir, all[:2], 1); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("WriteAll wrote %v", entries)
	}
}

func TestConvFilters(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	conv2 := net.Layers[2].(*cnn.Conv2D)
	f := ConvFilters(conv2)
	if f.KH != 5 || f.KW != 5 || f.In != 32 || f.Out != 64 || &f.Data[0] != &conv2.Weights.Value[0] {
		t.Fatalf("conv2 filters %dx%dx%dx%d, sharing the weights: %v", f.KH, f.KW, f.In, f.Out, &f.Data[0] == &conv2.Weights.Value[0])
	}
}
