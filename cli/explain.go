package cli

import (
	"context"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
)

// searchTops searches test for the strongest patches of every convolution of net, in the
// network's order.
func searchTops(ctx context.Context, net *cnn.Network, test *mnist.Set) ([]*explain.Top, error) {
	var tops []*explain.Top
	for _, conv := range net.LayersOf(cnn.Convolution) {
		top, err := explain.TopPatches(ctx, net, test, conv.Name, explain.TopOptions{})
		if err != nil {
			return nil, err
		}
		tops = append(tops, top)
	}
	return tops, nil
}
