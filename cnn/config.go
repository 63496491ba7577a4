package cnn

import (
	"fmt"
	"math"

	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// Config holds the settings of a training run. The zero value is not valid; start from
// DefaultConfig.
type Config struct {
	Steps        int     // total number of training steps (updates)
	Batch        int     // examples per step
	LearningRate float64 // the optimizer's step size: Adam's α, or SGD's η
	KeepProb     float64 // the keep probability of every dropout layer during training, in (0, 1]
	Seed         uint64  // seeds the initial weights, the shuffling and the dropout masks
	EvalEvery    int     // evaluate on the test set every EvalEvery steps (0: only at the end)
	Workers      int     // goroutines that share each step (0: all CPUs, as many as fit in MaxTrainingMemory); does not change results beyond rounding
	// Arch is the network's architecture (see ParseSpec), or "" for the reference,
	// ReferenceSpec. Its dropout layers keep KeepProb, whatever the spec says.
	Arch string `json:",omitempty"`
	// Init is how the weights start (see ParseInit), or "" for the reference's,
	// truncnormal:0.1.
	Init string `json:",omitempty"`
	// Dataset names the data set trained on (see mnist.DatasetNamed), or "" for MNIST.
	Dataset string `json:",omitempty"`
	// Optimizer is OptimizerSGD for stochastic gradient descent with Momentum, or "" for
	// Adam, the reference's; LearningRate is the step size of either.
	Optimizer string  `json:",omitempty"`
	Momentum  float64 `json:",omitempty"` // SGD's momentum μ, in [0, 1)
	// WeightDecay is the weight λ of an L2 penalty ½·λ·‖θ‖² on every parameter, added to
	// the gradient (0: none), in [0, 1).
	WeightDecay float64 `json:",omitempty"`
}

// DefaultConfig returns the reference run: 20,000 steps of 50 examples, Adam with α = 1e-4,
// dropout keeping half of fc1's values, seed 1, a test evaluation every 500 steps.
func DefaultConfig() Config {
	return Config{Steps: 20000, Batch: 50, LearningRate: 1e-4, KeepProb: 0.5, Seed: 1, EvalEvery: 500}
}

// MaxBatch is the largest batch a run accepts.
const MaxBatch = 10000

// MaxSteps is the most steps a run accepts: far more than any run needs (the reference run
// has 20,000), and small enough that a step number times a batch never overflows an int.
const MaxSteps = 1_000_000_000

// Validate returns an error naming the first setting that is out of range and what it must
// be, or, for settings that would need more than MaxTrainingMemory (see TrainingMemory), the
// memory they need; nil if they are all good.
func (c Config) Validate() error {
	if err := c.validateRanges(); err != nil {
		return err
	}
	return c.checkMemory()
}

// validateRanges is Validate's check of every setting on its own, which is all a saved
// model's settings must pass to be read.
func (c Config) validateRanges() error {
	switch {
	case c.Steps < 1 || c.Steps > MaxSteps:
		return tr.Errorf("steps must be between 1 and %d, got %d", MaxSteps, c.Steps)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return tr.Errorf("batch size must be between 1 and %d, got %d", MaxBatch, c.Batch)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0) || c.LearningRate > 1:
		return tr.Errorf("learning rate must be greater than 0 and at most 1, got %v", c.LearningRate)
	case !(c.KeepProb > 0 && c.KeepProb <= 1):
		return tr.Errorf("dropout keep probability must be greater than 0 and at most 1, got %v", c.KeepProb)
	case c.EvalEvery < 0:
		return tr.Errorf("evaluation interval must be 0 (only at the end) or more, got %d", c.EvalEvery)
	case c.Workers < 0:
		return tr.Errorf("workers must be 0 (all CPUs) or more, got %d", c.Workers)
	}
	if _, err := c.spec(); err != nil {
		return err
	}
	if _, err := mnist.DatasetNamed(c.Dataset); err != nil {
		return err
	}
	switch {
	case c.Optimizer != "" && c.Optimizer != OptimizerSGD:
		return tr.Errorf("unknown optimizer %q: use %s or %s", c.Optimizer, OptimizerAdam, OptimizerSGD)
	case !(c.Momentum >= 0 && c.Momentum < 1):
		return tr.Errorf("momentum must be at least 0 and below 1, got %v", c.Momentum)
	case c.Momentum != 0 && c.Optimizer != OptimizerSGD:
		return tr.Errorf("momentum %v is SGD's: Adam has none (choose the sgd optimizer, or momentum 0)", c.Momentum)
	case !(c.WeightDecay >= 0 && c.WeightDecay < 1):
		return tr.Errorf("weight decay must be at least 0 and below 1, got %v", c.WeightDecay)
	}
	_, err := c.init()
	return err
}

