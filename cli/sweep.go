package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"convscope/internal/tr"
	"convscope/runs"
)

var sweepCommand = Command{Name: "sweep", Summary: "train one run for each combination of settings given as lists", Run: runSweep}

func runSweep(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return sweep(ctx, args, stdout, stderr)
}

// axisFlags collects the -set flags of sweep.
type axisFlags []runs.Axis

func (a *axisFlags) String() string { return "" }

func (a *axisFlags) Set(text string) error {
	axis, err := runs.ParseAxis(text)
	if err != nil {
		return err
	}
	*a = append(*a, axis)
	return nil
}

// sweep is the sweep command with the context that Ctrl-C cancels.
func sweep(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "sweep"
	fs := newFlags(name, tr.T("sweep -set NAME=V1,V2,... [-set ...] [-runs DIR] [train flags]"), stderr)
	var axes axisFlags
	fs.Var(&axes, "set", tr.F("a setting and its values, NAME=V1,V2,... (seeds, batches and steps also A..B); NAME is one of %s; give -set once per setting",
		strings.Join(runs.SweepableSettings(), ", ")))
	tf := defineTrainFlags(fs)
	library := libraryFlag(fs)
	sweepName := fs.String("name", "", tr.T("the sweep's name (default: its settings, as given); the same sweep run again continues where it stopped"))
	jsonOut := fs.Bool("json", false, tr.T("print one JSON object per finished run"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, tr.F("unexpected argument %q", fs.Arg(0)))
	}
	base, err := tf.config()
	if err != nil {
		return usageError(stderr, name, err.Error())
	}
	variants, err := runs.Plan(base, axes)
	if err != nil {
		return usageError(stderr, name, err.Error())
	}
	dir, err := libraryDir(*library)
	if err != nil {
		return fail(stderr, name, err)
	}
	if *sweepName == "" {
		*sweepName = runs.SweepName(axes)
	}
	data := newDataCache(*tf.dataDir)
	eta := runs.NewSweepClock(variants)
	for i, v := range variants {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, tr.T("sweep stopped: its finished runs are kept; run the same command again to continue it"))
			return 130
		}
		folder := runs.VariantFolder(dir, *sweepName, v)
		job, done, err := runs.SweepJob(v, folder, *sweepName)
		if err != nil {
			return fail(stderr, name, tr.Errorf("run %s: %v", v.Label, err))
		}
		if done {
			fmt.Fprintln(stderr, tr.F("run %d/%d %s: finished already, in %s", i+1, len(variants), v.Label, folder))
			eta.Skip(i)
			continue
		}
		if d, ok := eta.Remaining(i); ok {
			fmt.Fprintln(stderr, tr.F("run %d/%d %s, about %s left in the sweep", i+1, len(variants), v.Label, d.Round(time.Second)))
		} else {
			fmt.Fprintln(stderr, tr.F("run %d/%d %s", i+1, len(variants), v.Label))
		}
		start, from := time.Now(), job.StartStep()
		eta.Resumed(i, from)
		res, err := trainRun(ctx, job, data, stderr)
		eta.Ran(i, res.test.Step-from, time.Since(start))
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, tr.T("sweep stopped: its finished runs are kept; run the same command again to continue it"))
			return 130
		}
		if err != nil { // a run that diverged is saved, and the sweep goes on
			fmt.Fprintln(stderr, tr.F("run %s: %v", v.Label, err))
			continue
		}
		if *jsonOut {
			line := res.json()
			line["sweep"], line["variant"] = *sweepName, v.Label
			if code := printJSON(stdout, stderr, name, line); code != exitOK {
				return code
			}
		} else {
			fmt.Fprintln(stdout, tr.F("%s: test accuracy %.2f%% after %d steps (%.0f s), in %s", v.Label, 100*res.test.Accuracy, res.test.Step, res.seconds, folder))
		}
	}
	return exitOK
}
