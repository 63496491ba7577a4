package cnn

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"convscope/internal/tr"
)

// LayerSpec is one layer of an architecture as a spec writes it: "conv 5x5x32 same relu",
// "maxpool 2", "avgpool 3 stride 2", "fc 1024 relu", "dropout 0.5". Its fields are those
// of the layer it builds; the ones its kind has no use for are zero.
type LayerSpec struct {
	Kind    Kind
	Average bool           // a pooling layer averages rather than takes the maximum
	Size    int            // a convolution's kernel side K, a pooling window's side, a dense layer's units
	Filters int            // a convolution's output channels
	Stride  int            // a convolution's or a pooling window's stride
	Padding Padding        // a convolution's
	Act     ActivationFunc // a convolution's or a dense layer's
	Keep    float64        // a dropout layer's keep probability, in (0, 1]
}

// Spec is a network's architecture: its layers, in order. The last must be a fully
// connected layer with as many units as there are classes and no activation: it gives the
// logits.
type Spec []LayerSpec

// ReferenceSpec is the text of the reference "Deep MNIST" network.
const ReferenceSpec = "conv 5x5x32 same relu; maxpool 2; conv 5x5x64 same relu; maxpool 2; fc 1024 relu; dropout 0.5; fc 10"

// ParseSpec reads an architecture: layers separated by ";" or new lines, each a kind and
// its arguments in order, brackets optional:
//
//	conv KxKxN [same|valid] [stride S] [relu|tanh|sigmoid|none]   (same, stride 1, relu)
//	maxpool S [stride T], avgpool S [stride T]                    (stride S)
//	fc N [relu|tanh|sigmoid|none]                                 (relu; none for the last)
//	dropout KEEP                                                  (keep probability in (0, 1])
//
// It returns an error naming the layer, its position and what is wrong with it. ParseSpec
// checks each layer on its own; Spec.Summary checks that the layers fit together.
func ParseSpec(text string) (Spec, error) {
	var spec Spec
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' })
	for _, part := range parts {
		words := strings.Fields(strings.NewReplacer("[", " ", "]", " ").Replace(strings.ToLower(part)))
		if len(words) == 0 {
			continue
		}
		l, err := parseLayer(words)
		if err != nil {
			return nil, tr.Errorf("layer %d (%s): %v", len(spec)+1, strings.Join(words, " "), err)
		}
		spec = append(spec, l)
	}
	if len(spec) == 0 {
		return nil, tr.Errorf("the architecture has no layers: write them separated by \";\", such as %s", ReferenceSpec)
	}
	for i := range spec {
		if spec[i].Act == unwritten { // a dense layer's default: none for the logits, else relu
			spec[i].Act = ReLU
			if i == len(spec)-1 {
				spec[i].Act = Identity
			}
		}
	}
	return spec, nil
}

// unwritten marks a dense layer's activation that the spec did not write, until ParseSpec
// knows whether the layer is the last.
const unwritten ActivationFunc = 255

// activations are the activation words of a spec.
var activations = map[string]ActivationFunc{"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "none": Identity}

// parseLayer reads one layer's words.
func parseLayer(words []string) (LayerSpec, error) {
	args := words[1:]
	switch words[0] {
	case "conv":
		return parseConv(args)
	case "maxpool", "avgpool":
		return parsePool(args, words[0] == "avgpool")
	case "fc":
		if len(args) == 0 || len(args) > 2 {
			return LayerSpec{}, tr.Errorf("write fc N [relu|tanh|sigmoid|none], such as fc 1024 relu")
		}
		n, err := positive(args[0], tr.T("the number of units"))
		if err != nil {
			return LayerSpec{}, err
		}
		l := LayerSpec{Kind: FullyConnected, Size: n, Act: unwritten}
		if len(args) == 2 {
			act, ok := activations[args[1]]
			if !ok {
				return LayerSpec{}, tr.Errorf("unknown activation %q: use relu, tanh, sigmoid or none", args[1])
			}
			l.Act = act
		}
		return l, nil
	case "dropout":
		if len(args) != 1 {
			return LayerSpec{}, tr.Errorf("write dropout KEEP, the keep probability, such as dropout 0.5")
		}
		keep, err := strconv.ParseFloat(args[0], 64)
		if err != nil || !(keep > 0 && keep <= 1) {
			return LayerSpec{}, tr.Errorf("the keep probability must be above 0 and at most 1, not %s", args[0])
		}
		return LayerSpec{Kind: Regularizer, Keep: keep}, nil
	}
	return LayerSpec{}, tr.Errorf("unknown layer %q: use conv, maxpool, avgpool, fc or dropout", words[0])
}

// parseConv reads the arguments of a convolution: KxKxN [same|valid] [stride S] [act].
func parseConv(args []string) (LayerSpec, error) {
	if len(args) == 0 {
		return LayerSpec{}, tr.Errorf("write conv KxKxN [same|valid] [stride S] [relu|tanh|sigmoid|none], such as conv 5x5x32 same relu")
	}
	dims := strings.Split(args[0], "x")
	if len(dims) != 3 || dims[0] != dims[1] {
		return LayerSpec{}, tr.Errorf("the kernel %q must be KxKxN: a square K×K kernel and N filters, such as 5x5x32", args[0])
	}
	k, err := positive(dims[0], tr.T("the kernel size"))
	if err != nil {
		return LayerSpec{}, err
	}
	n, err := positive(dims[2], tr.T("the number of filters"))
	if err != nil {
		return LayerSpec{}, err
	}
	l := LayerSpec{Kind: Convolution, Size: k, Filters: n, Stride: 1, Padding: Same, Act: ReLU}
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "same":
			l.Padding = Same
		case a == "valid":
			l.Padding = Valid
		case a == "stride" && i+1 < len(args):
			i++
			if l.Stride, err = positive(args[i], tr.T("the stride")); err != nil {
				return LayerSpec{}, err
			}
		default:
			act, ok := activations[a]
			if !ok {
				return LayerSpec{}, tr.Errorf("unexpected %q: after the kernel come same or valid, stride S, and relu, tanh, sigmoid or none", a)
			}
			l.Act = act
		}
	}
	return l, nil
}

