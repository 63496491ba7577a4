package cnn

import (
	"errors"
	"fmt"

	"convscope/cnn/mnist"
)

// EvolutionFrame is the state of a network's features at one step of training (Zeiler &
// Fergus's figure 4): its first convolution's filters, and the feature maps of a later
// layer for one recorded input.
type EvolutionFrame struct {
	Step       int
	FilterSize int        // side K of the square filters
	Filters    []float32  // the filters' weights, HWIO: K×K×1×n for n filters
	Maps       Activation // the maps of the recorded input
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
		return fmt.Errorf("the recorded input has %d values, not %d", len(e.Input), mnist.Pixels)
	}
	if len(e.Frames) == 0 {
		return nil
	}
	if len(e.Input) == 0 {
		return errors.New("the evolution has frames but no recorded input")
	}
	first := e.Frames[0]
	if first.FilterSize <= 0 || len(first.Filters) == 0 || len(first.Filters)%(first.FilterSize*first.FilterSize) != 0 {
		return fmt.Errorf("evolution frame 0 has %d filter values, not a whole number of %d×%d filters",
			len(first.Filters), first.FilterSize, first.FilterSize)
	}
	if s := first.Maps.Shape; s.H <= 0 || s.W <= 0 || s.C <= 0 || len(first.Maps.Data) != s.Size() {
		return fmt.Errorf("evolution frame 0 has %d map values of shape %v", len(first.Maps.Data), s)
	}
	for i, f := range e.Frames {
		switch {
		case f.Step < 0 || f.Step > step:
			return fmt.Errorf("evolution frame %d is of step %d, not one of the model's steps 0 to %d", i, f.Step, step)
		case i > 0 && f.Step <= e.Frames[i-1].Step:
			return fmt.Errorf("evolution frame %d (step %d) does not come after step %d", i, f.Step, e.Frames[i-1].Step)
		case f.FilterSize != first.FilterSize || len(f.Filters) != len(first.Filters):
			return fmt.Errorf("evolution frame %d has %d filter values of size %d, frame 0 has %d of size %d",
				i, len(f.Filters), f.FilterSize, len(first.Filters), first.FilterSize)
		case f.Maps.Layer != first.Maps.Layer || f.Maps.Shape != first.Maps.Shape || len(f.Maps.Data) != len(first.Maps.Data):
			return fmt.Errorf("evolution frame %d has %s maps of shape %v, frame 0 has %s maps of shape %v",
				i, f.Maps.Layer, f.Maps.Shape, first.Maps.Layer, first.Maps.Shape)
		}
	}
	return nil
}
