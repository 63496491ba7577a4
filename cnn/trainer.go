package cnn

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// Progress describes a training run after one step.
type Progress struct {
	Step, Steps      int
	Epoch            float64 // passes over the training set so far, fractional
	Loss             float64 // mean cross-entropy of the step's batch
	BatchAccuracy    float64 // fraction of the step's batch classified correctly
	SmoothedAccuracy float64 // exponential moving average of BatchAccuracy
	// TestAccuracy is the latest test-set accuracy, or NaN before the first evaluation;
	// Evaluated is true when this step computed it.
	TestAccuracy    float64
	Evaluated       bool
	ImagesPerSecond float64       // training throughput since Run started, evaluations excluded
	ETA             time.Duration // estimated time to the last step, evaluations included
}

// DivergedError reports a step whose loss or gradients were not finite, or whose update
// would have made a weight or one of Adam's moments not finite. The trainer keeps the
// parameters and optimizer state of the last good step, which are all finite.
type DivergedError struct {
	Step int     // the step that failed (1-based)
	Loss float64 // its loss, possibly NaN or ±Inf
}

func (e *DivergedError) Error() string {
	return tr.F("training diverged at step %d (loss %v); the model of step %d is kept: lower the learning rate or start again", e.Step, e.Loss, e.Step-1)
}

// smoothing is the weight of the newest batch in Progress.SmoothedAccuracy.
const smoothing = 0.05

// Trainer trains a network on MNIST. Its methods may be called from any goroutine: Run holds
// the trainer's lock for one step at a time, and the other methods wait for the step in
// progress to finish.
type Trainer struct {
	mu      sync.Mutex
	cfg     Config
	net     *Network
	opt     *Adam
	step    int
	history History
	smooth  float64 // debiased moving average of the batch accuracy
	workers []*worker
	// shared are the dense layers the workers train model-parallel; the gradients of
	// their weights are the first worker's, written by all (the others have none).
	shared []*sharedDense
	crew   *crew
	alphaT float32 // the optimizer's step size for the step in progress
	// bound is the largest magnitude of every parameter's values and moments after the
	// last update, or NaN if not known (before the first): see updateSurelyFinite.
	bound float32
	// probes counts the steps whose update the guard checked by a probe, not by bounds.
	probes int
	params []*Param      // t.net.Params(), in the order of the gradients
	perms  map[int][]int // shuffled example order of recently used epochs
	// clock is the wall-clock time of the run when the current Run call began, and
	// runStart when it began: a step's time is clock plus the time since runStart.
	clock    float64
	runStart time.Time

	train, test *mnist.Set

	evolution Evolution // the features recorded at the steps LogStep picks
	recording Recording // the embedding and health recorded at the steps RecordStep picks
	recorder  *recorder

	// Project, if set (before Run), maps the embedding's images to the plane at every step
	// that Config.RecordStep picks, for Recording.Embedding; else no frames are recorded.
	Project Projector

	// SnapshotInterval bounds how often Run publishes a Snapshot (default 200 ms; set
	// before Run). A negative interval publishes none while Run trains, only when it
	// returns: a snapshot copies the network (13 MB for the reference), which a headless
	// run that reads none need not pay for.
	SnapshotInterval time.Duration
	snapshot         atomic.Pointer[Snapshot]
}

// NewTrainer returns a trainer for a fresh network of cfg (Config.NewNetwork), which
// records the evolution of its features on test image EvolutionInput. It returns an error
// if cfg is invalid or a data set is empty.
func NewTrainer(cfg Config, train, test *mnist.Set) (*Trainer, error) {
	net, err := cfg.NewNetwork()
	if err != nil {
		return nil, err
	}
	return newTrainer(cfg, net, NewAdam(net.Params(), cfg.LearningRate), 0, History{}, Evolution{}, Recording{W0: InitialWeights(net)}, train, test)
}

