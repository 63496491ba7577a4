package cnn

import (
	"maps"
	"math"
	"slices"

	"convscope/internal/tr"
)

// The sections of a run's Recording. All numbers are little-endian.
//
//	w0         uint32 count, then per convolution: uint16 name length, name, uint32 n,
//	           n × float32 weights (HWIO)
//	embedding  uint16 name length, the embedding layer's name, uint32 n, n × uint32 test
//	           image index, n × uint8 label, uint32 count, then per frame: uint32 step,
//	           2n × float32 points (x, y), n × uint8 predicted class
//	health     uint32 count, then per record: uint32 step, uint32 layers, then per layer:
//	           uint16 name length, name, uint8 flags (1: ReLU, 2: Updated), float64 dead, weight norm
//	           and update ratio, then the distributions of the weights, biases,
//	           activations and gradients, each: uint32 count, len(HealthPercentiles) ×
//	           float32 percentiles, float32 mean, HistogramBins × uint32 counts

// writeW0 writes the run's initial convolution weights, by name in order.
func writeW0(e *encoder, ck *Checkpoint) bool {
	w0 := ck.Recording.W0
	if len(w0) == 0 {
		return false
	}
	e.u32(uint32(len(w0)))
	for _, name := range slices.Sorted(maps.Keys(w0)) {
		e.name(name)
		e.u32(uint32(len(w0[name])))
		e.floats(w0[name])
	}
	return true
}

// readW0 reads what writeW0 writes; Recording.check checks it against the network.
func readW0(d *decoder, ck *Checkpoint) {
	n := d.count(6) // a name of no bytes and no weights: a uint16 and a uint32
	if n == 0 {
		d.fail(tr.Errorf("it holds no layers"))
		return
	}
	ck.Recording.W0 = make(map[string][]float32, n)
	last := ""
	for i := range n {
		name := d.name()
		if d.err == nil && i > 0 && name <= last {
			d.fail(tr.Errorf("layer %s is out of order or named twice", Printable(name)))
			return
		}
		ck.Recording.W0[name], last = d.values(int(d.u32())), name
	}
}

// writeEmbedding writes the run's embedding record.
func writeEmbedding(e *encoder, ck *Checkpoint) bool {
	em := ck.Recording.Embedding
	if len(em.Indices) == 0 {
		return false
	}
	e.name(em.Layer)
	e.u32(uint32(len(em.Indices)))
	for _, i := range em.Indices {
		e.u32(uint32(i))
	}
	e.bytes(em.Labels)
	e.u32(uint32(len(em.Frames)))
	for _, f := range em.Frames {
		e.u32(uint32(f.Step))
		e.floats(f.Points)
		e.bytes(f.Predicted)
	}
	return true
}

// readEmbedding reads what writeEmbedding writes; Recording.check checks it.
func readEmbedding(d *decoder, ck *Checkpoint) {
	em := &ck.Recording.Embedding
	em.Layer = d.name()
	n := d.count(5) // an index and a label
	if d.err == nil && n == 0 {
		d.fail(tr.Errorf("it holds no images"))
		return
	}
	em.Indices = make([]int, n)
	for i := range em.Indices {
		em.Indices[i] = int(d.u32())
	}
	em.Labels = slices.Clone(d.bytes(n))
	frames := d.count(4 + 9*n) // a step, two float32 and a uint8 per image
	if frames > MaxEmbeddingFrames {
		d.fail(tr.Errorf("the embedding holds %d frames, more than the %d a run records", frames, MaxEmbeddingFrames))
		return
	}
	em.Frames = make([]EmbeddingFrame, frames)
	for i := range em.Frames {
		f := &em.Frames[i]
		f.Step = int(d.u32())
		f.Points = d.values(2 * n)
		f.Predicted = slices.Clone(d.bytes(n))
	}
}

// distributionSize is the bytes of a Distribution in the health section.
const distributionSize = 4 + 4*len(HealthPercentiles) + 4 + 4*HistogramBins

// writeHealth writes the run's health records.
func writeHealth(e *encoder, ck *Checkpoint) bool {
	if len(ck.Recording.Health) == 0 {
		return false
	}
	e.u32(uint32(len(ck.Recording.Health)))
	for _, r := range ck.Recording.Health {
		e.u32(uint32(r.Step))
		e.u32(uint32(len(r.Layers)))
		for _, l := range r.Layers {
			e.name(l.Layer)
			e.u8(uint8(btoi(l.ReLU) | 2*btoi(l.Updated)))
			for _, v := range []float64{l.Dead, l.WeightNorm, l.UpdateRatio} {
				e.u64(math.Float64bits(v))
			}
			for _, dist := range []Distribution{l.Weights, l.Biases, l.Activations, l.Gradients} {
				e.u32(uint32(dist.Count))
				for _, p := range dist.Percentiles {
					e.u32(math.Float32bits(p))
				}
				e.u32(math.Float32bits(dist.Mean))
				for _, c := range dist.Histogram {
					e.u32(uint32(c))
				}
			}
		}
	}
	return true
}

// readHealth reads what writeHealth writes; Recording.check checks it.
func readHealth(d *decoder, ck *Checkpoint) {
	n := d.count(8) // a step and no layers
	if d.err == nil && n == 0 {
		d.fail(tr.Errorf("it holds no records"))
		return
	}
	if n > MaxEmbeddingFrames {
		d.fail(tr.Errorf("the health record holds %d steps, more than the %d a run records", n, MaxEmbeddingFrames))
		return
	}
	ck.Recording.Health = make([]HealthRecord, n)
	for i := range ck.Recording.Health {
		r := &ck.Recording.Health[i]
		r.Step = int(d.u32())
		// A layer without a name: its length, the flags, three float64 and the
		// distributions.
		r.Layers = make([]LayerHealth, d.count(2+1+24+4*distributionSize))
		for j := range r.Layers {
			l := &r.Layers[j]
			l.Layer = d.name()
			flags := d.u8()
			if flags > 3 {
				d.fail(tr.Errorf("health record %d: the flags of layer %d are %d, not 0 to 3", i, j, flags))
				return
			}
			l.ReLU, l.Updated = flags&1 != 0, flags&2 != 0
			l.Dead = math.Float64frombits(d.u64())
			l.WeightNorm = math.Float64frombits(d.u64())
			l.UpdateRatio = math.Float64frombits(d.u64())
			for _, dist := range []*Distribution{&l.Weights, &l.Biases, &l.Activations, &l.Gradients} {
				dist.Count = int(d.u32())
				for k := range dist.Percentiles {
					dist.Percentiles[k] = math.Float32frombits(d.u32())
				}
				dist.Mean = math.Float32frombits(d.u32())
				for k := range dist.Histogram {
					dist.Histogram[k] = int32(d.u32())
				}
			}
		}
	}
}
