package explain

import (
	"math"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

func TestOcclusionOptionsAndPixelMap(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	x := make([]float32, mnist.Pixels)
	x[14*28+14] = 1
	if _, err := Occlude(net, x, OcclusionOptions{Size: 30}); err == nil {
		t.Fatal("a 30-pixel square fit a 28-pixel input")
	}
	if _, err := Occlude(net, x, OcclusionOptions{Class: 10}); err == nil {
		t.Fatal("class 10 accepted")
	}
	occ, err := Occlude(net, x, OcclusionOptions{Size: 4, Stride: 4, Class: 3})
	if err != nil || occ.Rows != 7 || occ.Cols != 7 {
		t.Fatalf("4-pixel squares by 4: %v, %dx%d positions", err, occ.Rows, occ.Cols)
	}
	// Non-overlapping 4×4 squares tile the image: each pixel takes its square's value.
	values := make([]float32, 49)
	for i := range values {
		values[i] = float32(i)
	}
	m := occ.PixelMap(values, 28, 28)
	if m[0] != 0 || m[27] != 6 || m[27*28+27] != 48 || m[5*28+9] != 9 {
		t.Fatalf("pixel map corners %v %v %v, (5,9) %v", m[0], m[27], m[27*28+27], m[5*28+9])
	}
	for _, v := range occ.Probability {
		if v < 0 || v > 1 || math.IsNaN(float64(v)) {
			t.Fatalf("probability %v", v)
		}
	}
}
