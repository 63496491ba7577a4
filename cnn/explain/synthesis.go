package explain

import (
	"context"
	"math"
	"math/rand/v2"

	"convscope/cnn"
	"convscope/internal/tr"
)

// Unit says which units of a channel a synthesis maximises.
type Unit uint8

const (
	// ChannelMean maximises the mean of the channel's whole map: a texture of the pattern
	// the channel detects, wherever it can be.
	ChannelMean Unit = iota
	// CentreUnit maximises the channel's unit at the centre of its map: the pattern, once,
	// within that unit's receptive field.
	CentreUnit
)

// String returns the unit's name as captions say it: "mean" or "centre unit".
func (u Unit) String() string {
	if u == CentreUnit {
		return "centre unit"
	}
	return "mean"
}

// SynthesisOptions configures a synthesis: gradient ascent on the input with the
// regularizers of Yosinski et al. (2015) that make its result readable. Zero values mean
// the defaults, which give readable pictures of the reference network (measured on it);
// a negative Decay, Jitter or BlurEvery turns that regularizer off.
type SynthesisOptions struct {
	// Steps of gradient ascent; 0 means DefaultSynthesisSteps.
	Steps int
	// Rate is the step size: each step adds Rate times the gradient divided by its largest
	// |value| to the input; 0 means 0.05.
	Rate float32
	// Decay is the L2 decay: each step multiplies the input by 1 − Decay, so pixels the
	// objective does not need fade to black; 0 means 0.01.
	Decay float32
	// Jitter shifts the input by up to Jitter pixels in each direction, at random, for
	// every step's gradient, so that the picture does not rely on single pixels; 0 means 1.
	Jitter int
	// BlurEvery blurs the input with a 3×3 Gaussian every BlurEvery steps; 0 means 4.
	BlurEvery int
	// Grey starts every input at 0.5 instead of from uniform noise in [0, 1].
	Grey bool
	// Seed seeds the noise and the jitter: the same seed gives the same pictures.
	Seed uint64
	// Progress, if set, is called on the synthesis's goroutine after every step with the
	// steps done and the steps to do, over all the batches of the synthesis.
	Progress func(done, total int)
}

// DefaultSynthesisSteps is the number of steps of a synthesis unless told otherwise: enough
// for the class images of the fully trained reference network to be classified as their
// class with probability 0.998 or more (64 steps give 0.987, 32 steps 0.774).
const DefaultSynthesisSteps = 128

// withDefaults returns o with its zero values replaced by the defaults, or an error for a
// value that cannot work.
func (o SynthesisOptions) withDefaults() (SynthesisOptions, error) {
	o.Steps = or(o.Steps, DefaultSynthesisSteps)
	if o.Rate == 0 {
		o.Rate = 0.05
	}
	if o.Decay == 0 {
		o.Decay = 0.01
	}
	o.Jitter, o.BlurEvery = or(o.Jitter, 1), or(o.BlurEvery, 4)
	if o.Steps < 0 || !(o.Rate > 0) || o.Decay >= 1 || math.IsNaN(float64(o.Decay)) {
		return o, tr.Errorf("synthesis: steps %d must not be negative, the rate %g must be positive and the decay %g below 1",
			o.Steps, o.Rate, o.Decay)
	}
	return o, nil
}

// Synthesis is the result of a synthesis: one input per channel or class, each made to
// excite it most, with what the network makes of it.
type Synthesis struct {
	// Layer is the layer maximised: a convolution or pooling, or the logits' layer for
	// SynthesizeClasses.
	Layer string
	// Unit is which units of each channel were maximised; it does not apply to classes.
	Unit Unit
	// Classes is set for SynthesizeClasses: Images[c] is made for class c.
	Classes bool
	// Images[i] is the input made for channel or class i: Input.Size() values in [0, 1].
	Images [][]float32
	// Crops[i], for the centre units of a layer of a single-channel input, is Images[i]
	// cropped to the receptive field of the unit maximised: all that the unit sees,
	// CropSide² values. It is nil otherwise.
	Crops    [][]float32
	CropSide int
	// Objective[i] is what image i gets of the quantity maximised: the channel's mean or
	// centre unit, or the class's logit. A channel that is 0 could not be excited: no input
	// in [0, 1] opened its ReLU.
	Objective []float32
	// Probabilities[i] is the network's class probabilities for image i; Predicted[i] its
	// most probable class.
	Probabilities [][cnn.Classes]float32
	Predicted     []int
}

// objective is the quantity one input of a synthesis maximises: Weight times the sum of
// the outputs Units of the layer maximised (indices within one example's output).
type objective struct {
	Units  []int
	Weight float32
}

