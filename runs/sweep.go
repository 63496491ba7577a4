package runs

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// Axis is one setting that a sweep varies and the values it takes, as typed: "lr" with
// "1e-3", "3e-4", "1e-4".
type Axis struct {
	Name   string
	Values []string
}

// MaxVariants bounds the runs of one sweep.
const MaxVariants = 100

// sweepable are the settings a sweep can vary, by the name of the train command's flag,
// with how a value sets them.
var sweepable = []struct {
	name string
	set  func(cfg *cnn.Config, value string) error
}{
	{"preset", func(cfg *cnn.Config, v string) error {
		spec, err := cnn.PresetSpec(v)
		if err != nil {
			return err
		}
		return setArch(cfg, spec)
	}},
	{"arch", setArch},
	{"dataset", func(cfg *cnn.Config, v string) error {
		d, err := mnist.DatasetNamed(v)
		cfg.Dataset = ""
		if d.Name != mnist.MNIST.Name {
			cfg.Dataset = d.Name
		}
		return err
	}},
	{"init", func(cfg *cnn.Config, v string) error { return cfg.SetInit(v) }},
	{"optimizer", func(cfg *cnn.Config, v string) error {
		switch v {
		case cnn.OptimizerAdam:
			cfg.Optimizer, cfg.Momentum = "", 0
		case cnn.OptimizerSGD:
			cfg.Optimizer, cfg.Momentum = cnn.OptimizerSGD, 0.9
		default:
			return tr.Errorf("unknown optimizer %q: use adam or sgd", v)
		}
		return nil
	}},
	{"lr", number(func(cfg *cnn.Config, v float64) { cfg.LearningRate = v })},
	{"momentum", number(func(cfg *cnn.Config, v float64) { cfg.Momentum = v })},
	{"weight-decay", number(func(cfg *cnn.Config, v float64) { cfg.WeightDecay = v })},
	{"keep", number(func(cfg *cnn.Config, v float64) { cfg.KeepProb = v })},
	{"batch", integer(func(cfg *cnn.Config, v int) { cfg.Batch = v })},
	{"steps", integer(func(cfg *cnn.Config, v int) { cfg.Steps = v })},
	{"seed", integer(func(cfg *cnn.Config, v int) { cfg.Seed = uint64(v) })},
}

// SweepableSettings returns the names of the settings a sweep can vary, in the order a
// variant's settings are set (an architecture before its dropout's keep probability).
func SweepableSettings() []string {
	names := make([]string, len(sweepable))
	for i, s := range sweepable {
		names[i] = s.name
	}
	return names
}

// setArch sets cfg's architecture to spec, and its keep probability to that of the spec's
// dropout, if it has one.
func setArch(cfg *cnn.Config, spec string) error {
	if err := cfg.SetArch(spec); err != nil {
		return err
	}
	if keep, ok := DropoutKeep(spec); ok {
		cfg.KeepProb = keep
	}
	return nil
}

// DropoutKeep returns the keep probability of the first dropout layer of the
// architecture arch, a valid spec, or false if it has none or is the reference ("").
func DropoutKeep(arch string) (float64, bool) {
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

func number(set func(*cnn.Config, float64)) func(*cnn.Config, string) error {
	return func(cfg *cnn.Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return tr.Errorf("%q is not a number", v)
		}
		set(cfg, f)
		return nil
	}
}

func integer(set func(*cnn.Config, int)) func(*cnn.Config, string) error {
	return func(cfg *cnn.Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return tr.Errorf("%q is not a whole number", v)
		}
		set(cfg, n)
		return nil
	}
}

