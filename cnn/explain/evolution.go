package explain

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"convscope/cnn"
)

// The layers whose evolution a Recorder keeps: the filters of the first, the feature maps
// of the second.
const (
	EvolutionFilters = "conv1"
	EvolutionMaps    = "conv2"
)

// LogStep reports whether a Recorder keeps a frame at step: step 0 (the initial weights)
// and the steps 1, 2 and 5 times a power of ten (1, 2, 5, 10, 20, 50, 100, …), which
// are spread evenly over the training on a log scale, as early steps change the features
// most. It suits cnn.Trainer.Watch's due.
func LogStep(step int) bool {
	if step <= 0 {
		return step == 0
	}
	for step%10 == 0 {
		step /= 10
	}
	return step == 1 || step == 2 || step == 5
}

// Frame is the state of the features at one step of training (the paper's figure 4):
// conv1's filters, and conv2's feature maps for the recorder's input. It is the frame a
// cnn.Checkpoint keeps in its Evolution.
type Frame = cnn.EvolutionFrame

// Recorder keeps Frames of a network as it trains. Record is meant for cnn.Trainer.Watch
// (with LogStep as due) and runs on the training goroutine; Frames may be called from any
// other goroutine at the same time.
type Recorder struct {
	input []float32

	mu     sync.Mutex
	frames []Frame
}

// NewRecorder returns a recorder with no frames that traces the input x (a copy is kept)
// at every frame.
func NewRecorder(x []float32) *Recorder {
	return &Recorder{input: slices.Clone(x)}
}

// NewRecorderFrom returns a recorder that continues the recording e, such as a
// checkpoint's Evolution: it traces e.Input and starts with e.Frames (which it shares:
// frames are never changed). It panics if e has no input: a model saved without a
// recording starts a new one with NewRecorder.
func NewRecorderFrom(e cnn.Evolution) *Recorder {
	if len(e.Input) == 0 {
		panic("explain: NewRecorderFrom: the evolution has no input")
	}
	return &Recorder{input: slices.Clone(e.Input), frames: slices.Clone(e.Frames)}
}

// Input returns the input traced at every frame. The caller must not change it.
func (r *Recorder) Input() []float32 { return r.input }

// Record adds the frame of net at step: a copy of its conv1 filters and its conv2 maps
// for the recorder's input (one forward pass, a few milliseconds). Frames of step and
// later steps recorded before are dropped, so a run that starts again from an earlier
// step continues the strip. It only reads net. It panics if net has no EvolutionFilters
// convolution or no EvolutionMaps layer, or the input does not fit it.
func (r *Recorder) Record(step int, net *cnn.Network) {
	l, _, _ := net.Layer(EvolutionFilters)
	conv, _ := l.(*cnn.Conv2D)
	maps, ok := net.Trace(r.input).Layer(EvolutionMaps)
	if conv == nil || !ok {
		panic(fmt.Sprintf("explain: Recorder.Record: the network needs a %s convolution and a %s layer", EvolutionFilters, EvolutionMaps))
	}
	f := Frame{Step: step, FilterSize: conv.K, Filters: slices.Clone(conv.Weights.Value), Maps: maps}
	r.mu.Lock()
	defer r.mu.Unlock()
	keep := len(r.frames)
	for keep > 0 && r.frames[keep-1].Step >= step {
		keep--
	}
	r.frames = append(r.frames[:keep], f)
}

// Frames returns the frames recorded so far, in order of step. Frames are never changed
// after they are recorded; the caller must not change them either.
func (r *Recorder) Frames() []Frame {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.frames)
}

// Evolution returns the recording for a checkpoint of the model at step: the input and
// the frames of steps up to step (a run going on may have recorded later ones since the
// checkpoint was taken). The frames are shared: nobody changes them.
func (r *Recorder) Evolution(step int) cnn.Evolution {
	frames := r.Frames()
	keep := len(frames)
	for keep > 0 && frames[keep-1].Step > step {
		keep--
	}
	return cnn.Evolution{Input: r.input, Frames: frames[:keep]}
}

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
