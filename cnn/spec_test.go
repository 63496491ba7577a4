package cnn

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParseSpecReadsEveryForm(t *testing.T) {
	for _, tc := range []struct{ text, canonical string }{
		{ReferenceSpec, "conv 5x5x32 same relu; maxpool 2; conv 5x5x64 same relu; maxpool 2; fc 1024 relu; dropout 0.5; fc 10"},
		// One layer per line, brackets, capitals, defaults spelled out or not.
		{"Conv 3x3x8 [valid] [stride 2] [tanh]\navgpool 3 stride 2\n\nfc 20 sigmoid\nfc 10 none", "conv 3x3x8 valid stride 2 tanh; avgpool 3 stride 2; fc 20 sigmoid; fc 10"},
		{"conv 7x7x4 none; maxpool 2 stride 2; fc 16; fc 10", "conv 7x7x4 same none; maxpool 2; fc 16 relu; fc 10"},
	} {
		spec, err := ParseSpec(tc.text)
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := spec.String(); got != tc.canonical {
			t.Errorf("%q reads as %q, want %q", tc.text, got, tc.canonical)
		}
		again, err := ParseSpec(spec.String())
		if err != nil || !slices.Equal(again, spec) {
			t.Errorf("%q does not read back: %v", spec, err)
		}
	}
}

func TestParseSpecErrorsNameTheLayer(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", "no layers"},
		{"conv 5x5x32; pool 2; fc 10", `layer 2 (pool 2): unknown layer "pool"`},
		{"conv 5x4x32; fc 10", `layer 1 (conv 5x4x32): the kernel "5x4x32" must be KxKxN`},
		{"conv 5x5x0; fc 10", "layer 1 (conv 5x5x0): the number of filters must be a whole number from 1"},
		{"conv 5x5x8 swish; fc 10", `layer 1 (conv 5x5x8 swish): unexpected "swish"`},
		{"conv 5x5x8 stride; fc 10", `unexpected "stride"`},
		{"maxpool 2 by 2; fc 10", "layer 1 (maxpool 2 by 2): write maxpool S [stride T]"},
		{"fc 10 softmax", `layer 1 (fc 10 softmax): unknown activation "softmax"`},
		{"fc 100000000", "the number of units must be a whole number from 1 to 16384"},
		{"dropout 1.5; fc 10", "layer 1 (dropout 1.5): the keep probability must be above 0 and at most 1"},
		{"dropout; fc 10", "write dropout KEEP"},
	} {
		_, err := ParseSpec(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.text, err, tc.want)
		}
	}
}

func TestSummaryOfTheReference(t *testing.T) {
	sums, err := referenceSpec().Summary(Shape{28, 28, 1}, Classes)
	if err != nil {
		t.Fatal(err)
	}
	// Parameters: K·K·In·Out + Out for a convolution, In·Out + Out for a dense layer.
	// Multiply-adds: one per kernel tap, input channel and output, for every output pixel.
	want := []struct {
		name, shape      string
		params, multAdds int
	}{
		{"conv1", "28x28x32", 5*5*1*32 + 32, 28 * 28 * 5 * 5 * 1 * 32},
		{"pool1", "14x14x32", 0, 0},
		{"conv2", "14x14x64", 5*5*32*64 + 64, 14 * 14 * 5 * 5 * 32 * 64},
		{"pool2", "7x7x64", 0, 0},
		{"fc1", "1x1x1024", 3136*1024 + 1024, 3136 * 1024},
		{"dropout", "1x1x1024", 0, 0},
		{"fc2", "1x1x10", 1024*10 + 10, 1024 * 10},
	}
	for i, w := range want {
		s := sums[i]
		if s.Name != w.name || s.Shape != w.shape || s.Params != w.params || s.MultAdds != w.multAdds {
			t.Errorf("layer %d: %s %s, %d parameters, %d multiply-adds; want %+v", i+1, s.Name, s.Shape, s.Params, s.MultAdds, w)
		}
	}
	// The network built has the parameters the summary counts.
	total := 0
	for _, p := range NewReference(1, 0.5).Params() {
		total += len(p.Value)
	}
	if counted := 832 + 51264 + 3212288 + 10250; total != counted {
		t.Errorf("the reference has %d parameters, the summary counts %d", total, counted)
	}
}

