package explain

import (
	"context"
	"math"

	"convscope/cnn"
	"convscope/internal/tr"
)

// Attack is how an adversarial example is made: a bounded change of every pixel, in the
// direction that hurts the network most (L-infinity attacks).
type Attack uint8

const (
	// FGSM is the fast gradient sign method (Goodfellow et al. 2015): one step of ε times
	// the sign of the loss's gradient.
	FGSM Attack = iota
	// Iterated takes many small signed-gradient steps, each projected back into the ε-box
	// around the input (Kurakin et al. 2016; PGD without a random start, Madry et al.
	// 2018): it finds smaller perturbations than FGSM.
	Iterated
)

// String returns the attack's name: "FGSM" or "iterated".
func (a Attack) String() string {
	if a == Iterated {
		return "iterated"
	}
	return "FGSM"
}

// Untargeted as Adversarial.Target says the attack asked for any class but the predicted
// one.
const Untargeted = -1

// Levels is the number of steps of an 8-bit pixel above 0: ε is counted in steps of
// 1/Levels, and adversarial inputs are quantised to them, as a PNG keeps them.
const Levels = 255

// AdversarialOptions configures Adversary. The zero value makes an untargeted FGSM attack
// with ε up to 64/255.
type AdversarialOptions struct {
	Attack Attack
	// Targeted asks for the class Target; otherwise any class but the predicted one will
	// do.
	Targeted bool
	Target   int
	// MaxEpsilon is the largest ε tried, in steps of 1/255; 0 means 64 (0.25).
	MaxEpsilon int
	// Steps is how many steps the iterated attack takes for each ε; 0 means 20.
	Steps int
	// Progress, if set, is called on the attack's goroutine as the search goes on with
	// the values of ε tried so far and the largest to try.
	Progress func(done, total int)
}

// Adversarial is the smallest change of an input, found in steps of 1/255, that flips the
// network's answer: an adversarial example.
type Adversarial struct {
	Attack Attack
	Target int // the class aimed at, or Untargeted
	// Found says whether an ε up to MaxEpsilon flipped the answer; if not, Epsilon is the
	// largest ε tried and Input the attack at it.
	Found bool
	// Epsilon is the smallest ε that flips the answer, in steps of 1/255: no pixel moves
	// by more (after the 8-bit quantisation, half a step more for an input that was not
	// on the 8-bit grid).
	Epsilon int
	// Original is the input attacked; Input the adversarial input, quantised to 8 bits
	// so that a PNG of it gives the same answer; Perturbation is Input − Original.
	Original, Input, Perturbation []float32
	// From is the class predicted for Original, To the class predicted for Input.
	From, To int
	// Before and After are the class probabilities of Original and Input.
	Before, After [cnn.Classes]float32
}

// epsilonBatch is how many values of ε one batch of an attack tries at once.
const epsilonBatch = 16

