package cnn

import (
	"slices"

	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// EvolutionFrame is the state of a network's features at one step of training (Zeiler &
// Fergus's figure 4): its first convolution's filters, and the feature maps of its last
// convolution for one recorded input.
type EvolutionFrame struct {
	Step        int
	FilterLayer string     // the name of the layer the filters are of
	FilterSize  int        // side K of the square filters
	Filters     []float32  // the filters' weights, HWIO: K×K×1×n for n filters
	Maps        Activation // the maps of the recorded input
}

// Evolution is the record of how a network's features changed while it trained: the
// input whose maps were recorded, and the frames in order of step. Like History, it is a
// record of the run that a Checkpoint keeps. The zero value records nothing.
type Evolution struct {
	Input  []float32 // mnist.Pixels values, or none if nothing was recorded
	Frames []EvolutionFrame
}

// check returns what makes e unfit to keep with a model trained step steps: an input of
// the wrong size, frames without an input, frames out of order or later than step, or
// frames whose filters or maps differ in shape from the first frame's.
func (e Evolution) check(step int) error {
	if len(e.Input) != 0 && len(e.Input) != mnist.Pixels {
		return tr.Errorf("the recorded input has %d values, not %d", len(e.Input), mnist.Pixels)
	}
	if len(e.Frames) == 0 {
		return nil
	}
	if len(e.Input) == 0 {
		return tr.Errorf("the evolution has frames but no recorded input")
	}
	first := e.Frames[0]
	if first.FilterSize <= 0 || len(first.Filters) == 0 || len(first.Filters)%(first.FilterSize*first.FilterSize) != 0 {
		return tr.Errorf("evolution frame 0 has %d filter values, not a whole number of %d×%d filters",
			len(first.Filters), first.FilterSize, first.FilterSize)
	}
	if s := first.Maps.Shape; s.H <= 0 || s.W <= 0 || s.C <= 0 || len(first.Maps.Data) != s.Size() {
		return tr.Errorf("evolution frame 0 has %d map values of shape %v", len(first.Maps.Data), s)
	}
	for i, f := range e.Frames {
		switch {
		case f.Step < 0 || f.Step > step:
			return tr.Errorf("evolution frame %d is of step %d, not one of the model's steps 0 to %d", i, f.Step, step)
		case i > 0 && f.Step <= e.Frames[i-1].Step:
			return tr.Errorf("evolution frame %d (step %d) does not come after step %d", i, f.Step, e.Frames[i-1].Step)
		case f.FilterSize != first.FilterSize || len(f.Filters) != len(first.Filters):
			return tr.Errorf("evolution frame %d has %d filter values of size %d, frame 0 has %d of size %d",
				i, len(f.Filters), f.FilterSize, len(first.Filters), first.FilterSize)
		case f.Maps.Layer != first.Maps.Layer || f.Maps.Shape != first.Maps.Shape || len(f.Maps.Data) != len(first.Maps.Data):
			return tr.Errorf("evolution frame %d has %s maps of shape %v, frame 0 has %s maps of shape %v",
				i, f.Maps.Layer, f.Maps.Shape, first.Maps.Layer, first.Maps.Shape)
		}
	}
	return nil
}

// EvolutionInput is the test image whose maps a Trainer records in its Evolution: the
// first, a 7.
const EvolutionInput = 0

// LogStep reports whether a Trainer records a frame of the evolution at step: step 0 (the
// initial weights) and the steps 1, 2 and 5 times a power of ten (1, 2, 5, 10, 20, 50,
// 100, …), which are spread evenly over the training on a log scale, as early steps change
// the features most. The run's last step is recorded too.
func LogStep(step int) bool {
	if step <= 0 {
		return step == 0
	}
	for step%10 == 0 {
		step /= 10
	}
	return step == 1 || step == 2 || step == 5
}

// record adds the frame of net at step to e: a copy of the filters of net's first
// convolution and the maps of its last for e.Input (one forward pass, a few milliseconds).
// Frames of step and later steps recorded before are dropped, so a run that starts again
// from an earlier step continues the strip. A network without a single-channel first
// convolution records nothing. The frames slice is replaced, never changed in place, so
// copies of e taken before stay as they were.
func (e *Evolution) record(step int, net *Network) {
	first, ok := net.First(Convolution)
	last, _ := net.Last(Convolution)
	conv := net.Conv(first)
	if !ok || conv.In != 1 || len(e.Input) != net.Input.Size() {
		return
	}
	maps, _ := net.Trace(e.Input).Layer(last.Name)
	f := EvolutionFrame{Step: step, FilterLayer: first.Name, FilterSize: conv.K, Filters: slices.Clone(conv.Weights.Value), Maps: maps}
	keep := len(e.Frames)
	for keep > 0 && e.Frames[keep-1].Step >= step {
		keep--
	}
	e.Frames = append(slices.Clip(e.Frames[:keep]), f)
}
