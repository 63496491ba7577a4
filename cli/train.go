package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/internal/tr"
	"convscope/runs"
	"convscope/views"
	"convscope/viz"
)

var trainCommand = Command{Name: "train", Summary: "train the network without a window and save it", Run: interruptible(train)}

// Files that train writes into its -out folder, besides runs.MetricsFile,
// runs.RecordFile and the pictures.
const (
	modelFile    = runs.ModelFile
	chartSVGFile = "training.svg" // the training chart as a vector drawing, for papers
)

// trainFlags are the flags that set a run's settings: train's, which sweep takes too.
type trainFlags struct {
	fs                        *flag.FlagSet
	steps, batch, evalEvery   *int
	workers                   *int
	lr, keep, momentum, decay *float64
	seed                      *uint64
	preset, arch, init        *string
	optimizer, dataset        *string
	dataDir                   *string
}

// defineTrainFlags defines the flags of a run's settings on fs.
func defineTrainFlags(fs *flag.FlagSet) *trainFlags {
	def := cnn.DefaultConfig()
	return &trainFlags{
		fs:        fs,
		steps:     fs.Int("steps", def.Steps, tr.T("training steps (batches) in the whole run")),
		batch:     fs.Int("batch", def.Batch, tr.T("examples per step")),
		lr:        fs.Float64("lr", def.LearningRate, tr.T("the optimizer's learning rate (step size)")),
		keep:      fs.Float64("keep", def.KeepProb, tr.T("keep probability of every dropout layer, in (0, 1] (default: the architecture's; 0.5 in the reference)")),
		seed:      fs.Uint64("seed", def.Seed, tr.T("seed of the initial weights, the shuffling and dropout")),
		evalEvery: fs.Int("eval-every", def.EvalEvery, tr.T("evaluate on the 10,000 test images every N steps (0: only at the end)")),
		workers:   fs.Int("workers", 0, tr.T("goroutines sharing each step (0: all CPUs)")),
		preset:    fs.String("preset", "", tr.T("the architecture of a preset: reference (the default), lenet5, tiny or deep (see convscope presets)")),
		arch:      fs.String("arch", "", tr.T("the architecture, written out: \"conv 5x5x32 same relu; maxpool 2; ...; fc 10\" (see convscope presets)")),
		init:      fs.String("init", "truncnormal:0.1", tr.T("how the weights start: truncnormal:STDDEV (biases 0.1), he or xavier")),
		optimizer: fs.String("optimizer", cnn.OptimizerAdam, tr.T("the optimizer: adam (the reference) or sgd (with -momentum); -lr is the step size of either")),
		momentum:  fs.Float64("momentum", 0.9, tr.T("SGD's momentum, in [0, 1)")),
		decay:     fs.Float64("weight-decay", 0, tr.T("the weight of an L2 penalty on every parameter, in [0, 1)")),
		dataset:   fs.String("dataset", "mnist", tr.T("the data set: mnist (handwritten digits) or fashion (Fashion-MNIST: clothes, shoes and bags)")),
		dataDir:   dataFlag(fs),
	}
}

// config returns the settings the flags give, not validated yet. Its error is about the
// command line.
func (f *trainFlags) config() (cnn.Config, error) {
	cfg := cnn.Config{Steps: *f.steps, Batch: *f.batch, LearningRate: *f.lr, KeepProb: *f.keep, Seed: *f.seed, EvalEvery: *f.evalEvery, Workers: *f.workers}
	if err := setArchitecture(&cfg, *f.preset, *f.arch, *f.init); err != nil {
		return cnn.Config{}, err
	}
	switch *f.optimizer {
	case cnn.OptimizerAdam:
	case cnn.OptimizerSGD:
		cfg.Optimizer = cnn.OptimizerSGD
	default:
		return cnn.Config{}, tr.Errorf("unknown -optimizer %q: use adam or sgd", *f.optimizer)
	}
	if cfg.Optimizer == cnn.OptimizerSGD || isSet(f.fs, "momentum") { // Validate refuses Adam's
		cfg.Momentum = *f.momentum
	}
	cfg.WeightDecay = *f.decay
	d, err := mnist.DatasetNamed(*f.dataset)
	if err != nil {
		return cnn.Config{}, err
	}
	if d.Name != mnist.MNIST.Name {
		cfg.Dataset = d.Name
	}
	if keepOf, ok := runs.DropoutKeep(cfg.Arch); ok && !isSet(f.fs, "keep") {
		cfg.KeepProb = keepOf
	}
	return cfg, nil
}

