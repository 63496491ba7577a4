package cnn

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"convscope/cnn/mnist"
)

var (
	mnistOnce  sync.Once
	mnistTrain *mnist.Set
	mnistTest  *mnist.Set
	mnistErr   error
)

// realMNIST loads the real data set once for all tests. It is in the Go module cache
// whenever the module builds (make test runs `go mod download` first).
func realMNIST(t testing.TB) (train, test *mnist.Set) {
	t.Helper()
	mnistOnce.Do(func() {
		var dir string
		if dir, mnistErr = mnist.Locate(""); mnistErr == nil {
			mnistTrain, mnistTest, mnistErr = mnist.Load(dir)
		}
	})
	if mnistErr != nil {
		t.Fatal(mnistErr)
	}
	return mnistTrain, mnistTest
}

func subset(s *mnist.Set, n int) *mnist.Set {
	return &mnist.Set{Images: s.Images[:n*mnist.Pixels], Labels: s.Labels[:n]}
}

func smallConfig(steps int) Config {
	cfg := DefaultConfig()
	cfg.Steps, cfg.EvalEvery = steps, 0
	return cfg
}

// runSteps trains a fresh trainer built from cfg on synthetic data and returns it.
func runSteps(t *testing.T, cfg Config) *Trainer {
	t.Helper()
	tr, err := NewTrainer(cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return tr
}

func paramsOf(net *Network) [][]float32 {
	var v [][]float32
	for _, p := range net.Params() {
		v = append(v, p.Value)
	}
	return v
}

func maxDiff(a, b [][]float32) float64 {
	var d float64
	for i := range a {
		for j := range a[i] {
			d = math.Max(d, math.Abs(float64(a[i][j])-float64(b[i][j])))
		}
	}
	return d
}

func TestSameSeedSameRun(t *testing.T) {
	cfg := smallConfig(5) // 5 steps of 50 over 200 examples: crosses an epoch boundary
	a, b := runSteps(t, cfg), runSteps(t, cfg)
	if d := maxDiff(paramsOf(a.Snapshot().Net), paramsOf(b.Snapshot().Net)); d != 0 {
		t.Fatalf("two runs with seed %d differ by %g", cfg.Seed, d)
	}
	cfg.Seed = 2
	c := runSteps(t, cfg)
	if d := maxDiff(paramsOf(a.Snapshot().Net), paramsOf(c.Snapshot().Net)); d == 0 {
		t.Fatal("runs with seeds 1 and 2 are identical")
	}
}

func TestWorkerCountChangesOnlyRounding(t *testing.T) {
	cfg := smallConfig(3)
	cfg.Workers = 1
	one := runSteps(t, cfg)
	cfg.Workers = 3
	three := runSteps(t, cfg)
	// The split of the batch changes how sums round. Adam's first steps move a weight by
	// about the step size whatever its gradient, so for the few weights whose gradient is
	// near zero a rounding difference can grow to part of a step: conv2's Winograd
	// gradients round to about 1e-5 of the largest, and a dozen or two of its 51,200
	// weights move apart by up to half a step. Across all weights the difference stays
	// rounding-sized; a wrong split would move them all.
	a, b := paramsOf(one.Snapshot().Net), paramsOf(three.Snapshot().Net)
	if d, rms := maxDiff(a, b), rmsDiff(a, b); d > cfg.LearningRate || rms > 1e-6 {
		t.Fatalf("1 and 3 workers differ by up to %g, %g root mean square, after 3 steps", d, rms)
	}
}

// rmsDiff returns the root mean square of the differences between a and b.
func rmsDiff(a, b [][]float32) float64 {
	var sum float64
	n := 0
	for i := range a {
		for j := range a[i] {
			d := float64(a[i][j]) - float64(b[i][j])
			sum += d * d
			n++
		}
	}
	return math.Sqrt(sum / float64(n))
}

func TestPauseAndResumeContinueTheSameRun(t *testing.T) {
	cfg := smallConfig(6)
	straight := runSteps(t, cfg)

	tr, err := NewTrainer(cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = tr.Run(ctx, func(p Progress) {
		if p.Step == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || tr.Step() != 2 {
		t.Fatalf("cancelled run: err %v at step %d, want context.Canceled at step 2", err, tr.Step())
	}
	// Through a checkpoint, as a user who saves, quits and resumes would.
	path := t.TempDir() + "/model.ckpt"
	if err := tr.Checkpoint().Save(path); err != nil {
		t.Fatal(err)
	}
	ck, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	resumed, err := Resume(ck, cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := resumed.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(paramsOf(straight.Snapshot().Net), paramsOf(resumed.Snapshot().Net)); d != 0 {
		t.Fatalf("paused and resumed run differs from the straight run by %g", d)
	}
	h := resumed.History()
	if len(h.Train) != 6 || h.Train[5].Step != 6 {
		t.Fatalf("resumed history has %d steps", len(h.Train))
	}
	// The run's clock goes on from where the paused run's stopped, pause excluded.
	for i, p := range h.Train {
		if p.Seconds <= 0 || i > 0 && p.Seconds < h.Train[i-1].Seconds {
			t.Fatalf("step %d ends at %v s, after step %d at %v s", p.Step, p.Seconds, i, h.Train[max(i-1, 0)].Seconds)
		}
	}
}

func TestResumeRefusesDifferentRunSettings(t *testing.T) {
	tr := runSteps(t, smallConfig(1))
	cfg := smallConfig(10)
	cfg.LearningRate = 1e-3
	if _, err := Resume(tr.Checkpoint(), cfg, syntheticSet(200, 1), syntheticSet(50, 2)); err == nil {
		t.Fatal("Resume accepted a different learning rate")
	}
}

func TestDivergedRunKeepsLastGoodWeights(t *testing.T) {
	train := syntheticSet(100, 1)
	cfg := smallConfig(10)
	tr, err := NewTrainer(cfg, train, syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tr.Run(ctx, func(p Progress) {
		if p.Step == 2 {
			cancel()
		}
	})
	before := paramsOf(tr.Snapshot().Net)
	slices.Reverse(train.Images) // keeps the values...
	for i := range train.Images {
		train.Images[i] = float32(math.Inf(1)) // ...then poisons every input
	}
	err = tr.Run(context.Background(), nil)
	var d *DivergedError
	if !errors.As(err, &d) || d.Step != 3 {
		t.Fatalf("Run on infinite inputs returned %v, want a DivergedError at step 3", err)
	}
	if tr.Step() != 2 {
		t.Fatalf("step after divergence %d, want 2", tr.Step())
	}
	if diff := maxDiff(before, paramsOf(tr.Snapshot().Net)); diff != 0 {
		t.Fatalf("weights changed by %g in the diverged step", diff)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"negative steps", func(c *Config) { c.Steps = -1 }},
		{"zero batch", func(c *Config) { c.Batch = 0 }},
		{"zero learning rate", func(c *Config) { c.LearningRate = 0 }},
		{"NaN learning rate", func(c *Config) { c.LearningRate = math.NaN() }},
		{"keep 0", func(c *Config) { c.KeepProb = 0 }},
		{"keep above 1", func(c *Config) { c.KeepProb = 1.5 }},
		{"negative eval", func(c *Config) { c.EvalEvery = -5 }},
	} {
		cfg := DefaultConfig()
		tc.edit(&cfg)
		if cfg.Validate() == nil {
			t.Errorf("%s: Validate accepted %+v", tc.name, cfg)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
}

func TestAdamStepByHand(t *testing.T) {
	p := &Param{Name: "w", Dims: []int{2}, Value: []float32{1, -2}}
	a := NewAdam([]*Param{p}, 0.1)
	g := [][]float32{{0.5, -4}}
	a.Step([]*Param{p}, g)
	// t = 1: m = 0.1·g, v = 0.001·g², αt = 0.1·√(1−0.999)/(1−0.9) = 0.1·√0.001/0.1 = √0.001,
	// so θ −= √0.001 · 0.1·g / (√(0.001)·|g| + 1e-8) ≈ 0.1·sign(g).
	want1 := []float64{1 - 0.1, -2 + 0.1}
	for i := range want1 {
		if math.Abs(float64(p.Value[i])-want1[i]) > 1e-5 {
			t.Fatalf("after step 1: %v, want %v", p.Value, want1)
		}
	}
	a.Step([]*Param{p}, [][]float32{{0.5, 0}})
	// t = 2, first value: m = 0.9·0.05 + 0.1·0.5 = 0.095, v = 0.999·0.00025 + 0.001·0.25
	// = 0.00049975, αt = 0.1·√(1−0.999²)/(1−0.9²) = 0.1·0.0447101778/0.19.
	m, v := 0.095, 0.00049975
	alpha := 0.1 * math.Sqrt(1-0.999*0.999) / (1 - 0.9*0.9)
	want := 0.9 - alpha*m/(math.Sqrt(v)+1e-8)
	if math.Abs(float64(p.Value[0])-want) > 1e-5 || a.T != 2 {
		t.Fatalf("after step 2: %v (t=%d), want %v", p.Value[0], a.T, want)
	}
}

func TestLayerOutputsMatchTrace(t *testing.T) {
	net := NewReference(3, 0.5)
	set := syntheticSet(3, 9)
	out, shape, err := net.LayerOutputs(set.Images, "conv2", 2)
	if err != nil || shape != (Shape{14, 14, 64}) || len(out) != 3*shape.Size() {
		t.Fatalf("LayerOutputs: %v, shape %v, %d values", err, shape, len(out))
	}
	for i := range 3 {
		a, _ := net.Trace(set.Image(i)).Layer("conv2")
		for j, v := range a.Data {
			if math.Abs(float64(v-out[i*shape.Size()+j])) > 1e-4 {
				t.Fatalf("example %d value %d: LayerOutputs %v, Trace %v", i, j, out[i*shape.Size()+j], v)
			}
		}
	}
	if _, _, err := net.LayerOutputs(set.Images, "conv7", 1); err == nil {
		t.Fatal("LayerOutputs of a missing layer succeeded")
	}
}

func TestTrainerRecordsTheEvolutionAtLogStepsAndTheLast(t *testing.T) {
	cfg := smallConfig(6)
	test := syntheticSet(50, 2)
	tr, err := NewTrainer(cfg, syntheticSet(200, 1), test)
	if err != nil {
		t.Fatal(err)
	}
	initial := tr.Snapshot()
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	final := tr.Snapshot()
	ev := final.Evolution
	if got := frameSteps(ev.Frames); !slices.Equal(got, []int{0, 1, 2, 5, 6}) {
		t.Fatalf("frames of steps %v, want 0, 1, 2, 5 and the last, 6", got)
	}
	if !slices.Equal(ev.Input, test.Image(EvolutionInput)) {
		t.Fatal("the recorded input is not test image EvolutionInput")
	}
	first, last := ev.Frames[0], ev.Frames[4]
	conv1 := initial.Net.Layers[0].(*Conv2D)
	if first.FilterLayer != conv1.Name() || first.FilterSize != 5 || !slices.Equal(first.Filters, conv1.Weights.Value) {
		t.Fatalf("frame 0 holds %s filters of size %d, not the initial network's first convolution", first.FilterLayer, first.FilterSize)
	}
	if !slices.Equal(last.Filters, final.Net.Layers[0].(*Conv2D).Weights.Value) {
		t.Fatal("the last frame's filters are not the trained network's")
	}
	lastConv, _ := final.Net.Last(Convolution)
	if want, _ := final.Net.Trace(ev.Input).Layer(lastConv.Name); last.Maps.Layer != lastConv.Name || !slices.Equal(last.Maps.Data, want.Data) {
		t.Fatalf("the last frame's maps are of %s, not the last convolution's for the input", last.Maps.Layer)
	}
	if n := len(initial.Evolution.Frames); n != 1 {
		t.Fatalf("the snapshot taken before training changed: %d frames", n)
	}
	if ck := tr.Checkpoint(); len(ck.Evolution.Frames) != 5 {
		t.Fatalf("the checkpoint keeps %d frames, want 5", len(ck.Evolution.Frames))
	}
}

func TestResumedTrainerContinuesTheEvolution(t *testing.T) {
	first := runSteps(t, smallConfig(3)).Checkpoint()
	cfg := smallConfig(12)
	tr, err := Resume(first, cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := frameSteps(tr.Snapshot().Evolution.Frames); !slices.Equal(got, []int{0, 1, 2, 3, 5, 10, 12}) {
		t.Fatalf("frames of steps %v, want the first run's 0, 1, 2, 3 and then 5, 10, 12", got)
	}
	if got := frameSteps(first.Evolution.Frames); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("training on changed the checkpoint's evolution: steps %v", got)
	}
	// A run saved without a recording starts one where it resumes.
	bare := *first
	bare.Evolution = Evolution{}
	tr, err = Resume(&bare, cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := frameSteps(tr.Snapshot().Evolution.Frames); !slices.Equal(got, []int{5, 10, 12}) {
		t.Fatalf("frames of steps %v, want 5, 10, 12", got)
	}
}

func TestSnapshotsHaveIncreasingVersionsAndStayUnchanged(t *testing.T) {
	tr, err := NewTrainer(smallConfig(4), syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	before := tr.Snapshot()
	weights := slices.Clone(before.Net.Params()[0].Value)
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	after := tr.Snapshot()
	if after.Version <= before.Version || after.Step != 4 || before.Step != 0 || len(after.History.Train) != 4 || len(before.History.Train) != 0 {
		t.Fatalf("before: version %d step %d; after: version %d step %d, %d steps of history",
			before.Version, before.Step, after.Version, after.Step, len(after.History.Train))
	}
	if !slices.Equal(before.Net.Params()[0].Value, weights) {
		t.Fatal("training changed the network of an earlier snapshot")
	}
	if opened := tr.Checkpoint().Snapshot(); opened.Version <= after.Version || opened.Step != 4 {
		t.Fatalf("a checkpoint's snapshot has version %d (after %d) and step %d", opened.Version, after.Version, opened.Step)
	}
}

func TestLogStep(t *testing.T) {
	var got []int
	for step := -1; step <= 2000; step++ {
		if LogStep(step) {
			got = append(got, step)
		}
	}
	want := []int{0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}
	if !slices.Equal(got, want) {
		t.Fatalf("log steps %v, want %v", got, want)
	}
}

// frameSteps returns the steps of frames.
func frameSteps(frames []EvolutionFrame) []int {
	var steps []int
	for _, f := range frames {
		steps = append(steps, f.Step)
	}
	return steps
}

// TestDivergedRunKeepsFiniteWeights trains with Adam constants that make the weights blow
// up while the loss of the step that does it is still finite: the model kept must be the
// last one whose weights and moments are all finite.
func TestDivergedRunKeepsFiniteWeights(t *testing.T) {
	tr, err := NewTrainer(smallConfig(50), syntheticSet(100, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	tr.opt.Beta1, tr.opt.Beta2 = 5, -3
	err = tr.Run(t.Context(), nil)
	var d *DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("Run with beta1 5 and beta2 -3 returned %v, want a DivergedError", err)
	}
	ck := tr.Checkpoint()
	if err := checkParams(ck.Network.Params(), ck.Adam); err != nil {
		t.Fatalf("the model kept after divergence at step %d: %v", d.Step, err)
	}
	if ck.Step != d.Step-1 || ck.Adam.T != ck.Step {
		t.Fatalf("kept step %d with Adam's t %d after divergence at step %d", ck.Step, ck.Adam.T, d.Step)
	}
}

func TestValidateRefusesSettingsBeyondTheMemoryBound(t *testing.T) {
	for _, tc := range []struct {
		batch, workers int
		ok             bool
	}{
		{50, 2, true},
		{50, 0, true},
		{1000, 2, true},
		{10000, 2, false}, // measured at 11.7 GB before the bound
		{50, 50, true},    // 919 MB: fc1's gradient is the first worker's alone (3.1 GB when each had one)
	} {
		cfg := DefaultConfig()
		cfg.Batch, cfg.Workers = tc.batch, tc.workers
		err := cfg.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("batch %d, %d workers: %v (needs %d MB)", tc.batch, tc.workers, err, cfg.TrainingMemory()>>20)
		}
		if err != nil && !strings.Contains(err.Error(), "GB to train, more than the 2 GB allowed") {
			t.Errorf("batch %d, %d workers: %v does not give the figure", tc.batch, tc.workers, err)
		}
	}
	// Workers 0 takes as many CPUs as fit in the bound.
	cfg := DefaultConfig()
	cfg.Batch = 1500
	if n := cfg.workerCount(); cfg.TrainingMemory() > MaxTrainingMemory && n > 1 {
		t.Errorf("workers 0 at batch 1500 chose %d workers, needing %d MB", n, cfg.TrainingMemory()>>20)
	}
}

// TestTrainingMemoryCoversATrainer builds a trainer and checks that what it allocates
// stays within TrainingMemory's estimate, and is not far below it.
func TestTrainingMemoryCoversATrainer(t *testing.T) {
	cfg := smallConfig(1)
	cfg.Batch, cfg.Workers = 200, 2
	train, test := syntheticSet(200, 1), syntheticSet(50, 2)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr, err := NewTrainer(cfg, train, test)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	tr.Checkpoint()
	runtime.ReadMemStats(&after)
	used, estimate := after.TotalAlloc-before.TotalAlloc, cfg.TrainingMemory()
	if used > estimate || used < estimate/2 {
		t.Fatalf("a trainer at batch 200 on 2 workers allocated %d MB, estimated %d MB", used>>20, estimate>>20)
	}
}

func TestNegativeSnapshotIntervalPublishesOnlyAtTheEnd(t *testing.T) {
	tr, err := NewTrainer(smallConfig(5), syntheticSet(100, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	tr.SnapshotInterval = -1
	first := tr.Snapshot().Version
	err = tr.Run(t.Context(), func(p Progress) {
		if s := tr.Snapshot(); s.Version != first {
			t.Errorf("at step %d the trainer published the snapshot of step %d", p.Step, s.Step)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := tr.Snapshot(); s.Step != 5 {
		t.Fatalf("after the run the latest snapshot is of step %d, want 5", s.Step)
	}
}