// Resume returns a trainer that continues the run saved in ck, and its recording of the
// features' evolution (or starts one, if ck has none). Config fields that do not change
// the run (Steps, EvalEvery, Workers) are taken from cfg; it returns an error if cfg
// differs from the checkpoint's in anything else, or is invalid.
func Resume(ck *Checkpoint, cfg Config, train, test *mnist.Set) (*Trainer, error) {
	if changes := ck.Config.RunChanges(cfg); len(changes) > 0 {
		return nil, tr.Errorf("cannot continue the saved run with other settings of the run itself: %s (train into another folder to start a new run)",
			strings.Join(changes, ", "))
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	net := ck.Network.Clone()
	opt := ck.Adam.clone()
	return newTrainer(cfg, net, opt, ck.Step, ck.History.Clone(), ck.Evolution, ck.Recording, train, test)
}

// newTrainer returns a trainer of net and opt at step, with the run's history, its
// evolution so far (one is started on the test set's EvolutionInput if ev has no input)
// and its recording (whose embedding is started on the test set if it has none).
func newTrainer(cfg Config, net *Network, opt *Adam, step int, h History, ev Evolution, rec Recording, train, test *mnist.Set) (*Trainer, error) {
	if train == nil || train.Len() == 0 {
		return nil, tr.Errorf("the training set is empty")
	}
	if test == nil || test.Len() == 0 {
		return nil, tr.Errorf("the test set is empty")
	}
	t := &Trainer{cfg: cfg, net: net, opt: opt, step: step, history: h, train: train, test: test,
		perms: map[int][]int{}, SnapshotInterval: 200 * time.Millisecond, bound: float32(math.NaN())}
	if n := len(h.Train); n > 0 {
		t.smooth = float64(h.Train[n-1].Accuracy)
	}
	t.workers = newWorkers(net, cfg.Batch, cfg.workerCount())
	t.shared = sharedLayers(net, cfg.Batch, len(t.workers))
	for _, sh := range t.shared {
		for _, w := range t.workers[1:] {
			w.grads[sh.param] = nil
		}
	}
	t.params = net.Params()
	t.crew = newCrew(len(t.workers), t.runPhase)
	t.evolution = ev
	if len(ev.Input) == 0 {
		t.evolution = Evolution{Input: slices.Clone(test.Image(EvolutionInput))}
	}
	if LogStep(step) {
		t.evolution.record(step, net)
	}
	t.recording = rec
	t.recorder = newRecorder(&t.recording, test)
	t.publish()
	return t, nil
}

// Config returns the trainer's settings.
func (t *Trainer) Config() Config {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cfg
}

// Step returns the number of steps trained so far.
func (t *Trainer) Step() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.step
}

// History returns a copy of the run's record so far.
func (t *Trainer) History() History {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.history.Clone()
}

// Snapshot returns the latest snapshot of the model, published at most every
// SnapshotInterval while Run trains, when a trainer is made, and when Run returns at a
// step it has not published yet.
func (t *Trainer) Snapshot() *Snapshot { return t.snapshot.Load() }

// publish makes a snapshot of the model as it is now the latest. The caller holds t.mu or
// is the only user of t.
func (t *Trainer) publish() {
	t.snapshot.Store(NewSnapshot(Snapshot{Step: t.step, Config: t.cfg, Net: t.net.Clone(), History: t.history.Clone(), Evolution: t.evolution, Recording: t.recording}))
}

// Checkpoint returns a deep copy of the whole training state, ready to save.
func (t *Trainer) Checkpoint() *Checkpoint {
	t.mu.Lock()
	defer t.mu.Unlock()
	return &Checkpoint{Config: t.cfg, Step: t.step, Network: t.net.Clone(), Adam: t.opt.clone(), History: t.history.Clone(), Evolution: t.evolution, Recording: t.recording}
}