// defaultOut is the folder train writes into without -out or -runs.
const defaultOut = "convscope-run"

// train is the train command with the context that Ctrl-C cancels.
func train(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "train"
	fs := newFlags(name, tr.T("train [flags]"), stderr)
	tf := defineTrainFlags(fs)
	out := fs.String("out", "", tr.F("folder to write %s, %s, %s, %s, the training chart, the filter grids, the feature evolution, the embedding and the distributions into (created if missing; default %s)",
		modelFile, runs.MetricsFile, runs.HealthFile, runs.RecordFile, defaultOut))
	library := fs.String("runs", "", tr.T("train into a new folder of this run library instead of -out (see convscope runs)"))
	runName := fs.String("name", "", tr.F("the run's name in %s (default: its preset, data set, optimizer, learning rate and start time)", runs.RecordFile))
	resume := fs.String("resume", "", tr.T("continue the run saved in this model file"))
	jsonOut := fs.Bool("json", false, tr.T("print the result as one JSON object"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, tr.F("unexpected argument %q", fs.Arg(0)))
	}
	if *out != "" && *library != "" {
		return usageError(stderr, name, tr.T("give -out or -runs, not both"))
	}
	cfg, err := tf.config()
	if err != nil {
		return usageError(stderr, name, err.Error())
	}
	var ck *cnn.Checkpoint
	if *resume != "" {
		if ck, err = cnn.ReadCheckpoint(*resume); err != nil {
			return fail(stderr, name, err)
		}
		cfg = resumeConfig(ck.Config, cfg, fs)
	}
	if err := cfg.Validate(); err != nil {
		return usageError(stderr, name, err.Error())
	}
	if ck != nil {
		if err := checkResume(ck, cfg); err != nil {
			return usageError(stderr, name, err.Error())
		}
	}
	job := runs.Job{Config: cfg, Resume: ck, ResumePath: *resume, Dir: *out, Name: *runName}
	switch {
	case *library != "":
		if job.Name == "" {
			job.Name = runs.Name(cfg, time.Now())
		}
		if job.Dir, err = runs.NewFolder(*library, job.Name); err != nil {
			return fail(stderr, name, err)
		}
	case job.Dir == "":
		job.Dir = defaultOut
	}
	res, err := trainRun(ctx, job, newDataCache(*tf.dataDir), stderr)
	if errors.Is(err, context.Canceled) {
		return 130
	}
	if err != nil {
		return fail(stderr, name, err)
	}
	if *jsonOut {
		return printJSON(stdout, stderr, name, res.json())
	}
	fmt.Fprintln(stdout, tr.F("test accuracy %.2f%% after %d steps (%.0f s); model saved to %s", 100*res.test.Accuracy, res.test.Step, res.seconds, res.model))
	return exitOK
}

// runResult is what a finished run reports.
type runResult struct {
	record  runs.Record
	test    cnn.TestPoint // the last evaluation
	seconds float64       // the wall-clock time of this command's training
	model   string        // the path of the saved model
	cfg     cnn.Config
}

// json returns the result as train -json prints it.
func (r runResult) json() map[string]any {
	return map[string]any{"step": r.test.Step, "test_accuracy": r.test.Accuracy, "seconds": r.seconds, "model": r.model,
		"name": r.record.Name, "arch": r.cfg.ArchText(), "init": r.cfg.InitText(), "dataset": r.cfg.Data().Name, "optimizer": r.cfg.OptimizerText()}
}

