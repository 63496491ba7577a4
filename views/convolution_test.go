package views

import (
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
)

func TestConvolutionStepView(t *testing.T) {
	v := ConvolutionStepView(explain.EdgeExample(), explain.VerticalEdge(), explain.Valid, 15)
	if v.File != "convolution.png" {
		t.Errorf("file %q", v.File)
	}
	one, two := v.Render(1).Bounds().Size(), v.Render(2).Bounds().Size()
	if two != one.Mul(2) {
		t.Errorf("%v at scale 1, %v at scale 2", one, two)
	}
	// SAME padding draws a larger input (a ring of zeros) and output: a larger picture.
	same := ConvolutionStepView(explain.EdgeExample(), explain.VerticalEdge(), explain.Same, 35).Render(1).Bounds().Size()
	if same.X <= one.X || same.Y <= one.Y {
		t.Errorf("SAME %v is not larger than VALID %v", same, one)
	}
	defer func() {
		if recover() == nil {
			t.Error("position 16 of a 4x4 output did not panic")
		}
	}()
	ConvolutionStepView(explain.EdgeExample(), explain.VerticalEdge(), explain.Valid, 16)
}

func TestEdgesViewShowsTheBestMatches(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	// Plant the vertical-edge kernel as filter 6 of conv1.
	w := net.Layers[0].(*cnn.Conv2D).Weights.Value
	for i := range 25 {
		w[i*32+6] = 0
	}
	for y := range 3 {
		for x := range 3 {
			w[((y+1)*5+x+1)*32+6] = explain.VerticalEdge().Weights[y*3+x] / 10
		}
	}
	input := make([]float32, 784)
	for y := range 28 {
		for x := range 14 {
			input[y*28+x] = 1
		}
	}
	trace := net.Trace(input)
	v, ranked, err := EdgesView(net, input, trace)
	if err != nil {
		t.Fatal(err)
	}
	if ranked[0].Kernel.Name != explain.VerticalEdge().Name || ranked[0].Filters[0].Filter != 6 {
		t.Fatalf("the planted filter ranks %+v for %s", ranked[0].Filters[0], ranked[0].Kernel.Name)
	}
	if v.File != "edges.png" {
		t.Errorf("file %q", v.File)
	}
	if one, two := v.Render(1).Bounds().Size(), v.Render(2).Bounds().Size(); two != one.Mul(2) {
		t.Errorf("%v at scale 1, %v at scale 2", one, two)
	}
	// The filter copied out is the planted one, and its map is conv1's channel 6.
	conv1 := ConvFilters(net.Layers[0].(*cnn.Conv2D))
	f := singleFilter(conv1, 6)
	if f.Data[1*5+1] != 0.1 || f.Data[2*5+3] != -0.1 || f.Data[0] != 0 {
		t.Errorf("filter 6 copied as %v", f.Data)
	}
	a, _ := trace.Layer("conv1")
	m := channel(Volume(a), 6)
	if m.Data[100] != a.Data[100*32+6] {
		t.Errorf("map 6 at 100 is %v, conv1 says %v", m.Data[100], a.Data[100*32+6])
	}
	if _, _, err := EdgesView(net, input, &cnn.Trace{}); err == nil {
		t.Error("a trace without conv1 was drawn")
	}
}