// ParseAxis reads a setting and its values as "NAME=V1,V2,...", where NAME is one of
// SweepableSettings. A whole-number setting (seed, batch, steps) also takes ranges:
// "seed=1..5" is seeds 1 to 5.
func ParseAxis(text string) (Axis, error) {
	name, list, ok := strings.Cut(text, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Axis{}, tr.Errorf("%q is not NAME=V1,V2,...: e.g. lr=1e-3,3e-4 or seed=1..5", text)
	}
	if !slices.Contains(SweepableSettings(), name) {
		return Axis{}, tr.Errorf("a sweep cannot vary %q: choose from %s", name, strings.Join(SweepableSettings(), ", "))
	}
	a := Axis{Name: name}
	for v := range strings.SplitSeq(list, ",") {
		v = strings.TrimSpace(v)
		lo, hi, isRange := strings.Cut(v, "..")
		if !isRange {
			if v != "" {
				a.Values = append(a.Values, v)
			}
			continue
		}
		from, err1 := strconv.Atoi(lo)
		to, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || from > to || from < 0 || to-from >= MaxVariants {
			return Axis{}, tr.Errorf("%s: %q is not a range of whole numbers like 1..5", name, v)
		}
		for n := from; n <= to; n++ {
			a.Values = append(a.Values, strconv.Itoa(n))
		}
	}
	if len(a.Values) == 0 {
		return Axis{}, tr.Errorf("%s has no values: give them as %s=V1,V2 and so on", name, name)
	}
	return a, nil
}

// Variant is one run of a sweep: its label, which names the values of the sweep's
// settings ("lr=1e-3 seed=2"), and its settings.
type Variant struct {
	Label  string
	Config cnn.Config
}

// Plan returns the runs of the sweep of axes over the settings base: one per combination
// of the axes' values, the first axis varying slowest. It returns an error for no axes, a
// setting given twice, more than MaxVariants combinations, or a value that does not make
// valid settings (the error names the variant).
func Plan(base cnn.Config, axes []Axis) ([]Variant, error) {
	if len(axes) == 0 {
		return nil, errors.New(tr.T("a sweep needs a setting to vary: e.g. -set lr=1e-3,3e-4"))
	}
	count := 1
	seen := map[string]bool{}
	for _, a := range axes {
		if seen[a.Name] {
			return nil, tr.Errorf("%s is given twice: give its values in one list", a.Name)
		}
		seen[a.Name] = true
		for i, v := range a.Values {
			if slices.Contains(a.Values[:i], v) {
				return nil, tr.Errorf("%s has the value %s twice", a.Name, v)
			}
		}
		count *= len(a.Values)
		if count > MaxVariants {
			return nil, tr.Errorf("the sweep has more than %d runs: give fewer values", MaxVariants)
		}
	}
	variants := make([]Variant, count)
	for i := range variants {
		cfg, labels := base, make([]string, len(axes))
		values := map[string]string{}
		rest := i
		for j := len(axes) - 1; j >= 0; j-- { // the last axis varies fastest
			v := axes[j].Values[rest%len(axes[j].Values)]
			rest /= len(axes[j].Values)
			values[axes[j].Name], labels[j] = v, axes[j].Name+"="+v
		}
		label := strings.Join(labels, " ")
		for _, s := range sweepable { // in their order: an architecture before its keep
			if v, ok := values[s.name]; ok {
				if err := s.set(&cfg, v); err != nil {
					return nil, tr.Errorf("run %s: %v", label, err)
				}
			}
		}
		if err := cfg.Validate(); err != nil {
			return nil, tr.Errorf("run %s: %v", label, err)
		}
		variants[i] = Variant{Label: label, Config: cfg}
	}
	return variants, nil
}

// SweepName returns the name of the sweep of axes when none is given: the axes as typed,
// so that the same sweep run again finds its runs and continues.
func SweepName(axes []Axis) string {
	parts := make([]string, len(axes))
	for i, a := range axes {
		parts[i] = a.Name + "=" + strings.Join(a.Values, ",")
	}
	return "sweep " + strings.Join(parts, " ")
}

