package explain

import (
	"slices"
	"testing"
)

// rows returns p's values row by row.
func rows(p Plane) [][]float32 {
	r := make([][]float32, p.H)
	for y := range r {
		r[y] = p.Data[y*p.W : (y+1)*p.W]
	}
	return r
}

func TestConvolveEdgeExample(t *testing.T) {
	// The classic example: 10s on the left, 0s on the right, and the vertical-edge kernel
	// give a bright band of 30s where the edge is.
	valid := Convolve(EdgeExample(), VerticalEdge(), Valid)
	if valid.H != 4 || valid.W != 4 {
		t.Fatalf("VALID output is %dx%d, want 4x4", valid.H, valid.W)
	}
	for y, row := range rows(valid) {
		if want := []float32{0, 30, 30, 0}; !slices.Equal(row, want) {
			t.Errorf("VALID row %d = %v, want %v", y, row, want)
		}
	}
	// SAME pads with a ring of zeros: at x = 0 the padding's 0 minus the 10s to the
	// right is −30 (a false edge at the border), in the top and bottom rows only two of
	// the kernel's three rows see the image, so ±30 becomes ±20.
	border := []float32{-20, 0, 20, 20, 0, 0}
	inner := []float32{-30, 0, 30, 30, 0, 0}
	want := [][]float32{border, inner, inner, inner, inner, border}
	same := Convolve(EdgeExample(), VerticalEdge(), Same)
	if same.H != 6 || same.W != 6 {
		t.Fatalf("SAME output is %dx%d, want 6x6", same.H, same.W)
	}
	for y, row := range rows(same) {
		if !slices.Equal(row, want[y]) {
			t.Errorf("SAME row %d = %v, want %v", y, row, want[y])
		}
	}
	// The transposed input has its edge across: the horizontal-edge kernel sees it and
	// the vertical one does not.
	across := Convolve(EdgeExample().Transpose(), HorizontalEdge(), Valid)
	for y, row := range rows(across) {
		v := []float32{0, 30, 30, 0}[y]
		if want := []float32{v, v, v, v}; !slices.Equal(row, want) {
			t.Errorf("horizontal kernel on the transposed input, row %d = %v, want %v", y, row, want)
		}
	}
	for _, v := range Convolve(EdgeExample().Transpose(), VerticalEdge(), Valid).Data {
		if v != 0 {
			t.Fatalf("the vertical kernel responds %v to a horizontal edge", v)
		}
	}
}

func TestConvolveIsCrossCorrelation(t *testing.T) {
	// A single 1 in the middle of the input copies the kernel flipped (a true
	// convolution would copy it upright): out(y, x) = k(2−y, 2−x) around the 1.
	in := Plane{H: 3, W: 3, Data: []float32{0, 0, 0, 0, 1, 0, 0, 0, 0}}
	k := Kernel{Name: "ramp", Size: 3, Weights: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}}
	if got, want := Convolve(in, k, Same).Data, []float32{9, 8, 7, 6, 5, 4, 3, 2, 1}; !slices.Equal(got, want) {
		t.Errorf("impulse response %v, want the flipped kernel %v", got, want)
	}
}

func TestHorizontalEdgeIsTheTranspose(t *testing.T) {
	if got, want := HorizontalEdge().Weights, VerticalEdge().Plane().Transpose().Data; !slices.Equal(got, want) {
		t.Errorf("horizontal edge %v, want %v", got, want)
	}
	if got := HorizontalEdge().Weights; !slices.Equal(got, []float32{1, 1, 1, 0, 0, 0, -1, -1, -1}) {
		t.Errorf("horizontal edge %v", got)
	}
}

// stepImage returns a size×size image that is 1 where bright(y, x) holds and 0 elsewhere.
func stepImage(size int, bright func(y, x int) bool) Plane {
	p := Plane{H: size, W: size, Data: make([]float32, size*size)}
	for y := range size {
		for x := range size {
			if bright(y, x) {
				p.Data[y*size+x] = 1
			}
		}
	}
	return p
}

