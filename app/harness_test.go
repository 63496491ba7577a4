package app

import (
	"bytes"
	"context"
	"image"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// waitTimeout bounds every wait of the tests; the work waited for takes milliseconds.
const waitTimeout = 20 * time.Second

// uiQueue stands in for fyne.Do in tests: background goroutines queue functions, which
// the test runs on its own goroutine, so that every widget is touched by one goroutine.
type uiQueue struct {
	mu     sync.Mutex
	queued []func()
	signal chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{signal: make(chan struct{}, 1)} }

// do queues f; it never blocks.
func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.queued = append(q.queued, f)
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

// drain runs the queued functions, and those they queue, until none is left.
func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fs := q.queued
		q.queued = nil
		q.mu.Unlock()
		if len(fs) == 0 {
			return
		}
		for _, f := range fs {
			f()
		}
	}
}

// until runs queued functions until cond holds, failing the test after waitTimeout.
func (q *uiQueue) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(waitTimeout)
	for !cond() {
		q.mu.Lock()
		fs := q.queued
		q.queued = nil
		q.mu.Unlock()
		for _, f := range fs {
			f()
		}
		if len(fs) > 0 {
			continue
		}
		select {
		case <-q.signal:
		case <-deadline:
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// fakeTrainer is a trainer that takes a step every stepTime without learning anything.
// It records a frame of the evolution at the steps cnn.LogStep picks, as cnn.Trainer does.
type fakeTrainer struct {
	net *cnn.Network

	mu        sync.Mutex
	cfg       cnn.Config
	step      int
	history   cnn.History
	evolution cnn.Evolution
	running   bool
	divergeAt int           // the step whose loss is NaN; 0 for none
	published *cnn.Snapshot // the latest snapshot, of its step
}

// fakeStepTime is how long a step of a fakeTrainer takes.
const fakeStepTime = time.Millisecond

func (f *fakeTrainer) Run(ctx context.Context, report func(cnn.Progress)) error {
	f.mu.Lock()
	f.running = true
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running = false
		f.mu.Unlock()
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		f.mu.Lock()
		if f.step >= f.cfg.Steps {
			f.mu.Unlock()
			return nil
		}
		if f.step+1 == f.divergeAt {
			f.mu.Unlock()
			return &cnn.DivergedError{Step: f.divergeAt, Loss: nan()}
		}
		f.step++
		f.history.Train = append(f.history.Train, cnn.TrainPoint{Step: f.step, Loss: 1, Accuracy: 0.5})
		p := cnn.Progress{Step: f.step, Steps: f.cfg.Steps, Loss: 1, SmoothedAccuracy: 0.5, TestAccuracy: nan(), ImagesPerSecond: 1000}
		f.record()
		f.mu.Unlock()
		report(p)
		time.Sleep(fakeStepTime)
	}
}

// record adds a frame of the evolution if the step is one cnn.LogStep picks: the
// filters of the first convolution and the maps of the last for test image 0. The caller
// holds f.mu.
func (f *fakeTrainer) record() {
	if !cnn.LogStep(f.step) {
		return
	}
	first, _ := f.net.First(cnn.Convolution)
	last, _ := f.net.Last(cnn.Convolution)
	conv := f.net.Conv(first)
	maps, _ := f.net.Trace(f.evolution.Input).Layer(last.Name)
	frame := cnn.EvolutionFrame{Step: f.step, FilterLayer: first.Name, FilterSize: conv.K, Filters: conv.Weights.Value, Maps: maps}
	f.evolution.Frames = append(slices.Clip(f.evolution.Frames), frame)
}

// Snapshot returns a snapshot of the fake's model, a new one when it has taken a step.
func (f *fakeTrainer) Snapshot() *cnn.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.published == nil || f.published.Step != f.step {
		f.published = cnn.NewSnapshot(cnn.Snapshot{Step: f.step, Config: f.cfg, Net: f.net, History: f.history.Clone(), Evolution: f.evolution})
	}
	return f.published
}

func (f *fakeTrainer) Step() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.step
}

func (f *fakeTrainer) Config() cnn.Config {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg
}

func (f *fakeTrainer) Running() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.running
}

func (f *fakeTrainer) Checkpoint() *cnn.Checkpoint {
	f.mu.Lock()
	defer f.mu.Unlock()
	adam := cnn.NewAdam(f.net.Params(), f.cfg.LearningRate)
	adam.T = f.step // one update a step, as a checkpoint's reader checks
	return &cnn.Checkpoint{Config: f.cfg, Step: f.step, Network: f.net, Adam: adam, History: f.history.Clone(), Evolution: f.evolution}
}

// fakeTrainers makes fakeTrainers and remembers them.
type fakeTrainers struct {
	net *cnn.Network

	mu        sync.Mutex
	made      []*fakeTrainer
	resumed   int
	divergeAt int
}

func (m *fakeTrainers) make(cfg cnn.Config, ck *cnn.Checkpoint, data *dataset) (trainer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := &fakeTrainer{net: m.net, cfg: cfg, divergeAt: m.divergeAt, evolution: cnn.Evolution{Input: data.Test.Image(cnn.EvolutionInput)}}
	if ck != nil {
		m.resumed++
		f.step, f.history = ck.Step, ck.History.Clone()
		if len(ck.Evolution.Input) > 0 {
			f.evolution = ck.Evolution
		}
	}
	f.record()
	m.made = append(m.made, f)
	return f, nil
}

