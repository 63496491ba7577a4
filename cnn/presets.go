package cnn

import (
	"strings"

	"convscope/internal/tr"
)

// Preset is a named architecture, chosen to teach something.
type Preset struct {
	Name    string
	Spec    string
	Teaches string // what the architecture shows a learner, in a sentence
}

// Presets returns the presets, the reference first.
func Presets() []Preset {
	return []Preset{
		{"reference", ReferenceSpec,
			"TensorFlow's Deep MNIST network: two 5x5 convolutions with pooling, a large dense layer and dropout; about 99.2% on MNIST."},
		{"lenet5", "conv 5x5x6 same tanh; avgpool 2; conv 5x5x16 valid tanh; avgpool 2; fc 120 tanh; fc 84 tanh; fc 10",
			"LeCun's 1998 LeNet-5 for 28x28 inputs: tanh units and average pooling (subsampling), 62,000 parameters against the reference's 3.3 million."},
		{"tiny", "conv 5x5x8 same relu; maxpool 4; fc 10",
			"One convolution of eight filters and a linear classifier: it trains in seconds, and its filters still become stroke detectors."},
		{"deep", "conv 3x3x16 same relu; conv 3x3x16 same relu; maxpool 2; conv 3x3x32 same relu; conv 3x3x32 same relu; maxpool 2; conv 3x3x64 same relu; maxpool 2; fc 128 relu; dropout 0.5; fc 10",
			"Five 3x3 convolutions: stacked small kernels see wider and wider (5x5, then 10x10 and more), a deeper hierarchy from edges to parts."},
	}
}

// Description returns Teaches in the user's language, as the app and the command line's
// text show it; Teaches stays English for the command line's JSON.
func (p Preset) Description() string {
	switch p.Name {
	case "reference":
		return tr.F("TensorFlow's Deep MNIST network: two 5x5 convolutions with pooling, a large dense layer and dropout; about %.1f%% on MNIST.", 99.2)
	case "lenet5":
		return tr.T("LeCun's 1998 LeNet-5 for 28x28 inputs: tanh units and average pooling (subsampling), 62,000 parameters against the reference's 3.3 million.")
	case "tiny":
		return tr.T("One convolution of eight filters and a linear classifier: it trains in seconds, and its filters still become stroke detectors.")
	case "deep":
		return tr.T("Five 3x3 convolutions: stacked small kernels see wider and wider (5x5, then 10x10 and more), a deeper hierarchy from edges to parts.")
	}
	return p.Teaches
}

// PresetSpec returns the text of the preset named name, or an error listing the presets.
func PresetSpec(name string) (string, error) {
	var names []string
	for _, p := range Presets() {
		if p.Name == name {
			return p.Spec, nil
		}
		names = append(names, p.Name)
	}
	return "", tr.Errorf("unknown preset %q: choose one of %s", name, strings.Join(names, ", "))
}
