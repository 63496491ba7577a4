package explain

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// linearNet is one dense layer from an h×w input straight to the logits, with random
// weights: every class's logit is linear in the pixels, its gradient the class's column of
// weights, whatever the input.
func linearNet(h, w int) *cnn.Network {
	rng := rand.New(rand.NewPCG(5, 5))
	return &cnn.Network{Input: cnn.Shape{H: h, W: w, C: 1}, Layers: []cnn.Layer{
		cnn.NewDense("logits", h*w, cnn.Classes, cnn.Identity, cnn.Init{Stddev: 0.5, Bias: 0.1}, rng),
	}}
}

// weightOf returns the weight from pixel i to class c of linearNet's layer.
func weightOf(net *cnn.Network, i, c int) float32 {
	return net.Layers[0].(*cnn.Dense).Weights.Value[i*cnn.Classes+c]
}

func randomInput(net *cnn.Network, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, seed))
	x := make([]float32, net.Input.Size())
	for i := range x {
		x[i] = rng.Float32()
	}
	return x
}

func TestGradCAMOfAOneChannelLayer(t *testing.T) {
	// One 3×3 convolution of one channel (no activation) over a 6×6 input, then the
	// logits. With one channel, Grad-CAM is ReLU(α·A), α the mean over the map of the
	// class's weights from the map, since ∂y/∂A is those weights.
	rng := rand.New(rand.NewPCG(7, 7))
	conv := cnn.NewConv2D("conv", 3, 1, 1, cnn.Identity, cnn.Init{Stddev: 0.5, Bias: 0.1}, rng)
	dense := cnn.NewDense("logits", 36, cnn.Classes, cnn.Identity, cnn.Init{Stddev: 0.5, Bias: 0.1}, rng)
	net := &cnn.Network{Input: cnn.Shape{H: 6, W: 6, C: 1}, Layers: []cnn.Layer{conv, dense}}
	x := randomInput(net, 1)
	a, _ := net.Trace(x).Layer("conv")
	for _, class := range []int{0, 3, 9} {
		cam, err := GradCAM(net, x, net.LayersOf(cnn.Convolution)[0], class)
		if err != nil {
			t.Fatal(err)
		}
		var alpha float32
		for p := range 36 {
			alpha += dense.Weights.Value[p*cnn.Classes+class] / 36
		}
		if cam.H != 6 || cam.W != 6 || len(cam.Weights) != 1 || math.Abs(float64(cam.Weights[0]-alpha)) > 1e-5 {
			t.Fatalf("class %d: %dx%d map, weights %v, want 6x6 and α = %v", class, cam.H, cam.W, cam.Weights, alpha)
		}
		for p, v := range cam.Map {
			if want := max(0, alpha*a.Data[p]); math.Abs(float64(v-want)) > 1e-5 {
				t.Fatalf("class %d, unit %d: %v, want ReLU(α·A) = %v", class, p, v, want)
			}
		}
	}
	if _, err := GradCAM(net, x, net.Describe()[1], 0); err == nil {
		t.Error("Grad-CAM of the logits' layer: no error")
	}
	if _, err := GradCAM(net, x, net.LayersOf(cnn.Convolution)[0], 10); err == nil {
		t.Error("Grad-CAM of class 10: no error")
	}
}

func TestIntegratedGradientsOfALinearNetwork(t *testing.T) {
	// F is linear: its gradient is the class's weights everywhere, so IG_i = x_i·w_i exactly.
	net := linearNet(4, 4)
	x := randomInput(net, 2)
	ig, err := IntegrateGradients(net, x, 6, 8)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range ig.Attributions {
		if want := x[i] * weightOf(net, i, 6); math.Abs(float64(v-want)) > 1e-5 {
			t.Fatalf("pixel %d: %v, want x·w = %v", i, v, want)
		}
	}
	if ig.CompletenessError() > 1e-5 {
		t.Fatalf("sum %v, logit difference %v", ig.Sum, ig.LogitDifference)
	}
}

