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

// BenchmarkTrainingChartFullRun draws the chart of a whole default run, 20,000 steps of
// jagged per-batch values, at scale 2: what the Training tab redraws while a long run ends.
func BenchmarkTrainingChartFullRun(b *testing.B) {
	loss, acc := jagged(20000), jagged(20000)
	h := History{StepsPerEpoch: 1200}
	for i := range loss {
		h.Train = append(h.Train, TrainPoint{Step: i + 1, Loss: loss[i].Y, Accuracy: 1 - acc[i].Y/20})
		if (i+1)%500 == 0 {
			h.Test = append(h.Test, TestPoint{Step: i + 1, Accuracy: 0.98})
		}
	}
	for b.Loop() {
		TrainingChart(h, ChartOptions{Scale: 2})
	}
}