// trainRun trains job into its run folder (runs.Train) with a progress report on stderr,
// then writes the training chart, the filter grids and the evolution strip beside the
// model. It returns context.Canceled, after saving, when ctx was cancelled, having said
// how to continue; a diverged run is saved and returned as an error that says so.
func trainRun(ctx context.Context, job runs.Job, data *dataCache, stderr io.Writer) (runResult, error) {
	cfg := job.Config
	set, err := data.load(cfg.Data())
	if err != nil {
		return runResult{}, err
	}
	job.Train, job.Test = set.train, set.test
	job.Project = explain.ProjectPCA
	var progress *progressPrinter
	job.Started = func(trainer *cnn.Trainer) {
		trainer.SnapshotInterval = -1 // nothing here reads the model before the run ends
		fmt.Fprintln(stderr, tr.F("training %d steps of %d images of %s from %s (%s BLAS), writing into %s", cfg.Steps, cfg.Batch, cfg.Data().Title, set.dir, cnn.BLASBackend, job.Dir))
		progress = newProgressPrinter(stderr, trainer.Step(), cfg.Steps)
	}
	job.Progress = func(p cnn.Progress) { progress.update(p) }
	start := time.Now()
	record, ck, runErr := runs.Train(ctx, job)
	if progress != nil {
		progress.finish()
	}
	if ck == nil { // the run did not start, or was not saved
		return runResult{}, runErr
	}
	modelPath := filepath.Join(job.Dir, modelFile)
	if err := writeRunPictures(ck, job.Dir); err != nil {
		return runResult{}, runs.SaveFailure(&runs.PartlySaved{Model: modelPath, Err: err}, runErr)
	}
	var diverged *cnn.DivergedError
	switch {
	case errors.Is(runErr, context.Canceled):
		if job.Sweep == "" { // a sweep says how it continues
			fmt.Fprintln(stderr, tr.F("interrupted at step %d: saved %s; continue with: convscope train -resume %s -out %s", ck.Step, modelPath, modelPath, job.Dir))
		}
		return runResult{}, runErr
	case errors.As(runErr, &diverged):
		return runResult{}, tr.Errorf("%v; saved it to %s", runErr, modelPath)
	case runErr != nil:
		return runResult{}, runErr
	}
	test, _ := ck.History.LatestTest()
	return runResult{record: record, test: test, seconds: time.Since(start).Seconds(), model: modelPath, cfg: cfg}, nil
}

// dataCache loads each data set once, for the runs of a sweep.
type dataCache struct {
	dir  string // -data
	sets map[string]loadedSet
}

type loadedSet struct {
	train, test *mnist.Set
	dir         string
}

func newDataCache(dir string) *dataCache { return &dataCache{dir: dir, sets: map[string]loadedSet{}} }

// load returns the sets of d, reading them the first time.
func (c *dataCache) load(d mnist.Dataset) (loadedSet, error) {
	if s, ok := c.sets[d.Name]; ok {
		return s, nil
	}
	train, test, dir, err := loadData(d, c.dir)
	if err != nil {
		return loadedSet{}, err
	}
	c.sets[d.Name] = loadedSet{train, test, dir}
	return c.sets[d.Name], nil
}

// resumeConfig returns the saved run's settings with the flags the user set on this command
// line taking precedence, so that Resume can refuse the ones that would change the run.
func resumeConfig(saved, flags cnn.Config, fs *flag.FlagSet) cnn.Config {
	cfg := saved
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "steps":
			cfg.Steps = flags.Steps
		case "batch":
			cfg.Batch = flags.Batch
		case "lr":
			cfg.LearningRate = flags.LearningRate
		case "keep":
			cfg.KeepProb = flags.KeepProb
		case "seed":
			cfg.Seed = flags.Seed
		case "eval-every":
			cfg.EvalEvery = flags.EvalEvery
		case "preset", "arch":
			cfg.Arch = flags.Arch
		case "init":
			cfg.Init = flags.Init
		case "dataset":
			cfg.Dataset = flags.Dataset
		case "momentum": // visited before "optimizer": flags are visited in order of name
			cfg.Momentum = flags.Momentum
		case "optimizer":
			if flags.Optimizer != saved.Optimizer {
				cfg.Optimizer, cfg.Momentum = flags.Optimizer, flags.Momentum
			}
		case "weight-decay":
			cfg.WeightDecay = flags.WeightDecay
		}
	})
	cfg.Workers = flags.Workers
	return cfg
}

