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
	"convscope/views"
	"convscope/viz"
)

var trainCommand = Command{Name: "train", Summary: "train the network without a window and save it", Run: interruptible(train)}

// Files that train writes into its -out folder, besides views.MetricsFile and the pictures.
const (
	modelFile    = "model.ckpt"
	chartSVGFile = "training.svg" // the training chart as a vector drawing, for papers
)

// train is the train command with the context that Ctrl-C cancels.
func train(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "train"
	def := cnn.DefaultConfig()
	fs := newFlags(name, "train [flags]", stderr)
	steps := fs.Int("steps", def.Steps, "training steps (batches) in the whole run")
	batch := fs.Int("batch", def.Batch, "examples per step")
	lr := fs.Float64("lr", def.LearningRate, "the optimizer's learning rate (step size)")
	keep := fs.Float64("keep", def.KeepProb, "keep probability of every dropout layer, in (0, 1] (default: the architecture's; 0.5 in the reference)")
	seed := fs.Uint64("seed", def.Seed, "seed of the initial weights, the shuffling and dropout")
	evalEvery := fs.Int("eval-every", def.EvalEvery, "evaluate on the 10,000 test images every N steps (0: only at the end)")
	workers := fs.Int("workers", 0, "goroutines sharing each step (0: all CPUs)")
	preset := fs.String("preset", "", "the architecture of a preset: reference (the default), lenet5, tiny or deep (see convscope presets)")
	arch := fs.String("arch", "", "the architecture, written out: \"conv 5x5x32 same relu; maxpool 2; ...; fc 10\" (see convscope presets)")
	init := fs.String("init", "truncnormal:0.1", "how the weights start: truncnormal:STDDEV (biases 0.1), he or xavier")
	optimizer := fs.String("optimizer", cnn.OptimizerAdam, "the optimizer: adam (the reference) or sgd (with -momentum); -lr is the step size of either")
	momentum := fs.Float64("momentum", 0.9, "SGD's momentum, in [0, 1)")
	decay := fs.Float64("weight-decay", 0, "the weight of an L2 penalty on every parameter, in [0, 1)")
	dataset := fs.String("dataset", "mnist", "the data set: mnist (handwritten digits) or fashion (Fashion-MNIST: clothes, shoes and bags)")
	dataDir := dataFlag(fs)
	out := fs.String("out", "convscope-run", "folder to write "+modelFile+", "+views.MetricsFile+", "+views.HealthFile+", the training chart, the filter grids, the feature evolution, the embedding and the distributions into (created if missing)")
	resume := fs.String("resume", "", "continue the run saved in this model file")
	jsonOut := fs.Bool("json", false, "print the result as one JSON object")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, "unexpected argument %q", fs.Arg(0))
	}
	var err error
	cfg := cnn.Config{Steps: *steps, Batch: *batch, LearningRate: *lr, KeepProb: *keep, Seed: *seed, EvalEvery: *evalEvery, Workers: *workers}
	if err := setArchitecture(&cfg, *preset, *arch, *init); err != nil {
		return usageError(stderr, name, "%v", err)
	}
	switch *optimizer {
	case cnn.OptimizerAdam:
	case cnn.OptimizerSGD:
		cfg.Optimizer = cnn.OptimizerSGD
	default:
		return usageError(stderr, name, "unknown -optimizer %q: use adam or sgd", *optimizer)
	}
	if cfg.Optimizer == cnn.OptimizerSGD || isSet(fs, "momentum") { // Validate refuses Adam's
		cfg.Momentum = *momentum
	}
	cfg.WeightDecay = *decay
	if d, err := mnist.DatasetNamed(*dataset); err != nil {
		return usageError(stderr, name, "%v", err)
	} else if d.Name != mnist.MNIST.Name {
		cfg.Dataset = d.Name
	}
	if keepOf, ok := specKeep(cfg.Arch); ok && !isSet(fs, "keep") {
		cfg.KeepProb = keepOf
	}
	var ck *cnn.Checkpoint
	if *resume != "" {
		if ck, err = cnn.ReadCheckpoint(*resume); err != nil {
			return fail(stderr, name, err)
		}
		cfg = resumeConfig(ck.Config, cfg, fs)
	}
	if err := cfg.Validate(); err != nil {
		return usageError(stderr, name, "%v", err)
	}
	if ck != nil {
		if err := checkResume(ck, cfg); err != nil {
			return usageError(stderr, name, "%v", err)
		}
	}
	lock, err := openRunFolder(*out, ck, *resume)
	if err != nil {
		return fail(stderr, name, err)
	}
	defer lock.Release()

	trainSet, testSet, dir, err := loadData(cfg.Data(), *dataDir)
	if err != nil {
		return fail(stderr, name, err)
	}
	var tr *cnn.Trainer
	if ck != nil {
		tr, err = cnn.Resume(ck, cfg, trainSet, testSet)
	} else {
		tr, err = cnn.NewTrainer(cfg, trainSet, testSet)
	}
	if err != nil {
		return fail(stderr, name, err)
	}
	tr.Project = explain.ProjectPCA

	start := time.Now()
	fmt.Fprintf(stderr, "training %d steps of %d images of %s from %s (%s BLAS), writing into %s\n", cfg.Steps, cfg.Batch, cfg.Data().Title, dir, cnn.BLASBackend, *out)
	progress := newProgressPrinter(stderr, tr.Step(), cfg.Steps)
	runErr := tr.Run(ctx, progress.update)
	progress.finish()

	modelPath := filepath.Join(*out, modelFile)
	if err := saveRun(tr, *out); err != nil {
		return fail(stderr, name, saveFailure(err, runErr))
	}
	var diverged *cnn.DivergedError
	switch {
	case errors.Is(runErr, context.Canceled):
		fmt.Fprintf(stderr, "interrupted at step %d: saved %s; continue with: convscope train -resume %s -out %s\n", tr.Step(), modelPath, modelPath, *out)
		return 130
	case errors.As(runErr, &diverged):
		return fail(stderr, name, fmt.Errorf("%v; saved it to %s", runErr, modelPath))
	case runErr != nil:
		return fail(stderr, name, runErr)
	}
	test, _ := tr.History().LatestTest()
	seconds := time.Since(start).Seconds()
	if *jsonOut {
		return printJSON(stdout, stderr, name, map[string]any{"step": test.Step, "test_accuracy": test.Accuracy, "seconds": seconds, "model": modelPath,
			"arch": tr.Config().ArchText(), "init": tr.Config().InitText(), "dataset": tr.Config().Data().Name, "optimizer": tr.Config().OptimizerText()})
	}
	fmt.Fprintf(stdout, "test accuracy %.2f%% after %d steps (%.0f s); model saved to %s\n", 100*test.Accuracy, test.Step, seconds, modelPath)
	return exitOK
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

