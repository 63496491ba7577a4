package cnn

import (
	"slices"

	"convscope/internal/tr"
)

// EmbeddingImages is how many test images an embedding shows by default.
const EmbeddingImages = 2000

// BalancedSubset returns the indices of up to n of the examples labelled by labels, spread
// evenly over the classes: ⌈n/Classes⌉ of each class at most, the first of each class in
// order, then the rest of the n from the classes that have more, in increasing order. The
// same labels and n always give the same subset.
func BalancedSubset(labels []uint8, n int) []int {
	var byClass [Classes][]int
	for i, l := range labels {
		if int(l) < Classes {
			byClass[l] = append(byClass[l], i)
		}
	}
	var picked []int
	for round := 0; len(picked) < n; round++ {
		added := false
		for c := range byClass {
			if round < len(byClass[c]) && len(picked) < n {
				picked = append(picked, byClass[c][round])
				added = true
			}
		}
		if !added {
			break
		}
	}
	slices.Sort(picked)
	return picked
}

// EmbeddingLayer returns the layer whose activations an embedding shows: the last hidden
// layer (fc1 in the reference network), or false for a network without hidden layers.
func (net *Network) EmbeddingLayer() (LayerInfo, bool) {
	hidden := net.Hidden()
	if len(hidden) == 0 {
		return LayerInfo{}, false
	}
	return hidden[len(hidden)-1], true
}

// Embed returns the activations of the embedding layer for the n examples in images
// (n×Input.Size() values), n×dim values, and the class the network predicts for each, in
// one inference pass on up to workers goroutines (all CPUs if workers ≤ 0). It returns an
// error for a network without hidden layers, and panics if len(images) is not a multiple
// of Input.Size().
func (net *Network) Embed(images []float32, workers int) (features []float32, dim int, predicted []uint8, err error) {
	layer, ok := net.EmbeddingLayer()
	if !ok {
		return nil, 0, nil, tr.Errorf("the network has no hidden layer to embed: its layers go straight to the logits; give it a hidden layer (a convolution, a pooling or an fc layer before the last)")
	}
	last := net.Layers[len(net.Layers)-1].Name()
	outs, shapes, err := net.Outputs(images, workers, layer.Name, last)
	if err != nil {
		return nil, 0, nil, err
	}
	n := len(outs[1]) / Classes
	predicted = make([]uint8, n)
	for i := range n {
		predicted[i] = uint8(Argmax(outs[1][i*Classes : (i+1)*Classes]))
	}
	return outs[0], shapes[0].Size(), predicted, nil
}

// Projector maps n feature vectors of dim values (n×dim, row-major) to n points in the
// plane (n×2 values, x then y), placed to match prev, the points of the frame before (nil
// for the first), so that a run's frames do not flip or spin.
type Projector func(features []float32, n, dim int, prev []float32) ([]float32, error)

// EmbeddingFrame is the map of an embedding's images at one step of training.
type EmbeddingFrame struct {
	Step      int
	Points    []float32 // n×2: each image's place in the plane, x then y
	Predicted []uint8   // n: the class the network predicted for each image
}

// Embedding is the record of how a network's representation of a fixed set of test images
// moved while it trained: the images, and a frame at every recorded step, in order. Like
// History, a Checkpoint keeps it. The zero value records nothing.
type Embedding struct {
	Layer   string  // the embedding layer's name, for captions
	Indices []int   // the test images mapped, in increasing order
	Labels  []uint8 // their true classes
	Frames  []EmbeddingFrame
}

// MinRecordSpacing is how many steps apart a run with no evaluation records at least
// (besides step 0 and its last step): a record (the embedding's 2,000 images through the
// network, their projection and the health) costs about as much as ten training steps, so
// the records between take at most a fifth of a run's time.
const MinRecordSpacing = 50

// MaxEmbeddingFrames bounds how many frames an Embedding keeps (see RecordStep).
const MaxEmbeddingFrames = 200

// check returns what makes e unfit to keep with a model trained step steps: labels not
// one per image or not classes, frames of other sizes, out of order or later than step.
func (e Embedding) check(step int) error {
	n := len(e.Indices)
	if len(e.Labels) != n {
		return tr.Errorf("the embedding has %d images and %d labels", n, len(e.Labels))
	}
	if len(e.Frames) > MaxEmbeddingFrames {
		return tr.Errorf("the embedding holds %d frames, more than the %d a run records", len(e.Frames), MaxEmbeddingFrames)
	}
	for i, l := range e.Labels {
		if int(l) >= Classes || i > 0 && e.Indices[i] <= e.Indices[i-1] || e.Indices[i] < 0 {
			return tr.Errorf("embedding image %d (index %d, label %d) is out of order or not of a class", i, e.Indices[i], l)
		}
	}
	for i, f := range e.Frames {
		switch {
		case len(f.Points) != 2*n || len(f.Predicted) != n:
			return tr.Errorf("embedding frame %d has %d points and %d predictions for %d images", i, len(f.Points)/2, len(f.Predicted), n)
		case f.Step < 0 || f.Step > step:
			return tr.Errorf("embedding frame %d is of step %d, not one of the model's steps 0 to %d", i, f.Step, step)
		case i > 0 && f.Step <= e.Frames[i-1].Step:
			return tr.Errorf("embedding frame %d (step %d) does not come after step %d", i, f.Step, e.Frames[i-1].Step)
		}
	}
	return nil
}

// embedded is the embedding layer's activations of an embedding's images, n×dim values,
// with the class the network predicts for each.
type embedded struct {
	layer     string
	features  []float32
	dim       int
	predicted []uint8
}

// record adds the frame of step to e: the activations x of e's images projected by
// project, aligned with the frame before. Frames of step and later recorded before are
// dropped, so a run that starts again from an earlier step continues the record. The
// frames slice is replaced, never changed in place, so copies of e taken before stay as
// they were.
func (e *Embedding) record(step int, x embedded, project Projector) error {
	keep := len(e.Frames)
	for keep > 0 && e.Frames[keep-1].Step >= step {
		keep--
	}
	var prev []float32
	if keep > 0 {
		prev = e.Frames[keep-1].Points
	}
	points, err := project(x.features, len(x.predicted), x.dim, prev)
	if err != nil {
		return err
	}
	e.Layer = x.layer
	e.Frames = append(slices.Clip(e.Frames[:keep]), EmbeddingFrame{Step: step, Points: points, Predicted: x.predicted})
	return nil
}

// RecordStep reports whether a Trainer with the settings c records the embedding and the
// health of its network at step: step 0, the last step, and the evaluations, thinned to
// every second, third, … evaluation when there would be more than MaxEmbeddingFrames
// (with no evaluation before the end, 100 steps spread evenly, at least
// MinRecordSpacing apart but for the last).
func (c Config) RecordStep(step int) bool {
	if step == 0 || step == c.Steps {
		return true
	}
	every := c.EvalEvery
	if every <= 0 {
		every = max(MinRecordSpacing, c.Steps/100)
	}
	// Keep room for step 0 and the last step.
	if records := c.Steps / every; records > MaxEmbeddingFrames-2 {
		every *= (records + MaxEmbeddingFrames - 3) / (MaxEmbeddingFrames - 2)
	}
	return step%every == 0
}
