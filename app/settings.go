package app

import (
	"fmt"
	"strconv"
	"strings"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// setting is one field of the settings panel: its label, a hint, and how it is read from
// and written to a cnn.Config. Label, Hint and the picks' names are in the language
// shown; the texts written and parsed are not translated.
type setting struct {
	Label string
	Hint  string
	// NewNetwork is true for the settings that change the run itself (cnn.Config's
	// NeedsNewNetwork), so that changing them means starting a fresh network.
	NewNetwork bool
	Format     func(cnn.Config) string
	// Parse sets the field from text, or returns an error saying what is wrong with it.
	Parse func(text string, c *cnn.Config) error
	// Lines is the height of the field's entry in lines: 1, or more for a long text.
	Lines int
	// Picks are texts offered in a list above the entry (such as the presets); picking one
	// writes it into the entry.
	Picks []pick
}

// pick is a text a setting offers ready-made, under a name.
type pick struct{ Name, Text string }

// settingFields returns the settings of the panel, in the order they are shown.
func settingFields() []setting {
	return []setting{
		{
			Label: tr.T("Learning rate"), Hint: tr.T("the optimizer's step size"), NewNetwork: true,
			Format: func(c cnn.Config) string { return formatFloat(c.LearningRate) },
			Parse:  floatParser(tr.T("learning rate"), "0.0001", func(c *cnn.Config, v float64) { c.LearningRate = v }),
		},
		{
			Label: tr.T("Batch size"), Hint: tr.T("images per step"), NewNetwork: true,
			Format: func(c cnn.Config) string { return strconv.Itoa(c.Batch) },
			Parse:  intParser(tr.T("batch size"), "50", func(c *cnn.Config, v int) { c.Batch = v }),
		},
		{
			Label: tr.T("Total steps"), Hint: tr.T("updates in the whole run"),
			Format: func(c cnn.Config) string { return strconv.Itoa(c.Steps) },
			Parse:  intParser(tr.T("total steps"), "20000", func(c *cnn.Config, v int) { c.Steps = v }),
		},
		{
			Label: tr.T("Dropout keep"), Hint: tr.T("share of units kept in training"), NewNetwork: true,
			Format: func(c cnn.Config) string { return formatFloat(c.KeepProb) },
			Parse:  floatParser(tr.T("dropout keep probability"), "0.5", func(c *cnn.Config, v float64) { c.KeepProb = v }),
		},
		{
			Label: tr.T("Seed"), Hint: tr.T("weights, data order, dropout"), NewNetwork: true,
			Format: func(c cnn.Config) string { return strconv.FormatUint(c.Seed, 10) },
			Parse: func(text string, c *cnn.Config) error {
				v, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64)
				if err != nil {
					return tr.Errorf("seed must be a whole number from 0 up, like 1")
				}
				c.Seed = v
				return nil
			},
		},
		{
			Label: tr.T("Evaluate every"), Hint: tr.T("steps; 0: only at the end"),
			Format: func(c cnn.Config) string { return strconv.Itoa(c.EvalEvery) },
			Parse:  intParser(tr.T("evaluation interval"), "500", func(c *cnn.Config, v int) { c.EvalEvery = v }),
		},
		{
			Label: tr.T("Architecture"), Hint: tr.T("one layer a line; pick a preset above"), NewNetwork: true, Lines: 5,
			Format: func(c cnn.Config) string { return specLines(c.ArchText()) },
			Parse:  func(text string, c *cnn.Config) error { return c.SetArch(text) },
			Picks:  presetPicks(),
		},
		{
			Label: tr.T("Initialisation"), Hint: tr.T("truncnormal:STDDEV, he or xavier"), NewNetwork: true,
			Format: func(c cnn.Config) string { return c.InitText() },
			Parse:  func(text string, c *cnn.Config) error { return c.SetInit(text) },
			Picks: []pick{{tr.T("truncated normal, 0.1 (the reference)"), "truncnormal:0.1"}, {tr.T("He (Kaiming) normal"), "he"},
				{tr.T("Xavier (Glorot) uniform"), "xavier"}},
		},
		{
			Label: tr.T("Optimizer"), Hint: tr.T("adam, or sgd:MOMENTUM"), NewNetwork: true,
			Format: func(c cnn.Config) string {
				if c.Optimizer == cnn.OptimizerSGD {
					return "sgd:" + formatFloat(c.Momentum)
				}
				return cnn.OptimizerAdam
			},
			Parse: parseOptimizer,
			Picks: []pick{{tr.T("Adam (the reference)"), cnn.OptimizerAdam}, {tr.T("SGD, momentum 0.9"), "sgd:0.9"}, {tr.T("SGD, no momentum"), "sgd:0"}},
		},
		{
			Label: tr.T("Weight decay"), Hint: tr.T("L2 penalty; 0: none"), NewNetwork: true,
			Format: func(c cnn.Config) string { return formatFloat(c.WeightDecay) },
			Parse:  floatParser(tr.T("weight decay"), "0.0005", func(c *cnn.Config, v float64) { c.WeightDecay = v }),
		},
		{
			Label: tr.T("Data set"), Hint: tr.T("mnist or fashion"), NewNetwork: true,
			Format: func(c cnn.Config) string { return c.Data().Name },
			Parse: func(text string, c *cnn.Config) error {
				d, err := mnist.DatasetNamed(strings.TrimSpace(text))
				if err != nil {
					return err
				}
				c.Dataset = ""
				if d.Name != mnist.MNIST.Name {
					c.Dataset = d.Name
				}
				return nil
			},
			Picks: datasetPicks(),
		},
	}
}

