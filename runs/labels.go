package runs

import (
	"cmp"
	"fmt"
	"strings"

	"convscope/internal/tr"
)

// setting is one setting of a run as a legend names it.
type setting struct {
	name string
	// value returns the setting of s as a legend names it, its words formatted by
	// sprintf. The names of flags (lr, batch, keep, seed) stay as they are.
	value func(s Settings, sprintf formatter) string
}

// formatter formats like fmt.Sprintf: fmt.Sprintf itself for English, tr.F for the
// current language.
type formatter func(format string, args ...any) string

// settings are the settings a legend may name, in the order it names them.
var settings = []setting{
	{"arch", func(s Settings, _ formatter) string { return cmp.Or(s.Preset, s.Arch) }},
	{"data", func(s Settings, _ formatter) string { return s.Dataset }},
	{"init", func(s Settings, _ formatter) string { return s.Init }},
	{"optimizer", func(s Settings, _ formatter) string { return s.Optimizer }},
	{"lr", func(s Settings, _ formatter) string { return "lr " + FormatNumber(s.LearningRate) }},
	{"batch", func(s Settings, _ formatter) string { return fmt.Sprintf("batch %d", s.Batch) }},
	{"keep", func(s Settings, _ formatter) string { return "keep " + FormatNumber(s.KeepProb) }},
	{"decay", func(s Settings, _ formatter) string { return "decay " + FormatNumber(s.WeightDecay) }},
	{"seed", func(s Settings, _ formatter) string { return fmt.Sprintf("seed %d", s.Seed) }},
	{"steps", func(s Settings, sprintf formatter) string { return sprintf("%d steps", s.Steps) }},
	{"eval", func(s Settings, sprintf formatter) string { return sprintf("evaluated every %d", s.EvalEvery) }},
}

// Differences returns, for each of the runs of settings runs, the settings in which the
// runs differ, as a legend names them in the current language: "lr 1e-3" and "lr 1e-4"
// for two runs that differ only in their learning rate, "lenet5, lr 1e-3" when their
// architectures differ too. A run's label is "" when all the runs have the same settings.
func Differences(runs []Settings) []string {
	return differences(runs, tr.F)
}

// EnglishDifferences is Differences in English, for output that programs read (compare
// -json).
func EnglishDifferences(runs []Settings) []string {
	return differences(runs, fmt.Sprintf)
}

func differences(runs []Settings, sprintf formatter) []string {
	labels := make([]string, len(runs))
	for i, r := range runs {
		var parts []string
		for _, s := range differing(runs) {
			parts = append(parts, s.value(r, sprintf))
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
			if s.value(r, fmt.Sprintf) != s.value(runs[0], fmt.Sprintf) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
