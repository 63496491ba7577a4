//go:build !race

package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"convscope/internal/runlock"
	"convscope/runs"
)

// interrupted returns a train command whose Ctrl-C came at once: it trains no step and
// saves the run, which is all these tests need.
func interrupted() func([]string, *bytes.Buffer, *bytes.Buffer) int {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return trainCmd(ctx)
}

func TestTrainRefusesAFolderThatHoldsAModel(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := run(interrupted(), "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("first train exited %d: %s", code, stderr)
	}
	model := filepath.Join(out, modelFile)
	before, _ := os.ReadFile(model)
	code, _, stderr := run(interrupted(), "-steps", "10", "-out", out)
	if code != exitError || !strings.Contains(stderr, "already holds a model") || !strings.Contains(stderr, "-resume "+model) {
		t.Fatalf("train into a folder with a model exited %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(model); !bytes.Equal(before, after) {
		t.Fatal("the refused train changed the model")
	}
	// Continuing the same run into its own folder is what -resume is for.
	if code, _, stderr := run(interrupted(), "-resume", model, "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("train -resume into the run's own folder exited %d: %s", code, stderr)
	}
	// A model of another run is not continued into this folder.
	other := t.TempDir()
	if code, _, stderr := run(interrupted(), "-steps", "10", "-seed", "7", "-out", other); code != 130 {
		t.Fatalf("train of another run exited %d: %s", code, stderr)
	}
	code, _, stderr = run(interrupted(), "-resume", filepath.Join(other, modelFile), "-steps", "10", "-out", out)
	if code != exitError || !strings.Contains(stderr, "model of another run") {
		t.Fatalf("train -resume of another run into the folder exited %d: %s", code, stderr)
	}
}

func TestTrainRefusesAFolderInUse(t *testing.T) {
	out := t.TempDir()
	lock, err := runlock.Acquire(out) // as another train would
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	code, _, stderr := run(interrupted(), "-steps", "10", "-out", out)
	if code != exitError || !strings.Contains(stderr, "is being trained into by process "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("train into a folder in use exited %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, modelFile)); err == nil {
		t.Fatal("the refused train wrote a model")
	}
}

func TestTrainRemovesStaleTemporaries(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, ".model.ckpt.2921733.tmp") // as a save killed half-way leaves
	if err := os.WriteFile(stale, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(interrupted(), "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("the stale temporary file is still there: %v", err)
	}
}

func TestTrainSaysWhatWasSavedWhenAChartFails(t *testing.T) {
	out := t.TempDir()
	// A folder where the chart goes: it cannot be written, as on a full disk.
	if err := os.Mkdir(filepath.Join(out, chartSVGFile), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(interrupted(), "-steps", "10", "-out", out)
	stderr = stderr[strings.Index(stderr, "\nconvscope train:")+1:] // after the line that says what train does
	model := filepath.Join(out, modelFile)
	if code != exitError || !strings.Contains(stderr, "saved the model to "+model+", but not these files") ||
		!strings.Contains(stderr, chartSVGFile) || strings.Contains(stderr, "lost") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("train with an unwritable chart exited %d: %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, runs.MetricsFile)); err != nil {
		t.Fatalf("the files after the chart were not written: %v", err)
	}
}

func TestTrainKeepsASymlinkedModel(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := run(interrupted(), "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("train exited %d: %s", code, stderr)
	}
	model := filepath.Join(out, modelFile)
	kept := filepath.Join(t.TempDir(), "kept.ckpt")
	if err := os.Rename(model, kept); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(kept, model); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(interrupted(), "-resume", model, "-steps", "10", "-out", out); code != 130 {
		t.Fatalf("train -resume exited %d: %s", code, stderr)
	}
	if st, err := os.Lstat(model); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link (%v)", model, err)
	}
}
