package cnn

// Kind says what a layer computes, so that views and analyses can find layers by what they
// are rather than by name.
type Kind int

// The kinds of layer.
const (
	Convolution    Kind = iota + 1 // Conv2D: maps of features, with filters
	Pooling                        // MaxPool: maps reduced in size
	FullyConnected                 // Dense: a vector of units; the last one gives the logits
	Regularizer                    // Dropout: the identity outside training
)

// String returns the kind's name: "convolution", "pooling", "fully connected" or
// "regularizer".
func (k Kind) String() string {
	switch k {
	case Convolution:
		return "convolution"
	case Pooling:
		return "pooling"
	case FullyConnected:
		return "fully connected"
	case Regularizer:
		return "regularizer"
	}
	return "unknown"
}

// LayerInfo describes one layer of a network: where it stands, what it computes, and the
// shapes of one example's input and output.
type LayerInfo struct {
	Index   int // position in Network.Layers
	Name    string
	Kind    Kind
	In, Out Shape
}

// Describe returns every layer of the network, in order.
func (net *Network) Describe() []LayerInfo {
	infos := make([]LayerInfo, len(net.Layers))
	in := net.Input
	for i, l := range net.Layers {
		out := l.OutShape(in)
		infos[i] = LayerInfo{Index: i, Name: l.Name(), Kind: l.Kind(), In: in, Out: out}
		in = out
	}
	return infos
}

// LayersOf returns the layers of the given kinds, in the network's order.
func (net *Network) LayersOf(kinds ...Kind) []LayerInfo {
	var infos []LayerInfo
	for _, info := range net.Describe() {
		for _, k := range kinds {
			if info.Kind == k {
				infos = append(infos, info)
				break
			}
		}
	}
	return infos
}

// First returns the network's first layer of kind k, or false if it has none.
func (net *Network) First(k Kind) (LayerInfo, bool) {
	infos := net.LayersOf(k)
	if len(infos) == 0 {
		return LayerInfo{}, false
	}
	return infos[0], true
}

// Last returns the network's last layer of kind k, or false if it has none.
func (net *Network) Last(k Kind) (LayerInfo, bool) {
	infos := net.LayersOf(k)
	if len(infos) == 0 {
		return LayerInfo{}, false
	}
	return infos[len(infos)-1], true
}

// Hidden returns the layers whose activations show what the network makes of an input:
// every convolution, pooling and fully connected layer but the last layer, which gives
// the logits. Regularizers, the identity at inference, are left out, as Trace leaves them
// out.
func (net *Network) Hidden() []LayerInfo {
	var infos []LayerInfo
	for _, info := range net.LayersOf(Convolution, Pooling, FullyConnected) {
		if info.Index < len(net.Layers)-1 {
			infos = append(infos, info)
		}
	}
	return infos
}

// Conv returns the convolution layer described by info, or nil if info is not of a
// convolution of net.
func (net *Network) Conv(info LayerInfo) *Conv2D {
	if info.Index < 0 || info.Index >= len(net.Layers) {
		return nil
	}
	c, _ := net.Layers[info.Index].(*Conv2D)
	return c
}

// Kind returns Convolution.
func (c *Conv2D) Kind() Kind { return Convolution }

// Kind returns FullyConnected.
func (d *Dense) Kind() Kind { return FullyConnected }

// Kind returns Regularizer.
func (d *Dropout) Kind() Kind { return Regularizer }