func TestIntegratedGradientsAreComplete(t *testing.T) {
	// A network of ReLUs and max-pooling: the attributions sum to the difference of the
	// logit between the input and the black baseline, within 1% at the default steps.
	net := smallClassifier()
	for seed := range uint64(5) {
		x := randomInput(net, seed)
		ig, err := IntegrateGradients(net, x, Predicted, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ig.Steps != DefaultIGSteps || ig.CompletenessError() > 0.01 {
			t.Errorf("input %d: %d steps, sum %v, logit difference %v: %.2f%% apart", seed, ig.Steps, ig.Sum, ig.LogitDifference, 100*ig.CompletenessError())
		}
	}
	if _, err := IntegrateGradients(net, randomInput(net, 0), 0, -1); err == nil {
		t.Error("-1 steps: no error")
	}
}

func TestSmoothGradOfALinearNetworkIsItsWeights(t *testing.T) {
	// The gradient of a linear logit is the same at every noisy copy: the weights.
	net := linearNet(4, 4)
	s, err := SmoothGrad(net, randomInput(net, 3), 2, SmoothGradOptions{Samples: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range s.Gradient {
		if want := weightOf(net, i, 2); math.Abs(float64(v-want)) > 1e-5 {
			t.Fatalf("pixel %d: %v, want the weight %v", i, v, want)
		}
	}
	if s.Class != 2 || s.Samples != 5 {
		t.Fatalf("class %d over %d samples, want 2 over 5", s.Class, s.Samples)
	}
}

func TestSmoothGradAveragesNoisyGradients(t *testing.T) {
	// Through ReLUs the gradient changes with the noise: the mean of the noisy gradients
	// differs from the plain gradient, and the same seed gives the same map.
	net := smallClassifier()
	x := randomInput(net, 4)
	plain, _ := ClassSaliency(net, x, 1)
	a, _ := SmoothGrad(net, x, 1, SmoothGradOptions{Seed: 9})
	b, _ := SmoothGrad(net, x, 1, SmoothGradOptions{Seed: 9})
	var diff float64
	for i := range x {
		diff += math.Abs(float64(a.Gradient[i] - plain.Gradient[i]))
		if a.Gradient[i] != b.Gradient[i] {
			t.Fatalf("pixel %d: %v then %v with the same seed", i, a.Gradient[i], b.Gradient[i])
		}
	}
	if diff == 0 || a.Samples != 32 {
		t.Fatalf("SmoothGrad of %d samples equals the plain gradient", a.Samples)
	}
}

// thresholdNet reads one pixel x: class 0's logit is 0, class 1's is 10(x − 0.5), and
// the other classes' are far below. It answers 0 for x ≤ 0.5 and 1 above.
func thresholdNet() *cnn.Network {
	d := cnn.NewDense("logits", 1, cnn.Classes, cnn.Identity, cnn.Init{Stddev: 0.1}, rand.New(rand.NewPCG(1, 1)))
	for c := range cnn.Classes {
		d.Weights.Value[c], d.Bias.Value[c] = 0, -100
	}
	d.Weights.Value[0], d.Bias.Value[0] = 0, 0
	d.Weights.Value[1], d.Bias.Value[1] = 10, -5
	return &cnn.Network{Input: cnn.Shape{H: 1, W: 1, C: 1}, Layers: []cnn.Layer{d}}
}

func TestAdversaryFindsTheSmallestEpsilon(t *testing.T) {
	// From x = 100/255, the answer flips once x passes 0.5 = 127.5/255: at 128/255, ε = 28/255.
	net := thresholdNet()
	x := []float32{100.0 / 255}
	for _, o := range []AdversarialOptions{
		{Attack: FGSM},
		{Attack: Iterated},
		{Attack: Iterated, Targeted: true, Target: 1},
	} {
		a, err := Adversary(context.Background(), net, x, o)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || a.Epsilon != 28 || a.From != 0 || a.To != 1 || a.Input[0] != 128.0/255 || math.Abs(float64(a.Perturbation[0]-28.0/255)) > 1e-6 {
			t.Fatalf("%+v: found %v, ε %d/255, %d → %d, input %v; want ε 28/255, 0 → 1, input 128/255", o, a.Found, a.Epsilon, a.From, a.To, a.Input)
		}
		if a.Before[0] < 0.5 || a.After[1] < 0.5 {
			t.Fatalf("probabilities before %v, after %v", a.Before, a.After)
		}
	}
	// Class 2 is out of reach: the search tries every ε up to the largest and says so.
	a, err := Adversary(context.Background(), net, x, AdversarialOptions{Targeted: true, Target: 2, MaxEpsilon: 40})
	if err != nil || a.Found || a.Epsilon != 40 || a.Target != 2 {
		t.Fatalf("toward class 2: %v, found %v at ε %d", err, a.Found, a.Epsilon)
	}
}

func TestAdversaryRefusesBadRequests(t *testing.T) {
	net := thresholdNet()
	x := []float32{0.2}
	for _, o := range []AdversarialOptions{
		{Targeted: true, Target: 0}, // already the answer
		{Targeted: true, Target: 10},
		{MaxEpsilon: 256},
		{Steps: -1},
		{Attack: Iterated + 1},
	} {
		if _, err := Adversary(context.Background(), net, x, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Adversary(ctx, net, x, AdversarialOptions{}); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

func TestEveryMethodWorksForEveryPreset(t *testing.T) {
	// Untrained networks of every preset but the reference (the views' tests take it),
	// and one without a convolution: each method runs, on every layer it applies to.
	x := make([]float32, mnist.Pixels)
	for i := range x {
		x[i] = float32(i%11) / 11
	}
	specs := []string{"fc 16; fc 10"}
	for _, p := range cnn.Presets()[1:] {
		specs = append(specs, p.Spec)
	}
	for _, spec := range specs {
		cfg := cnn.DefaultConfig()
		cfg.Arch = spec
		net, err := cfg.NewNetwork()
		if err != nil {
			t.Fatal(err)
		}
		quick := SynthesisOptions{Steps: 2}
		for _, l := range net.LayersOf(cnn.Convolution, cnn.Pooling) {
			for _, unit := range []Unit{ChannelMean, CentreUnit} {
				s, err := SynthesizeChannels(context.Background(), net, l, unit, quick)
				if err != nil || len(s.Images) != l.Out.C {
					t.Fatalf("%s: synthesis of %s: %v", spec, l.Name, err)
				}
			}
			if cam, err := GradCAM(net, x, l, Predicted); err != nil || len(cam.Map) != l.Out.H*l.Out.W {
				t.Fatalf("%s: Grad-CAM at %s: %v", spec, l.Name, err)
			}
		}
		if _, err := SynthesizeClasses(context.Background(), net, quick); err != nil {
			t.Fatalf("%s: class synthesis: %v", spec, err)
		}
		if _, err := IntegrateGradients(net, x, Predicted, 4); err != nil {
			t.Fatalf("%s: integrated gradients: %v", spec, err)
		}
		if _, err := SmoothGrad(net, x, Predicted, SmoothGradOptions{Samples: 2}); err != nil {
			t.Fatalf("%s: SmoothGrad: %v", spec, err)
		}
		if _, err := Adversary(context.Background(), net, x, AdversarialOptions{Attack: Iterated, MaxEpsilon: 2, Steps: 2}); err != nil {
			t.Fatalf("%s: adversary: %v", spec, err)
		}
	}
}
