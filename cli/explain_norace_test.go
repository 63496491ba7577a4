//go:build !race

package cli

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestInspectWritesTheZeilerFergusViews(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	out := t.TempDir()
	code, stdout, stderr := run(inspectCmd, "-model", model, "-test", "0", "-channel", "17", "-out", out, "-scale", "1", "-json")
	if code != 0 {
		t.Fatalf("inspect exited %d: %s", code, stderr)
	}
	var res struct {
		Channel int
		Files   []string
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Channel != 17 {
		t.Fatalf("inspect printed %q (%v), want channel 17", stdout, err)
	}
	for _, name := range []string{"top9_conv1.png", "top9_conv2.png", "projection_conv2_c17.png", "saliency.png"} {
		path := filepath.Join(out, name)
		if !slices.Contains(res.Files, path) {
			t.Fatalf("inspect did not list %s in %v", name, res.Files)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Fatalf("%s is not a PNG: %v", name, err)
		}
		f.Close()
	}
	if code, _, _ := run(inspectCmd, "-model", model, "-test", "0", "-channel", "-3"); code != exitUsage {
		t.Errorf("-channel -3 exited %d, want 2", code)
	}
	if code, _, stderr := run(inspectCmd, "-model", model, "-test", "0", "-channel", "64", "-out", t.TempDir()); code != exitError {
		t.Errorf("-channel 64 of 64 channels exited %d (%s), want 1", code, stderr)
	}
}

func TestTrainWritesTheFeatureEvolution(t *testing.T) {
	f, err := os.Open(filepath.Join(trainedModel(t), "evolution.png"))
	if err != nil {
		t.Fatalf("train wrote no evolution strip: %v", err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatalf("evolution.png is not a PNG: %v", err)
	}
}
