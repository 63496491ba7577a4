package viz

import "testing"

// The GUI redraws feature maps on every stroke of the drawing pad; at 60 frames a
// second a frame has 16 ms.

func BenchmarkFeatureGridConv1(b *testing.B) {
	conv1, _, _ := layers(b)
	featureGridBench(b, conv1, FeatureGridOptions{Highlight: true, Selected: 3})
}
func BenchmarkFeatureGridConv1Scale2(b *testing.B) {
	conv1, _, _ := layers(b)
	featureGridBench(b, conv1, FeatureGridOptions{Scale: 2})
}
func BenchmarkFeatureGridPool2(b *testing.B) {
	_, _, pool2 := layers(b)
	featureGridBench(b, pool2, FeatureGridOptions{})
}

func featureGridBench(b *testing.B, v Volume, o FeatureGridOptions) {
	for b.Loop() {
		FeatureGrid(v, o)
	}
}

func BenchmarkFilterGridConv1(b *testing.B) { filterGridBench(b, edgeFilters(32)) }
func BenchmarkFilterGridConv2(b *testing.B) {
	filterGridBench(b, randomFilters(5, 5, 32, 64, 0.05))
}

func filterGridBench(b *testing.B, f Filters) {
	for b.Loop() {
		FilterGrid(f, FilterGridOptions{})
	}
}

func BenchmarkFeatureMapConv1(b *testing.B) {
	conv1, _, _ := layers(b)
	for b.Loop() {
		FeatureMap(conv1, 3, FeatureMapOptions{})
	}
}

func BenchmarkTrainingChart(b *testing.B) {
	h := trainingHistory()
	for b.Loop() {
		TrainingChart(h, ChartOptions{})
	}
}
