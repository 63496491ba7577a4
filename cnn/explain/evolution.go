package explain

import (
	"cmp"
	"slices"

	"convscope/cnn"
)

// Frame is the state of the features at one step of training (the paper's figure 4): the
// filters of the network's first convolution, and the maps of its last for the recorded
// input, as a cnn.Trainer records them in its Evolution.
type Frame = cnn.EvolutionFrame

// StrongestMaps returns the n channels of the maps that respond most to the recorder's
// input in the last of frames (largest summed activation first), or all of them if there
// are fewer. Choosing by the last frame shows the features the trained network ends up
// using, and the same channels in every frame, so the strip can be read across: how each
// of them formed. It returns nil for no frames.
func StrongestMaps(frames []Frame, n int) []int {
	if len(frames) == 0 {
		return nil
	}
	a := frames[len(frames)-1].Maps
	sums := make([]float32, a.Shape.C)
	for c := range sums {
		sums[c] = channelSum(a.Data, a.Shape.C, c)
	}
	return largestFirst(sums, n)
}

// largestFirst returns the indices of the n largest values, largest first; ties keep
// the lower index first.
func largestFirst(values []float32, n int) []int {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(values[j], values[i]) })
	return order[:min(n, len(order))]
}

// StrongestFilters returns the n filters with the largest weights (Euclidean norm) in
// the last of frames, largest first, or all of them if there are fewer: the filters
// training shaped most, shown in the same order in every frame. It returns nil for no
// frames.
func StrongestFilters(frames []Frame, n int) []int {
	if len(frames) == 0 {
		return nil
	}
	f := frames[len(frames)-1]
	count := len(f.Filters) / (f.FilterSize * f.FilterSize)
	norms := make([]float32, count)
	for i, w := range f.Filters {
		norms[i%count] += w * w
	}
	return largestFirst(norms, n)
}
