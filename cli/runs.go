package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"convscope/internal/tr"
	"convscope/runs"
)

var runsCommand = Command{Name: "runs", Summary: "list the runs of a run library, with their settings and results", Run: listRuns}

// libraryFlag defines the -runs flag of the commands that use a run library.
func libraryFlag(fs *flag.FlagSet) *string {
	return fs.String("runs", "", tr.T("the run library: a folder of run folders (default: the app's, $XDG_DATA_HOME/convscope/runs or ~/.local/share/convscope/runs)"))
}

// libraryDir returns the library -runs names, or the default one.
func libraryDir(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	return runs.DefaultLibrary()
}

// runLine is one run as runs -json prints it: its folder and its record's fields.
type runLine struct {
	Dir string `json:"dir"`
	runs.Record
}

func listRuns(args []string, stdout, stderr io.Writer) int {
	const name = "runs"
	fs := newFlags(name, tr.T("runs [-runs DIR] [-json]"), stderr)
	library := libraryFlag(fs)
	jsonOut := fs.Bool("json", false, tr.T("print one JSON object per run"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, tr.F("unexpected argument %q", fs.Arg(0)))
	}
	dir, err := libraryDir(*library)
	if err != nil {
		return fail(stderr, name, err)
	}
	list, listErr := runs.List(dir)
	for _, e := range splitJoined(listErr) {
		fmt.Fprintf(stderr, "convscope runs: %s\n", tr.F("skipped %v", e))
	}
	if *jsonOut {
		for _, r := range list {
			if code := printJSON(stdout, stderr, name, runLine{Dir: r.Dir, Record: r.Record}); code != exitOK {
				return code
			}
		}
		return exitOK
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, tr.F("no runs in %s yet: train one with convscope train -runs %s", dir, dir))
		return exitOK
	}
	rows := [][]string{{tr.T("NAME"), tr.T("STATUS"), tr.T("DATA"), tr.T("ARCH"), tr.T("OPTIMIZER"), tr.T("LR"), tr.T("STEPS"),
		tr.T("BEST"), tr.T("FINAL"), tr.T("LAST 8"), tr.T("TIME"), tr.T("FOLDER")}}
	for _, r := range list {
		rec, s := r.Record, r.Record.Settings
		best, final, last8 := "-", "-", "-"
		if res := rec.Results; res != nil {
			best = fmt.Sprintf("%.2f%% @%d", 100*res.BestAccuracy, res.BestStep)
			final, last8 = fmt.Sprintf("%.2f%%", 100*res.FinalAccuracy), fmt.Sprintf("%.2f%%", 100*res.MeanLast8)
		}
		rows = append(rows, []string{rec.Name, rec.Status.Text(), s.Dataset, archName(s), s.Optimizer,
			runs.FormatNumber(s.LearningRate), fmt.Sprintf("%d/%d", rec.StepsDone, s.Steps), best, final, last8, (time.Duration(rec.WallSeconds) * time.Second).String(), r.Dir})
	}
	writeTable(stdout, rows, 2, false)
	return exitOK
}

// archName returns the preset of s, or "custom" in the current language.
func archName(s runs.Settings) string {
	if s.Preset != "" {
		return s.Preset
	}
	return tr.T("custom")
}

// splitJoined returns the errors that errors.Join joined into err, or err alone.
func splitJoined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// findRun returns the run folder that arg names: a folder holding a run.json, or the
// name or folder name of a run of the library dir.
func findRun(arg, dir string) (runs.Run, error) {
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		rec, err := runs.Read(arg)
		if err != nil {
			return runs.Run{}, err
		}
		return runs.Run{Dir: arg, Record: rec}, nil
	}
	list, _ := runs.List(dir)
	var found []runs.Run
	for _, r := range list {
		if r.Record.Name == arg || filepath.Base(r.Dir) == arg {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 0:
		return runs.Run{}, tr.Errorf("%q is neither a run folder nor the name of a run in %s (see convscope runs -runs %s)", arg, dir, dir)
	case 1:
		return found[0], nil
	}
	dirs := make([]string, len(found))
	for i, r := range found {
		dirs[i] = r.Dir
	}
	return runs.Run{}, tr.Errorf("%s names several runs; give one of their folders: %s", arg, strings.Join(dirs, ", "))
}