// parseOptimizer sets c's optimizer from "adam" or "sgd:MOMENTUM" ("sgd" alone has momentum
// 0.9), or says what is wrong with the text.
func parseOptimizer(text string, c *cnn.Config) error {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == cnn.OptimizerAdam {
		c.Optimizer, c.Momentum = "", 0
		return nil
	}
	rest, ok := strings.CutPrefix(text, cnn.OptimizerSGD)
	momentum := 0.9
	if rest != "" {
		var err error
		momentum, err = strconv.ParseFloat(strings.TrimPrefix(rest, ":"), 64)
		ok = ok && strings.HasPrefix(rest, ":") && err == nil
	}
	if !ok {
		return tr.Errorf("the optimizer must be adam, or sgd:MOMENTUM such as sgd:0.9")
	}
	c.Optimizer, c.Momentum = cnn.OptimizerSGD, momentum
	return nil
}

// specLines writes a spec one layer a line, as the settings show it.
func specLines(spec string) string { return strings.ReplaceAll(spec, "; ", "\n") }

// presetPicks returns the presets as picks of the architecture, one layer a line.
func presetPicks() []pick {
	var picks []pick
	for _, p := range cnn.Presets() {
		picks = append(picks, pick{p.Name, specLines(p.Spec)})
	}
	return picks
}

// datasetPicks returns the data sets as picks.
func datasetPicks() []pick {
	var picks []pick
	for _, d := range mnist.Datasets() {
		picks = append(picks, pick{d.Title, d.Name})
	}
	return picks
}

// parseSettings returns base with the texts of settingFields applied in order, or an error
// naming the first setting that does not parse or is out of range and what it must be.
// It panics if len(texts) differs from the number of settings.
func parseSettings(base cnn.Config, texts []string) (cnn.Config, error) {
	fields := settingFields()
	if len(texts) != len(fields) {
		panic(fmt.Sprintf("app: %d setting texts for %d settings", len(texts), len(fields)))
	}
	cfg := base
	for i, f := range fields {
		if err := f.Parse(texts[i], &cfg); err != nil {
			return base, err
		}
	}
	if err := cfg.Validate(); err != nil {
		return base, err
	}
	return cfg, nil
}

// checkSetting returns the error of one setting's text on its own: whether it parses and
// is in range. It is the inline validation of the setting's entry.
func checkSetting(f setting, text string) error {
	cfg := cnn.DefaultConfig()
	if err := f.Parse(text, &cfg); err != nil {
		return err
	}
	return cfg.Validate()
}

// settingTexts returns the texts of every setting of cfg, in the order of settingFields.
func settingTexts(cfg cnn.Config) []string {
	fields := settingFields()
	texts := make([]string, len(fields))
	for i, f := range fields {
		texts[i] = f.Format(cfg)
	}
	return texts
}

// newNetworkChanges returns the labels of the settings that differ between run and want
// and that need a fresh network, in panel order.
func newNetworkChanges(run, want cnn.Config) []string {
	var labels []string
	for _, f := range settingFields() {
		if f.NewNetwork && f.Format(run) != f.Format(want) {
			labels = append(labels, f.Label)
		}
	}
	return labels
}

// formatFloat formats v as briefly as it reads back exactly: 0.0001, 0.5.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// floatParser returns a Parse function for a number setting named name (as in "learning
// rate"), with an example value for its error message.
func floatParser(name, example string, set func(*cnn.Config, float64)) func(string, *cnn.Config) error {
	return func(text string, c *cnn.Config) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return tr.Errorf("%s must be a number, like %s", name, example)
		}
		set(c, v)
		return nil
	}
}

// intParser returns a Parse function for a whole-number setting named name, with an
// example value for its error message.
func intParser(name, example string, set func(*cnn.Config, int)) func(string, *cnn.Config) error {
	return func(text string, c *cnn.Config) error {
		v, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return tr.Errorf("%s must be a whole number, like %s", name, example)
		}
		set(c, v)
		return nil
	}
}
