//go:build !race

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convscope/runs"
)

func sweepCmd(ctx context.Context) func([]string, *bytes.Buffer, *bytes.Buffer) int {
	return func(args []string, o, e *bytes.Buffer) int { return sweep(ctx, args, o, e) }
}

func runsCmd(args []string, o, e *bytes.Buffer) int    { return listRuns(args, o, e) }
func compareCmd(args []string, o, e *bytes.Buffer) int { return compare(args, o, e) }

// jsonLines decodes one JSON object per line of out.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.Lines(out) {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %q is not a JSON object: %v", line, err)
		}
		lines = append(lines, v)
	}
	return lines
}

func TestTrainRecordsTheRun(t *testing.T) {
	rec, err := runs.Read(trainedModel(t))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != runs.Finished || rec.StepsDone != 3 || rec.Settings.Preset != "reference" || rec.Results == nil ||
		rec.Results.Evaluations != 2 || rec.WallSeconds <= 0 || rec.ImagesPerSecond <= 0 || rec.Name == "" {
		t.Fatalf("run.json of a 3-step run evaluated at steps 2 and 3: %+v", rec)
	}
}

func TestTrainIntoALibrary(t *testing.T) {
	lib := t.TempDir()
	code, _, stderr := run(interrupted(), "-preset", "tiny", "-steps", "10", "-runs", lib, "-name", "first try")
	if code != 130 {
		t.Fatalf("train -runs exited %d: %s", code, stderr)
	}
	list, err := runs.List(lib)
	if err != nil || len(list) != 1 || list[0].Record.Name != "first try" || list[0].Record.Status != runs.Paused ||
		filepath.Base(list[0].Dir) != "first-try" {
		t.Fatalf("the library holds %+v (%v), want the paused run first try", list, err)
	}
	if code, _, stderr := run(interrupted(), "-runs", lib, "-out", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "give -out or -runs, not both") {
		t.Fatalf("train -runs -out exited %d: %s", code, stderr)
	}
}

func TestSweepTrainsEveryRunAndContinuesWhereItStopped(t *testing.T) {
	lib := t.TempDir()
	args := []string{"-set", "lr=1e-2,1e-3", "-preset", "tiny", "-steps", "4", "-eval-every", "2", "-runs", lib, "-json"}
	// Stopped at once: the first run is saved at step 0, paused.
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	code, stdout, stderr := run(sweepCmd(cancelled), args...)
	if code != 130 || stdout != "" || !strings.Contains(stderr, "run the same command again to continue") {
		t.Fatalf("stopped sweep exited %d: %s %s", code, stdout, stderr)
	}
	// Run again, it continues the first run and trains the second.
	code, stdout, stderr = run(sweepCmd(t.Context()), args...)
	if code != 0 {
		t.Fatalf("sweep exited %d: %s", code, stderr)
	}
	lines := jsonLines(t, stdout)
	if len(lines) != 2 || lines[0]["variant"] != "lr=1e-2" || lines[1]["variant"] != "lr=1e-3" || lines[0]["step"] != 4.0 {
		t.Fatalf("sweep printed %v", lines)
	}
	list, err := runs.List(lib)
	if err != nil || len(list) != 2 {
		t.Fatalf("the library holds %d runs (%v)", len(list), err)
	}
	for _, r := range list {
		if r.Record.Status != runs.Finished || r.Record.Sweep != "sweep lr=1e-2,1e-3" {
			t.Fatalf("run %s: status %s, sweep %q", r.Record.Name, r.Record.Status, r.Record.Sweep)
		}
	}
	// Once more, nothing is left to train and no model is touched.
	model := filepath.Join(list[0].Dir, modelFile)
	before, _ := os.Stat(model)
	code, stdout, stderr = run(sweepCmd(t.Context()), args...)
	if after, _ := os.Stat(model); code != 0 || stdout != "" || strings.Count(stderr, "finished already") != 2 || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("a finished sweep run again exited %d: %q %s", code, stdout, stderr)
	}

	// runs lists both; compare names what differs.
	code, stdout, stderr = run(runsCmd, "-runs", lib, "-json")
	if listed := jsonLines(t, stdout); code != 0 || len(listed) != 2 || listed[0]["dir"] == "" || listed[0]["status"] != "finished" {
		t.Fatalf("runs -json exited %d: %s %s", code, stdout, stderr)
	}
	chart := filepath.Join(t.TempDir(), "lr.png")
	code, stdout, stderr = run(compareCmd, "-out", chart, "-json", "-runs", lib, list[0].Dir, list[1].Record.Name)
	if code != 0 {
		t.Fatalf("compare exited %d: %s", code, stderr)
	}
	var res struct {
		Differing []string
		Runs      []struct{ Label string }
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || strings.Join(res.Differing, ",") != "lr" ||
		len(res.Runs) != 2 || res.Runs[0].Label != "lr 0.01" || res.Runs[1].Label != "lr 1e-3" {
		t.Fatalf("compare printed %s (%v)", stdout, err)
	}
	if f, err := os.Open(chart); err != nil {
		t.Fatal(err)
	} else if img, err := png.Decode(f); err != nil || img.Bounds().Dx() < 640 {
		t.Fatalf("the chart is not a PNG of the chart's size: %v", err)
	}
}

func TestSweepAndCompareRefuseBadArguments(t *testing.T) {
	lib := t.TempDir()
	for _, tc := range []struct {
		cmd  func([]string, *bytes.Buffer, *bytes.Buffer) int
		args []string
		want string
	}{
		{sweepCmd(t.Context()), []string{"-runs", lib}, "needs a setting to vary"},
		{sweepCmd(t.Context()), []string{"-set", "colour=red", "-runs", lib}, `cannot vary "colour"`},
		{sweepCmd(t.Context()), []string{"-set", "batch=50,0", "-runs", lib}, "run batch=0:"},
		{compareCmd, []string{"-out", "x.png"}, "name the runs to compare"},
		{compareCmd, []string{"-out", "x.gif", "a"}, "written as .png or .svg"},
		{compareCmd, []string{"-out", "x.png", "-x", "epoch", "a"}, `-x "epoch"`},
		{compareCmd, []string{"-out", "x.png", "-runs", lib, "nothing"}, `"nothing" is neither a run folder nor the name of a run`},
	} {
		code, _, stderr := run(tc.cmd, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v exited %d: %s, want an error containing %q", tc.args, code, stderr, tc.want)
		}
	}
}
