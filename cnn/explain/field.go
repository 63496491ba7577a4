package explain

import (
	"fmt"

	"convscope/cnn"
	"convscope/internal/tr"
)

// Field is the receptive field of the units of a convolution or pooling layer: the square
// of input pixels that one unit's value depends on. Unit (y, x) sees the Size×Size pixels
// whose top-left corner is (Offset+y·Stride, Offset+x·Stride); the square may overhang
// the input, where the network saw zero padding. For the reference network, conv1's units
// see 5×5 pixels (Offset −2, Stride 1) and conv2's 14×14 (Offset −6, Stride 2).
type Field struct {
	Layer  string
	Size   int // side of the square, in input pixels
	Stride int // input pixels between the fields of neighbouring units
	Offset int // input row (and column) of the top-left corner of unit (0, 0)'s field
}

// ReceptiveField returns the receptive field of the units of the named layer of net, for
// a square input (the fields of a non-square one are not square). It returns an error if
// there is no such layer, or if the layer or one below it is not a convolution or pooling
// layer (a dense unit sees the whole input).
func ReceptiveField(net *cnn.Network, layer string) (Field, error) {
	f := Field{Layer: layer, Size: 1, Stride: 1}
	for _, info := range net.Describe() {
		// A window of k units moved by s, starting p units before the first, widens the
		// field by k−1 units of the layer below, moves its corner by p and multiplies
		// its stride by s.
		switch l := net.Layers[info.Index].(type) {
		case *cnn.Conv2D:
			top, _ := l.Pad(info.In)
			f.Size += (l.K - 1) * f.Stride
			f.Offset -= top * f.Stride
			f.Stride *= l.Stride
		case *cnn.MaxPool:
			f.Size += (l.Size - 1) * f.Stride
			f.Stride *= l.Stride
		case *cnn.AvgPool:
			f.Size += (l.Size - 1) * f.Stride
			f.Stride *= l.Stride
		case *cnn.Dropout: // the identity, for a unit's field
		default:
			return Field{}, tr.Errorf("%s is not a convolution or pooling layer: its units see the whole input", info.Name)
		}
		if info.Name == layer {
			return f, nil
		}
	}
	return Field{}, tr.Errorf("the network has no layer %q", layer)
}

// Corner returns the input pixel (row, column) at the top-left corner of unit (y, x)'s
// field; it may lie outside the input.
func (f Field) Corner(y, x int) (row, col int) {
	return f.Offset + y*f.Stride, f.Offset + x*f.Stride
}

// Crop returns the Size×Size values (row-major) of the h×w single-channel image img that
// unit (y, x) sees, with zeros where the field overhangs the image. It panics if
// len(img) != h*w.
func (f Field) Crop(img []float32, h, w, y, x int) []float32 {
	if len(img) != h*w {
		panic(fmt.Sprintf("explain: Field.Crop: %d values for a %dx%d image", len(img), h, w))
	}
	top, left := f.Corner(y, x)
	out := make([]float32, f.Size*f.Size)
	for r := max(0, -top); r < f.Size && top+r < h; r++ {
		c0, c1 := max(0, -left), min(f.Size, w-left)
		if c0 < c1 {
			copy(out[r*f.Size+c0:r*f.Size+c1], img[(top+r)*w+left+c0:(top+r)*w+left+c1])
		}
	}
	return out
}
