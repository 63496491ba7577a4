package app

import (
	"reflect"
	"strings"
	"testing"

	"convscope/cnn"
)

func TestParseSettings(t *testing.T) {
	base := cnn.DefaultConfig()
	base.Workers = 3
	tests := []struct {
		name    string
		texts   []string // learning rate, batch, steps, keep, seed, evaluate every
		want    cnn.Config
		wantErr string // part of the error message, "" for none
	}{
		{"defaults", []string{"0.0001", "50", "20000", "0.5", "1", "500"}, base, ""},
		{"changed, with spaces", []string{" 1e-3", "100 ", "30", "1", "7", "0"},
			cnn.Config{Steps: 30, Batch: 100, LearningRate: 1e-3, KeepProb: 1, Seed: 7, EvalEvery: 0, Workers: 3}, ""},
		{"learning rate not a number", []string{"fast", "50", "20000", "0.5", "1", "500"}, base, "learning rate must be a number"},
		{"learning rate out of range", []string{"2", "50", "20000", "0.5", "1", "500"}, base, "learning rate must be greater than 0"},
		{"batch not whole", []string{"0.0001", "5.5", "20000", "0.5", "1", "500"}, base, "batch size must be a whole number"},
		{"batch zero", []string{"0.0001", "0", "20000", "0.5", "1", "500"}, base, "batch size must be between 1"},
		{"no steps", []string{"0.0001", "50", "", "0.5", "1", "500"}, base, "total steps must be a whole number"},
		{"keep zero", []string{"0.0001", "50", "20000", "0", "1", "500"}, base, "dropout keep probability must be greater than 0"},
		{"negative seed", []string{"0.0001", "50", "20000", "0.5", "-1", "500"}, base, "seed must be a whole number"},
		{"negative interval", []string{"0.0001", "50", "20000", "0.5", "1", "-5"}, base, "evaluation interval must be 0"},
	}
	for _, tt := range tests {
		got, err := parseSettings(base, tt.texts)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.wantErr)
		case got != tt.want:
			t.Errorf("%s: settings %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestSettingTextsRoundTrip(t *testing.T) {
	cfg := cnn.Config{Steps: 1234, Batch: 64, LearningRate: 3e-4, KeepProb: 0.75, Seed: 42, EvalEvery: 100, Workers: 2}
	got, err := parseSettings(cfg, settingTexts(cfg))
	if err != nil || got != cfg {
		t.Errorf("parseSettings(settingTexts(%+v)) = %+v, %v", cfg, got, err)
	}
}

func TestCheckSettingJudgesOneField(t *testing.T) {
	fields := settingFields()
	if err := checkSetting(fields[0], "0.01"); err != nil {
		t.Errorf("learning rate 0.01: %v", err)
	}
	if err := checkSetting(fields[1], "0"); err == nil || !strings.Contains(err.Error(), "batch size") {
		t.Errorf("batch 0: error %v, want one about the batch size", err)
	}
}

func TestNewNetworkChanges(t *testing.T) {
	run := cnn.DefaultConfig()
	want := run
	want.Steps, want.EvalEvery, want.Workers = 5, 7, 9 // these can change mid-run
	if got := newNetworkChanges(run, want); got != nil {
		t.Errorf("steps and evaluation changes need a new network: %v", got)
	}
	want.Batch, want.Seed = 10, 2
	if got := newNetworkChanges(run, want); !reflect.DeepEqual(got, []string{"Batch size", "Seed"}) {
		t.Errorf("newNetworkChanges = %v, want [Batch size Seed]", got)
	}
	for _, f := range settingFields() {
		changed := run
		if err := f.Parse("1", &changed); err != nil {
			t.Fatal(err)
		}
		if changed != run && f.NewNetwork != run.NeedsNewNetwork(changed) {
			t.Errorf("%s: NewNetwork is %v but cnn says %v", f.Label, f.NewNetwork, run.NeedsNewNetwork(changed))
		}
	}
}