// VariantFolder returns the run folder of variant v of the sweep named sweep in the
// library dir: the same folder every time, so that a sweep run again continues, and
// another for every other variant or sweep: the sweep's name (cut short) and the
// variant's label, then a hash of both whole.
func VariantFolder(dir, sweep string, v Variant) string {
	h := fnv.New32a()
	h.Write([]byte(sweep + "\x00" + v.Label))
	name := folderName(sweep)[:min(len(folderName(sweep)), 40)] + "-" + folderName(v.Label)
	return filepath.Join(dir, fmt.Sprintf("%s-%08x", name, h.Sum32()))
}

// folderName returns name as a folder name: its runs of characters other than letters,
// digits and ._=+- as one "-", at most 80 bytes, "run" if nothing is left.
func folderName(name string) string {
	base := strings.Trim(unsafeInFolderName.ReplaceAllString(name, "-"), "-.")
	base = base[:min(len(base), 80)]
	if base == "" {
		return "run"
	}
	return base
}

// SweepJob returns the job of variant v of the sweep named sweep in its run folder
// (VariantFolder): a new run, or the run the folder holds continued; done is true if
// that run is finished, or diverged (it would diverge again). The error says why the
// folder cannot take the run.
func SweepJob(v Variant, folder, sweep string) (job Job, done bool, err error) {
	job = Job{Config: v.Config, Dir: folder, Name: sweep + " " + v.Label, Sweep: sweep}
	model := filepath.Join(folder, ModelFile)
	if _, err := os.Stat(model); errors.Is(err, os.ErrNotExist) {
		return job, false, nil
	}
	if r, err := Read(folder); err == nil && r.Status == Diverged {
		return job, true, nil
	}
	ck, err := cnn.ReadCheckpoint(model)
	if err != nil {
		return job, false, tr.Errorf("%v: remove %s to train this run again", err, folder)
	}
	if ck.Config.NeedsNewNetwork(v.Config) {
		return job, false, tr.Errorf("%s holds a run of other settings: remove it, or give the sweep another -name", folder)
	}
	if ck.Step >= v.Config.Steps {
		return job, true, nil
	}
	job.Resume, job.ResumePath = ck, model
	return job, false, nil
}

// StartStep returns the step the job's run starts from.
func (j Job) StartStep() int {
	if j.Resume == nil {
		return 0
	}
	return j.Resume.Step
}

// SweepClock estimates the time a sweep has left from the steps its runs trained and the
// time they took.
type SweepClock struct {
	steps   []int // steps left of each run
	trained int
	took    time.Duration
}

// NewSweepClock returns the clock of a sweep of variants, none of them trained yet.
func NewSweepClock(variants []Variant) *SweepClock {
	c := &SweepClock{steps: make([]int, len(variants))}
	for i, v := range variants {
		c.steps[i] = v.Config.Steps
	}
	return c
}

// Skip records that run i needs no training.
func (c *SweepClock) Skip(i int) { c.steps[i] = 0 }

// Resumed records that run i starts from step from.
func (c *SweepClock) Resumed(i, from int) { c.steps[i] = max(0, c.steps[i]-from) }

// Ran records that run i ended, having trained steps steps in took: its last step, or
// fewer if it stopped early (a run that failed is not trained again).
func (c *SweepClock) Ran(i, steps int, took time.Duration) {
	c.trained += max(0, steps)
	c.took += took
	c.steps[i] = 0
}

// Remaining returns the time the runs from i on will take, at the pace of the runs
// trained so far (and the progress of run i: done steps in elapsed), or false before
// any step has been timed.
func (c *SweepClock) Remaining(i int) (time.Duration, bool) {
	return c.RemainingDuring(i, 0, 0)
}

// RemainingDuring is Remaining while run i is being trained: done of its steps took
// elapsed so far.
func (c *SweepClock) RemainingDuring(i, done int, elapsed time.Duration) (time.Duration, bool) {
	trained, took := c.trained+done, c.took+elapsed
	if trained == 0 {
		return 0, false
	}
	left := -done
	for _, s := range c.steps[i:] {
		left += s
	}
	return time.Duration(float64(took) / float64(trained) * float64(max(left, 0))), true
}
