package cli

import (
	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/views"
)

// edgeRanking is one hand-made kernel's ranking of conv1's filters, as inspect -json
// prints it: every filter, most similar first.
type edgeRanking struct {
	Kernel  string                `json:"kernel"`
	Filters []explain.FilterMatch `json:"filters"`
}

// edges returns the comparison of the hand-made kernels with net's conv1 filters on input
// (edges.png), traced as t, and the rankings it shows.
func edges(net *cnn.Network, input []float32, t *cnn.Trace) (views.View, []edgeRanking, error) {
	v, ranked, err := views.EdgesView(net, input, t)
	if err != nil {
		return views.View{}, nil, err
	}
	rankings := make([]edgeRanking, len(ranked))
	for i, r := range ranked {
		rankings[i] = edgeRanking{Kernel: r.Kernel.Name, Filters: r.Filters}
	}
	return v, rankings, nil
}
