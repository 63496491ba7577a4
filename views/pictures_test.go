package views

import (
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/viz"
)

func TestFeatureViewTitlesAndFiles(t *testing.T) {
	trace := cnn.NewReference(1, 0.5).Trace(make([]float32, 784))
	tests := []struct {
		layer, file, title string
	}{
		{"conv1", "features_conv1.png", "conv1 · 32 maps, 28x28"},
		{"pool2", "features_pool2.png", "pool2 · 64 maps, 7x7"},
		{"fc1", "features_fc1.png", "fc1 · 1024 units"},
	}
	for _, tt := range tests {
		a, _ := trace.Layer(tt.layer)
		if got := FeatureTitle(tt.layer, a); got != tt.title {
			t.Errorf("FeatureTitle(%s) = %q, want %q", tt.layer, got, tt.title)
		}
		v := FeatureView(tt.layer, a, viz.FeatureGridOptions{})
		if v.File != tt.file {
			t.Errorf("FeatureView(%s).File = %q, want %q", tt.layer, v.File, tt.file)
		}
	}
}

func TestFeatureViewDrawsWithTheOptionsGiven(t *testing.T) {
	a, _ := cnn.NewReference(1, 0.5).Trace(make([]float32, 784)).Layer("conv2")
	o := viz.FeatureGridOptions{Title: FeatureTitle("conv2", a), Columns: 16}
	got := FeatureView("conv2", a, o).Render(2).Bounds()
	o.Scale = 2
	// The layout of the same options at the same scale is the picture's size: what the
	// app's click hit-tests rely on.
	if want := viz.FeatureGridLayout(Volume(a), o).Bounds; got != want {
		t.Errorf("FeatureView rendered %v, its layout says %v", got, want)
	}
}

func TestFilterTitle(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	for _, tt := range []struct{ layer, want string }{
		{"conv1", "conv1 filters"},
		{"conv2", "conv2 kernels (rows: output channel, columns: input channel)"},
	} {
		l, _, _ := net.Layer(tt.layer)
		f := ConvFilters(l.(*cnn.Conv2D))
		if got := FilterTitle(tt.layer, f); got != tt.want {
			t.Errorf("FilterTitle(%s) = %q, want %q", tt.layer, got, tt.want)
		}
		if v := FilterView(tt.layer, f, viz.FilterGridOptions{}); v.File != "filters_"+tt.layer+".png" {
			t.Errorf("FilterView(%s).File = %q", tt.layer, v.File)
		}
	}
}

func TestConfusionTitleIsConfusionViews(t *testing.T) {
	e := &cnn.Evaluation{Correct: 3, Total: 4, Confusion: [10][10]int{{2, 1}, {0, 1}}}
	if got, want := ConfusionTitle(e), "Test set: 75.00% correct"; got != want {
		t.Errorf("ConfusionTitle = %q, want %q", got, want)
	}
	// The layout of the title ConfusionView draws is its picture's: the cells the app's
	// clicks hit.
	for _, d := range mnist.Datasets() {
		got := ConfusionView(e, d).Render(1).Bounds()
		if want := viz.ConfusionLayout(10, ConfusionOptions(e, d)).Bounds; got != want {
			t.Errorf("%s: ConfusionView rendered %v, its layout says %v", d.Name, got, want)
		}
	}
	if key := ClassKey(mnist.Fashion); len(key) != 2 || key[1] != "5 Sandal · 6 Shirt · 7 Sneaker · 8 Bag · 9 Ankle boot" || ClassKey(mnist.MNIST) != nil {
		t.Errorf("keys: %q, MNIST's %q", key, ClassKey(mnist.MNIST))
	}
}
