package cnn

import (
	"fmt"
	"runtime"
	"sync"

	"convscope/cnn/mnist"
)

// MaxTrainingMemory bounds the memory a run's settings may need, as TrainingMemory
// estimates it: 2 GiB, which a desktop can spare. Validate refuses settings that need more.
const MaxTrainingMemory = 2 << 30

// TrainingMemory returns an estimate, in bytes, of the memory a run with these settings
// needs, beyond the data set (about 220 MB for MNIST) and the program itself: the weights
// and Adam's moments, the copies a snapshot and a save make of them, every worker's copy
// of the gradients and buffers for its share of the batch, and the buffers every worker
// uses to evaluate the test set. For the reference network it grows with the batch (about
// 1.2 MB per example) and the workers (about 55 MB each). Settings whose architecture does
// not build need nothing.
func (c Config) TrainingMemory() uint64 {
	f, ok := c.figures()
	if !ok {
		return 0
	}
	return f.trainingMemory(max(c.Batch, 0), c.workersFor(f))
}

// trainingMemory is TrainingMemory for a batch spread over workers workers.
func (f figures) trainingMemory(batch, workers int) uint64 {
	const inputBytes = 4*mnist.Pixels + 1 // an example's values and label
	return uint64(8*f.params) +           // the weights, m and v, and a snapshot's and a save's copies
		uint64(workers)*uint64(f.params+f.inference) + // gradients and evaluation buffers
		uint64(batch)*uint64(f.trainExample+inputBytes)
}

// workerCount returns the number of workers a run with these settings trains and
// evaluates with: Workers, or if it is 0 the number of CPUs, cut to as many as fit in
// MaxTrainingMemory; never more than the batch, never fewer than 1.
func (c Config) workerCount() int {
	f, _ := c.figures()
	return c.workersFor(f)
}

// workersFor is workerCount for a network of the sizes f.
func (c Config) workersFor(f figures) int {
	if c.Workers > 0 {
		return max(1, min(c.Workers, c.Batch))
	}
	n := max(1, min(runtime.GOMAXPROCS(0), c.Batch))
	for n > 1 && f.trainingMemory(c.Batch, n) > MaxTrainingMemory {
		n--
	}
	return n
}

// checkMemory returns an error with the figure if the settings need more than
// MaxTrainingMemory.
func (c Config) checkMemory() error {
	if need := c.TrainingMemory(); need > MaxTrainingMemory {
		return fmt.Errorf("batch %d with %d workers needs about %.1f GB to train, more than the %.0f GB allowed: use a smaller batch or fewer workers",
			c.Batch, c.workerCount(), float64(need)/(1<<30), float64(MaxTrainingMemory)/(1<<30))
	}
	return nil
}

// figures are a network's sizes in bytes that TrainingMemory adds up.
type figures struct {
	params       int // all parameter values
	trainExample int // a training pass's buffers per example, after a forward and backward
	inference    int // an inference pass of inferenceChunk examples, after a forward
}

// measured holds the figures of every architecture measured so far, by its text.
var measured sync.Map

// figures returns the sizes of the network of c's architecture, measured once per
// architecture, or false if it does not build.
func (c Config) figures() (figures, bool) {
	spec, err := c.spec()
	if err != nil {
		return figures{}, false
	}
	key := spec.String()
	if f, ok := measured.Load(key); ok {
		return f.(figures), true
	}
	net, err := spec.Build(mnistShape, Classes, DefaultInit(), 0)
	if err != nil {
		return figures{}, false
	}
	f := measure(net)
	measured.Store(key, f)
	return f, true
}

// measure returns the sizes of net's parameters and of the buffers of its passes.
func measure(net *Network) figures {
	var f figures
	var grads [][]float32
	for _, p := range net.Params() {
		f.params += 4 * len(p.Value)
		grads = append(grads, make([]float32, len(p.Value)))
	}
	// Every buffer of a pass holds a fixed number of values per example.
	train := net.newPass(1)
	logits := train.forward(make([]float32, net.Input.Size()), 1, &passContext{train: true})
	train.backward(logits, 1, grads)
	f.trainExample = train.bytes()
	infer := net.newPass(inferenceChunk)
	infer.forward(make([]float32, inferenceChunk*net.Input.Size()), inferenceChunk, forwardOnly)
	f.inference = infer.bytes()
	return f
}

// bytes returns the size of the buffers of every layer's pass.
func (p *netPass) bytes() int {
	n := 0
	for _, l := range p.passes {
		n += l.bytes()
	}
	return n
}