// saveRun writes the model with the feature evolution and the recording its trainer made,
// the metrics, the health table, the training chart, the filter grids, the evolution
// strip, the embedding and the distributions into dir. The model goes
// first: nothing after it can lose it. If the model is saved and another file is not, the
// rest are still written and the error (from modelSaved) says the model was saved and
// names the files that were not.
func saveRun(tr *cnn.Trainer, dir string) error {
	ck := tr.Checkpoint()
	model := filepath.Join(dir, modelFile)
	if err := ck.Save(model); err != nil {
		return err
	}
	metricsErr := views.WriteMetrics(filepath.Join(dir, views.MetricsFile), ck.History, ck.Config.Batch)
	healthErr := views.WriteHealth(filepath.Join(dir, views.HealthFile), ck.Recording.Health)
	chartErr := atomicfile.Write(filepath.Join(dir, chartSVGFile), func(w io.Writer) error {
		hist := views.History(ck.History, ck.Config.Batch, mnist.TrainLen)
		return viz.WriteTrainingChart(w, hist, viz.ChartOptions{Title: "Training"}, viz.ChartSVG)
	})
	report, err := views.NewReport(ck.Snapshot(), views.ReportOptions{})
	if err == nil {
		_, err = report.Write(dir, views.ExportScale)
	}
	return modelSaved(model, errors.Join(metricsErr, healthErr, chartErr, err))
}

// setArchitecture sets cfg's architecture and initialisation from the flags -preset,
// -arch and -init. It returns an error for both -preset and -arch, an unknown preset, or a
// spec or initialisation that does not read or fit.
func setArchitecture(cfg *cnn.Config, preset, arch, init string) error {
	if preset != "" && arch != "" {
		return errors.New("give -preset or -arch, not both")
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

// specKeep returns the keep probability of the first dropout layer of the architecture
// arch, a valid spec, or false if it has none or is the reference ("").
func specKeep(arch string) (float64, bool) {
	spec, err := cnn.ParseSpec(arch)
	if arch == "" || err != nil {
		return 0, false
	}
	for _, l := range spec {
		if l.Kind == cnn.Regularizer {
			return l.Keep, true
		}
	}
	return 0, false
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
			progressbar.OptionSetDescription("training"),
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
	line := fmt.Sprintf("step %d/%d  epoch %.2f  loss %.4f  train %.1f%%  %.0f img/s  ETA %s",
		pr.Step, pr.Steps, pr.Epoch, pr.Loss, 100*pr.SmoothedAccuracy, pr.ImagesPerSecond, pr.ETA.Round(time.Second))
	if pr.TestAccuracy == pr.TestAccuracy { // not NaN: there has been an evaluation
		line += fmt.Sprintf("  test %.2f%%", 100*pr.TestAccuracy)
	}
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("loss %.3f  train %.1f%%  test %s", pr.Loss, 100*pr.SmoothedAccuracy, percentOrDash(pr.TestAccuracy)))
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
