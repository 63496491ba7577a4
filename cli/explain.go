package cli

import (
	"context"
	"fmt"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/views"
	"convscope/viz"
)

// projectedLayer is the layer whose channel inspect projects back to pixel space.
const projectedLayer = "conv2"

// Rows of the feature evolution strip that train and inspect write.
const (
	evolutionFilters = 8 // conv1 filters
	evolutionMaps    = 8 // conv2 maps
)

// zeilerFergus returns the pictures of what the features of net respond to, searched on
// the test set: the strongest test patches of every conv1 and conv2 channel, the
// projections of conv2's channel (or, if channel is negative, of the channel strongest
// for input) for input and for its patches, and the saliency of the predicted digit for
// input. It also returns the channel projected.
func zeilerFergus(ctx context.Context, net *cnn.Network, test *mnist.Set, input []float32, t *cnn.Trace, channel int) ([]views.View, int, error) {
	a, ok := t.Layer(projectedLayer)
	if !ok {
		return nil, 0, fmt.Errorf("the network has no layer %s", projectedLayer)
	}
	switch {
	case channel < 0:
		channel = explain.StrongestChannel(a)
	case channel >= a.Shape.C:
		return nil, 0, fmt.Errorf("-channel %d is out of range: %s has channels 0 to %d", channel, projectedLayer, a.Shape.C-1)
	}
	var vs []views.View
	var projected *explain.Top
	for _, layer := range []string{"conv1", projectedLayer} {
		top, err := explain.TopPatches(ctx, net, test, layer, explain.TopOptions{})
		if err != nil {
			return nil, 0, err
		}
		vs = append(vs, views.TopView(top, viz.PatchGridOptions{}))
		projected = top
	}
	cp, err := explain.ProjectChannel(net, test, projected, input, channel)
	if err != nil {
		return nil, 0, err
	}
	sal, err := explain.ClassSaliency(net, input, explain.Predicted)
	if err != nil {
		return nil, 0, err
	}
	return append(vs, views.ProjectionView(cp), views.SaliencyView(input, sal)), channel, nil
}

// evolutionViews returns the feature evolution strip of a run's recorded frames, or
// nothing if there are none.
func evolutionViews(frames []explain.Frame) []views.View {
	if len(frames) == 0 {
		return nil
	}
	return []views.View{views.EvolutionView(frames, evolutionFilters, evolutionMaps, viz.EvolutionOptions{})}
}

// evolutionInput is the test image whose conv2 maps train records: the first, a 7.
const evolutionInput = 0
