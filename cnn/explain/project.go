package explain

import (
	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// Projection is a feature's strongest activation in one input projected back to the
// input's pixels (the paper's section 2.1): the pixels, and their signs, that the unit
// responds to.
type Projection struct {
	Layer         string
	Channel, Y, X int       // the unit projected: the channel's maximal unit for the input
	Activation    float32   // its value
	Rule          cnn.Rule  // how the signal passed the ReLUs on the way down
	Pixels        []float32 // Input.Size() values in the input's layout; signed
}

// Project projects the strongest activation of channel of the named convolution or
// pooling layer, for the input x, back to pixel space with rule: cnn.Deconvnet for Zeiler &
// Fergus's deconvnet (unpooling through the recorded maxima, rectifying, transposed
// convolutions), cnn.Guided for guided backpropagation, which also keeps to the units
// that were active and gives sharper pictures, or cnn.Gradient. It returns an error for a
// layer or channel the network does not have, or an input of the wrong size.
func Project(net *cnn.Network, x []float32, layer string, channel int, rule cnn.Rule) (*Projection, error) {
	if len(x) != net.Input.Size() {
		return nil, tr.Errorf("projection needs %d input values, got %d", net.Input.Size(), len(x))
	}
	l, _, ok := net.Layer(layer)
	if !ok || l.Kind() != cnn.Convolution && l.Kind() != cnn.Pooling {
		return nil, tr.Errorf("the network has no convolution or pooling layer %q", layer)
	}
	a, shape, err := net.LayerOutputs(x, layer, 1)
	if err != nil {
		return nil, err
	}
	if channel < 0 || channel >= shape.C {
		return nil, tr.Errorf("%s has channels 0 to %d, not %d", layer, shape.C-1, channel)
	}
	units := make([]Patch, shape.C)
	strongestUnits(a, shape, units)
	u := units[channel]
	pixels, err := net.Backproject(x, layer, (u.Y*shape.W+u.X)*shape.C+channel, rule)
	if err != nil {
		return nil, err
	}
	return &Projection{Layer: layer, Channel: channel, Y: u.Y, X: u.X, Activation: u.Activation, Rule: rule, Pixels: pixels}, nil
}

// ProjectPatches returns the projections with rule of the patches of channel in top, which
// TopPatches found in set with net: for each patch, its unit projected back to the pixels
// of its image and cropped to the unit's receptive field (top.Field.Size² values), in the
// order of top.Channels[channel]. It returns an error if channel is out of range or set is
// not the set searched.
func ProjectPatches(net *cnn.Network, set *mnist.Set, top *Top, channel int, rule cnn.Rule) ([][]float32, error) {
	if channel < 0 || channel >= len(top.Channels) {
		return nil, tr.Errorf("%s has channels 0 to %d, not %d", top.Field.Layer, len(top.Channels)-1, channel)
	}
	_, shape, ok := net.Layer(top.Field.Layer)
	if !ok {
		return nil, tr.Errorf("the network has no layer %q", top.Field.Layer)
	}
	in := net.Input
	out := make([][]float32, len(top.Channels[channel]))
	for i, p := range top.Channels[channel] {
		if p.Image >= set.Len() {
			return nil, tr.Errorf("the set has %d images, not image %d of the patches", set.Len(), p.Image)
		}
		pixels, err := net.Backproject(set.Image(p.Image), top.Field.Layer, (p.Y*shape.W+p.X)*shape.C+channel, rule)
		if err != nil {
			return nil, err
		}
		out[i] = top.Field.Crop(pixels, in.H, in.W, p.Y, p.X)
	}
	return out, nil
}

// Saliency is the gradient of one class's score (its logit, before the softmax) with
// respect to the input's pixels: how much, and in which direction, changing each pixel
// changes the network's belief in the class (Simonyan et al. 2014, whose maps the paper
// compares its projections with).
type Saliency struct {
	Class    int
	Gradient []float32 // Input.Size() values in the input's layout
	// Samples is how many noisy copies of the input SmoothGrad averaged the gradient
	// over, or 0 for the gradient at the input alone.
	Samples int
}

// ClassSaliency returns the saliency of class (a digit, or Predicted for the digit the
// network predicts) for the input x. It returns an error for a class that is not a digit or
// an input of the wrong size.
func ClassSaliency(net *cnn.Network, x []float32, class int) (*Saliency, error) {
	class, err := checkClass(net, x, class, tr.T("saliency"))
	if err != nil {
		return nil, err
	}
	logits := net.Layers[len(net.Layers)-1].Name()
	g, err := net.Backproject(x, logits, class, cnn.Gradient)
	if err != nil {
		return nil, err
	}
	return &Saliency{Class: class, Gradient: g}, nil
}

// ChannelProjections is what one channel responds to, as the paper shows it (figure 2):
// its strongest patches of the set searched, beside their deconvnet and guided
// backpropagation projections, and the same projections for an input of the user's.
type ChannelProjections struct {
	Channel int
	Field   Field // the layer's receptive field; Field.Layer names the layer
	// Input is the input projected, or nil; InputDeconvnet and InputGuided are its
	// projections (nil without an input).
	Input                       []float32
	InputDeconvnet, InputGuided *Projection
	// Patches are the channel's strongest patches (top.Channels[Channel]); Deconvnet[i]
	// and Guided[i] are patch i's projections cropped to its field.
	Patches           []Patch
	Deconvnet, Guided [][]float32
}

// ProjectChannel projects channel of the layer searched by top (found in set) through
// the network searched, top.Net, with the deconvnet and with guided backpropagation: the
// channel's patches, and x if it is not nil. It returns the errors of Project and
// ProjectPatches.
func ProjectChannel(set *mnist.Set, top *Top, x []float32, channel int) (*ChannelProjections, error) {
	net := top.Net
	cp := &ChannelProjections{Channel: channel, Field: top.Field, Input: x}
	var err error
	if cp.Deconvnet, err = ProjectPatches(net, set, top, channel, cnn.Deconvnet); err != nil {
		return nil, err
	}
	if cp.Guided, err = ProjectPatches(net, set, top, channel, cnn.Guided); err != nil {
		return nil, err
	}
	cp.Patches = top.Channels[channel]
	if x == nil {
		return cp, nil
	}
	if cp.InputDeconvnet, err = Project(net, x, top.Field.Layer, channel, cnn.Deconvnet); err != nil {
		return nil, err
	}
	if cp.InputGuided, err = Project(net, x, top.Field.Layer, channel, cnn.Guided); err != nil {
		return nil, err
	}
	return cp, nil
}
