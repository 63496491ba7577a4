package runs

import (
	"cmp"
	"fmt"
	"strings"
)

// setting is one setting of a run as a legend names it.
type setting struct {
	name  string
	value func(Settings) string
}

// settings are the settings a legend may name, in the order it names them.
var settings = []setting{
	{"arch", func(s Settings) string { return cmp.Or(s.Preset, s.Arch) }},
	{"data", func(s Settings) string { return s.Dataset }},
	{"init", func(s Settings) string { return s.Init }},
	{"optimizer", func(s Settings) string { return s.Optimizer }},
	{"lr", func(s Settings) string { return "lr " + FormatNumber(s.LearningRate) }},
	{"batch", func(s Settings) string { return fmt.Sprintf("batch %d", s.Batch) }},
	{"keep", func(s Settings) string { return "keep " + FormatNumber(s.KeepProb) }},
	{"decay", func(s Settings) string { return "decay " + FormatNumber(s.WeightDecay) }},
	{"seed", func(s Settings) string { return fmt.Sprintf("seed %d", s.Seed) }},
	{"steps", func(s Settings) string { return fmt.Sprintf("%d steps", s.Steps) }},
	{"eval", func(s Settings) string { return fmt.Sprintf("evaluated every %d", s.EvalEvery) }},
}

// Differences returns, for each of the runs of settings runs, the settings in which the
// runs differ, as a legend names them: "lr 1e-3" and "lr 1e-4" for two runs that differ
// only in their learning rate, "lenet5, lr 1e-3" when their architectures differ too. A
// run's label is "" when all the runs have the same settings.
func Differences(runs []Settings) []string {
	labels := make([]string, len(runs))
	for i, r := range runs {
		var parts []string
		for _, s := range differing(runs) {
			parts = append(parts, s.value(r))
		}
		labels[i] = strings.Join(parts, ", ")
	}
	return labels
}

// DifferingSettings returns the names of the settings in which runs differ, in the order
// Differences names them: "lr", "seed"...
func DifferingSettings(runs []Settings) []string {
	var names []string
	for _, s := range differing(runs) {
		names = append(names, s.name)
	}
	return names
}

// differing returns the settings in which runs differ.
func differing(runs []Settings) []setting {
	var out []setting
	for _, s := range settings {
		for _, r := range runs {
			if s.value(r) != s.value(runs[0]) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
