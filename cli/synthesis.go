package cli

import (
	"context"

	"convscope/cnn"
	"convscope/cnn/explain"
)

// maxSynthesisSteps bounds -synthesis-steps: a few minutes of work for the reference
// network's largest layer.
const maxSynthesisSteps = 10000

// attacks are the values of -attack.
var attacks = map[string]explain.Attack{"fgsm": explain.FGSM, "iterated": explain.Iterated}

// synthesizeAll makes the inputs every channel of every convolution of net responds to
// most, in the network's order, then those of the classes, with steps steps of ascent
// each; none for 0 steps.
func synthesizeAll(ctx context.Context, net *cnn.Network, steps int) ([]*explain.Synthesis, error) {
	if steps == 0 {
		return nil, nil
	}
	o := explain.SynthesisOptions{Steps: steps}
	var all []*explain.Synthesis
	for _, conv := range net.LayersOf(cnn.Convolution) {
		s, err := explain.SynthesizeChannels(ctx, net, conv, explain.ChannelMean, o)
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	classes, err := explain.SynthesizeClasses(ctx, net, o)
	if err != nil {
		return nil, err
	}
	return append(all, classes), nil
}

// classProbabilities returns, for each class c of the class synthesis among syntheses,
// the probability the network gives its image c of being of class c, or nil if there is
// none.
func classProbabilities(syntheses []*explain.Synthesis) []float32 {
	for _, s := range syntheses {
		if s.Classes {
			p := make([]float32, len(s.Images))
			for c := range p {
				p[c] = s.Probabilities[c][c]
			}
			return p
		}
	}
	return nil
}

// igCompleteness returns the completeness check of integrated gradients for -json.
func igCompleteness(ig *explain.IntegratedGradients) map[string]any {
	return map[string]any{"sum": ig.Sum, "logit_difference": ig.LogitDifference, "relative_error": ig.CompletenessError(), "steps": ig.Steps}
}

// adversarialResult returns an adversarial search's result for -json: the classes before
// and after, and ε as a fraction and in steps of 1/255.
func adversarialResult(a *explain.Adversarial) map[string]any {
	return map[string]any{"attack": a.Attack.String(), "found": a.Found, "from": a.From, "to": a.To,
		"epsilon": float64(a.Epsilon) / explain.Levels, "epsilon_255": a.Epsilon, "target": a.Target,
		"probability_before": a.Before[a.From], "probability_after": a.After[a.To]}
}
