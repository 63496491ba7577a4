package explain

import "fmt"

// Plane is a single-channel 2-D array of H rows and W columns, row-major: element (y, x)
// is Data[y*W+x]. A 28×28 network input is Plane{H: 28, W: 28, Data: x}.
type Plane struct {
	H, W int
	Data []float32
}

// At returns element (y, x) of p.
func (p Plane) At(y, x int) float32 { return p.Data[y*p.W+x] }

// Transpose returns p with rows and columns swapped: element (y, x) of the result is
// element (x, y) of p. A vertical edge becomes a horizontal one.
func (p Plane) Transpose() Plane {
	t := Plane{H: p.W, W: p.H, Data: make([]float32, len(p.Data))}
	for y := range p.H {
		for x := range p.W {
			t.Data[x*t.W+y] = p.At(y, x)
		}
	}
	return t
}

// check panics unless p's shape is positive and matches its data.
func (p Plane) check(fn string) {
	if p.H <= 0 || p.W <= 0 || len(p.Data) != p.H*p.W {
		panic(fmt.Sprintf("explain: %s: plane of %dx%d with %d values", fn, p.H, p.W, len(p.Data)))
	}
}

// Kernel is a named square convolution kernel of Size×Size weights, row-major: weight
// (y, x) is Weights[y*Size+x].
type Kernel struct {
	Name    string
	Size    int
	Weights []float32
}

// Plane returns k's weights as a Size×Size plane (sharing memory).
func (k Kernel) Plane() Plane { return Plane{H: k.Size, W: k.Size, Data: k.Weights} }

// check panics unless k is square, odd-sized and matches its weights.
func (k Kernel) check(fn string) {
	if k.Size <= 0 || k.Size%2 == 0 || len(k.Weights) != k.Size*k.Size {
		panic(fmt.Sprintf("explain: %s: kernel %q of size %d with %d weights, want an odd size and size² weights", fn, k.Name, k.Size, len(k.Weights)))
	}
}

// Names of the hand-made kernels.
const (
	VerticalEdgeName   = "vertical edge"
	HorizontalEdgeName = "horizontal edge"
	DiagonalDownName   = `diagonal \ edge` // from top left to bottom right
	DiagonalUpName     = "diagonal / edge" // from bottom left to top right
	SobelXName         = "Sobel x"
	SobelYName         = "Sobel y"
	BlurName           = "blur"
)

// VerticalEdge returns the classic 3×3 vertical-edge kernel [[1,0,−1],[1,0,−1],[1,0,−1]]:
// positive where the image is brighter on the left than on the right.
func VerticalEdge() Kernel {
	return Kernel{Name: VerticalEdgeName, Size: 3, Weights: []float32{
		1, 0, -1,
		1, 0, -1,
		1, 0, -1,
	}}
}

// HorizontalEdge returns the transpose of VerticalEdge, [[1,1,1],[0,0,0],[−1,−1,−1]]:
// positive where the image is brighter above than below.
func HorizontalEdge() Kernel {
	k := VerticalEdge().Plane().Transpose()
	return Kernel{Name: HorizontalEdgeName, Size: 3, Weights: k.Data}
}

