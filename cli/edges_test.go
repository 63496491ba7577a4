package cli

import (
	"math"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
)

func TestEdgeRankings(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	// Filter 20 of conv1 becomes the negated horizontal-edge kernel: a dark-above edge
	// detector, last for the horizontal edge at −1.
	w := net.Layers[0].(*cnn.Conv2D).Weights.Value
	for i := range 25 {
		w[i*32+20] = 0
	}
	for y := range 3 {
		for x := range 3 {
			w[((y+1)*5+x+1)*32+20] = -explain.HorizontalEdge().Weights[y*3+x]
		}
	}
	ranked, _, err := explain.RankFirstConv(net, explain.HandMadeKernels())
	if err != nil {
		t.Fatal(err)
	}
	rankings := edgeRankings(ranked)
	if len(rankings) != len(explain.HandMadeKernels()) {
		t.Fatalf("%d rankings", len(rankings))
	}
	h := rankings[1]
	if h.Kernel != explain.HorizontalEdgeName || len(h.Filters) != 32 {
		t.Fatalf("second ranking: %s with %d filters", h.Kernel, len(h.Filters))
	}
	if last := h.Filters[31]; last.Filter != 20 || math.Abs(last.Similarity+1) > 1e-6 {
		t.Errorf("last for the horizontal edge: %+v, want filter 20 at −1", last)
	}
}
