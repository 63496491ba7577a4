package app

import (
	"strings"
	"testing"
)

func TestControlsTrainButtonAndStartError(t *testing.T) {
	settings := testSettings()
	settings.Steps = 100
	data := sharedFixture().data
	seeded := settings
	seeded.Seed = 7
	tests := []struct {
		name    string
		c       controls
		label   string
		enabled bool
		err     string // a part of StartErr, or "" for none
	}{
		{"untrained", controls{Data: data, Settings: settings}, "Train", true, ""},
		{"no data", controls{Settings: settings}, "Train", false, "not loaded"},
		{"bad settings", controls{Data: data, Settings: settings, SettingsErr: errorString("learning rate must be a number")}, "Train", false, "learning rate"},
		{"running", controls{sessionStatus: sessionStatus{Running: true, Step: 5, RunCfg: settings}, Data: data, Settings: settings}, "Pause", true, ""},
		{"pausing", controls{sessionStatus: sessionStatus{Running: true, Pausing: true, Step: 5, RunCfg: settings}, Data: data, Settings: settings}, "Pausing…", false, ""},
		{"paused", controls{sessionStatus: sessionStatus{Step: 5, RunCfg: settings}, Data: data, Settings: settings}, "Resume", true, ""},
		{"new seed", controls{sessionStatus: sessionStatus{Step: 5, RunCfg: settings}, Data: data, Settings: seeded}, "Resume", false, "Seed changed: that needs a fresh network"},
		{"new seed, untrained", controls{sessionStatus: sessionStatus{RunCfg: settings}, Data: data, Settings: seeded}, "Train", true, ""},
		{"finished", controls{sessionStatus: sessionStatus{Step: 100, RunCfg: settings}, Data: data, Settings: settings}, "Train", false, "all 100 steps are done"},
	}
	for _, tt := range tests {
		c := tt.c.withDerived()
		if c.TrainLabel() != tt.label || c.TrainEnabled() != tt.enabled {
			t.Errorf("%s: button %q enabled %v, want %q %v", tt.name, c.TrainLabel(), c.TrainEnabled(), tt.label, tt.enabled)
		}
		switch {
		case tt.err == "" && c.StartErr != nil:
			t.Errorf("%s: start error %v", tt.name, c.StartErr)
		case tt.err != "" && (c.StartErr == nil || !strings.Contains(c.StartErr.Error(), tt.err)):
			t.Errorf("%s: start error %v, want one saying %q", tt.name, c.StartErr, tt.err)
		}
	}
}

func TestControlsListTheChangesThatNeedAReset(t *testing.T) {
	run := testSettings()
	want := run
	want.Batch, want.Steps = 64, 5 // the batch changes the run; the steps do not
	c := controls{sessionStatus: sessionStatus{Step: 3, RunCfg: run}, Settings: want, Data: sharedFixture().data}.withDerived()
	if len(c.NewNetworkChanges) != 1 || c.NewNetworkChanges[0] != "Batch size" {
		t.Errorf("changes %v, want [Batch size]", c.NewNetworkChanges)
	}
	c = controls{sessionStatus: sessionStatus{RunCfg: run}, Settings: want}.withDerived()
	if c.NewNetworkChanges != nil {
		t.Errorf("an untrained model lists changes %v", c.NewNetworkChanges)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
