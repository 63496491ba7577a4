package cnn

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// HealthPercentiles are the percentiles a Distribution keeps: those of TensorBoard's
// distribution dashboard, the minimum, the maximum and the median with ±0.5, ±1 and ±1.5
// standard deviations of a normal distribution on either side.
var HealthPercentiles = [...]float64{0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100}

// HistogramBins is how many equal bins a Distribution's histogram has between its minimum
// and its maximum.
const HistogramBins = 30

// percentileSample bounds how many values a Distribution sorts for its percentiles: larger
// tensors are sampled at a fixed stride, so summarising fc1's 3.2 million weights takes a
// few milliseconds.
const percentileSample = 1 << 14

// Distribution summarises a tensor's values: its percentiles, mean and histogram.
type Distribution struct {
	Count int // values summarised; a Distribution of no values is the zero value
	// Percentiles are the values at HealthPercentiles: exact at 0 and 100 (the minimum and
	// the maximum), from an evenly strided sample of percentileSample values in between.
	Percentiles [len(HealthPercentiles)]float32
	Mean        float32
	// Histogram counts every value in HistogramBins equal bins from the minimum to the
	// maximum (all in the middle bin when they are equal).
	Histogram [HistogramBins]int32
}

// Summarise returns the distribution of v.
func Summarise(v []float32) Distribution {
	d := Distribution{Count: len(v)}
	if len(v) == 0 {
		return d
	}
	lo, hi, sum := v[0], v[0], 0.0
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
		sum += float64(x)
	}
	d.Mean = float32(sum / float64(len(v)))
	stride := max(1, len(v)/percentileSample)
	sample := make([]float32, 0, len(v)/stride+1)
	for i := 0; i < len(v); i += stride {
		sample = append(sample, v[i])
	}
	slices.Sort(sample)
	for i, p := range HealthPercentiles {
		d.Percentiles[i] = sample[int(math.Round(p/100*float64(len(sample)-1)))]
	}
	d.Percentiles[0], d.Percentiles[len(d.Percentiles)-1] = lo, hi
	width := float64(hi-lo) / HistogramBins
	for _, x := range v {
		bin := HistogramBins / 2
		if width > 0 {
			bin = min(int(float64(x-lo)/width), HistogramBins-1)
		}
		d.Histogram[bin]++
	}
	return d
}

// Min returns the smallest value summarised.
func (d Distribution) Min() float32 { return d.Percentiles[0] }

// Max returns the largest value summarised.
func (d Distribution) Max() float32 { return d.Percentiles[len(d.Percentiles)-1] }

// LayerHealth is the state of one layer with weights at one step of training.
type LayerHealth struct {
	Layer       string
	Weights     Distribution
	Biases      Distribution
	Activations Distribution // of the layer's outputs on the probe batch
	Gradients   Distribution // of the gradient of the probe batch's mean loss by the weights
	// ReLU says whether the layer's activation is a ReLU, for which Dead is measured.
	ReLU bool
	// Dead is the fraction of the layer's units (a convolution's channels, a dense layer's
	// outputs) whose ReLU output is 0 for every image of the probe batch, at every position.
	Dead float64
	// WeightNorm is the Euclidean norm of the weights.
	WeightNorm float64
	// Updated says whether UpdateRatio was measured: whether the weights W′ before the last
	// step were given.
	Updated bool
	// UpdateRatio is |W − W′| / |W′|, the size of the last step's change of the weights
	// relative to the weights W′ before it (a rule of thumb puts a healthy run near 1e-3),
	// or 0 when not Updated.
	UpdateRatio float64
}

// HealthRecord is the state of every layer with weights at one step.
type HealthRecord struct {
	Step   int
	Layers []LayerHealth // in the network's order
}

// Health measures every convolution and dense layer of net on the probe batch: n =
// len(labels) examples in images (n×Input.Size() values), run forward and backward in
// inference mode (no dropout), as the weights are now. before, if not nil, holds the
// values of every parameter (indexed like Params) before the last step, for UpdateRatio.
// It returns an error if the sizes disagree or a label is not a class.
func (net *Network) Health(step int, images []float32, labels []uint8, before [][]float32) (HealthRecord, error) {
	return net.newHealthPass(len(labels)).measure(step, images, labels, before)
}

// healthPass holds the buffers of Health for a probe of n examples, to measure one
// network again and again as it trains.
type healthPass struct {
	net   *Network
	pass  *netPass
	grads [][]float32 // indexed like net.Params()
}

func (net *Network) newHealthPass(n int) *healthPass {
	hp := &healthPass{net: net, pass: net.newPass(max(n, 1))}
	for _, q := range net.Params() {
		hp.grads = append(hp.grads, make([]float32, len(q.Value)))
	}
	return hp
}

