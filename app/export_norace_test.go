//go:build !race

package app

// Export all encodes a dozen large PNGs, which takes ten seconds under the race detector;
// off the UI goroutine it reads only a snapshot, which nobody changes.

import (
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/runs"
	"convscope/views"
	"convscope/viz"
)

func TestExportAllWritesEveryPictureAndTheMetrics(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.draw.Item())
	drawSeven(h.w.draw.pad)
	h.q.until(t, "a prediction", func() bool { _, ok := h.w.draw.ExportView(); return ok })
	trainAndPause(t, h)

	all := t.TempDir()
	files, err := exportAll(all, h.w.snapshot(), h.w.reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"training.png", "filters_conv1.png", "filters_conv2.png", "input.png", "probabilities.png",
		"features_conv1.png", "features_pool1.png", "features_conv2.png", "features_pool2.png", "features_fc1.png",
		"occlusion.png", "occlusion_conv2.png", "edges.png", "convolution.png", "confusion.png", "saliency.png",
		"smoothgrad.png", "gradcam_conv1.png", "gradcam_conv2.png", "integrated_gradients.png", "evolution.png",
		"filter_change_conv1.png", "filter_change_conv2.png", "distributions.png", runs.MetricsFile}
	if !slices.Equal(files, want) {
		t.Fatalf("Export all wrote %v, want %v", files, want)
	}
	conv1 := views.ConvFilters(sharedFixture().net.Layers[0].(*cnn.Conv2D))
	for file, size := range map[string]image.Point{
		// The chart's default size, 640×400; the layouts of the grids at scale 1.
		"training.png":      image.Pt(640, 400),
		"filters_conv1.png": viz.FilterGridLayout(conv1, viz.FilterGridOptions{Title: views.FilterTitle("conv1", conv1)}).Bounds.Size(),
		"confusion.png":     viz.ConfusionLayout(10, views.ConfusionOptions(h.w.evaluator.Latest().Evaluation, mnist.MNIST)).Bounds.Size(),
	} {
		checkPNG(t, filepath.Join(all, file), size.Mul(views.ExportScale))
	}
	for _, file := range files[:len(files)-1] {
		checkPNG(t, filepath.Join(all, file), image.Point{})
	}
	csv, err := os.ReadFile(filepath.Join(all, runs.MetricsFile))
	if err != nil || !strings.HasPrefix(string(csv), "step,epoch,loss,train_accuracy,seconds,test_accuracy,") {
		t.Errorf("metrics.csv: %.80q, %v", csv, err)
	}
}
