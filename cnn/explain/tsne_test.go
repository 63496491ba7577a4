package explain

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// clusters returns perCluster points around each of k centres 20 apart in d dimensions,
// with unit noise, and their cluster labels.
func clusters(k, perCluster, d int) ([]float32, []uint8) {
	rng := rand.New(rand.NewPCG(1, 1))
	var x []float32
	var labels []uint8
	for c := range k {
		for range perCluster {
			for j := range d {
				centre := 0.0
				if j == c {
					centre = 20
				}
				x = append(x, float32(centre+rng.NormFloat64()))
			}
			labels = append(labels, uint8(c))
		}
	}
	return x, labels
}

func TestTSNESeparatesClusters(t *testing.T) {
	x, labels := clusters(3, 30, 10)
	ts := TSNE{Perplexity: 10, Iterations: 400, Seed: 1}
	y, err := ts.Embed(context.Background(), x, 90, 10)
	if err != nil {
		t.Fatal(err)
	}
	agree, err := NeighbourAgreement(y, labels, 5)
	if err != nil {
		t.Fatal(err)
	}
	if agree != 1 {
		t.Fatalf("%.3f of the 5 nearest neighbours share a point's cluster, want all", agree)
	}
	// The same seed gives the same map, on any number of goroutines.
	ts.Workers = 1
	again, err := ts.Embed(context.Background(), x, 90, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y, again) {
		t.Fatal("t-SNE gave another map for the same seed on one goroutine")
	}
}

func TestTSNEReportsProgressAndStopsWhenCancelled(t *testing.T) {
	x, _ := clusters(2, 20, 4)
	ctx, cancel := context.WithCancel(context.Background())
	var reports []int
	ts := TSNE{Perplexity: 5, Iterations: 100, Progress: func(done, total int) {
		reports = append(reports, done)
		if done == 30 {
			cancel()
		}
	}}
	if _, err := ts.Embed(ctx, x, 40, 4); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled t-SNE returned %v", err)
	}
	if !slices.Equal(reports, []int{0, 10, 20, 30}) {
		t.Fatalf("progress reports %v, want every 10 iterations until the cancel", reports)
	}
}

func TestTSNERejectsTooFewPoints(t *testing.T) {
	x, _ := clusters(2, 5, 3)
	if _, err := (TSNE{}).Embed(context.Background(), x, 10, 3); err == nil {
		t.Fatal("10 points were mapped with perplexity 30")
	}
}

func TestNeighbourAgreementCountsSharedLabels(t *testing.T) {
	// Points on a line at 0, 1, 2, 10, 11: label 0, 0, 1, 1, 1. Nearest neighbours: 0→1,
	// 1→0 (ties break by index), 2→1, 10→11, 11→10: all but 2's agree.
	points := []float32{0, 0, 1, 0, 2, 0, 10, 0, 11, 0}
	got, err := NeighbourAgreement(points, []uint8{0, 0, 1, 1, 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got != 0.8 {
		t.Fatalf("agreement %v, want 0.8", got)
	}
	if _, err := NeighbourAgreement(points, []uint8{0, 0}, 1); err == nil {
		t.Fatal("5 points with 2 labels gave no error")
	}
}