// SynthesizeChannels makes, for every channel of layer (a convolution or pooling of net),
// the input that excites it most (its mean map or its centre unit, as unit says), by
// gradient ascent from noise or grey with the regularizers of o, keeping the input in
// [0, 1]. It checks ctx between steps and returns ctx.Err() when cancelled, and returns
// an error for a layer that is not a convolution or pooling of net or options that
// cannot work.
func SynthesizeChannels(ctx context.Context, net *cnn.Network, layer cnn.LayerInfo, unit Unit, o SynthesisOptions) (*Synthesis, error) {
	if layer.Index < 0 || layer.Index >= len(net.Layers) || net.Layers[layer.Index].Name() != layer.Name ||
		layer.Kind != cnn.Convolution && layer.Kind != cnn.Pooling {
		return nil, tr.Errorf("synthesis: %s is not a convolution or pooling layer of the network", layer.Name)
	}
	out := layer.Out
	objs := make([]objective, out.C)
	for c := range objs {
		switch unit {
		case CentreUnit:
			objs[c] = objective{Units: []int{((out.H/2)*out.W+out.W/2)*out.C + c}, Weight: 1}
		default:
			for p := range out.H * out.W {
				objs[c].Units = append(objs[c].Units, p*out.C+c)
			}
			objs[c].Weight = 1 / float32(out.H*out.W)
		}
	}
	s, err := synthesize(ctx, net, layer.Index, objs, o)
	if err != nil {
		return nil, err
	}
	s.Layer, s.Unit = layer.Name, unit
	if field, err := ReceptiveField(net, layer.Name); err == nil && unit == CentreUnit && net.Input.C == 1 {
		s.CropSide = field.Size
		for _, img := range s.Images {
			s.Crops = append(s.Crops, field.Crop(img, net.Input.H, net.Input.W, out.H/2, out.W/2))
		}
	}
	return s, nil
}

// SynthesizeClasses makes, for every class, the input whose logit (the score before the
// softmax) is largest, as SynthesizeChannels does for channels; Probabilities[c][c] says
// how sure the network is that image c is of class c. It returns the errors of
// SynthesizeChannels.
func SynthesizeClasses(ctx context.Context, net *cnn.Network, o SynthesisOptions) (*Synthesis, error) {
	objs := make([]objective, cnn.Classes)
	for c := range objs {
		objs[c] = objective{Units: []int{c}, Weight: 1}
	}
	top := len(net.Layers) - 1
	s, err := synthesize(ctx, net, top, objs, o)
	if err != nil {
		return nil, err
	}
	s.Layer, s.Classes = net.Layers[top].Name(), true
	return s, nil
}

// synthesisBatch is how many inputs one gradient pass of a synthesis carries.
const synthesisBatch = 16

// synthesize runs the gradient ascent of every objective on the output of layer top, in
// batches of synthesisBatch inputs, and classifies the results.
func synthesize(ctx context.Context, net *cnn.Network, top int, objs []objective, o SynthesisOptions) (*Synthesis, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	size := net.Input.Size()
	s := &Synthesis{Images: make([][]float32, len(objs)), Objective: make([]float32, len(objs))}
	g := net.NewGradientPass(min(synthesisBatch, len(objs)))
	rng := rand.New(rand.NewPCG(o.Seed, 0x73796e74))
	a := &ascent{g: g, in: net.Input, top: top, relu: rectifiedTop(net, top), o: o, rng: rng}
	batches := (len(objs) + g.Batch() - 1) / g.Batch()
	for b := range batches {
		lo, hi := b*g.Batch(), min((b+1)*g.Batch(), len(objs))
		x := make([]float32, (hi-lo)*size)
		for i := range x {
			if o.Grey {
				x[i] = 0.5
			} else {
				x[i] = rng.Float32()
			}
		}
		progress := func(step int) {
			if o.Progress != nil {
				o.Progress(b*o.Steps+step, batches*o.Steps)
			}
		}
		if err := a.run(ctx, x, objs[lo:hi], progress); err != nil {
			return nil, err
		}
		values := objectiveValues(g.Forward(x, hi-lo, top), objs[lo:hi])
		for i := lo; i < hi; i++ {
			s.Images[i], s.Objective[i] = x[(i-lo)*size:(i-lo+1)*size:(i-lo+1)*size], values[i-lo]
		}
	}
	s.Probabilities, s.Predicted = classifyAll(net, s.Images)
	return s, nil
}

// ascent is the regularized gradient ascent of a synthesis, through layer top of g's
// network, whose inputs have the shape in.
type ascent struct {
	g    *cnn.GradientPass
	in   cnn.Shape
	top  int
	relu bool // layer top ends in a ReLU
	o    SynthesisOptions
	rng  *rand.Rand // the jitter's
}

