package cnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSummariseKnowsItsPercentilesAndHistogram(t *testing.T) {
	// 0, 1, …, 100: the p-th percentile is p, rounded to the nearest value.
	v := make([]float32, 101)
	for i := range v {
		v[i] = float32(i)
	}
	d := Summarise(v)
	want := [len(HealthPercentiles)]float32{0, 7, 16, 31, 50, 69, 84, 93, 100}
	if d.Percentiles != want || d.Mean != 50 || d.Count != 101 {
		t.Fatalf("percentiles %v, mean %v, count %d; want %v, 50, 101", d.Percentiles, d.Mean, d.Count, want)
	}
	// Bins of width 100/30: 0..3 in the first (4 values), 100 in the last with 97..99.
	if d.Histogram[0] != 4 || d.Histogram[HistogramBins-1] != 4 {
		t.Fatalf("histogram %v", d.Histogram)
	}
	total := int32(0)
	for _, c := range d.Histogram {
		total += c
	}
	if total != 101 {
		t.Fatalf("the histogram counts %d values, want 101", total)
	}
	if same := Summarise([]float32{2, 2}); same.Histogram[HistogramBins/2] != 2 || same.Min() != 2 || same.Max() != 2 {
		t.Fatalf("two equal values: %+v", same)
	}
}

// handBuilt returns a network of 2 inputs, a dense ReLU layer of 3 units and 10 logits.
// Unit 2 of the hidden layer has negative weights and bias, so it is dead on inputs ≥ 0.
func handBuilt() *Network {
	rng := rand.New(rand.NewPCG(1, 1))
	hidden := NewDense("hidden", 2, 3, ReLU, DefaultInit(), rng)
	// W is 2×3, row-major by input: |W|² = 1+4+1+9+16+4 = 35.
	copy(hidden.Weights.Value, []float32{1, 2, -1, 3, 4, -2})
	copy(hidden.Bias.Value, []float32{0, 0.5, -1})
	logits := NewDense("logits", 3, Classes, Identity, DefaultInit(), rng)
	return &Network{Input: Shape{H: 1, W: 1, C: 2}, Layers: []Layer{hidden, logits}}
}

func TestHealthOfAHandBuiltLayer(t *testing.T) {
	net := handBuilt()
	images := []float32{1, 0, 0, 1, 0.5, 0.5}
	labels := []uint8{3, 4, 5}
	before := [][]float32{{1, 2, -1, 3, 4, -1}, nil, nil, nil}
	for i, p := range net.Params()[1:] {
		before[i+1] = p.Value
	}
	rec, err := net.Health(7, images, labels, before)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Step != 7 || len(rec.Layers) != 2 {
		t.Fatalf("step %d, %d layers; want 7 and 2", rec.Step, len(rec.Layers))
	}
	h := rec.Layers[0]
	if h.Layer != "hidden" || !h.ReLU || math.Abs(h.Dead-1.0/3) > 1e-12 {
		t.Fatalf("%s: ReLU %v, dead %v; want hidden, true, 1/3", h.Layer, h.ReLU, h.Dead)
	}
	if math.Abs(h.WeightNorm-math.Sqrt(35)) > 1e-6 {
		t.Fatalf("weight norm %v, want √35", h.WeightNorm)
	}
	// Only W[1][2] changed, from −1 to −2; |W′|² = 35 − 4 + 1 = 32.
	if want := 1 / math.Sqrt(32); !h.Updated || math.Abs(h.UpdateRatio-want) > 1e-6 {
		t.Fatalf("update ratio %v, want 1/√32", h.UpdateRatio)
	}
	// Activations: image (1,0) gives 1, 2.5, 0; (0,1) 3, 4.5, 0; (0.5,0.5) 2, 3.5, 0.
	if a := h.Activations; a.Min() != 0 || a.Max() != 4.5 || a.Count != 9 || math.Abs(float64(a.Mean)-16.5/9) > 1e-6 {
		t.Fatalf("activations min %v max %v count %d mean %v", a.Min(), a.Max(), a.Count, a.Mean)
	}
	if w := h.Weights; w.Min() != -2 || w.Max() != 4 || h.Biases.Max() != 0.5 {
		t.Fatalf("weights %v..%v, biases up to %v", w.Min(), w.Max(), h.Biases.Max())
	}
	// The gradients are those of the mean loss, by central differences.
	want := Summarise(numericGradient(net, net.Params()[0].Value, images, labels))
	if g := h.Gradients; g.Count != 6 || math.Abs(float64(g.Min()-want.Min())) > 1e-3 ||
		math.Abs(float64(g.Max()-want.Max())) > 1e-3 || math.Abs(float64(g.Mean-want.Mean)) > 1e-3 {
		t.Fatalf("gradients %v..%v mean %v, want %v..%v mean %v", g.Min(), g.Max(), g.Mean, want.Min(), want.Max(), want.Mean)
	}
	if out := rec.Layers[1]; out.ReLU || out.Dead != 0 || out.UpdateRatio != 0 {
		t.Fatalf("logits: ReLU %v, dead %v, update ratio %v; want none", out.ReLU, out.Dead, out.UpdateRatio)
	}
	if _, err := net.Health(0, images[:4], labels, nil); err == nil {
		t.Fatal("3 labels with 2 images gave no error")
	}
	if _, err := net.Health(0, images, []uint8{1, 2, 10}, nil); err == nil {
		t.Fatal("label 10 gave no error")
	}
}

// numericGradient returns the derivative of net's mean cross-entropy on images by each of
// values (a parameter of net), by central differences.
func numericGradient(net *Network, values, images []float32, labels []uint8) []float32 {
	loss := func() float64 {
		probs := net.Classify(images, 1)
		s := 0.0
		for i, l := range labels {
			s -= math.Log(float64(probs[i*Classes+int(l)]))
		}
		return s / float64(len(labels))
	}
	const h = 1e-2 // float32 passes need a step this large; no ReLU input crosses 0 within it
	grad := make([]float32, len(values))
	for i, v := range values {
		values[i] = v + h
		up := loss()
		values[i] = v - h
		grad[i] = float32((up - loss()) / (2 * h))
		values[i] = v
	}
	return grad
}
