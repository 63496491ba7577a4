package explain

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"convscope/cnn"
	"convscope/internal/tr"
)

// FilterMatch is one learned filter's likeness to a hand-made kernel.
type FilterMatch struct {
	Filter     int     `json:"filter"`     // output channel of the layer
	Similarity float64 `json:"similarity"` // in [−1, 1]; see Similarity
}

// KernelMatches is the ranking of a layer's filters by their likeness to one kernel.
type KernelMatches struct {
	Kernel Kernel
	// Filters holds every filter of the layer, most similar first (ties in filter order).
	Filters []FilterMatch
}

// Similarity returns the cosine similarity of a size×size filter (row-major) with the
// kernel k zero-padded to size×size around its centre, both made zero-mean first:
//
//	cos = Σ (f − mean f)(k − mean k) / (‖f − mean f‖ ‖k − mean k‖)
//
// Subtracting the means ignores brightness (a filter's constant part, which any bias
// absorbs) and compares the patterns; the cosine ignores scale. The sign counts: 1 is the
// kernel's pattern, −1 the negated kernel's, which detects the same edge with the
// opposite contrast (bright on the other side), 0 nothing in common. A filter or kernel
// that is constant has similarity 0.
//
// Similarity panics if len(filter) != size², if k is not odd-sized with Size² weights, or
// if k is larger than the filter or their sizes differ by an odd number.
func Similarity(filter []float32, size int, k Kernel) float64 {
	k.check("Similarity")
	if len(filter) != size*size {
		panic(fmt.Sprintf("explain: Similarity: %d weights for a %dx%d filter", len(filter), size, size))
	}
	if k.Size > size || (size-k.Size)%2 != 0 {
		panic(fmt.Sprintf("explain: Similarity: a %dx%d kernel cannot be centred in a %dx%d filter", k.Size, k.Size, size, size))
	}
	padded := make([]float64, size*size)
	off := (size - k.Size) / 2
	for y := range k.Size {
		for x := range k.Size {
			padded[(y+off)*size+x+off] = float64(k.Weights[y*k.Size+x])
		}
	}
	f := make([]float64, len(filter))
	for i, w := range filter {
		f[i] = float64(w)
	}
	centre(f)
	centre(padded)
	var dot, ff, kk float64
	for i := range f {
		dot += f[i] * padded[i]
		ff += f[i] * f[i]
		kk += padded[i] * padded[i]
	}
	if ff == 0 || kk == 0 {
		return 0
	}
	return dot / math.Sqrt(ff*kk)
}

// centre subtracts the mean of v from each of its values.
func centre(v []float64) {
	var sum float64
	for _, x := range v {
		sum += x
	}
	mean := sum / float64(len(v))
	for i := range v {
		v[i] -= mean
	}
}

// RankFilters ranks single-channel filters (HWIO, size×size×1×count, such as conv1's
// 5×5×1×32 weights) by their Similarity to each kernel: one KernelMatches per kernel, in
// the kernels' order, each listing all count filters, most similar first. A filter that
// is the negated kernel has similarity −1 and ranks last.
//
// RankFilters panics if len(weights) != size²·count or a kernel does not fit the filters
// (see Similarity).
func RankFilters(weights []float32, size, count int, kernels []Kernel) []KernelMatches {
	if size <= 0 || count <= 0 || len(weights) != size*size*count {
		panic(fmt.Sprintf("explain: RankFilters: %d weights for %d filters of %dx%d", len(weights), count, size, size))
	}
	filters := make([][]float32, count)
	for co := range filters {
		filters[co] = make([]float32, size*size)
		for i := range size * size {
			filters[co][i] = weights[i*count+co]
		}
	}
	ranked := make([]KernelMatches, len(kernels))
	for i, k := range kernels {
		m := KernelMatches{Kernel: k, Filters: make([]FilterMatch, count)}
		for co, f := range filters {
			m.Filters[co] = FilterMatch{Filter: co, Similarity: Similarity(f, size, k)}
		}
		slices.SortStableFunc(m.Filters, func(a, b FilterMatch) int { return cmp.Compare(b.Similarity, a.Similarity) })
		ranked[i] = m
	}
	return ranked
}

// RankFirstConv ranks the filters of the network's first convolution against each
// kernel (see RankFilters), and returns that layer. It returns an error if the network has
// no convolution, the first has more than one input channel, or a kernel cannot be
// centred in its filters (a larger kernel, or sizes of different parity).
func RankFirstConv(net *cnn.Network, kernels []Kernel) ([]KernelMatches, cnn.LayerInfo, error) {
	first, ok := net.First(cnn.Convolution)
	if !ok {
		return nil, first, tr.Errorf("the network has no convolution layer")
	}
	c := net.Conv(first)
	if c.In != 1 {
		return nil, first, tr.Errorf("%s has %d input channels; the edge kernels compare with single-channel filters", first.Name, c.In)
	}
	for _, k := range kernels {
		if k.Size > c.K || (c.K-k.Size)%2 != 0 {
			return nil, first, tr.Errorf("the %dx%d %s kernel cannot be centred in %s's %dx%d filters: the edge kernels compare with filters of an odd size, %d or more",
				k.Size, k.Size, k.Name, first.Name, c.K, c.K, k.Size)
		}
	}
	return RankFilters(c.Weights.Value, c.K, c.Out, kernels), first, nil
}