// Data returns the data set the run trains on.
func (c Config) Data() mnist.Dataset {
	d, err := mnist.DatasetNamed(c.Dataset)
	if err != nil {
		return mnist.MNIST
	}
	return d
}

// spec returns the architecture of the run, checked on MNIST's inputs and classes.
func (c Config) spec() (Spec, error) {
	if c.Arch == "" {
		return referenceSpec(), nil
	}
	spec, err := ParseSpec(c.Arch)
	if err != nil {
		return nil, err
	}
	if _, err := spec.Summary(mnistShape, Classes); err != nil {
		return nil, err
	}
	return spec, nil
}

// init returns the initialisation of the run.
func (c Config) init() (Init, error) {
	if c.Init == "" {
		return DefaultInit(), nil
	}
	return ParseInit(c.Init)
}

// mnistShape is the shape of one MNIST image, the input of every network.
var mnistShape = Shape{28, 28, 1}

// NewNetwork returns the untrained network of the run: its architecture, its dropout
// layers keeping KeepProb, its weights drawn by its initialisation from a generator seeded
// with Seed. It returns an error if c is invalid.
func (c Config) NewNetwork() (*Network, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c.network()
}

// network is NewNetwork for settings that pass validateRanges, whatever memory they need:
// the network of a saved model, which was trained.
func (c Config) network() (*Network, error) {
	spec, err := c.spec()
	if err != nil {
		return nil, err
	}
	init, err := c.init()
	if err != nil {
		return nil, err
	}
	return spec.WithKeep(c.KeepProb).Build(mnistShape, Classes, init, c.Seed)
}

// NeedsNewNetwork reports whether moving from c to d changes the run itself (the network,
// its initialisation, the data, the data order or the optimizer), so that training with
// d cannot continue from a state trained with c. Steps, EvalEvery and Workers can change
// mid-run.
func (c Config) NeedsNewNetwork(d Config) bool { return len(c.RunChanges(d)) > 0 }

// RunChanges names the settings of the run itself that differ between c and d, with
// their two values: "learning rate 0.0001 → 0.001".
func (c Config) RunChanges(d Config) []string {
	var changes []string
	differ := func(format string, a, b any) {
		if a != b {
			changes = append(changes, tr.F(format, a, b))
		}
	}
	differ("batch %v → %v", c.Batch, d.Batch)
	differ("learning rate %v → %v", c.LearningRate, d.LearningRate)
	differ("keep probability %v → %v", c.KeepProb, d.KeepProb)
	differ("seed %v → %v", c.Seed, d.Seed)
	differ("architecture %v → %v", c.ArchText(), d.ArchText())
	differ("initialisation %v → %v", c.InitText(), d.InitText())
	differ("data set %v → %v", c.Data().Name, d.Data().Name)
	differ("optimizer %v → %v", c.OptimizerText(), d.OptimizerText())
	differ("weight decay %v → %v", c.WeightDecay, d.WeightDecay)
	return changes
}

// OptimizerText names the optimizer with its momentum: "adam", "sgd with momentum 0.9".
func (c Config) OptimizerText() string {
	if c.Optimizer == OptimizerSGD {
		return fmt.Sprintf("sgd with momentum %v", c.Momentum)
	}
	return OptimizerAdam
}

// SameNetwork reports whether c and d build the same untrained network: the same
// architecture, dropout, initialisation and seed.
func (c Config) SameNetwork(d Config) bool {
	return c.Seed == d.Seed && c.KeepProb == d.KeepProb && c.ArchText() == d.ArchText() && c.InitText() == d.InitText()
}

// ArchText returns the architecture as a spec writes it, every argument spelled out: the
// reference's for "".
func (c Config) ArchText() string {
	spec, err := c.spec()
	if err != nil {
		return c.Arch
	}
	return spec.String()
}

// InitText returns the initialisation as ParseInit reads it: the reference's for "".
func (c Config) InitText() string {
	init, err := c.init()
	if err != nil {
		return c.Init
	}
	return init.String()
}

// SetArch sets Arch to the architecture of the spec text (see ParseSpec): "" for the
// reference, else the spec with every argument spelled out. It returns the error of a
// spec that does not read or does not fit MNIST's inputs and classes, and then leaves c
// as it was.
func (c *Config) SetArch(text string) error {
	spec, err := ParseSpec(text)
	if err != nil {
		return err
	}
	if _, err := spec.Summary(mnistShape, Classes); err != nil {
		return err
	}
	c.Arch = ""
	if canonical := spec.String(); canonical != ReferenceSpec {
		c.Arch = canonical
	}
	return nil
}

// SetInit sets Init to the initialisation of text (see ParseInit): "" for the reference's.
// It returns ParseInit's error, and then leaves c as it was.
func (c *Config) SetInit(text string) error {
	in, err := ParseInit(text)
	if err != nil {
		return err
	}
	c.Init = ""
	if in != DefaultInit() {
		c.Init = in.String()
	}
	return nil
}
