package app

import (
	"image"
	"testing"

	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/views"
)

// BenchmarkDrawingExtend measures one drag event's painting: a 20-pixel segment of the
// brush on the pad's raster.
func BenchmarkDrawingExtend(b *testing.B) {
	d := newDrawing(padPixels, padBrush)
	d.Begin(point{40, 160})
	x := 40.0
	for b.Loop() {
		x += 20
		if x > padPixels-40 {
			x = 40
			d.Begin(point{x, 160})
		}
		d.Extend(point{x, 160})
	}
}

// BenchmarkClassifyDrawing measures what follows a drag event off the UI goroutine: the
// drawing made into the network's input, traced, and the input and probability pictures
// rendered.
func BenchmarkClassifyDrawing(b *testing.B) {
	net := sharedFixture().net
	ink := benchSeven()
	for b.Loop() {
		x, err := mnist.FromImage(ink)
		if err != nil {
			b.Fatal(err)
		}
		tr := net.Trace(x[:])
		views.InputView(x[:]).Render(1)
		views.ProbabilitiesView(tr, mnist.MNIST).Render(1)
	}
}

// BenchmarkOccludeDrawing measures the occlusion maps of a drawing with the Draw tab's
// settings: the batch of occluded copies classified, and both maps rendered for the screen.
func BenchmarkOccludeDrawing(b *testing.B) {
	net := sharedFixture().net
	x, err := mnist.FromImage(benchSeven())
	if err != nil {
		b.Fatal(err)
	}
	o := defaultOcclusionOptions()
	for b.Loop() {
		occ, err := explain.Occlude(net, x[:], o)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range views.OcclusionViews(x[:], occ) {
			v.Render(1)
		}
	}
}

// benchSeven returns the ink of a 7 drawn on the pad.
func benchSeven() *image.Gray {
	d := newDrawing(padPixels, padBrush)
	d.Begin(point{80, 70})
	d.Extend(point{240, 70})
	d.Extend(point{140, 260})
	return d.Ink()
}