// await returns the n-th trainer made, counting from 1, waiting for it: the session makes
// trainers on its own goroutine.
func (m *fakeTrainers) await(t *testing.T, n int) *fakeTrainer {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for time.Now().Before(deadline) {
		m.mu.Lock()
		if len(m.made) >= n {
			f := m.made[n-1]
			m.mu.Unlock()
			return f
		}
		m.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no trainer number %d was made", n)
	return nil
}

// resumes returns how many trainers continued a saved run.
func (m *fakeTrainers) resumes() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.resumed
}

// last returns the trainer made last, or nil.
func (m *fakeTrainers) last() *fakeTrainer {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.made) == 0 {
		return nil
	}
	return m.made[len(m.made)-1]
}

func nan() float64 { var zero float64; return zero / zero }

// fixture holds what every test shares: one untrained reference network (building it
// takes a while) and a small data set of fakeImages images.
type fixture struct {
	net  *cnn.Network
	data *dataset
}

// fakeImages is the size of the fake training and test sets.
const fakeImages = 40

var sharedFixture = sync.OnceValue(func() fixture {
	rng := rand.New(rand.NewPCG(1, 1))
	set := &mnist.Set{Images: make([]float32, fakeImages*mnist.Pixels), Labels: make([]uint8, fakeImages)}
	for i := range set.Labels {
		set.Labels[i] = uint8(i % 10)
	}
	for i := range set.Images {
		if rng.Float32() < 0.2 {
			set.Images[i] = 1
		}
	}
	return fixture{net: cnn.NewReference(1, 0.5), data: &dataset{Dataset: mnist.MNIST, Dir: "testdata", Train: set, Test: set}}
})

// network returns the fixture's network for the reference's settings, whatever the seed:
// a stand-in for building it, which is slow under the race detector; other architectures,
// small in the tests, are built.
func (fx fixture) network(c cnn.Config) *cnn.Network {
	if c.Arch == "" {
		return fx.net
	}
	return untrainedNetwork(c)
}

// testSettings are quick settings: many steps, so that a run goes on until paused.
func testSettings() cnn.Config {
	cfg := cnn.DefaultConfig()
	cfg.Steps = 1_000_000
	cfg.Workers = 1
	return cfg
}

// harness is a main window on a test app with fake trainers.
type harness struct {
	t        *testing.T
	events   *syncBuffer
	w        *mainWindow
	q        *uiQueue
	trainers *fakeTrainers
}

// newHarness returns a main window whose data loads (from the fixture, or with loadErr)
// as soon as the test drains its queue.
func newHarness(t *testing.T, settings cnn.Config, loadErr error) *harness {
	return newHarnessOf(t, settings, loadErr, "")
}

// newHarnessOf is newHarness with the run library library ("" keeps no runs).
func newHarnessOf(t *testing.T, settings cnn.Config, loadErr error, library string) *harness {
	fx := sharedFixture()
	q := newUIQueue()
	h := &harness{t: t, q: q, trainers: &fakeTrainers{net: fx.net}, events: &syncBuffer{}}
	a := test.NewTempApp(t)
	h.w = newMainWindow(a, windowOptions{
		Settings: settings, MakeTrainer: h.trainers.make, NewNetwork: fx.network,
		LoadData: func(d mnist.Dataset, _ string) (*dataset, error) {
			if loadErr != nil {
				return nil, loadErr
			}
			data := *fx.data // the fixture's images, under the name asked for
			data.Dataset = d
			return &data, nil
		},
		Do: q.do, ProgressInterval: 5 * time.Millisecond, Log: newEventLog(h.events), Library: library,
	})
	h.w.window.Show()
	closed := false
	h.w.window.SetOnClosed(func() { closed = true })
	t.Cleanup(func() {
		done := make(chan struct{})
		h.w.session.Stop(func() { close(done) })
		<-done
		if !closed {
			h.w.window.Close()
		}
	})
	h.w.Start()
	return h
}

// loaded waits until the window shows the data loaded and the untrained network is
// built.
func (h *harness) loaded() *harness {
	h.q.until(h.t, "the data is loaded", func() bool {
		data, _ := h.w.data.Data()
		return h.w.settings.folder.Text == sharedFixture().data.Dir && h.w.snapshot() != nil && data != nil
	})
	return h
}

// shownAt returns the position in p's widget of the point at of its picture at scale 1:
// the inverse of what picture.Tapped does.
func shownAt(p *picture, at image.Point) fyne.Position {
	img, scale := p.Shown()
	size := p.Size()
	pic := img.Bounds().Size()
	unitsPerPixel := min(size.Width/float32(pic.X), size.Height/float32(pic.Y))
	left := (size.Width - unitsPerPixel*float32(pic.X)) / 2
	top := (size.Height - unitsPerPixel*float32(pic.Y)) / 2
	return fyne.NewPos(left+(float32(at.X*scale)+0.5)*unitsPerPixel, top+(float32(at.Y*scale)+0.5)*unitsPerPixel)
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
