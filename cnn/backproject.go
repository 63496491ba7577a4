package cnn

import (
	"sync"

	"convscope/internal/tr"
)

// Backproject shows which input pixels one unit of one layer responds to: it runs x
// (Input.Size() values) forward in inference mode, sets the unit's signal to 1 and every
// other unit of the layer to 0, and passes that signal back down to the input. On the way
// down it unpools through each max-pooling layer's recorded maxima, passes every ReLU by
// rule and transposes every convolution and dense layer. It returns Input.Size() values in
// the input's layout.
//
// With Gradient it is the gradient of the unit with respect to the input (a saliency map
// when the unit is a class logit); with Deconvnet, Zeiler & Fergus's projection of a feature
// back to pixel space; with Guided, guided backpropagation. Every step is linear in the
// signal given the forward pass, so seeding the unit with its activation instead of 1
// would only scale the result.
//
// unit indexes the layer's output for one example (HWC for convolution and pooling
// layers). It returns an error for an unknown layer, a unit out of range, or an input of
// the wrong size. Backproject only reads the parameters; goroutines may call it at once.
func (net *Network) Backproject(x []float32, layer string, unit int, rule Rule) ([]float32, error) {
	if len(x) != net.Input.Size() {
		return nil, tr.Errorf("backprojection needs %d input values, got %d", net.Input.Size(), len(x))
	}
	top := net.layerIndex(layer)
	if top < 0 {
		return nil, tr.Errorf("the network has no layer %q", layer)
	}
	out := net.Shapes()[top]
	if unit < 0 || unit >= out.Size() {
		return nil, tr.Errorf("%s has units 0 to %d, not %d", layer, out.Size()-1, unit)
	}
	if rule > Guided {
		return nil, tr.Errorf("unknown backprojection rule %v", rule)
	}

	pr := &net.projector
	pr.Lock()
	defer pr.Unlock()
	if pr.pass == nil {
		pr.pass = net.NewGradientPass(1)
	}
	pr.pass.setRule(rule)
	pr.pass.Forward(x, 1, top)
	signal := make([]float32, out.Size())
	signal[unit] = 1
	return append([]float32(nil), pr.pass.Backward(signal, -1)...), nil
}

// projector is the batch-of-one pass that Backproject reuses.
type projector struct {
	sync.Mutex
	pass *GradientPass
}

// rectified is a pass with a ReLU whose backward rule can be chosen.
type rectified interface{ setRule(Rule) }

func (p *convPass) setRule(r Rule)  { p.rule = r }
func (p *densePass) setRule(r Rule) { p.rule = r }

// layerIndex returns the index of the layer named name, or -1.
func (net *Network) layerIndex(name string) int {
	for i, l := range net.Layers {
		if l.Name() == name {
			return i
		}
	}
	return -1
}

// Layer returns the layer named name and the shape of its output for one example, or
// false if the network has no such layer.
func (net *Network) Layer(name string) (Layer, Shape, bool) {
	i := net.layerIndex(name)
	if i < 0 {
		return nil, Shape{}, false
	}
	return net.Layers[i], net.Shapes()[i], true
}
