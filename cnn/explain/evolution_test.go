package explain

import (
	"slices"
	"sync"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

func TestLogStep(t *testing.T) {
	var got []int
	for step := -1; step <= 2000; step++ {
		if LogStep(step) {
			got = append(got, step)
		}
	}
	want := []int{0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}
	if !slices.Equal(got, want) {
		t.Fatalf("log steps %v, want %v", got, want)
	}
}

func TestRecorderKeepsCopiesInStepOrder(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	x := dot(14, 14)
	r := NewRecorder(x)
	x[0] = 1 // the recorder keeps its own copy
	conv1 := net.Params()[0].Value
	for _, step := range []int{0, 1, 2, 5} {
		r.Record(step, net)
		conv1[0] += 1 // training changes the weights after each frame
	}
	r.Record(2, net) // a run that starts again from step 2 replaces the frames from 2 on
	frames := r.Frames()
	if steps := frameSteps(frames); !slices.Equal(steps, []int{0, 1, 2}) {
		t.Fatalf("frames of steps %v, want 0, 1, 2", steps)
	}
	if r.Input()[0] != 0 {
		t.Fatal("the recorder's input changed with the caller's slice")
	}
	f0, f2 := frames[0], frames[2]
	if f0.FilterSize != 5 || len(f0.Filters) != 5*5*32 || f2.Filters[0]-f0.Filters[0] != 4 {
		t.Fatalf("filters: size %d, %d weights, weight 0 went from %v to %v (want +4)", f0.FilterSize, len(f0.Filters), f0.Filters[0], f2.Filters[0])
	}
	if f0.Maps.Layer != EvolutionMaps || f0.Maps.Shape != (cnn.Shape{H: 14, W: 14, C: 64}) {
		t.Fatalf("maps %s %v", f0.Maps.Layer, f0.Maps.Shape)
	}
}

func TestRecorderContinuesAKeptEvolution(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	r := NewRecorder(dot(14, 14))
	for _, step := range []int{0, 1, 2, 5} {
		r.Record(step, net)
	}
	kept := r.Evolution(4) // a checkpoint taken at step 4, before step 5 was recorded
	if steps := frameSteps(kept.Frames); !slices.Equal(steps, []int{0, 1, 2}) || !slices.Equal(kept.Input, r.Input()) {
		t.Fatalf("kept frames of steps %v, want 0, 1, 2, and the input", steps)
	}
	again := NewRecorderFrom(kept)
	again.Record(2, net) // training resumed from step 2 records it again
	again.Record(5, net)
	if steps := frameSteps(again.Frames()); !slices.Equal(steps, []int{0, 1, 2, 5}) {
		t.Fatalf("continued recording has frames of steps %v, want 0, 1, 2, 5", steps)
	}
	if steps := frameSteps(kept.Frames); !slices.Equal(steps, []int{0, 1, 2}) {
		t.Fatalf("recording on changed the kept evolution: steps %v", steps)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("NewRecorderFrom of an evolution without an input did not panic")
		}
	}()
	NewRecorderFrom(cnn.Evolution{})
}

// frameSteps returns the steps of frames.
func frameSteps(frames []Frame) []int {
	var steps []int
	for _, f := range frames {
		steps = append(steps, f.Step)
	}
	return steps
}

func TestRecorderUnderConcurrentUse(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	r := NewRecorder(make([]float32, mnist.Pixels))
	var wg sync.WaitGroup
	wg.Go(func() {
		for step := range 21 {
			if LogStep(step) {
				r.Record(step, net)
			}
		}
	})
	for range 50 {
		frames := r.Frames()
		for i := 1; i < len(frames); i++ {
			if frames[i].Step <= frames[i-1].Step {
				t.Errorf("frames out of order: %d after %d", frames[i].Step, frames[i-1].Step)
			}
		}
	}
	wg.Wait()
	if n := len(r.Frames()); n != 6 { // steps 0, 1, 2, 5, 10, 20
		t.Fatalf("%d frames, want 6", n)
	}
}

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
