package views

import (
	"encoding/csv"
	"fmt"
	"image"
	"io"
	"strconv"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/internal/tr"
	"convscope/viz"
)

// EmbeddingView returns a map of test images (embedding.png): points (pairs x, y) coloured
// by their true class labels, the ones predicted otherwise ringed, with d's class names in
// the key; o.Title and o.Classes are set from title and d, and Render sets o.Scale.
func EmbeddingView(points []float32, labels, predicted []uint8, d mnist.Dataset, title string, o viz.ScatterOptions) View {
	o.Title, o.Classes = title, d.ClassLabels()
	return View{"embedding.png", func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.Scatter(points, labels, predicted, o)
	}}
}

// EmbeddingTitle returns the title of an embedding: what was projected, how, and when,
// such as "fc1 of 2000 test images, PCA, step 500".
func EmbeddingTitle(layer string, images int, method string, step int) string {
	return tr.F("%s of %d test images, %s, step %d", layer, images, method, step)

}

// FrameView returns the embedding picture of frame i of a run's recorded embedding, made
// by PCA while it trained.
func FrameView(e cnn.Embedding, i int, d mnist.Dataset) View {
	f := e.Frames[i]
	return EmbeddingView(f.Points, e.Labels, f.Predicted, d, EmbeddingTitle(e.Layer, len(e.Labels), "PCA", f.Step), viz.ScatterOptions{})
}

// EmbeddingCSVFile is the name of an embedding's table, as CSV, that embed writes beside
// embedding.png.
const EmbeddingCSVFile = "embedding.csv"

// WriteEmbeddingCSV writes a map of test images at path as CSV with the header
// x,y,label,predicted,index: one row per image, with its place in the plane, its true and
// predicted class and its index in the test set. It panics if the lengths disagree.
func WriteEmbeddingCSV(path string, points []float32, labels, predicted []uint8, indices []int) error {
	if len(points) != 2*len(labels) || len(predicted) != len(labels) || len(indices) != len(labels) {
		panic(fmt.Sprintf("views: WriteEmbeddingCSV: %d values, %d labels, %d predictions and %d indices", len(points), len(labels), len(predicted), len(indices)))
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write([]string{"x", "y", "label", "predicted", "index"})
		f := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', 7, 32) }
		for i, l := range labels {
			cw.Write([]string{f(points[2*i]), f(points[2*i+1]), strconv.Itoa(int(l)), strconv.Itoa(int(predicted[i])), strconv.Itoa(indices[i])})
		}
		cw.Flush()
		return cw.Error()
	})
}
