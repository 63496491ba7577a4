package cnn

import (
	"math"
	"testing"
)

func TestSumGradientsAddsAndChecksFiniteness(t *testing.T) {
	net := NewReference(1, 0.5)
	for _, count := range []int{1, 2, 3} {
		for _, bad := range []float32{0, float32(math.NaN()), float32(math.Inf(-1))} {
			ws := newWorkers(net, 50, count)
			for k, w := range ws {
				for _, g := range w.grads {
					for i := range g {
						g[i] = float32(k + 1)
					}
				}
			}
			last := ws[len(ws)-1].grads
			if bad != 0 {
				last[4][len(last[4])-1] = bad // fc1's weights, in the last worker's share
			}
			finite := true
			for _, w := range ws {
				for _, s := range w.segments {
					finite = !math.IsNaN(float64(sumGradients(ws, s.param, s.lo, s.hi))) && finite
				}
			}
			if want := bad == 0; finite != want {
				t.Errorf("%d workers, poison %v: finite %v, want %v", count, bad, finite, want)
			}
			if bad == 0 {
				want := float32(count * (count + 1) / 2)
				for p, g := range ws[0].grads {
					if g[0] != want || g[len(g)-1] != want {
						t.Fatalf("%d workers: parameter %d sums to %v…%v, want %v", count, p, g[0], g[len(g)-1], want)
					}
				}
			}
		}
	}
}
