package cnn

import (
	"fmt"
	"math"
)

// Config holds the settings of a training run. The zero value is not valid; start from
// DefaultConfig.
type Config struct {
	Steps        int     // total number of training steps (updates)
	Batch        int     // examples per step
	LearningRate float64 // Adam's step size α
	KeepProb     float64 // dropout keep probability during training, in (0, 1]
	Seed         uint64  // seeds the initial weights, the shuffling and the dropout masks
	EvalEvery    int     // evaluate on the test set every EvalEvery steps (0: only at the end)
	Workers      int     // goroutines that share each step (0: all CPUs, as many as fit in MaxTrainingMemory); does not change results beyond rounding
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
		return fmt.Errorf("steps must be between 1 and %d, got %d", MaxSteps, c.Steps)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("batch size must be between 1 and %d, got %d", MaxBatch, c.Batch)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0) || c.LearningRate > 1:
		return fmt.Errorf("learning rate must be greater than 0 and at most 1, got %v", c.LearningRate)
	case !(c.KeepProb > 0 && c.KeepProb <= 1):
		return fmt.Errorf("dropout keep probability must be greater than 0 and at most 1, got %v", c.KeepProb)
	case c.EvalEvery < 0:
		return fmt.Errorf("evaluation interval must be 0 (only at the end) or more, got %d", c.EvalEvery)
	case c.Workers < 0:
		return fmt.Errorf("workers must be 0 (all CPUs) or more, got %d", c.Workers)
	}
	return nil
}

// NeedsNewNetwork reports whether moving from c to d changes the run itself (the network,
// its initialisation, the data order or the optimizer), so that training with d cannot
// continue from a state trained with c. Steps, EvalEvery and Workers can change mid-run.
func (c Config) NeedsNewNetwork(d Config) bool {
	return c.Batch != d.Batch || c.LearningRate != d.LearningRate || c.KeepProb != d.KeepProb || c.Seed != d.Seed
}