// run takes o.Steps steps of the ascent of objs on the n = len(objs) inputs x
// (n×in.Size() values, changed in place), calling progress after each step. If layer top
// ends in a ReLU, an objective whose units that ReLU has all closed climbs the sums before
// it instead, until it opens: its true gradient would be zero, and the ascent stuck.
func (a *ascent) run(ctx context.Context, x []float32, objs []objective, progress func(step int)) error {
	g, in, o, relu := a.g, a.in, a.o, a.relu
	n, size := len(objs), in.Size()
	shifted := make([]float32, len(x))
	for step := range o.Steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		dy, dx := 0, 0
		if o.Jitter > 0 {
			dy, dx = a.rng.IntN(2*o.Jitter+1)-o.Jitter, a.rng.IntN(2*o.Jitter+1)-o.Jitter
		}
		for i := range n {
			shift(shifted[i*size:(i+1)*size], x[i*size:(i+1)*size], in, dy, dx)
		}
		y := g.Forward(shifted, n, a.top)
		values := objectiveValues(y, objs)
		seed := make([]float32, len(y))
		per := len(y) / n
		for i, obj := range objs {
			for _, u := range obj.Units {
				// An open objective takes the true gradient: none through its closed units.
				if !relu || values[i] == 0 || y[i*per+u] > 0 {
					seed[i*per+u] = obj.Weight
				}
			}
		}
		backward := g.Backward
		if relu {
			backward = g.BackwardThroughTopReLU
		}
		grad := backward(seed, -1)
		for i := range n {
			img := x[i*size : (i+1)*size]
			// The gradient, shifted back to the unjittered input.
			shift(shifted[i*size:(i+1)*size], grad[i*size:(i+1)*size], in, -dy, -dx)
			ascendOne(img, shifted[i*size:(i+1)*size], o)
			if o.BlurEvery > 0 && (step+1)%o.BlurEvery == 0 {
				blur(img, in)
			}
		}
		progress(step + 1)
	}
	return nil
}

// ascendOne takes one step of ascent of the input x along its gradient: x ← clip((1 −
// Decay)·x + Rate·grad / max|grad|, 0, 1).
func ascendOne(x, grad []float32, o SynthesisOptions) {
	var most float32
	for _, v := range grad {
		most = max(most, abs32(v))
	}
	scale := float32(0)
	if most > 0 {
		scale = o.Rate / most
	}
	keep := float32(1)
	if o.Decay > 0 {
		keep = 1 - o.Decay
	}
	for i, v := range x {
		x[i] = min(1, max(0, keep*v+scale*grad[i]))
	}
}

// shift writes src (one input of shape in, HWC) moved by dy rows and dx columns into dst,
// with zeros where nothing moved in.
func shift(dst, src []float32, in cnn.Shape, dy, dx int) {
	clear(dst)
	row := in.W * in.C
	for y := max(0, dy); y < min(in.H, in.H+dy); y++ {
		x0, x1 := max(0, dx), min(in.W, in.W+dx)
		copy(dst[y*row+x0*in.C:y*row+x1*in.C], src[(y-dy)*row+(x0-dx)*in.C:])
	}
}

// gaussian is the 3×3 Gaussian blur of a synthesis: the binomial weights [1 2 1]ᵀ[1 2 1]/16.
var gaussian = Kernel{Name: "gaussian", Size: 3, Weights: []float32{
	1.0 / 16, 2.0 / 16, 1.0 / 16,
	2.0 / 16, 4.0 / 16, 2.0 / 16,
	1.0 / 16, 2.0 / 16, 1.0 / 16,
}}

// blur blurs every channel of x (one input of shape in, HWC) with gaussian, in place.
func blur(x []float32, in cnn.Shape) {
	plane := Plane{H: in.H, W: in.W, Data: make([]float32, in.H*in.W)}
	for c := range in.C {
		for i := range plane.Data {
			plane.Data[i] = x[i*in.C+c]
		}
		for i, v := range Convolve(plane, gaussian, Same).Data {
			x[i*in.C+c] = v
		}
	}
}

// rectifiedTop reports whether layer top of net is a convolution or dense layer with a
// ReLU.
func rectifiedTop(net *cnn.Network, top int) bool {
	switch l := net.Layers[top].(type) {
	case *cnn.Conv2D:
		return l.Act == cnn.ReLU
	case *cnn.Dense:
		return l.Act == cnn.ReLU
	}
	return false
}

// objectiveValues returns each objective's value in y, the outputs of its layer for as many
// examples as there are objectives.
func objectiveValues(y []float32, objs []objective) []float32 {
	per := len(y) / len(objs)
	values := make([]float32, len(objs))
	for i, obj := range objs {
		var sum float32
		for _, u := range obj.Units {
			sum += y[i*per+u]
		}
		values[i] = obj.Weight * sum
	}
	return values
}

// classifyAll returns the class probabilities and the most probable class of every input.
func classifyAll(net *cnn.Network, images [][]float32) ([][cnn.Classes]float32, []int) {
	var batch []float32
	for _, img := range images {
		batch = append(batch, img...)
	}
	flat := net.Classify(batch, 1)
	probs, predicted := make([][cnn.Classes]float32, len(images)), make([]int, len(images))
	for i := range images {
		copy(probs[i][:], flat[i*cnn.Classes:])
		predicted[i] = cnn.Argmax(probs[i][:])
	}
	return probs, predicted
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
