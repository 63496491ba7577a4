package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"convscope/cnn"
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
	fs := newFlags(name, "sweep -set NAME=V1,V2,... [-set ...] [-runs DIR] [train flags]", stderr)
	var axes axisFlags
	fs.Var(&axes, "set", "a setting and its values, NAME=V1,V2,... (seeds, batches and steps also A..B); NAME is one of "+
		strings.Join(runs.SweepableSettings(), ", ")+"; give -set once per setting")
	tf := defineTrainFlags(fs)
	library := libraryFlag(fs)
	sweepName := fs.String("name", "", "the sweep's name (default: its settings, as given); the same sweep run again continues where it stopped")
	jsonOut := fs.Bool("json", false, "print one JSON object per finished run")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, "unexpected argument %q", fs.Arg(0))
	}
	base, err := tf.config()
	if err != nil {
		return usageError(stderr, name, "%v", err)
	}
	variants, err := runs.Plan(base, axes)
	if err != nil {
		return usageError(stderr, name, "%v", err)
	}
	dir, err := libraryDir(*library)
	if err != nil {
		return fail(stderr, name, err)
	}
	if *sweepName == "" {
		*sweepName = runs.SweepName(axes)
	}
	data := newDataCache(*tf.dataDir)
	eta := newSweepClock(variants)
	for i, v := range variants {
		folder := runs.VariantFolder(dir, *sweepName, v)
		job, done, err := sweepJob(v, folder, *sweepName)
		if err != nil {
			return fail(stderr, name, fmt.Errorf("run %s: %v", v.Label, err))
		}
		if done {
			fmt.Fprintf(stderr, "run %d/%d %s: finished already, in %s\n", i+1, len(variants), v.Label, folder)
			eta.skip(i)
			continue
		}
		fmt.Fprintf(stderr, "run %d/%d %s%s\n", i+1, len(variants), v.Label, eta.remaining(i))
		start := time.Now()
		res, err := trainRun(ctx, job, data, stderr)
		eta.ran(i, startStep(job), time.Since(start))
		if errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "sweep stopped: its finished runs are kept; run the same command again to continue it\n")
			return 130
		}
		if err != nil { // a run that diverged is saved, and the sweep goes on
			fmt.Fprintf(stderr, "run %s: %v\n", v.Label, err)
			continue
		}
		if *jsonOut {
			line := res.json()
			line["sweep"], line["variant"] = *sweepName, v.Label
			if code := printJSON(stdout, stderr, name, line); code != exitOK {
				return code
			}
		} else {
			fmt.Fprintf(stdout, "%s: test accuracy %.2f%% after %d steps (%.0f s), in %s\n", v.Label, 100*res.test.Accuracy, res.test.Step, res.seconds, folder)
		}
	}
	return exitOK
}

// sweepJob returns the job of variant v in its run folder: a new run, or the run the
// folder holds continued; done is true if that run is finished.
func sweepJob(v runs.Variant, folder, sweep string) (job runs.Job, done bool, err error) {
	job = runs.Job{Config: v.Config, Dir: folder, Name: sweep + " " + v.Label, Sweep: sweep}
	model := filepath.Join(folder, modelFile)
	if _, err := os.Stat(model); errors.Is(err, os.ErrNotExist) {
		return job, false, nil
	}
	ck, err := cnn.ReadCheckpoint(model)
	if err != nil {
		return job, false, fmt.Errorf("%v: remove %s to train this run again", err, folder)
	}
	if ck.Config.NeedsNewNetwork(v.Config) {
		return job, false, fmt.Errorf("%s holds a run of other settings: remove it, or give the sweep another -name", folder)
	}
	if ck.Step >= v.Config.Steps {
		return job, true, nil
	}
	job.Resume, job.ResumePath = ck, model
	return job, false, nil
}

// startStep returns the step the job's run starts from.
func startStep(j runs.Job) int {
	if j.Resume == nil {
		return 0
	}
	return j.Resume.Step
}

// sweepClock estimates the time a sweep has left from the steps its runs trained and the
// time they took.
type sweepClock struct {
	steps   []int // steps left of each run
	trained int
	took    time.Duration
}

func newSweepClock(variants []runs.Variant) *sweepClock {
	c := &sweepClock{steps: make([]int, len(variants))}
	for i, v := range variants {
		c.steps[i] = v.Config.Steps
	}
	return c
}

// skip records that run i needs no training.
func (c *sweepClock) skip(i int) { c.steps[i] = 0 }

// ran records that run i trained from step `from` to its end in took.
func (c *sweepClock) ran(i, from int, took time.Duration) {
	c.trained += c.steps[i] - from
	c.took += took
	c.steps[i] = 0
}

// remaining returns ", about D left in the sweep" before run i, once a run has been
// timed, else "".
func (c *sweepClock) remaining(i int) string {
	if c.trained == 0 {
		return ""
	}
	left := 0
	for _, s := range c.steps[i:] {
		left += s
	}
	d := time.Duration(float64(c.took) / float64(c.trained) * float64(left))
	return fmt.Sprintf(", about %s left in the sweep", d.Round(time.Second))
}
