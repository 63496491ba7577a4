package explain

import (
	"slices"
	"testing"

	"convscope/cnn"
)

func TestStrongestMapsOfTheLastFrame(t *testing.T) {
	frame := func(sums ...float32) Frame {
		return Frame{Maps: cnn.Activation{Shape: cnn.Shape{H: 1, W: 1, C: len(sums)}, Data: sums}}
	}
	frames := []Frame{frame(9, 0, 0, 0), frame(1, 3, 0, 2)}
	if got := StrongestMaps(frames, 3); !slices.Equal(got, []int{1, 3, 0}) {
		t.Fatalf("strongest maps %v, want 1, 3, 0 (by the last frame)", got)
	}
	if got := StrongestMaps(frames, 10); len(got) != 4 {
		t.Fatalf("asked for 10 of 4 maps, got %v", got)
	}
	if StrongestMaps(nil, 3) != nil {
		t.Fatal("maps of no frames")
	}
}

func TestStrongestFiltersOfTheLastFrame(t *testing.T) {
	// Two 1×1 filters (HWIO 1×1×1×3): filter 2 has the largest weight, then filter 0.
	frames := []Frame{{FilterSize: 1, Filters: []float32{9, 0, 0}}, {FilterSize: 1, Filters: []float32{-2, 1, 3}}}
	if got := StrongestFilters(frames, 2); !slices.Equal(got, []int{2, 0}) {
		t.Fatalf("strongest filters %v, want 2, 0", got)
	}
}
