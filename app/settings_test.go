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
		got, err := parseSettings(base, append(tt.texts, settingTexts(base)[6:]...)) // the reference on MNIST
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
	other := map[string]string{"Architecture": "conv 3x3x8\nfc 10", "Initialisation": "he", "Data set": "fashion", "Optimizer": "sgd:0.5", "Weight decay": "0.001"}
	for _, f := range settingFields() {
		changed := run
		text, ok := other[f.Label]
		if !ok {
			text = "1"
		}
		if err := f.Parse(text, &changed); err != nil {
			t.Fatal(err)
		}
		if changed != run && f.NewNetwork != run.NeedsNewNetwork(changed) {
			t.Errorf("%s: NewNetwork is %v but cnn says %v", f.Label, f.NewNetwork, run.NeedsNewNetwork(changed))
		}
	}
}

func TestArchitectureInitAndDataSetSettings(t *testing.T) {
	base := cnn.DefaultConfig()
	texts := settingTexts(base)
	if texts[6] != "conv 5x5x32 same relu\nmaxpool 2\nconv 5x5x64 same relu\nmaxpool 2\nfc 1024 relu\ndropout 0.5\nfc 10" ||
		texts[7] != "truncnormal:0.1" || texts[8] != "adam" || texts[9] != "0" || texts[10] != "mnist" {
		t.Fatalf("the reference's texts: %q", texts[6:])
	}
	texts[6], texts[7], texts[8], texts[9], texts[10] = "conv 3x3x8 valid\nmaxpool 2\nfc 10", "xavier", "sgd:0.5", "0.0005", "fashion"
	got, err := parseSettings(base, texts)
	if err != nil || got.Arch != "conv 3x3x8 valid relu; maxpool 2; fc 10" || got.Init != "xavier" || got.Dataset != "fashion" ||
		got.Optimizer != cnn.OptimizerSGD || got.Momentum != 0.5 || got.WeightDecay != 0.0005 {
		t.Fatalf("read %+v, %v", got, err)
	}
	if again, err := parseSettings(base, settingTexts(got)); err != nil || again != got {
		t.Errorf("the texts of %+v read back as %+v, %v", got, again, err)
	}
	texts[6] = "conv 3x3x8\nmaxpool 4\nmaxpool 7\nmaxpool 2\nfc 10"
	if _, err := parseSettings(base, texts); err == nil || !strings.Contains(err.Error(), "layer 4 (maxpool 2): input is 1x1") {
		t.Errorf("a spec that does not fit: %v", err)
	}
	// The reference written out is the reference: no architecture in the settings.
	texts[6] = cnn.ReferenceSpec
	if got, _ := parseSettings(base, texts); got.Arch != "" {
		t.Errorf("the reference spec read as %q", got.Arch)
	}
	if table := layerTable(base); !strings.Contains(table, "fc2") || !strings.Contains(table, "3,274,634") {
		t.Errorf("the reference's layer table:\n%s", table)
	}
}

func TestParseOptimizer(t *testing.T) {
	for text, want := range map[string]cnn.Config{
		"adam": {}, " SGD ": {Optimizer: cnn.OptimizerSGD, Momentum: 0.9}, "sgd:0": {Optimizer: cnn.OptimizerSGD}, "sgd:0.5": {Optimizer: cnn.OptimizerSGD, Momentum: 0.5},
	} {
		var got cnn.Config
		if err := parseOptimizer(text, &got); err != nil || got != want {
			t.Errorf("%q: %+v, %v", text, got, err)
		}
	}
	for _, bad := range []string{"rmsprop", "sgd0.9", "sgd:fast", ""} {
		if err := parseOptimizer(bad, &cnn.Config{}); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