// parsePool reads the arguments of a pooling layer: S [stride T].
func parsePool(args []string, average bool) (LayerSpec, error) {
	if len(args) != 1 && (len(args) != 3 || args[1] != "stride") {
		return LayerSpec{}, tr.Errorf("write maxpool S [stride T] or avgpool S [stride T], such as maxpool 2")
	}
	size, err := positive(args[0], tr.T("the window size"))
	if err != nil {
		return LayerSpec{}, err
	}
	l := LayerSpec{Kind: Pooling, Average: average, Size: size, Stride: size}
	if len(args) == 3 {
		if l.Stride, err = positive(args[2], tr.T("the stride")); err != nil {
			return LayerSpec{}, err
		}
	}
	return l, nil
}

// maxSide bounds every size a spec gives, so that a typo cannot ask for terabytes.
const maxSide = 1 << 14

// positive reads a whole number from 1 to maxSide, or says what the value named what must
// be.
func positive(text, what string) (int, error) {
	v, err := strconv.Atoi(text)
	if err != nil || v < 1 || v > maxSide {
		return 0, tr.Errorf("%s must be a whole number from 1 to %d, not %q", what, maxSide, text)
	}
	return v, nil
}

// String returns the layer as a spec writes it, every argument spelled out.
func (l LayerSpec) String() string {
	switch l.Kind {
	case Convolution:
		s := fmt.Sprintf("conv %dx%dx%d %v", l.Size, l.Size, l.Filters, l.Padding)
		if l.Stride != 1 {
			s += fmt.Sprintf(" stride %d", l.Stride)
		}
		return s + " " + l.Act.String()
	case Pooling:
		s := "maxpool"
		if l.Average {
			s = "avgpool"
		}
		s += " " + strconv.Itoa(l.Size)
		if l.Stride != l.Size {
			s += fmt.Sprintf(" stride %d", l.Stride)
		}
		return s
	case FullyConnected:
		if l.Act == Identity {
			return fmt.Sprintf("fc %d", l.Size)
		}
		return fmt.Sprintf("fc %d %v", l.Size, l.Act)
	case Regularizer:
		return "dropout " + strconv.FormatFloat(l.Keep, 'g', -1, 64)
	}
	return "unknown"
}

// WithKeep returns a copy of s whose dropout layers keep values with probability keep.
func (s Spec) WithKeep(keep float64) Spec {
	t := append(Spec(nil), s...)
	for i := range t {
		if t[i].Kind == Regularizer {
			t[i].Keep = keep
		}
	}
	return t
}

// String returns the spec as ParseSpec reads it, layers separated by "; ".
func (s Spec) String() string {
	texts := make([]string, len(s))
	for i, l := range s {
		texts[i] = l.String()
	}
	return strings.Join(texts, "; ")
}

// LayerSummary is what one layer of a spec makes of its input: the layer's name, its
// output shape, its number of parameters, and the multiply-adds it takes per example.
type LayerSummary struct {
	Name      string    `json:"name"`
	Spec      LayerSpec `json:"-"`
	Text      string    `json:"layer"`
	Out       Shape     `json:"-"`
	Shape     string    `json:"shape"`
	Params    int       `json:"params"`
	MultAdds  int       `json:"mult_adds"`
	inputSize Shape
}

