package cli

import "convscope/cnn/explain"

// edgeRanking is one hand-made kernel's ranking of the first convolution's filters, as
// inspect -json prints it: every filter, most similar first.
type edgeRanking struct {
	Kernel  string                `json:"kernel"`
	Filters []explain.FilterMatch `json:"filters"`
}

// edgeRankings returns the rankings of the edge comparison as inspect -json prints them.
func edgeRankings(ranked []explain.KernelMatches) []edgeRanking {
	rankings := make([]edgeRanking, len(ranked))
	for i, r := range ranked {
		rankings[i] = edgeRanking{Kernel: r.Kernel.Name, Filters: r.Filters}
	}
	return rankings
}
