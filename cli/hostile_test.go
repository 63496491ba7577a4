//go:build !race

package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convscope/cnn"
)

// overflowingModel saves the shared model with fc2's weights so large that every logit
// overflows to +Inf, so its probabilities are NaN although every weight is finite, and
// returns its path.
func overflowingModel(t *testing.T) string {
	t.Helper()
	ck, err := cnn.ReadCheckpoint(filepath.Join(trainedModel(t), modelFile))
	if err != nil {
		t.Fatal(err)
	}
	params := ck.Network.Params()
	for i := range params[len(params)-2].Value { // fc2/weights
		params[len(params)-2].Value[i] = math.MaxFloat32
	}
	path := filepath.Join(t.TempDir(), modelFile)
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClassifyOfANaNOutputFails(t *testing.T) {
	model := overflowingModel(t)
	img := filepath.Join(t.TempDir(), "one.png")
	writePNG(t, img, strokeImage())
	code, stdout, stderr := run(classifyCmd, "-model", model, "-json", img)
	if code != exitError {
		t.Fatalf("classify -json of a NaN output exited %d: %q %q", code, stdout, stderr)
	}
	var res struct{ File, Error string }
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || !strings.Contains(res.Error, "NaN") {
		t.Fatalf("classify -json printed %q (%v), want a JSON line with the error", stdout, err)
	}
	code, stdout, _ = run(classifyCmd, "-model", model, img)
	if code != exitError || strings.Contains(stdout, "NaN%") || !strings.Contains(stdout, "error") {
		t.Fatalf("classify of a NaN output exited %d and printed %q", code, stdout)
	}
	code, stdout, stderr = run(inspectCmd, "-model", model, "-test", "0", "-out", t.TempDir(), "-json")
	if code != exitError || stdout != "" || !strings.Contains(stderr, "NaN") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("inspect of a NaN output exited %d: %q %q", code, stdout, stderr)
	}
}

func TestPrintJSONRefusesNaN(t *testing.T) {
	code, stdout, stderr := run(func(_ []string, o, e *bytes.Buffer) int {
		return printJSON(o, e, "eval", map[string]any{"test_accuracy": math.NaN()})
	})
	if code != exitError || stdout != "" || !strings.Contains(stderr, "NaN") {
		t.Fatalf("printJSON of NaN exited %d: %q %q", code, stdout, stderr)
	}
}

func TestResumeAtOrPastTheSavedStepIsAnError(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	for _, steps := range []string{"3", "2"} {
		code, _, stderr := run(trainCmd(t.Context()), "-resume", model, "-steps", steps, "-out", t.TempDir())
		if code != exitUsage || !strings.Contains(stderr, "already at step 3: give -steps above 3") {
			t.Errorf("resume with -steps %s exited %d: %s", steps, code, stderr)
		}
	}
	if code, _, stderr := run(trainCmd(t.Context()), "-resume", model, "-out", t.TempDir()); code != exitUsage {
		t.Errorf("resume of a finished run without -steps exited %d: %s", code, stderr)
	}
}

func TestResumeOfAHugeStepIsAnError(t *testing.T) {
	ck, err := cnn.ReadCheckpoint(filepath.Join(trainedModel(t), modelFile))
	if err != nil {
		t.Fatal(err)
	}
	ck.Step, ck.Adam.T, ck.Evolution = 1<<62, 1<<62, cnn.Evolution{}
	path := filepath.Join(t.TempDir(), modelFile)
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(trainCmd(t.Context()), "-resume", path, "-steps", "10", "-out", t.TempDir())
	if code != exitError || !strings.Contains(stderr, "step is 4611686018427387904") {
		t.Fatalf("resume of step 2^62 exited %d: %s", code, stderr)
	}
}

// strokeImage is a 100x100 picture of a thick vertical stroke, a "1".
func strokeImage() image.Image {
	img := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 20; y < 80; y++ {
		for x := 45; x < 55; x++ {
			img.Pix[y*100+x] = 0
		}
	}
	return img
}

func TestClassifyRefusesAnImageBomb(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	// A PNG header that claims 60000x60000 grey pixels, and nothing after it.
	ihdr := []byte{0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60, 8, 0, 0, 0, 0}
	chunk := append([]byte("IHDR"), ihdr...)
	bomb := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), chunk...)
	bomb = binary.BigEndian.AppendUint32(bomb, crc32.ChecksumIEEE(chunk))
	path := filepath.Join(t.TempDir(), "bomb.png")
	if err := os.WriteFile(path, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run(classifyCmd, "-model", model, path)
	if code != exitError || !strings.Contains(stdout, "60000x60000 pixels, larger than the 8192x8192") {
		t.Fatalf("classify of a 60000x60000 PNG exited %d: %q", code, stdout)
	}
	code, _, stderr := run(inspectCmd, "-model", model, "-image", path, "-out", t.TempDir())
	if code != exitError || !strings.Contains(stderr, "60000x60000") {
		t.Fatalf("inspect -image of a 60000x60000 PNG exited %d: %q", code, stderr)
	}
}