func TestSummaryErrorsNameTheLayerThatDoesNotFit(t *testing.T) {
	in := Shape{28, 28, 1}
	for _, tc := range []struct{ text, want string }{
		{"conv 3x3x8; maxpool 4; maxpool 7; maxpool 2; fc 10", "layer 4 (maxpool 2): input is 1x1, smaller than the 2x2 window"},
		{"conv 5x5x8 valid; conv 29x29x8 valid; fc 10", "layer 2 (conv 29x29x8 valid relu): input is 24x24, smaller than the 29x29 kernel"},
		{"fc 64; conv 3x3x8; fc 10", "layer 2 (conv 3x3x8 same relu): a convolution cannot follow a fully connected layer"},
		{"fc 20; dropout 0.5; conv 3x3x2; fc 10", "layer 3 (conv 3x3x2 same relu): a convolution cannot follow a fully connected layer"},
		{"fc 20; maxpool 1; fc 10", "layer 2 (maxpool 1): pooling cannot follow a fully connected layer"},
		{"conv 3x3x8; maxpool 2", "layer 2 (maxpool 2): the last layer must be fc 10"},
		{"conv 3x3x8; fc 12", "layer 2 (fc 12): the last layer must have 10 units"},
		{"conv 3x3x8; fc 10 relu", "layer 2 (fc 10 relu): the last layer gives the logits: it takes no activation"},
	} {
		spec, err := ParseSpec(tc.text)
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if _, err := spec.Summary(in, Classes); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.text, err, tc.want)
		}
		if _, err := spec.Build(in, Classes, DefaultInit(), 1); err == nil {
			t.Errorf("%q built", tc.text)
		}
	}
}

func TestBuiltNetworkOfEveryKindTrains(t *testing.T) {
	// Strided VALID and SAME convolutions, both poolings, every activation and two
	// dropouts: the gradients of the whole network match finite differences.
	spec, err := ParseSpec("conv 3x3x3 valid stride 2 tanh; avgpool 2 stride 1; conv 2x2x4 same sigmoid; maxpool 2; dropout 1; fc 6 tanh; dropout 1; fc 10")
	if err != nil {
		t.Fatal(err)
	}
	in := Shape{9, 8, 1}
	net, err := spec.Build(in, Classes, Init{Scheme: Xavier}, 3)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(net.Layers))
	for i, l := range net.Layers {
		names[i] = l.Name()
	}
	if want := []string{"conv1", "pool1", "conv2", "pool2", "dropout1", "fc1", "dropout2", "fc2"}; !slices.Equal(names, want) {
		t.Fatalf("layers %v, want %v", names, want)
	}
	rng := rand.New(rand.NewPCG(6, 6))
	checkNetworkGradients(t, net, randomSlice(rng, 2*in.Size(), 0, 1), []uint8{2, 7})
}

func TestInitialisations(t *testing.T) {
	spec, _ := ParseSpec("conv 5x5x64; fc 10")
	for _, tc := range []struct {
		text    string
		std     float64 // of conv1's weights
		biasSet float32
	}{
		{"truncnormal:0.1", 0.1 * 0.8796, 0.1},                  // a normal truncated at ±2σ keeps 0.8796σ
		{"he", math.Sqrt(2.0 / 25), 0},                          // fan-in 5·5·1
		{"xavier", math.Sqrt(6.0/(25+25*64)) / math.Sqrt(3), 0}, // uniform ±a has σ a/√3
	} {
		init, err := ParseInit(tc.text)
		if err != nil || init.String() != tc.text {
			t.Fatalf("%q reads as %v, %v", tc.text, init, err)
		}
		net, err := spec.Build(Shape{28, 28, 1}, Classes, init, 1)
		if err != nil {
			t.Fatal(err)
		}
		conv := net.Layers[0].(*Conv2D)
		var sum, sq float64
		for _, w := range conv.Weights.Value {
			sum += float64(w)
			sq += float64(w) * float64(w)
		}
		n := float64(len(conv.Weights.Value))
		if std := math.Sqrt(sq/n - (sum/n)*(sum/n)); math.Abs(std-tc.std) > 0.05*tc.std {
			t.Errorf("%s: weights of standard deviation %.4f, want %.4f", tc.text, std, tc.std)
		}
		if conv.Bias.Value[0] != tc.biasSet {
			t.Errorf("%s: bias %v, want %v", tc.text, conv.Bias.Value[0], tc.biasSet)
		}
	}
	for _, bad := range []string{"uniform", "truncnormal:-1", "truncnormal:x"} {
		if _, err := ParseInit(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