// measure is Health, for a probe of at most the pass's examples.
func (hp *healthPass) measure(step int, images []float32, labels []uint8, before [][]float32) (HealthRecord, error) {
	net, p, n := hp.net, hp.pass, len(labels)
	params := net.Params()
	switch {
	case n == 0 || len(images) != n*net.Input.Size():
		return HealthRecord{}, fmt.Errorf("health: %d images need %d values, got %d", n, n*net.Input.Size(), len(images))
	case before != nil && len(before) != len(params):
		return HealthRecord{}, fmt.Errorf("health: %d tensors before the step, the network has %d", len(before), len(params))
	}
	for _, l := range labels {
		if int(l) >= Classes {
			return HealthRecord{}, fmt.Errorf("health: label %d is not one of the %d classes", l, Classes)
		}
	}
	shapes := net.Shapes()
	rec := HealthRecord{Step: step}
	x := images
	for i, l := range net.Layers {
		x = p.passes[i].forward(x, n, inference)
		if len(l.Params()) == 0 {
			continue
		}
		lh := LayerHealth{Layer: l.Name(), Activations: Summarise(x), ReLU: activationOf(l) == ReLU}
		if lh.ReLU {
			lh.Dead = deadFraction(x, shapes[i].C)
		}
		rec.Layers = append(rec.Layers, lh)
	}
	softmaxCrossEntropy(x, labels, n, Classes, 1/float32(n), x)
	p.backward(x, n, hp.grads)

	at := 0
	for i, l := range net.Layers {
		if len(l.Params()) == 0 {
			continue
		}
		w, b := p.paramIndex[i], p.paramIndex[i]+1 // a layer's Params are its weights, then its bias
		lh := &rec.Layers[at]
		at++
		lh.Weights, lh.Biases, lh.Gradients = Summarise(params[w].Value), Summarise(params[b].Value), Summarise(hp.grads[w])
		lh.WeightNorm = norm(params[w].Value)
		if before != nil {
			lh.Updated, lh.UpdateRatio = true, distance(params[w].Value, before[w])/norm(before[w])
		}
	}
	return rec, nil
}

// activationOf returns the activation of a layer with weights, or Identity.
func activationOf(l Layer) ActivationFunc {
	switch l := l.(type) {
	case *Conv2D:
		return l.Act
	case *Dense:
		return l.Act
	}
	return Identity
}

// deadFraction returns the fraction of the c channels of y (examples of HWC values, c
// innermost) that are 0 at every position of every example.
func deadFraction(y []float32, c int) float64 {
	alive := make([]bool, c)
	for i, v := range y {
		if v > 0 {
			alive[i%c] = true
		}
	}
	dead := 0
	for _, a := range alive {
		if !a {
			dead++
		}
	}
	return float64(dead) / float64(c)
}

// norm returns the Euclidean norm of v.
func norm(v []float32) float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// distance returns the Euclidean distance between a and b, of equal length.
func distance(a, b []float32) float64 {
	s := 0.0
	for i, x := range a {
		d := float64(x) - float64(b[i])
		s += d * d
	}
	return math.Sqrt(s)
}

// healthKinds names the distributions of a LayerHealth, in the order of its fields and of
// the CSV columns.
var healthKinds = [...]string{"weights", "biases", "activations", "gradients"}

// Distributions returns the four distributions of l with their names: weights, biases,
// activations and gradients.
func (l LayerHealth) Distributions() [len(healthKinds)]NamedDistribution {
	return [...]NamedDistribution{{healthKinds[0], l.Weights}, {healthKinds[1], l.Biases}, {healthKinds[2], l.Activations}, {healthKinds[3], l.Gradients}}
}

// NamedDistribution is one of a layer's distributions and what it is of.
type NamedDistribution struct {
	Name string // weights, biases, activations or gradients
	Distribution
}

// WriteHealthCSV writes records as CSV, one row per step and layer, with the header
// step,layer,relu,dead,weight_norm,update_ratio and, for each of weights, biases,
// activations and gradients, its mean and its value at each of HealthPercentiles
// (weights_mean, weights_p0, weights_p6.68, …, weights_p100). dead is empty for a layer
// without a ReLU, and update_ratio for a step whose update was not measured.
func WriteHealthCSV(w io.Writer, records []HealthRecord) error {
	cw := csv.NewWriter(w)
	header := []string{"step", "layer", "relu", "dead", "weight_norm", "update_ratio"}
	for _, kind := range healthKinds {
		header = append(header, kind+"_mean")
		for _, p := range HealthPercentiles {
			header = append(header, kind+"_p"+strconv.FormatFloat(p, 'g', -1, 64))
		}
	}
	cw.Write(header)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	for _, r := range records {
		for _, l := range r.Layers {
			dead, ratio := "", ""
			if l.ReLU {
				dead = f(l.Dead)
			}
			if l.Updated {
				ratio = f(l.UpdateRatio)
			}
			row := []string{strconv.Itoa(r.Step), l.Layer, strconv.FormatBool(l.ReLU), dead, f(l.WeightNorm), ratio}
			for _, d := range l.Distributions() {
				row = append(row, f(float64(d.Mean)))
				for _, p := range d.Percentiles {
					row = append(row, f(float64(p)))
				}
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}