// Run trains until cfg.Steps steps are done, ctx is cancelled, or a step diverges. It calls
// report after every step, on Run's goroutine (keep it quick). It returns nil when the run
// is complete, ctx.Err() when cancelled (call Run again to resume from the same step), and a
// *DivergedError when the loss or the gradients stop being finite.
func (t *Trainer) Run(ctx context.Context, report func(Progress)) error {
	t.crew.start()
	defer t.crew.stop()
	defer func() {
		t.mu.Lock()
		if t.snapshot.Load().Step != t.step { // else the latest snapshot is of this model
			t.publish()
		}
		t.mu.Unlock()
	}()
	start, lastPublish := time.Now(), time.Now()
	var evalTime time.Duration
	stepsAtStart := t.Step()
	t.mu.Lock()
	t.clock, t.runStart = 0, start
	if n := len(t.history.Train); n > 0 {
		t.clock = float64(t.history.Train[n-1].Seconds)
	}
	if t.cfg.RecordStep(t.step) && !t.recording.hasStep(t.step) {
		t.recorder.record(&t.recording, t.step, t.net, nil, t.Project, t.cfg.workerCount())
	}
	t.mu.Unlock()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		t.mu.Lock()
		if t.step >= t.cfg.Steps {
			t.mu.Unlock()
			return nil
		}
		if t.cfg.RecordStep(t.step + 1) {
			t.recorder.keepBefore(t.params, t.step+1)
		}
		p, err := t.trainStep()
		if err != nil {
			t.mu.Unlock()
			return err
		}
		record := t.cfg.RecordStep(t.step)
		var x *embedded // the embedding's activations, from the evaluation's pass
		if t.step%max(t.cfg.EvalEvery, 1) == 0 && t.cfg.EvalEvery > 0 || t.step == t.cfg.Steps {
			evalStart := time.Now()
			var e *Evaluation
			if record && t.Project != nil {
				e, x = t.recorder.evaluate(t.net, t.test, t.cfg.workerCount())
			} else {
				e = t.net.Evaluate(t.test.Images, t.test.Labels, t.cfg.workerCount())
			}
			evalTime += time.Since(evalStart)
			t.history.Test = append(t.history.Test, TestPoint{Step: t.step, Accuracy: e.Accuracy(), PerClass: e.ClassAccuracy()})
			p.Evaluated = true
		}
		if record {
			recordStart := time.Now()
			t.recorder.record(&t.recording, t.step, t.net, x, t.Project, t.cfg.workerCount())
			evalTime += time.Since(recordStart)
		}
		if tp, ok := t.history.LatestTest(); ok {
			p.TestAccuracy = tp.Accuracy
		}
		done := t.step - stepsAtStart
		trainTime := time.Since(start) - evalTime
		p.ImagesPerSecond = float64(done*t.cfg.Batch) / trainTime.Seconds()
		p.ETA = time.Duration(float64(time.Since(start)) / float64(done) * float64(t.cfg.Steps-t.step))
		if LogStep(t.step) || t.step == t.cfg.Steps {
			t.evolution.record(t.step, t.net)
		}
		if t.SnapshotInterval >= 0 && time.Since(lastPublish) >= t.SnapshotInterval {
			t.publish()
			lastPublish = time.Now()
		}
		t.mu.Unlock()
		if report != nil {
			report(p)
		}
	}
}

// trainStep runs one step of the run: gather the batch, forward and backward on every
// worker, sum the gradients, and apply Adam. The caller holds t.mu.
func (t *Trainer) trainStep() (Progress, error) {
	cfg := t.cfg
	t.gatherBatch()
	t.forwardBackward()

	var loss float64
	var correct int
	for _, w := range t.workers {
		loss += w.loss
		correct += w.correct
	}
	loss /= float64(cfg.Batch)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return Progress{}, &DivergedError{Step: t.step + 1, Loss: loss}
	}
	t.alphaT = t.stepSize()
	t.crew.run(phase{kind: phaseSum})
	var largest float32
	for _, w := range t.workers {
		largest = max(largest, w.largest)
	}
	finite := !math.IsNaN(float64(largest))
	if finite && !t.updateSurelyFinite(largest) {
		t.crew.run(phase{kind: phaseProbe})
		t.probes++
		for _, w := range t.workers {
			finite = finite && w.finite
		}
	}
	if !finite {
		t.opt.T--
		return Progress{}, &DivergedError{Step: t.step + 1, Loss: loss}
	}
	t.crew.run(phase{kind: phaseUpdate})
	t.bound = 0
	for _, w := range t.workers {
		t.bound = max(t.bound, w.largest)
	}
	t.step++

	acc := float64(correct) / float64(cfg.Batch)
	t.history.Train = append(t.history.Train, TrainPoint{Step: t.step, Loss: float32(loss), Accuracy: float32(acc),
		Seconds: float32(t.clock + time.Since(t.runStart).Seconds())})
	// Debiased exponential moving average, as Adam's moments: exact from the first step.
	t.smooth += (acc - t.smooth) * max(smoothing, 1/float64(t.step))
	return Progress{
		Step: t.step, Steps: cfg.Steps,
		Epoch:         float64(t.step*cfg.Batch) / float64(t.train.Len()),
		Loss:          loss,
		BatchAccuracy: acc, SmoothedAccuracy: t.smooth,
		TestAccuracy: math.NaN(),
	}, nil
}

