package cnn

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"convscope/internal/tr"
)

// The checksum of a checkpoint proves that the file is the one that was saved, not that
// what was saved makes sense. These checks do: every value the reader takes from a file is
// checked against the range it must be in and against the network the file is read into,
// before anything is built from it, so a crafted file is refused with the field at fault
// instead of crashing, hanging or exhausting memory later.

// MaxEvolutionFrames is the most frames an Evolution may hold. A run records about three
// frames per decade of steps (a run of MaxSteps steps records 28) and one more at the end
// of every sitting; a frame of the reference network is about 53 kB, and the evolution
// strip drawn from this many is still a few hundred megabytes at most.
const MaxEvolutionFrames = 200

// check returns what makes the header unfit to build a run from: settings out of range,
// a step beyond MaxSteps, or Adam constants that are not those of a converging optimizer.
func (h *checkpointHeader) check() error {
	if err := h.Config.validateRanges(); err != nil {
		return tr.Errorf("settings: %v", err)
	}
	switch {
	case h.Step < 0 || h.Step > MaxSteps:
		return tr.Errorf("step is %d, not between 0 and %d", h.Step, MaxSteps)
	case h.AdamT != h.Step:
		return tr.Errorf("the optimizer's t (Adam) is %d, not the model's step %d", h.AdamT, h.Step)
	case !(h.Beta1 >= 0 && h.Beta1 < 1):
		return tr.Errorf("beta1 of Adam is %v, not in [0, 1)", h.Beta1)
	case !(h.Beta2 >= 0 && h.Beta2 < 1):
		return tr.Errorf("beta2 of Adam is %v, not in [0, 1)", h.Beta2)
	case !(h.Epsilon > 0 && h.Epsilon <= 1):
		return tr.Errorf("epsilon of Adam is %v, not in (0, 1]", h.Epsilon)
	}
	return nil
}

// checkFinite returns an error naming the first value of v that is NaN or infinite, or
// negative when nonNegative is set; what names the values ("conv1/weights").
func checkFinite(what string, v []float32, nonNegative bool) error {
	for i, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) || nonNegative && x < 0 {
			return tr.Errorf("%s holds %v at index %d", what, x, i)
		}
	}
	return nil
}

// checkParams returns what makes the network's values or Adam's moments unusable: a value
// or a moment that is not finite, or a second moment below zero.
func checkParams(params []*Param, opt *Adam) error {
	for i, p := range params {
		if err := checkFinite(p.Name, p.Value, false); err != nil {
			return err
		}
		if err := checkFinite(tr.F("Adam's m of %s", p.Name), opt.M[i], false); err != nil {
			return err
		}
		if err := checkFinite(tr.F("Adam's v of %s", p.Name), opt.V[i], true); err != nil {
			return err
		}
	}
	return nil
}

// check returns what makes h unfit to keep with a model trained step steps: a point of a
// step beyond it, or a loss or an accuracy that is not a finite number in its range.
func (h History) check(step int) error {
	for i, p := range h.Train {
		switch {
		case p.Step < 0 || p.Step > step:
			return tr.Errorf("training point %d is of step %d, not one of the model's steps 0 to %d", i, p.Step, step)
		case !(p.Loss >= 0 && p.Loss <= math.MaxFloat32):
			return tr.Errorf("training point %d has loss %v", i, p.Loss)
		case !(p.Accuracy >= 0 && p.Accuracy <= 1):
			return tr.Errorf("training point %d has accuracy %v, not in [0, 1]", i, p.Accuracy)
		case !(p.Seconds >= 0 && p.Seconds <= math.MaxFloat32):
			return tr.Errorf("training point %d has time %v s", i, p.Seconds)
		}
	}
	for i, p := range h.Test {
		switch {
		case p.Step < 0 || p.Step > step:
			return tr.Errorf("test point %d is of step %d, not one of the model's steps 0 to %d", i, p.Step, step)
		case !(p.Accuracy >= 0 && p.Accuracy <= 1):
			return tr.Errorf("test point %d has accuracy %v, not in [0, 1]", i, p.Accuracy)
		}
		for c, a := range p.PerClass {
			if !(a >= 0 && a <= 1) {
				return tr.Errorf("test point %d has accuracy %v on class %d, not in [0, 1]", i, a, c)
			}
		}
	}
	return nil
}

// checkNetwork returns what makes e unfit to show with net, beyond what check finds: more
// than MaxEvolutionFrames frames, filters that are not those of net's first convolution,
// maps of a layer net does not have or not of that layer's shape, an input outside [0, 1]
// or values that are not finite.
func (e Evolution) checkNetwork(net *Network) error {
	if len(e.Frames) == 0 {
		return nil
	}
	if len(e.Frames) > MaxEvolutionFrames {
		return tr.Errorf("the evolution holds %d frames, more than the %d a run records", len(e.Frames), MaxEvolutionFrames)
	}
	for i, x := range e.Input {
		if !(x >= 0 && x <= 1) {
			return tr.Errorf("the recorded input holds %v at index %d, not in [0, 1]", x, i)
		}
	}
	var first *Conv2D
	if info, ok := net.First(Convolution); ok {
		first = net.Conv(info)
	}
	for i, f := range e.Frames {
		if first == nil || f.FilterSize != first.K || len(f.Filters) != len(first.Weights.Value) || first.In != 1 {
			return tr.Errorf("evolution frame %d has %d filter values of size %d, which are not the network's first convolution's", i, len(f.Filters), f.FilterSize)
		}
		_, shape, ok := net.Layer(f.Maps.Layer)
		if !ok {
			return tr.Errorf("evolution frame %d has maps of layer %s, which the network does not have", i, Printable(f.Maps.Layer))
		}
		if f.Maps.Shape != shape {
			return tr.Errorf("evolution frame %d has %s maps of shape %v, the network's are %v", i, f.Maps.Layer, f.Maps.Shape, shape)
		}
		if err := checkFinite(tr.F("evolution frame %d's filters", i), f.Filters, false); err != nil {
			return err
		}
		if err := checkFinite(tr.F("evolution frame %d's maps", i), f.Maps.Data, false); err != nil {
			return err
		}
	}
	return nil
}

// maxPrintable is the most bytes of a string from a file that Printable keeps.
const maxPrintable = 40

// Printable returns s quoted, as Go would write it (so control characters and invalid
// UTF-8 show as escapes, never reaching a terminal raw), and cut to its first 40 bytes with
// a note of its length when it is longer: fit for an error message about a string read
// from a file.
func Printable(s string) string {
	if len(s) <= maxPrintable {
		return strconv.Quote(s)
	}
	cut := maxPrintable
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}
