package explain

import (
	"math"
	"math/rand/v2"

	"convscope/cnn"
	"convscope/internal/tr"
)

// CAM is a Grad-CAM map (Selvaraju et al. 2017): where in the input a convolution's maps
// hold what makes one class win. Each channel k of the layer is weighted by the mean over
// its map of the gradient of the class's logit y with respect to it, α_k = mean ∂y/∂A_k,
// and the map is ReLU(Σ_k α_k·A_k), the size of the layer's maps.
type CAM struct {
	Layer   string
	Class   int
	H, W    int       // the size of the layer's maps
	Map     []float32 // H×W values, row-major, ≥ 0
	Weights []float32 // α_k, one per channel
}

// GradCAM returns the Grad-CAM map of class (a class, or Predicted for the class the
// network predicts) for the input x at layer, a convolution or pooling of net. It returns
// an error for a layer that is not one of net's convolutions or poolings, a class out of
// range or an input of the wrong size.
func GradCAM(net *cnn.Network, x []float32, layer cnn.LayerInfo, class int) (*CAM, error) {
	if layer.Index < 0 || layer.Index >= len(net.Layers)-1 || net.Layers[layer.Index].Name() != layer.Name ||
		layer.Kind != cnn.Convolution && layer.Kind != cnn.Pooling {
		return nil, tr.Errorf("grad-cam: %s is not a convolution or pooling layer of the network", layer.Name)
	}
	class, err := checkClass(net, x, class, tr.T("grad-cam"))
	if err != nil {
		return nil, err
	}
	g := net.NewGradientPass(1)
	a := append([]float32(nil), g.Forward(x, 1, layer.Index)...) // (H, W, C)
	g.Forward(x, 1, len(net.Layers)-1)
	seed := make([]float32, cnn.Classes)
	seed[class] = 1
	da := g.Backward(seed, layer.Index) // ∂y/∂A, (H, W, C)
	out := layer.Out
	cam := &CAM{Layer: layer.Name, Class: class, H: out.H, W: out.W, Map: make([]float32, out.H*out.W), Weights: make([]float32, out.C)}
	for p := range out.H * out.W {
		for k := range out.C {
			cam.Weights[k] += da[p*out.C+k]
		}
	}
	for k := range cam.Weights {
		cam.Weights[k] /= float32(out.H * out.W)
	}
	for p := range cam.Map {
		var sum float32
		for k, alpha := range cam.Weights {
			sum += alpha * a[p*out.C+k]
		}
		cam.Map[p] = max(0, sum)
	}
	return cam, nil
}

// checkClass returns class, or the class net predicts for x if class is Predicted, or an
// error naming what for if x has the wrong size or class is out of range.
func checkClass(net *cnn.Network, x []float32, class int, what string) (int, error) {
	if len(x) != net.Input.Size() {
		return 0, tr.Errorf("%s needs %d input values, got %d", what, net.Input.Size(), len(x))
	}
	if class == Predicted {
		class = net.Trace(x).Digit
	}
	if class < 0 || class >= cnn.Classes {
		return 0, tr.Errorf("%s: class %d is out of range 0 to %d", what, class, cnn.Classes-1)
	}
	return class, nil
}

// IntegratedGradients are the attributions of Sundararajan et al. (2017) of one class's
// logit F to every input pixel, from a black baseline x' = 0: (x − x')·∫₀¹ ∂F(x' +
// a(x − x'))/∂x da, the integral taken by the trapezoid rule over Steps intervals. By the
// completeness axiom they sum to F(x) − F(x'); Sum and LogitDifference say how nearly.
type IntegratedGradients struct {
	Class        int
	Steps        int
	Attributions []float32 // Input.Size() values in the input's layout, signed
	// Sum is Σ Attributions; LogitDifference is F(x) − F(x').
	Sum, LogitDifference float64
}

// CompletenessError returns |Sum − LogitDifference| / |LogitDifference|, the relative
// error of the integral, or |Sum| if the difference is 0.
func (ig *IntegratedGradients) CompletenessError() float64 {
	d := math.Abs(ig.Sum - ig.LogitDifference)
	if ig.LogitDifference == 0 {
		return d
	}
	return d / math.Abs(ig.LogitDifference)
}

// DefaultIGSteps is the number of intervals IntegrateGradients takes for 0 steps: enough
// for the completeness error to stay under 1% (the fully trained reference network's is at
// most 0.36% on test images 0 to 99; 64 steps left more than 1% on small random networks).
const DefaultIGSteps = 128

// attributionBatch is how many inputs one gradient pass of an attribution carries.
const attributionBatch = 16

