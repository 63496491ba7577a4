package views

import (
	"fmt"
	"image"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/viz"
)

// EdgeMatchesShown is the number of learned filters EdgesView shows per hand-made kernel.
const EdgeMatchesShown = 3

// ConvolutionStepView returns one step of kernel k sliding over in with padding pad
// (convolution.png): the window at output cell position (row-major), the output filled up
// to it, and its multiply-and-add. It panics if position is not an output cell or k does
// not fit in (see explain.Convolve).
func ConvolutionStepView(in explain.Plane, k explain.Kernel, pad explain.Padding, position int) View {
	out := explain.Convolve(in, k, pad)
	if position < 0 || position >= out.H*out.W {
		panic(fmt.Sprintf("views: ConvolutionStepView: position %d not in [0, %d)", position, out.H*out.W))
	}
	st := viz.ConvolutionStep{
		Input:    plane(in),
		Kernel:   viz.Filters{KH: k.Size, KW: k.Size, In: 1, Out: 1, Data: k.Weights},
		Output:   plane(out),
		Pad:      pad.Border(k.Size),
		Position: position,
	}
	title := tr.F("%s kernel, %v padding", KernelName(k.Name), pad)
	return View{"convolution.png", func(s int) image.Image {
		return viz.Convolution(st, viz.ConvolutionOptions{Scale: s, Title: title})
	}}
}

// plane returns p as a single-channel viz volume (shared memory).
func plane(p explain.Plane) viz.Volume { return viz.Volume{H: p.H, W: p.W, C: 1, Data: p.Data} }

// EdgesView returns the comparison of the hand-made kernels with the filters of the
// network's first convolution on a 28×28 input (edges.png), and the ranking it shows
// (explain.RankFirstConv of the hand-made kernels): for each kernel, the kernel and its
// response on the input (SAME padding, as the network's), then the EdgeMatchesShown
// filters most like it with their similarity, weights and feature maps taken from the trace
// t of the input through net. It returns an error if net's first convolution is not
// single-channel, or t has no activation of it.
func EdgesView(net *cnn.Network, input []float32, t *cnn.Trace) (View, []explain.KernelMatches, error) {
	matches, first, err := explain.RankFirstConv(net, explain.HandMadeKernels())
	if err != nil {
		return View{}, nil, err
	}
	filters := ConvFilters(net.Conv(first))
	maps, ok := t.Layer(first.Name)
	if !ok {
		return View{}, nil, tr.Errorf("the trace has no %s activation", first.Name)
	}
	in := explain.Plane{H: mnist.Rows, W: mnist.Cols, Data: input}
	rows := make([]viz.EdgeRow, len(matches))
	for i, km := range matches {
		k := km.Kernel
		rows[i] = viz.EdgeRow{
			Name:     KernelName(k.Name),
			Kernel:   viz.Filters{KH: k.Size, KW: k.Size, In: 1, Out: 1, Data: k.Weights},
			Response: plane(explain.Convolve(in, k, explain.Same)),
		}
		for _, m := range km.Filters[:min(EdgeMatchesShown, len(km.Filters))] {
			rows[i].Matches = append(rows[i].Matches, viz.EdgeMatch{
				Filter: m.Filter, Similarity: m.Similarity,
				Weights: singleFilter(filters, m.Filter),
				Map:     channel(Volume(maps), m.Filter),
			})
		}
	}
	vin := Input(input)
	title := tr.F("Edge detectors: hand-made kernels and the %s filters most like them", first.Name)
	return View{"edges.png", func(s int) image.Image {
		return viz.EdgeComparison(vin, rows, viz.EdgesOptions{Scale: s, Title: title, Layer: first.Name})
	}}, matches, nil
}

// KernelName returns the name of a hand-made kernel (explain.HandMadeKernels) as pictures
// and captions show it, in the user's language; the kernel keeps its English name, which
// the command line and saved rankings use.
func KernelName(name string) string {
	switch name {
	case explain.VerticalEdgeName:
		return tr.T("vertical edge")
	case explain.HorizontalEdgeName:
		return tr.T("horizontal edge")
	case explain.DiagonalDownName:
		return tr.T(`diagonal \ edge`)
	case explain.DiagonalUpName:
		return tr.T("diagonal / edge")
	case explain.BlurName:
		return tr.T("blur")
	}
	return name // Sobel x, Sobel y and kernels of the user's own
}

// singleFilter returns output channel co of single-channel filters f as a KH×KW×1×1 copy.
func singleFilter(f viz.Filters, co int) viz.Filters {
	one := viz.Filters{KH: f.KH, KW: f.KW, In: 1, Out: 1, Data: make([]float32, f.KH*f.KW)}
	for i := range one.Data {
		one.Data[i] = f.Data[i*f.Out+co]
	}
	return one
}

// channel returns map c of v as an H×W×1 copy.
func channel(v viz.Volume, c int) viz.Volume {
	m := viz.Volume{H: v.H, W: v.W, C: 1, Data: make([]float32, v.H*v.W)}
	for i := range m.Data {
		m.Data[i] = v.Data[i*v.C+c]
	}
	return m
}