// Adversary searches for the smallest ε, in steps of 1/255 up to o.MaxEpsilon, for which
// o.Attack on the input x (values in [0, 1]) changes the network's answer, to any other
// class or to o.Target if o.Targeted, judging each attack by the class the network predicts for its input
// quantised to 8 bits. It tries the values of ε in increasing order, epsilonBatch at once,
// checks ctx between batches and returns ctx.Err() when cancelled. It returns an error for
// a target out of range or equal to the predicted class, options out of range, or an
// input of the wrong size.
func Adversary(ctx context.Context, net *cnn.Network, x []float32, o AdversarialOptions) (*Adversarial, error) {
	from, err := checkClass(net, x, Predicted, tr.T("the adversarial search"))
	if err != nil {
		return nil, err
	}
	maxEps, steps, target := or(o.MaxEpsilon, 64), or(o.Steps, 20), Untargeted
	if o.Targeted {
		target = o.Target
	}
	switch {
	case o.Targeted && (o.Target < 0 || o.Target >= cnn.Classes):
		return nil, tr.Errorf("adversarial: target class %d is out of range 0 to %d", o.Target, cnn.Classes-1)
	case target == from:
		return nil, tr.Errorf("adversarial: the network already answers %d; pick another target class", from)
	case maxEps < 1 || maxEps > Levels || steps < 1 || steps > 1000:
		return nil, tr.Errorf("adversarial: the largest ε must be 1 to %d steps of 1/%d, got %d, and the steps 1 to 1000, got %d", Levels, Levels, maxEps, steps)
	case o.Attack > Iterated:
		return nil, tr.Errorf("adversarial: unknown attack %d", o.Attack)
	}
	a := &Adversarial{Attack: o.Attack, Target: target, From: from, Original: append([]float32(nil), x...)}
	at := &attacker{g: net.NewGradientPass(epsilonBatch), top: len(net.Layers) - 1, x: x, from: from, target: target, kind: o.Attack, steps: steps}
	for lo := 1; lo <= maxEps; lo += epsilonBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(lo+epsilonBatch, maxEps+1)
		eps := make([]float32, hi-lo)
		for i := range eps {
			eps[i] = float32(lo+i) / Levels
		}
		inputs := at.attack(eps)
		probs := net.Classify(inputs, 1)
		size := len(x)
		for i := range eps {
			p := probs[i*cnn.Classes : (i+1)*cnn.Classes]
			to := cnn.Argmax(p)
			flipped := to != from && (target == Untargeted || to == target)
			if flipped || lo+i == maxEps {
				a.Found, a.Epsilon, a.To = flipped, lo+i, to
				a.Input = inputs[i*size : (i+1)*size : (i+1)*size]
				copy(a.After[:], p)
				break
			}
		}
		if o.Progress != nil {
			o.Progress(hi-1, maxEps)
		}
		if a.Input != nil {
			break
		}
	}
	copy(a.Before[:], net.Classify(x, 1))
	a.Perturbation = make([]float32, len(x))
	for i, v := range a.Input {
		a.Perturbation[i] = v - x[i]
	}
	return a, nil
}

// attacker attacks the input x of g's network, whose logits are layer top, predicted as
// from: toward target, or Untargeted, by kind, with steps steps for the iterated attack.
type attacker struct {
	g            *cnn.GradientPass
	top          int
	x            []float32
	from, target int
	kind         Attack
	steps        int
}

// attack returns the attacked inputs of x for every ε of eps (len(eps)×len(x) values,
// quantised to 8 bits). Untargeted, every step climbs the cross-entropy loss of the class
// from; toward a target, it descends the loss of the target.
func (at *attacker) attack(eps []float32) []float32 {
	x := at.x
	n, size := len(eps), len(x)
	adv := make([]float32, n*size)
	for i := range n {
		copy(adv[i*size:], x)
	}
	rounds, stepSize := 1, func(e float32) float32 { return e }
	if at.kind == Iterated {
		// Madry et al.'s step, 2.5ε/steps, lets the walk reach the box's far side.
		rounds, stepSize = at.steps, func(e float32) float32 { return 2.5 * e / float32(at.steps) }
	}
	for range rounds {
		grad := at.lossGradient(adv, n)
		for i, e := range eps {
			step := stepSize(e)
			for j := range size {
				k := i*size + j
				v := adv[k] + step*sign(grad[k])
				// Back into the ε-box around x, then into the pixels' range [0, 1].
				adv[k] = min(1, max(0, min(x[j]+e, max(x[j]-e, v))))
			}
		}
	}
	for k, v := range adv {
		adv[k] = float32(math.Round(float64(v)*Levels)) / Levels
	}
	return adv
}

// lossGradient returns the gradient, with respect to the n inputs adv, of the loss the
// attack climbs: the cross-entropy of the class from untargeted, minus the cross-entropy
// of target toward it. The gradient of the cross-entropy of class c with respect to the
// logits is softmax(logits) − onehot(c).
func (at *attacker) lossGradient(adv []float32, n int) []float32 {
	logits := at.g.Forward(adv, n, at.top)
	dy := make([]float32, len(logits))
	for i := range n {
		d := dy[i*cnn.Classes : (i+1)*cnn.Classes]
		cnn.Softmax(logits[i*cnn.Classes:(i+1)*cnn.Classes], d)
		if at.target == Untargeted {
			d[at.from]--
			continue
		}
		d[at.target]--
		for c := range d {
			d[c] = -d[c]
		}
	}
	return at.g.Backward(dy, -1)
}

func sign(v float32) float32 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