// IntegrateGradients returns the integrated gradients of class (or Predicted) for the
// input x over steps intervals (0 means DefaultIGSteps). It returns an error for steps
// below 0 or above 4096, a class out of range or an input of the wrong size.
func IntegrateGradients(net *cnn.Network, x []float32, class, steps int) (*IntegratedGradients, error) {
	class, err := checkClass(net, x, class, tr.T("integrated gradients"))
	if err != nil {
		return nil, err
	}
	steps = or(steps, DefaultIGSteps)
	if steps < 1 || steps > 4096 {
		return nil, tr.Errorf("integrated gradients: %d steps is out of range 1 to 4096", steps)
	}
	// The points a = k/steps, k = 0..steps, weighted by the trapezoid rule.
	points := make([][]float32, steps+1)
	weights := make([]float32, steps+1)
	for k := range points {
		a := float32(k) / float32(steps)
		points[k] = make([]float32, len(x))
		for i, v := range x {
			points[k][i] = a * v
		}
		weights[k] = 1 / float32(steps)
		if k == 0 || k == steps {
			weights[k] /= 2
		}
	}
	grads, logits := classGradients(net, points, class)
	ig := &IntegratedGradients{Class: class, Steps: steps, Attributions: make([]float32, len(x)),
		LogitDifference: float64(logits[steps]) - float64(logits[0])}
	for k, grad := range grads {
		for i, gv := range grad {
			ig.Attributions[i] += weights[k] * gv
		}
	}
	for i, v := range x {
		ig.Attributions[i] *= v
		ig.Sum += float64(ig.Attributions[i])
	}
	return ig, nil
}

// classGradients returns, for every input, the gradient of class's logit with respect to
// it and the logit itself, in batches of attributionBatch.
func classGradients(net *cnn.Network, inputs [][]float32, class int) (grads [][]float32, logits []float32) {
	g := net.NewGradientPass(min(attributionBatch, len(inputs)))
	top := len(net.Layers) - 1
	for lo := 0; lo < len(inputs); lo += g.Batch() {
		hi := min(lo+g.Batch(), len(inputs))
		var batch []float32
		for _, in := range inputs[lo:hi] {
			batch = append(batch, in...)
		}
		y := g.Forward(batch, hi-lo, top)
		seed := make([]float32, len(y))
		for i := range hi - lo {
			logits = append(logits, y[i*cnn.Classes+class])
			seed[i*cnn.Classes+class] = 1
		}
		grad := g.Backward(seed, -1)
		size := net.Input.Size()
		for i := range hi - lo {
			grads = append(grads, append([]float32(nil), grad[i*size:(i+1)*size]...))
		}
	}
	return grads, logits
}

// SmoothGradOptions configures SmoothGrad. The zero value averages 32 samples with noise
// of standard deviation 0.15 (15% of the pixels' range [0, 1], as Smilkov et al. advise),
// seeded with 0.
type SmoothGradOptions struct {
	Samples int     // noisy copies averaged; 0 means 32
	Noise   float32 // standard deviation of the Gaussian noise added to each pixel; 0 means 0.15
	Seed    uint64
}

// SmoothGrad returns the SmoothGrad saliency of class (or Predicted) for the input x
// (Smilkov et al. 2017): the mean of the gradients of the class's logit at o.Samples
// copies of x with Gaussian noise added, a less noisy map than the plain gradient. It
// returns an error for options below 0, a class out of range or an input of the wrong
// size.
func SmoothGrad(net *cnn.Network, x []float32, class int, o SmoothGradOptions) (*Saliency, error) {
	class, err := checkClass(net, x, class, tr.T("smoothgrad"))
	if err != nil {
		return nil, err
	}
	samples, noise := or(o.Samples, 32), o.Noise
	if noise == 0 {
		noise = 0.15
	}
	if samples < 1 || samples > 4096 || !(noise > 0) {
		return nil, tr.Errorf("smoothgrad: %d samples must be in 1 to 4096 and the noise %g positive", samples, noise)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x736d6f6f))
	noisy := make([][]float32, samples)
	for k := range noisy {
		noisy[k] = make([]float32, len(x))
		for i, v := range x {
			noisy[k][i] = v + noise*float32(rng.NormFloat64())
		}
	}
	grads, _ := classGradients(net, noisy, class)
	mean := make([]float32, len(x))
	for _, grad := range grads {
		for i, v := range grad {
			mean[i] += v / float32(samples)
		}
	}
	return &Saliency{Class: class, Gradient: mean, Samples: samples}, nil
}
