package cnn

import (
	"runtime"

	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// MaxTrainingMemory bounds the memory a run's settings may need, as TrainingMemory
// estimates it: 2 GiB, which a desktop can spare. Validate refuses settings that need more.
const MaxTrainingMemory = 2 << 30

// TrainingMemory returns an estimate, in bytes, of the memory a run with these settings
// needs, beyond the data set (about 220 MB for MNIST) and the program itself: the weights
// and Adam's moments, the copies a snapshot and a save make of them, every worker's copy
// of the gradients (one copy for the weights of the layers trained model-parallel) and
// buffers for its share of the batch, and the buffers every worker uses to evaluate the
// test set. For the reference network it grows with the batch (about 1.2 MB per example)
// and the workers (about 47 MB each). Settings whose architecture does
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
	grads := uint64(f.params)             // the first worker's; the others have none of the model-parallel layers' weights
	if workers > 1 {
		grads += uint64(workers-1)*uint64(f.params-f.sharedWeights) + uint64(batch)*uint64(f.sharedExample)
	}
	return uint64(8*f.params) + // the weights, m and v, and a snapshot's and a save's copies
		grads + uint64(workers)*uint64(f.inference) + // gradients and evaluation buffers
		uint64(batch)*uint64(f.trainExample+inputBytes) + uint64(workers+1)*uint64(f.trainPass) +
		// The recording: the health probe's pass, gradients and the weights before a step;
		// the embedding's images, their outputs and a projection's float64 copy.
		uint64(HealthProbe)*uint64(f.trainExample+inputBytes) + uint64(2*f.params) +
		uint64(EmbeddingImages)*uint64(inputBytes+3*f.embedding+4*Classes)
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
		workers := tr.F("%d workers", c.workerCount())
		if c.workerCount() == 1 {
			workers = tr.T("1 worker")
		}
		return tr.Errorf("batch %d with %s needs about %.1f GB to train, more than the %.0f GB allowed: use a smaller batch or fewer workers",
			c.Batch, workers, float64(need)/(1<<30), float64(MaxTrainingMemory)/(1<<30))
	}
	return nil
}

// figures are a network's sizes in bytes that TrainingMemory adds up.
type figures struct {
	params       int // all parameter values
	trainExample int // a training pass's buffers per example, after a forward and backward
	trainPass    int // a training pass's buffers that do not grow with its examples
	inference    int // an inference pass of inferenceChunk examples, after a forward
	embedding    int // an example's output of the embedding layer
	// The weights of the dense layers that several workers train model-parallel
	// (sharedLayers), and their buffers for the whole batch, per example.
	sharedWeights, sharedExample int
}

// figures returns the sizes of the network of c's architecture, worked out from its
// layers' shapes without building it, or false if the architecture does not fit.
func (c Config) figures() (figures, bool) {
	spec, err := c.spec()
	if err != nil {
		return figures{}, false
	}
	sums, err := spec.Summary(mnistShape, Classes)
	if err != nil {
		return figures{}, false
	}
	var f figures
	for i, s := range sums {
		train, infer, trainFixed, inferFixed := passValues(s, i > 0)
		f.params += 4 * s.Params
		f.trainExample += 4 * train
		f.trainPass += 4 * trainFixed
		f.inference += 4 * (inferenceChunk*infer + inferFixed)
		if in, out := s.inputSize.Size(), s.Out.Size(); s.Spec.Kind == FullyConnected && trainsModelParallel(in, out) {
			f.sharedWeights += 4 * in * out
			f.sharedExample += 4 * 3 * (in + out) // x, dx and dxT, y, dy and dyT
		}
		if i < len(sums)-1 && s.Spec.Kind != Regularizer { // the last hidden layer's is kept
			f.embedding = 4 * s.Out.Size()
		}
	}
	return f, true
}

// passValues returns how many values per example the pass of the layer s holds once a
// training step has run through it (its backward giving dx if wantDx), and once an
// inference has: what each pass allocates in newPass and on first use; and how many it
// holds whatever its examples, after training and after inference. A convolution that
// runs as Winograd's F(2×2, 5×5) holds its transformed kernels, and one chunk's
// transformed tiles and products (winoChunk); in training also the kernels' gradients,
// and their transposes if wantDx. One that makes patches holds im2col's padded copy of an
// example.
func passValues(s LayerSummary, wantDx bool) (train, infer, trainFixed, inferFixed int) {
	in, out, l := s.inputSize, s.Out, s.Spec
	dx := 0
	if wantDx {
		dx = in.Size()
	}
	switch l.Kind {
	case Convolution:
		if winogradFits(l.Size, l.Stride, in.C) {
			th, tw := winoTilesOf(window{OutH: out.H, OutW: out.W})
			tiles := winoTiles * winoChunk * th * tw * (in.C + out.C)
			kernels := winoTiles * in.C * out.C
			return out.Size() + dx, out.Size(), tiles + kernels*(2+btoi(wantDx)), tiles + kernels
		}
		cols := out.H * out.W * l.Size * l.Size * in.C
		padded := paddedSize(in, window{K: l.Size, Stride: l.Stride, OutH: out.H, OutW: out.W})
		train, infer, trainFixed = cols+out.Size()+dx, out.Size(), padded
		if in.C != 1 { // a one-channel input is convolved directly, without patches
			infer, inferFixed = infer+cols, padded
		}
	case Pooling:
		train, infer = out.Size()+dx, out.Size()
		if !l.Average { // the record of the maxima
			train, infer = train+out.Size(), infer+out.Size()
		}
	case FullyConnected:
		train, infer = out.Size()+dx, out.Size()
	case Regularizer: // the mask and the output
		train, infer = 2*in.Size(), 2*in.Size()
	}
	return train, infer, trainFixed, inferFixed
}
