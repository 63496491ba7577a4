package cnn

import (
	"math"
	"slices"

	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// HealthProbe is how many test images, spread evenly over the classes, a Trainer measures
// its network's health on (Network.Health).
const HealthProbe = 50

// Recording is what a run keeps of its representation and its health besides the
// Evolution: the filters it started from, the map of a fixed set of test images, and the
// state of every layer, at the steps Config.RecordStep picks. Like History, a Checkpoint
// keeps it; its slices are shared between snapshots and never changed in place. The zero
// value records nothing.
type Recording struct {
	// W0 holds the weights of every convolution at step 0, by layer name (HWIO, as
	// Conv2D.Weights), or nothing for a run saved without them.
	W0        map[string][]float32
	Embedding Embedding
	Health    []HealthRecord // in order of step, at most MaxEmbeddingFrames
}

// InitialWeights returns the weights of every convolution of net, by layer name, copied:
// its W0 when net is untrained.
func InitialWeights(net *Network) map[string][]float32 {
	w0 := map[string][]float32{}
	for _, info := range net.LayersOf(Convolution) {
		w0[info.Name] = slices.Clone(net.Conv(info).Weights.Value)
	}
	return w0
}

// check returns what makes r unfit to keep with net trained step steps.
func (r Recording) check(net *Network, step int) error {
	for name, w := range r.W0 {
		i := net.layerIndex(name)
		c, ok := net.Layers[max(i, 0)].(*Conv2D)
		if i < 0 || !ok || len(w) != len(c.Weights.Value) {
			return tr.Errorf("the initial weights of %s (%d values) are not of a convolution of the network", Printable(name), len(w))
		}
	}
	if err := r.Embedding.check(step); err != nil {
		return err
	}
	if len(r.Health) > MaxEmbeddingFrames {
		return tr.Errorf("the health record holds %d steps, more than the %d a run records", len(r.Health), MaxEmbeddingFrames)
	}
	for i, h := range r.Health {
		if h.Step < 0 || h.Step > step || i > 0 && h.Step <= r.Health[i-1].Step {
			return tr.Errorf("health record %d (step %d) is out of order or not one of the model's steps 0 to %d", i, h.Step, step)
		}
		for _, l := range h.Layers {
			if !l.finite() {
				return tr.Errorf("the health of %s at step %d holds a value out of range", Printable(l.Layer), h.Step)
			}
		}
	}
	return nil
}

// finite reports whether every figure of l is finite, and its fraction and counts in range.
func (l LayerHealth) finite() bool {
	ok := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !ok(l.WeightNorm) || !ok(l.UpdateRatio) || !l.Updated && l.UpdateRatio != 0 || !(l.Dead >= 0 && l.Dead <= 1) {
		return false
	}
	for _, d := range []Distribution{l.Weights, l.Biases, l.Activations, l.Gradients} {
		if d.Count < 0 || !ok(float64(d.Mean)) {
			return false
		}
		for _, p := range d.Percentiles {
			if !ok(float64(p)) {
				return false
			}
		}
		for _, c := range d.Histogram {
			if c < 0 {
				return false
			}
		}
	}
	return true
}

// recorder holds what a Trainer measures its recording on.
type recorder struct {
	embedImages []float32   // the embedding's images, len(Embedding.Indices)×Pixels, or none
	embedRows   map[int]int // the row of each of those images by its index in the test set
	probe       []float32   // HealthProbe images
	probeLabels []uint8
	health      *healthPass // made on first use
	before      [][]float32 // the parameters before step beforeStep, for its update ratio
	beforeStep  int
}

// newRecorder returns the recorder of a run on the test set, and starts rec's embedding
// on its balanced subset if it has none.
func newRecorder(rec *Recording, test *mnist.Set) *recorder {
	if len(rec.Embedding.Indices) == 0 {
		idx := BalancedSubset(test.Labels, EmbeddingImages)
		rec.Embedding = Embedding{Indices: idx, Labels: test.Pick(idx).Labels}
	}
	r := &recorder{}
	// A model saved with another test set keeps its embedding but records no more frames.
	if len(rec.Embedding.Indices) > 0 && slices.Max(rec.Embedding.Indices) < test.Len() {
		r.embedImages = test.Pick(rec.Embedding.Indices).Images
		r.embedRows = make(map[int]int, len(rec.Embedding.Indices))
		for row, i := range rec.Embedding.Indices {
			r.embedRows[i] = row
		}
	}
	r.probe, r.probeLabels = HealthProbeOf(test)
	return r
}

// HealthProbeOf returns the images a Trainer measures the health of its network on, and
// their labels: HealthProbe images of set spread evenly over the classes (BalancedSubset).
func HealthProbeOf(set *mnist.Set) ([]float32, []uint8) {
	p := set.Pick(BalancedSubset(set.Labels, HealthProbe))
	return p.Images, p.Labels
}

// evaluate evaluates net on the test set, and returns from the same pass the embedding
// layer's activations of the embedding's images, or nil if it has none to record.
func (r *recorder) evaluate(net *Network, test *mnist.Set, workers int) (*Evaluation, *embedded) {
	layer, ok := net.EmbeddingLayer()
	if !ok || r.embedRows == nil || len(test.Labels) == 0 {
		return net.Evaluate(test.Images, test.Labels, workers), nil
	}
	x := &embedded{layer: layer.Name, dim: layer.Out.Size(), predicted: make([]uint8, len(r.embedRows))}
	x.features = make([]float32, len(r.embedRows)*x.dim)
	e := net.evaluateKeeping(test.Images, test.Labels, workers, layer.Index, func(i int, y []float32) {
		if row, ok := r.embedRows[i]; ok {
			copy(x.features[row*x.dim:], y)
		}
	})
	for i, row := range r.embedRows {
		x.predicted[row] = e.Predicted[i]
	}
	return e, x
}

// record adds to rec the embedding frame (if project is set and the network has a hidden
// layer) and the health of net at step, replacing any recorded at step or later. x holds
// the embedding's activations if the caller has them from an evaluation, else nil. A
// frame whose projection fails is left out; the run goes on.
func (r *recorder) record(rec *Recording, step int, net *Network, x *embedded, project Projector, workers int) {
	if project != nil && x == nil && r.embedImages != nil {
		layer, _ := net.EmbeddingLayer()
		if features, dim, predicted, err := net.Embed(r.embedImages, workers); err == nil {
			x = &embedded{layer: layer.Name, features: features, dim: dim, predicted: predicted}
		}
	}
	if project != nil && x != nil {
		if err := rec.Embedding.record(step, *x, project); err == nil {
			rec.Embedding.Frames = thin(rec.Embedding.Frames)
		}
	}
	var before [][]float32
	if r.beforeStep == step {
		before = r.before
	}
	if r.health == nil || r.health.net != net {
		r.health = net.newHealthPass(len(r.probeLabels))
	}
	h, err := r.health.measure(step, r.probe, r.probeLabels, before)
	if err != nil {
		return
	}
	keep := len(rec.Health)
	for keep > 0 && rec.Health[keep-1].Step >= step {
		keep--
	}
	rec.Health = thin(append(slices.Clip(rec.Health[:keep]), h))
}

// thin drops every second record but the last, in a new slice, when records holds more
// than MaxEmbeddingFrames: a run continued over more steps than it was planned for keeps
// its records bounded and spread over the whole run.
func thin[T any](records []T) []T {
	if len(records) <= MaxEmbeddingFrames {
		return records
	}
	var kept []T
	for i, r := range records {
		if i%2 == 0 || i == len(records)-1 {
			kept = append(kept, r)
		}
	}
	return kept
}

// keepBefore copies the values of the parameters into r.before, for the update ratio of
// the step about to be made, which makes step.
func (r *recorder) keepBefore(params []*Param, step int) {
	r.beforeStep = step
	if len(r.before) != len(params) {
		r.before = make([][]float32, len(params))
	}
	for i, p := range params {
		r.before[i] = append(r.before[i][:0], p.Value...)
	}
}

// hasStep reports whether r holds the health of step, recorded last.
func (r Recording) hasStep(step int) bool {
	return len(r.Health) > 0 && r.Health[len(r.Health)-1].Step == step
}
