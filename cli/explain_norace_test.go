//go:build !race

package cli

import (
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

func TestInspectWritesTheZeilerFergusViews(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	out := t.TempDir()
	code, stdout, stderr := run(inspectCmd, "-model", model, "-test", "0", "-channel", "17", "-synthesis-steps", "0", "-out", out, "-scale", "1", "-json")
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
	if code, _, stderr := run(inspectCmd, "-model", model, "-test", "0", "-channel", "64", "-synthesis-steps", "0", "-out", t.TempDir()); code != exitError {
		t.Errorf("-channel 64 of 64 channels exited %d (%s), want 1", code, stderr)
	}
}

func TestTrainWritesTheFeatureEvolution(t *testing.T) {
	out := trainedModel(t)
	f, err := os.Open(filepath.Join(out, "evolution.png"))
	if err != nil {
		t.Fatalf("train wrote no evolution strip: %v", err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatalf("evolution.png is not a PNG: %v", err)
	}
	// The model keeps the recording, log-spaced steps and the last, and a resumed run
	// continues it.
	checkFrames(t, filepath.Join(out, modelFile), 0, 1, 2, 3)
	resumed := t.TempDir()
	if code, _, stderr := run(trainCmd(t.Context()), "-resume", filepath.Join(out, modelFile), "-steps", "5", "-eval-every", "0", "-out", resumed); code != 0 {
		t.Fatalf("resume exited %d: %s", code, stderr)
	}
	checkFrames(t, filepath.Join(resumed, modelFile), 0, 1, 2, 3, 5)
}

func TestTrainInterruptedKeepsTheRecording(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C came at once
	out := t.TempDir()
	if code, _, stderr := run(trainCmd(ctx), "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("interrupted train exited %d: %s", code, stderr)
	}
	checkFrames(t, filepath.Join(out, modelFile), 0)
}

// checkFrames checks that the model saved at path keeps the evolution of test image 0
// with frames of the steps want.
func checkFrames(t *testing.T, path string, want ...int) {
	t.Helper()
	ck, err := cnn.ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	var steps []int
	for _, f := range ck.Evolution.Frames {
		steps = append(steps, f.Step)
	}
	if !slices.Equal(steps, want) || len(ck.Evolution.Input) != mnist.Pixels {
		t.Fatalf("%s keeps frames of steps %v and an input of %d values, want steps %v and %d values", path, steps, len(ck.Evolution.Input), want, mnist.Pixels)
	}
}

func TestInspectOfAModelWithoutRecording(t *testing.T) {
	ck, err := cnn.ReadCheckpoint(filepath.Join(trainedModel(t), modelFile))
	if err != nil {
		t.Fatal(err)
	}
	ck.Evolution = cnn.Evolution{} // as a model saved by an older ConvScope
	model := filepath.Join(t.TempDir(), modelFile)
	if err := ck.Save(model); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := run(inspectCmd, "-model", model, "-test", "0", "-out", out, "-scale", "1", "-synthesis-steps", "0", "-json")
	if code != 0 {
		t.Fatalf("inspect exited %d: %s", code, stderr)
	}
	var res struct {
		Files  []string
		Frames int `json:"evolution_frames"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Frames != 0 || slices.Contains(res.Files, filepath.Join(out, "evolution.png")) {
		t.Fatalf("inspect printed %q (%v), want no evolution", stdout, err)
	}
	if !strings.Contains(stderr, "no evolution.png") || !strings.Contains(stderr, "older ConvScope") {
		t.Fatalf("inspect did not say why there is no evolution.png: %q", stderr)
	}
	if code, _, stderr := run(inspectCmd, "-h"); code != exitOK || !strings.Contains(stderr, "format 2") {
		t.Fatalf("inspect -h exited %d and does not say evolution.png needs format 2: %s", code, stderr)
	}
}