// HandMadeKernels returns the hand-made kernels, each 3×3 and each positive on the
// bright side of its edge:
//
//   - vertical edge (VerticalEdge): brighter left than right;
//   - horizontal edge (HorizontalEdge): brighter above than below;
//   - diagonal \ edge, along the line from top left to bottom right: brighter above it
//     (top right) than below it;
//   - diagonal / edge, along the line from bottom left to top right: brighter above it
//     (top left) than below it;
//   - Sobel x and Sobel y: the vertical and horizontal edge kernels with the middle row
//     or column weighted twice, which smooths along the edge;
//   - blur: the 3×3 mean, which responds to brightness rather than to edges.
//
// The slice and its kernels are new on every call.
func HandMadeKernels() []Kernel {
	return []Kernel{
		VerticalEdge(),
		HorizontalEdge(),
		{Name: DiagonalDownName, Size: 3, Weights: []float32{
			0, 1, 1,
			-1, 0, 1,
			-1, -1, 0,
		}},
		{Name: DiagonalUpName, Size: 3, Weights: []float32{
			1, 1, 0,
			1, 0, -1,
			0, -1, -1,
		}},
		{Name: SobelXName, Size: 3, Weights: []float32{
			1, 0, -1,
			2, 0, -2,
			1, 0, -1,
		}},
		{Name: SobelYName, Size: 3, Weights: []float32{
			1, 2, 1,
			0, 0, 0,
			-1, -2, -1,
		}},
		{Name: BlurName, Size: 3, Weights: []float32{
			1.0 / 9, 1.0 / 9, 1.0 / 9,
			1.0 / 9, 1.0 / 9, 1.0 / 9,
			1.0 / 9, 1.0 / 9, 1.0 / 9,
		}},
	}
}

// EdgeExample returns the 6×6 image of the classic example: columns 0 to 2 are 10
// (bright), columns 3 to 5 are 0 (dark), so there is a vertical edge down the middle.
// Convolved with VerticalEdge without padding it gives 4×4 rows of [0, 30, 30, 0].
func EdgeExample() Plane {
	p := Plane{H: 6, W: 6, Data: make([]float32, 36)}
	for y := range 6 {
		for x := range 3 {
			p.Data[y*6+x] = 10
		}
	}
	return p
}

// Padding says how a convolution treats the border of its input.
type Padding uint8

const (
	// Valid uses only windows that lie wholly inside the input: an H×W input and a K×K
	// kernel give (H−K+1)×(W−K+1) outputs.
	Valid Padding = iota
	// Same surrounds the input with (K−1)/2 rows and columns of zeros, so that the output
	// has the input's size, as the network's convolutions do.
	Same
)

// String returns "VALID" or "SAME".
func (p Padding) String() string {
	if p == Same {
		return "SAME"
	}
	return "VALID"
}

// Border returns the number of zero rows and columns the padding adds on each side of
// the input for a kernel of the given size: 0 for Valid, (size−1)/2 for Same.
func (p Padding) Border(size int) int {
	if p == Same {
		return (size - 1) / 2
	}
	return 0
}

// Convolve slides k over in with stride 1 and returns the output: at every position,
// the sum of the window's values times the kernel's weights,
//
//	out(y, x) = Σ_ky Σ_kx in(y+ky−b, x+kx−b) · k(ky, kx),   b = pad.Border(k.Size),
//
// with values outside in read as zero. This is cross-correlation, what CNNs (and
// TensorFlow's conv2d) call convolution: the kernel is not flipped, so VerticalEdge is
// positive where the left side is brighter.
//
// Convolve panics if in's shape does not match its data, if k is not odd-sized with
// Size² weights, or if k is larger than in with Valid padding.
func Convolve(in Plane, k Kernel, pad Padding) Plane {
	in.check("Convolve")
	k.check("Convolve")
	b := pad.Border(k.Size)
	out := Plane{H: in.H + 2*b - k.Size + 1, W: in.W + 2*b - k.Size + 1}
	if out.H <= 0 || out.W <= 0 {
		panic(fmt.Sprintf("explain: Convolve: a %dx%d kernel does not fit a %dx%d input with %v padding", k.Size, k.Size, in.H, in.W, pad))
	}
	out.Data = make([]float32, out.H*out.W)
	for y := range out.H {
		for x := range out.W {
			var sum float32
			for ky := range k.Size {
				iy := y + ky - b
				if iy < 0 || iy >= in.H {
					continue
				}
				for kx := range k.Size {
					if ix := x + kx - b; ix >= 0 && ix < in.W {
						sum += in.At(iy, ix) * k.Weights[ky*k.Size+kx]
					}
				}
			}
			out.Data[y*out.W+x] = sum
		}
	}
	return out
}
