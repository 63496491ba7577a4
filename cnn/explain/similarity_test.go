package explain

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"convscope/cnn"
)

// plantedWeights returns 32 random 5×5 filters (HWIO, 5×5×1×32, standard deviation 0.1,
// like conv1's initial weights) with filter at planted replaced by w (row-major 5×5).
func plantedWeights(planted int, w []float32) []float32 {
	rng := rand.New(rand.NewPCG(1, 1))
	weights := make([]float32, 25*32)
	for i := range weights {
		weights[i] = float32(0.1 * rng.NormFloat64())
	}
	for i, v := range w {
		weights[i*32+planted] = v
	}
	return weights
}

// padded returns k's weights centred in a 5×5 filter, scaled by gain, plus offset
// (brightness, which Similarity ignores).
func padded(k Kernel, gain, offset float32) []float32 {
	w := make([]float32, 25)
	for i := range w {
		w[i] = offset
	}
	for y := range 3 {
		for x := range 3 {
			w[(y+1)*5+x+1] += gain * k.Weights[y*3+x]
		}
	}
	return w
}

func TestRankingPutsThePlantedEdgeDetectorFirst(t *testing.T) {
	vertical, horizontal := VerticalEdge(), HorizontalEdge()
	// Filter 17 is the vertical-edge kernel, scaled and brightened; filter 4 is it negated.
	weights := plantedWeights(17, padded(vertical, 0.07, 0.02))
	for i, v := range padded(vertical, -0.05, 0) {
		weights[i*32+4] = v
	}
	ranked := RankFilters(weights, 5, 32, []Kernel{vertical, horizontal})
	if len(ranked) != 2 || ranked[0].Kernel.Name != VerticalEdgeName || len(ranked[0].Filters) != 32 {
		t.Fatalf("ranking %+v", ranked)
	}
	v := ranked[0].Filters
	if v[0].Filter != 17 || math.Abs(v[0].Similarity-1) > 1e-6 {
		t.Errorf("first for the vertical edge: filter %d at %.4f, want 17 at 1", v[0].Filter, v[0].Similarity)
	}
	if last := v[31]; last.Filter != 4 || math.Abs(last.Similarity+1) > 1e-6 {
		t.Errorf("last for the vertical edge: filter %d at %.4f, want the negated kernel, 4, at −1", last.Filter, last.Similarity)
	}
	// Random filters are far from the kernel (0.6 is a bound with room: 32 random
	// 25-value filters have |cos| around 0.2).
	if v[1].Similarity > 0.6 {
		t.Errorf("a random filter has similarity %.2f", v[1].Similarity)
	}
	for i := 1; i < len(v); i++ {
		if v[i].Similarity > v[i-1].Similarity {
			t.Fatalf("not sorted at %d: %v", i, v)
		}
	}
	// A vertical edge is orthogonal to a horizontal one once both are zero-mean.
	for _, m := range ranked[1].Filters {
		if m.Filter == 17 && math.Abs(m.Similarity) > 1e-6 {
			t.Errorf("the vertical edge's similarity to the horizontal kernel is %.4f, want 0", m.Similarity)
		}
	}
}

func TestSimilarityOfConstantFilters(t *testing.T) {
	if s := Similarity(make([]float32, 25), 5, VerticalEdge()); s != 0 {
		t.Errorf("a dead filter has similarity %v", s)
	}
	flat := make([]float32, 25)
	for i := range flat {
		flat[i] = 0.3
	}
	if s := Similarity(flat, 5, VerticalEdge()); s != 0 {
		t.Errorf("a constant filter has similarity %v", s)
	}
	// A 3×3 filter compares with a 3×3 kernel directly.
	if s := Similarity(VerticalEdge().Weights, 3, VerticalEdge()); math.Abs(s-1) > 1e-9 {
		t.Errorf("a kernel's similarity to itself is %v", s)
	}
	defer func() {
		if recover() == nil {
			t.Error("a 3x3 kernel in a 4x4 filter did not panic")
		}
	}()
	Similarity(make([]float32, 16), 4, VerticalEdge())
}

func TestRankFirstConv(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	conv1 := net.Layers[0].(*cnn.Conv2D)
	copy(conv1.Weights.Value, plantedWeights(9, padded(HorizontalEdge(), 0.1, 0)))
	ranked, layer, err := RankFirstConv(net, HandMadeKernels())
	if err != nil {
		t.Fatal(err)
	}
	if layer.Index != 0 || layer.Name != conv1.Name() || len(ranked) != len(HandMadeKernels()) {
		t.Fatalf("%d rankings of layer %+v", len(ranked), layer)
	}
	if first := ranked[1].Filters[0]; ranked[1].Kernel.Name != HorizontalEdgeName || first.Filter != 9 || first.Similarity < 0.999 {
		t.Errorf("%s: first filter %d at %.3f, want 9 at 1", ranked[1].Kernel.Name, first.Filter, first.Similarity)
	}
	// Sobel y is the horizontal edge smoothed along the edge: the planted filter is
	// still its best match.
	if first := ranked[5].Filters[0]; ranked[5].Kernel.Name != SobelYName || first.Filter != 9 || first.Similarity < 0.9 {
		t.Errorf("%s: first filter %d at %.3f, want 9 above 0.9", ranked[5].Kernel.Name, first.Filter, first.Similarity)
	}
	if _, _, err := RankFirstConv(&cnn.Network{}, HandMadeKernels()); err == nil {
		t.Error("a network without a convolution was ranked")
	}
	// A 4x4 first layer cannot hold a 3x3 kernel centred: an error, not a panic.
	even, err := cnn.Config{Steps: 1, Batch: 1, LearningRate: 1e-4, KeepProb: 1, Arch: "conv 4x4x8; fc 10"}.NewNetwork()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := RankFirstConv(even, HandMadeKernels()); err == nil || !strings.Contains(err.Error(), "odd size") {
		t.Errorf("4x4 filters: %v", err)
	}
}

func TestConvolveMatchesTheNetworksConv1(t *testing.T) {
	// The similarity compares kernels and filters as Convolve applies them; conv1 must
	// apply its filters the same way (cross-correlation, SAME), or a filter that looks
	// like the vertical-edge kernel would detect another edge.
	net := cnn.NewReference(1, 0.5)
	conv1 := net.Layers[0].(*cnn.Conv2D)
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 28*28)
	for i := range x {
		x[i] = rng.Float32()
	}
	a, _ := net.Trace(x).Layer("conv1")
	for _, co := range []int{0, 13, 31} {
		k := Kernel{Size: 5, Weights: make([]float32, 25)}
		for i := range k.Weights {
			k.Weights[i] = conv1.Weights.Value[i*32+co]
		}
		want := Convolve(Plane{H: 28, W: 28, Data: x}, k, Same)
		for i, v := range want.Data {
			v = max(0, v+conv1.Bias.Value[co])
			if got := a.Data[i*32+co]; math.Abs(float64(got-v)) > 1e-4 {
				t.Fatalf("filter %d at pixel %d: conv1 gives %v, Convolve %v", co, i, got, v)
			}
		}
	}
}