// writeRunPictures writes the pictures of a saved run beside its model in dir: the
// training chart as SVG, and the report's pictures (the training chart, the filter
// grids, the evolution strip, the filter change, the embedding, the distributions and
// the health chart). It writes all it can and returns the errors of the rest.
func writeRunPictures(ck *cnn.Checkpoint, dir string) error {
	chartErr := atomicfile.Write(filepath.Join(dir, chartSVGFile), func(w io.Writer) error {
		hist := views.History(ck.History, ck.Config.Batch, mnist.TrainLen)
		return viz.WriteTrainingChart(w, hist, viz.ChartOptions{Title: "Training"}, viz.ChartSVG)
	})
	report, err := views.NewReport(ck.Snapshot(), views.ReportOptions{})
	if err == nil {
		_, err = report.Write(dir, views.ExportScale)
	}
	return errors.Join(chartErr, err)
}

// setArchitecture sets cfg's architecture and initialisation from the flags -preset,
// -arch and -init. It returns an error for both -preset and -arch, an unknown preset, or a
// spec or initialisation that does not read or fit.
func setArchitecture(cfg *cnn.Config, preset, arch, init string) error {
	if preset != "" && arch != "" {
		return errors.New(tr.T("give -preset or -arch, not both"))
	}
	if preset != "" {
		var err error
		if arch, err = cnn.PresetSpec(preset); err != nil {
			return err
		}
	}
	if arch != "" {
		if err := cfg.SetArch(arch); err != nil {
			return err
		}
	}
	return cfg.SetInit(init)
}

// isSet reports whether the flag named name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// progressPrinter shows training progress on stderr: a progress bar with the ETA on a
// terminal, otherwise a plain line on every evaluation and at most every plainInterval.
type progressPrinter struct {
	w         io.Writer
	bar       *progressbar.ProgressBar
	lastPrint time.Time
}

const plainInterval = 10 * time.Second

func newProgressPrinter(w io.Writer, step, steps int) *progressPrinter {
	p := &progressPrinter{w: w, lastPrint: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(steps,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(tr.T("training")),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionFullWidth(),
		)
		p.bar.Set(step)
	}
	return p
}

func (p *progressPrinter) update(pr cnn.Progress) {
	line := tr.F("step %d/%d  epoch %.2f  loss %.4f  train %.1f%%  %.0f img/s  ETA %s",
		pr.Step, pr.Steps, pr.Epoch, pr.Loss, 100*pr.SmoothedAccuracy, pr.ImagesPerSecond, pr.ETA.Round(time.Second))
	if pr.TestAccuracy == pr.TestAccuracy { // not NaN: there has been an evaluation
		line += tr.F("  test %.2f%%", 100*pr.TestAccuracy)
	}
	if p.bar != nil {
		p.bar.Describe(tr.F("loss %.3f  train %.1f%%  test %s", pr.Loss, 100*pr.SmoothedAccuracy, percentOrDash(pr.TestAccuracy)))
		p.bar.Set(pr.Step)
		if pr.Evaluated {
			p.bar.Clear()
			fmt.Fprintln(p.w, line)
		}
		return
	}
	if pr.Evaluated || time.Since(p.lastPrint) >= plainInterval {
		fmt.Fprintln(p.w, line)
		p.lastPrint = time.Now()
	}
}

func (p *progressPrinter) finish() {
	if p.bar != nil {
		p.bar.Finish()
		fmt.Fprintln(p.w)
	}
}

func percentOrDash(v float64) string {
	if v != v {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*v)
}