// Summary checks that the layers of s fit together on inputs of shape in, ending in
// classes logits, and returns what each makes of its input. Its error names the layer,
// its position and why: "layer 4 (maxpool 2): input is 1x1, smaller than the 2x2 window".
func (s Spec) Summary(in Shape, classes int) ([]LayerSummary, error) {
	if len(s) == 0 {
		return nil, tr.Errorf("the architecture has no layers")
	}
	sums := make([]LayerSummary, len(s))
	counts := map[Kind]int{}
	dropouts := 0
	for _, l := range s {
		if l.Kind == Regularizer {
			dropouts++
		}
	}
	shape := in
	for i, l := range s {
		fail := func(reason string) error {
			return tr.Errorf("layer %d (%v): %s", i+1, l, reason)
		}
		counts[l.Kind]++
		sum := LayerSummary{Spec: l, Text: l.String(), inputSize: shape}
		switch l.Kind {
		case Convolution:
			if counts[FullyConnected] > 0 {
				return nil, fail(tr.T("a convolution cannot follow a fully connected layer: its input has no rows and columns"))
			}
			g, err := convWindow(shape, l.Size, l.Stride, l.Padding)
			if err != nil {
				return nil, fail(err.Error())
			}
			sum.Name = fmt.Sprintf("conv%d", counts[l.Kind])
			sum.Out = Shape{g.OutH, g.OutW, l.Filters}
			sum.Params = l.Size*l.Size*shape.C*l.Filters + l.Filters
			sum.MultAdds = g.OutH * g.OutW * l.Size * l.Size * shape.C * l.Filters
		case Pooling:
			if counts[FullyConnected] > 0 {
				return nil, fail(tr.T("pooling cannot follow a fully connected layer: its input has no rows and columns"))
			}
			g, err := poolWindow(shape, l.Size, l.Stride)
			if err != nil {
				return nil, fail(err.Error())
			}
			sum.Name = fmt.Sprintf("pool%d", counts[l.Kind])
			sum.Out = Shape{g.OutH, g.OutW, shape.C}
		case FullyConnected:
			sum.Name = fmt.Sprintf("fc%d", counts[l.Kind])
			sum.Out = Shape{1, 1, l.Size}
			sum.Params = shape.Size()*l.Size + l.Size
			sum.MultAdds = shape.Size() * l.Size
		case Regularizer:
			sum.Name = "dropout"
			if dropouts > 1 {
				sum.Name += strconv.Itoa(counts[l.Kind])
			}
			sum.Out = shape
		}
		sum.Shape = sum.Out.String()
		sums[i] = sum
		shape = sum.Out
	}
	last := s[len(s)-1]
	switch {
	case last.Kind != FullyConnected:
		return nil, tr.Errorf("layer %d (%v): the last layer must be fc %d, which gives the logits of the %d classes", len(s), last, classes, classes)
	case last.Size != classes:
		return nil, tr.Errorf("layer %d (%v): the last layer must have %d units, one per class", len(s), last, classes)
	case last.Act != Identity:
		return nil, tr.Errorf("layer %d (%v): the last layer gives the logits: it takes no activation (write fc %d)", len(s), last, classes)
	}
	return sums, nil
}

// Build returns the network of s for inputs of shape in and classes classes, its weights
// drawn by init from a generator seeded with seed, so the same seed gives the same network.
// It returns Summary's error for a spec that does not fit.
func (s Spec) Build(in Shape, classes int, init Init, seed uint64) (*Network, error) {
	sums, err := s.Summary(in, classes)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, initStream))
	net := &Network{Input: in, Layers: make([]Layer, len(s))}
	for i, sum := range sums {
		l, c := sum.Spec, sum.inputSize.C
		switch l.Kind {
		case Convolution:
			conv := NewConv2D(sum.Name, l.Size, c, l.Filters, l.Act, init, rng)
			conv.Stride, conv.Padding = l.Stride, l.Padding
			net.Layers[i] = conv
		case Pooling:
			if l.Average {
				net.Layers[i] = NewAvgPool(sum.Name, l.Size, l.Stride)
			} else {
				pool := NewMaxPool(sum.Name)
				pool.Size, pool.Stride = l.Size, l.Stride
				net.Layers[i] = pool
			}
		case FullyConnected:
			net.Layers[i] = NewDense(sum.Name, sum.inputSize.Size(), l.Size, l.Act, init, rng)
		case Regularizer:
			net.Layers[i] = NewDropout(sum.Name, l.Keep)
		}
	}
	return net, nil
}