// forwardBackward runs the batch gathered for step t.step forward and backward on the
// workers, leaving each worker's loss and number correct, and the gradients of the mean
// loss: summed over the batch for the weights of the model-parallel layers (in the first
// worker's), over each worker's share of it for the other parameters.
func (t *Trainer) forwardBackward() {
	for _, w := range t.workers {
		w.ctx = passContext{train: true, seed: t.cfg.Seed, step: t.step, first: w.first}
	}
	for s := range t.shared {
		t.crew.run(phase{phaseForward, s})
		t.crew.run(phase{phaseSharedForward, s})
	}
	t.crew.run(phase{phaseForwardBackward, len(t.shared)})
	for s := len(t.shared) - 1; s >= 0; s-- {
		t.crew.run(phase{phaseSharedBackward, s})
		if lo, hi := stageLayers(t.shared, len(t.net.Layers), s); lo < hi || s > 0 {
			t.crew.run(phase{phaseBackward, s})
		}
	}
}

// runPhase does worker w's part of one phase of a training step.
func (t *Trainer) runPhase(w int, ph phase) {
	wk := t.workers[w]
	switch ph.kind {
	case phaseForward:
		wk.forwardStage(t.shared, ph.stage)
	case phaseSharedForward:
		t.shared[ph.stage].forwardPart(w, len(t.workers))
	case phaseForwardBackward:
		wk.forwardBackward(t.shared, float32(1)/float32(t.cfg.Batch))
	case phaseSharedBackward:
		sh := t.shared[ph.stage]
		sh.backwardPart(w, len(t.workers), t.workers[0].grads[sh.param], sh.index > 0)
	case phaseBackward:
		sh := t.shared[ph.stage]
		wk.backwardStage(t.shared, ph.stage, sh.inputGradient(wk.first, wk.n))
	case phaseSum:
		t.sumGradientsOf(wk)
	case phaseProbe:
		t.probe(wk)
	case phaseUpdate:
		t.update(wk)
	}
}

// stepSize counts the update about to be made and returns its step size: Adam's
// bias-corrected αt, or SGD's learning rate.
func (t *Trainer) stepSize() float32 {
	alphaT := t.opt.stepSize()
	if t.cfg.Optimizer == OptimizerSGD {
		return float32(t.cfg.LearningRate)
	}
	return alphaT
}

// shuffleStream separates the shuffling generator from the other uses of the run's seed.
const shuffleStream = 0x73687566666c65

// gatherBatch copies the examples of step t.step into the workers' input buffers. The
// training set is visited in a new random order every epoch; a batch that runs past the end
// of an epoch continues with the next one.
func (t *Trainer) gatherBatch() {
	n, first := t.train.Len(), t.step*t.cfg.Batch
	i := 0
	for _, w := range t.workers {
		for j := range w.n {
			g := first + i + j
			ex := t.epochOrder(g / n)[g%n]
			copy(w.x[j*mnist.Pixels:(j+1)*mnist.Pixels], t.train.Image(ex))
			w.labels[j] = t.train.Labels[ex]
		}
		w.first = i
		i += w.n
	}
}

// epochOrder returns the shuffled order of the training set in the given epoch, a pure
// function of the seed and the epoch.
func (t *Trainer) epochOrder(epoch int) []int {
	if p, ok := t.perms[epoch]; ok {
		return p
	}
	// Keep only the epochs a batch can span: this one and the one before.
	prev, ok := t.perms[epoch-1]
	clear(t.perms)
	if ok {
		t.perms[epoch-1] = prev
	}
	rng := rand.New(rand.NewPCG(t.cfg.Seed, shuffleStream+uint64(epoch)))
	p := rng.Perm(t.train.Len())
	t.perms[epoch] = p
	return p
}
