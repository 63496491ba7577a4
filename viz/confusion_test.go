package viz

import (
	"math/rand/v2"
	"testing"
)

// mnistLikeConfusion returns a 10x10 confusion matrix of 10,000 test examples with about
// 99% on the diagonal and a few typical confusions (4 as 9, 7 as 2, 3 as 5).
func mnistLikeConfusion() [][]int {
	rng := rand.New(rand.NewPCG(1, 1))
	// Per-class example counts of the MNIST test set.
	sizes := []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
	counts := make([][]int, 10)
	for t := range counts {
		counts[t] = make([]int, 10)
		for range sizes[t] {
			p := t
			if rng.Float64() < 0.01 {
				p = rng.IntN(10)
			}
			counts[t][p]++
		}
	}
	for _, c := range []struct{ t, p, k int }{{4, 9, 7}, {7, 2, 5}, {3, 5, 4}} {
		counts[c.t][c.t] -= c.k
		counts[c.t][c.p] += c.k
	}
	return counts
}

func TestConfusionGolden(t *testing.T) {
	checkGolden(t, "confusion", Confusion(mnistLikeConfusion(), ConfusionOptions{Title: "Confusion on the test set", Highlight: true, Selected: 4*10 + 9}))
}
