package cnn

import "convscope/internal/tr"

// window is where a layer's sliding windows lie over its input: K×K windows moved by
// Stride pixels, the first one PadTop rows above and PadLeft columns left of the input's
// corner (in the zero padding), OutH×OutW of them.
type window struct {
	K, Stride       int
	PadTop, PadLeft int
	OutH, OutW      int
}

// convWindow returns the windows of a convolution with a k×k kernel and the given stride
// and padding over an input of shape in, or an error saying why they do not fit.
func convWindow(in Shape, k, stride int, padding Padding) (window, error) {
	switch {
	case k < 1 || stride < 1:
		return window{}, tr.Errorf("a %dx%d kernel with stride %d", k, k, stride)
	case padding == Valid && (in.H < k || in.W < k):
		return window{}, tr.Errorf("input is %dx%d, smaller than the %dx%d kernel", in.H, in.W, k, k)
	case in.H < 1 || in.W < 1:
		return window{}, tr.Errorf("input is %dx%d", in.H, in.W)
	}
	g := window{K: k, Stride: stride}
	if padding == Valid {
		g.OutH, g.OutW = (in.H-k)/stride+1, (in.W-k)/stride+1
		return g, nil
	}
	g.OutH, g.OutW = (in.H+stride-1)/stride, (in.W+stride-1)/stride
	g.PadTop = max((g.OutH-1)*stride+k-in.H, 0) / 2
	g.PadLeft = max((g.OutW-1)*stride+k-in.W, 0) / 2
	return g, nil
}