func TestEdgeKernelsPeakAtTheEdge(t *testing.T) {
	const n = 12
	// Each step image has its edge on a known line and its bright side where the kernel
	// is positive; onEdge says whether the 3×3 window at (y, x) straddles the edge.
	vertical := stepImage(n, func(_, x int) bool { return x < n/2 })
	horizontal := stepImage(n, func(y, _ int) bool { return y < n/2 })
	down := stepImage(n, func(y, x int) bool { return x > y })   // bright above ╲
	up := stepImage(n, func(y, x int) bool { return x+y < n-1 }) // bright above ╱
	tests := []struct {
		kernel string
		image  Plane
		onEdge func(y, x int) bool
	}{
		{VerticalEdgeName, vertical, func(_, x int) bool { return x == n/2-1 || x == n/2 }},
		{SobelXName, vertical, func(_, x int) bool { return x == n/2-1 || x == n/2 }},
		{HorizontalEdgeName, horizontal, func(y, _ int) bool { return y == n/2-1 || y == n/2 }},
		{SobelYName, horizontal, func(y, _ int) bool { return y == n/2-1 || y == n/2 }},
		{DiagonalDownName, down, func(y, x int) bool { return x-y >= -1 && x-y <= 1 }},
		{DiagonalUpName, up, func(y, x int) bool { return x+y >= n-2 && x+y <= n }},
	}
	kernels := map[string]Kernel{}
	for _, k := range HandMadeKernels() {
		kernels[k.Name] = k
	}
	for _, tt := range tests {
		out := Convolve(tt.image, kernels[tt.kernel], Same)
		peak := slices.Max(out.Data)
		if peak <= 0 {
			t.Errorf("%s: largest response %v, want a positive peak", tt.kernel, peak)
			continue
		}
		// Away from the image's border (where the zero padding makes edges of its own),
		// the response reaches the peak on the edge and stays far below it elsewhere.
		edgePeak := float32(0)
		for y := 1; y < n-1; y++ {
			for x := 1; x < n-1; x++ {
				v := out.At(y, x)
				if tt.onEdge(y, x) {
					edgePeak = max(edgePeak, v)
				} else if v > peak/2 {
					t.Errorf("%s: response %v at (%d, %d), off the edge, is more than half the peak %v", tt.kernel, v, y, x, peak)
				}
			}
		}
		if edgePeak != peak {
			t.Errorf("%s: largest response on the edge %v, want the peak %v", tt.kernel, edgePeak, peak)
		}
	}
}

func TestBlurKeepsFlatRegions(t *testing.T) {
	var blur Kernel
	for _, k := range HandMadeKernels() {
		if k.Name == BlurName {
			blur = k
		}
	}
	// Its weights sum to 1: a flat region keeps its value and a step becomes a ramp.
	out := Convolve(stepImage(6, func(_, x int) bool { return x < 3 }), blur, Valid)
	for y, row := range rows(out) {
		want := []float32{1, 2.0 / 3, 1.0 / 3, 0}
		for x, v := range row {
			if d := v - want[x]; d > 1e-6 || d < -1e-6 {
				t.Fatalf("blurred step, row %d = %v, want %v", y, row, want)
			}
		}
	}
}

func TestConvolvePanicsOnBadShapes(t *testing.T) {
	for name, f := range map[string]func(){
		"even kernel":    func() { Convolve(EdgeExample(), Kernel{Size: 2, Weights: make([]float32, 4)}, Valid) },
		"short kernel":   func() { Convolve(EdgeExample(), Kernel{Size: 3, Weights: make([]float32, 8)}, Valid) },
		"short plane":    func() { Convolve(Plane{H: 6, W: 6, Data: make([]float32, 35)}, VerticalEdge(), Valid) },
		"kernel too big": func() { Convolve(Plane{H: 2, W: 2, Data: make([]float32, 4)}, VerticalEdge(), Valid) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
	// SAME fits any input.
	if out := Convolve(Plane{H: 2, W: 2, Data: []float32{1, 0, 1, 0}}, VerticalEdge(), Same); out.H != 2 || out.W != 2 {
		t.Errorf("SAME on 2x2: %dx%d", out.H, out.W)
	}
}
