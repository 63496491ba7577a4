package app

import (
	"strings"

	"convscope/cnn"
	"convscope/internal/tr"
)

// controls is what the toolbar, the settings panel and the status bar show: the session's
// model and run, the settings as typed, the data, and what follows from them.
type controls struct {
	sessionStatus
	Loading    bool     // the data is being loaded
	Data       *dataset // nil until loaded
	Evaluating bool     // the test set is being classified
	Settings   cnn.Config
	// SettingsErr is what is wrong with the settings as typed; Settings are the last valid
	// ones.
	SettingsErr error
	// NewNetworkChanges lists the settings that differ from the model's and need a fresh
	// network, when the model has been trained.
	NewNetworkChanges []string
	// StartErr says why Train cannot start now, or is nil.
	StartErr error
}

// withDerived returns c with NewNetworkChanges and StartErr worked out from the rest.
func (c controls) withDerived() controls {
	c.NewNetworkChanges = nil
	if c.Step > 0 {
		c.NewNetworkChanges = newNetworkChanges(c.RunCfg, c.Settings)
	}
	switch {
	case c.Data == nil || c.Data.Name != c.Settings.Data().Name:
		c.StartErr = tr.Errorf("the %s data is not loaded yet", c.Settings.Data().Title)
	case c.SettingsErr != nil:
		c.StartErr = c.SettingsErr
	case len(c.NewNetworkChanges) > 0:
		c.StartErr = needsResetError(c.NewNetworkChanges)
	case c.Step >= c.Settings.Steps:
		c.StartErr = tr.Errorf("all %d steps are done: raise Total steps to train on, or press Reset", c.Settings.Steps)
	default:
		c.StartErr = nil
	}
	return c
}

// needsResetError says that the settings named changes need a fresh network.
func needsResetError(changes []string) error {
	return tr.Errorf("%s changed: that needs a fresh network. Press Reset to start one, or change it back to continue this one",
		strings.Join(changes, ", "))
}

// TrainLabel returns the label of the Train button: Train, Pause, Pausing…, or Resume
// when the model has steps left to train.
func (c controls) TrainLabel() string {
	switch {
	case c.Pausing:
		return tr.T("Pausing…")
	case c.Running:
		return tr.T("Pause")
	case c.Step > 0 && c.Step < c.Settings.Steps:
		return tr.T("Resume")
	}
	return tr.T("Train")
}

// TrainEnabled reports whether the Train button does something now.
func (c controls) TrainEnabled() bool {
	if c.Running {
		return !c.Pausing
	}
	return c.StartErr == nil
}
