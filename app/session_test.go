package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"convscope/cnn"
)

// recorder is a sessionListener that records what it hears.
type recorder struct {
	mu       sync.Mutex
	progress []cnn.Progress
	times    []time.Time
	stops    []error
	saved    []savedRun
	changed  chan struct{}
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{}, 1)} }

func (r *recorder) note() {
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

func (r *recorder) Progressed(p cnn.Progress) {
	r.mu.Lock()
	r.progress = append(r.progress, p)
	r.times = append(r.times, time.Now())
	r.mu.Unlock()
	r.note()
}

func (r *recorder) RunSaved(dir string, err error) {
	r.mu.Lock()
	r.saved = append(r.saved, savedRun{dir, err})
	r.mu.Unlock()
	r.note()
}

// savedRun is what RunSaved reported.
type savedRun struct {
	dir string
	err error
}

func (r *recorder) Stopped(step int, err error) {
	r.mu.Lock()
	r.stops = append(r.stops, err)
	r.mu.Unlock()
	r.note()
}

// wait waits until cond, called with r locked, holds.
func (r *recorder) wait(t *testing.T, what string, cond func(r *recorder) bool) {
	t.Helper()
	deadline := time.After(waitTimeout)
	for {
		r.mu.Lock()
		ok := cond(r)
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-r.changed:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// newTestSession returns a session of the untrained network of settings, with fake
// trainers and a recorder.
func newTestSession(t *testing.T, settings cnn.Config) (*Session, *fakeTrainers, *recorder) {
	fx := sharedFixture()
	trainers := &fakeTrainers{net: fx.net}
	rec := newRecorder()
	s := newSession(sessionOptions{MakeTrainer: trainers.make, NewNetwork: fx.network, Listener: rec, ProgressInterval: 20 * time.Millisecond})
	untrained(t, s, settings)
	t.Cleanup(func() {
		done := make(chan struct{})
		s.Stop(func() { close(done) })
		<-done
	})
	return s, trainers, rec
}

// untrained makes the untrained network of cfg the model of s and waits until it is.
func untrained(t *testing.T, s *Session, cfg cnn.Config) {
	t.Helper()
	done := make(chan struct{})
	s.Untrained(cfg, func(bool) { close(done) })
	select {
	case <-done:
	case <-time.After(waitTimeout):
		t.Fatal("the untrained network was not built")
	}
}

func TestSessionTrainPauseResume(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	untrainedSnapshot := s.Snapshot()
	if st := s.Status(); st.Running || st.HasModel || untrainedSnapshot == nil || untrainedSnapshot.Step != 0 {
		t.Fatalf("before training: %+v, snapshot %v", st, untrainedSnapshot)
	}
	if err := s.Toggle(testSettings(), sharedFixture().data); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); !st.Running || st.Pausing {
		t.Fatalf("after Train: %+v", st)
	}
	rec.wait(t, "progress is reported", func(r *recorder) bool { return len(r.progress) >= 3 })
	s.Toggle(testSettings(), sharedFixture().data)
	if st := s.Status(); !st.Pausing {
		t.Errorf("while pausing: %+v", st)
	}
	rec.wait(t, "the run stops", func(r *recorder) bool { return len(r.stops) == 1 })
	if !errors.Is(rec.stops[0], context.Canceled) {
		t.Errorf("paused run ended with %v", rec.stops[0])
	}
	tr := trainers.await(t, 1)
	if tr.Running() {
		t.Fatal("the trainer still runs after the pause")
	}
	paused := tr.Step()
	st := s.Status()
	if st.Running || st.Step != paused || !st.HasModel || !st.Unsaved {
		t.Errorf("after the pause: %+v (trainer at step %d)", st, paused)
	}
	snap := s.Snapshot()
	if snap.Step != paused || snap.Version <= untrainedSnapshot.Version || len(snap.History.Train) != paused {
		t.Errorf("the snapshot after the pause is of step %d, version %d (untrained: %d)", snap.Step, snap.Version, untrainedSnapshot.Version)
	}

	if err := s.Toggle(testSettings(), sharedFixture().data); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "the run goes on", func(r *recorder) bool { return r.progress[len(r.progress)-1].Step > paused+2 })
	if last := trainers.last(); last != tr {
		t.Errorf("resuming made another trainer, want the same one")
	}
}

func TestSessionReportsProgressAtABoundedRate(t *testing.T) {
	s, _, rec := newTestSession(t, testSettings())
	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "ten updates", func(r *recorder) bool { return len(r.progress) >= 10 })
	rec.mu.Lock()
	defer rec.mu.Unlock()
	// The fake trains a step every millisecond; the updates come every 20 ms, give or take
	// the scheduler, each with the latest step.
	if elapsed, n := rec.times[9].Sub(rec.times[0]), 9; elapsed < time.Duration(n)*20*time.Millisecond/2 {
		t.Errorf("%d updates in %v: more than one per 20 ms", n, elapsed)
	}
	for i := 1; i < 10; i++ {
		if rec.progress[i].Step <= rec.progress[i-1].Step {
			t.Errorf("update %d is step %d after step %d", i, rec.progress[i].Step, rec.progress[i-1].Step)
		}
	}
}

func TestSessionFinishes(t *testing.T) {
	cfg := testSettings()
	cfg.Steps = 5
	s, _, rec := newTestSession(t, cfg)
	s.Toggle(cfg, sharedFixture().data)
	rec.wait(t, "the run finishes", func(r *recorder) bool { return len(r.stops) == 1 })
	if rec.stops[0] != nil {
		t.Errorf("finished run ended with %v", rec.stops[0])
	}
	if last := rec.progress[len(rec.progress)-1]; last.Step != 5 {
		t.Errorf("the last progress reported is step %d, want the last step, 5", last.Step)
	}
	if st, snap := s.Status(), s.Snapshot(); st.Step != 5 || snap.Step != 5 {
		t.Errorf("after the last step: step %d, snapshot of step %d", st.Step, snap.Step)
	}
	// The evolution recorded so far is in the snapshot: steps 0, 1, 2 and 5.
	var steps []int
	for _, f := range s.Snapshot().Evolution.Frames {
		steps = append(steps, f.Step)
	}
	if !slices.Equal(steps, []int{0, 1, 2, 5}) {
		t.Errorf("the snapshot's evolution has frames of steps %v", steps)
	}
}

func TestSessionDivergedRunKeepsTheModel(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	trainers.divergeAt = 4
	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "the run stops", func(r *recorder) bool { return len(r.stops) == 1 })
	var diverged *cnn.DivergedError
	if !errors.As(rec.stops[0], &diverged) || diverged.Step != 4 {
		t.Fatalf("run ended with %v, want divergence at step 4", rec.stops[0])
	}
	if st := s.Status(); st.Running || st.Step != 3 || !st.HasModel {
		t.Errorf("after diverging: running %v, step %d (want the last good one, 3), model %v", st.Running, st.Step, st.HasModel)
	}
}

func TestSessionSettingsThatChangeTheRun(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	data := sharedFixture().data
	s.Toggle(testSettings(), data)
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 })
	s.Toggle(testSettings(), data)
	rec.wait(t, "the pause", func(r *recorder) bool { return len(r.stops) == 1 })

	more := testSettings()
	more.Steps = 2000000 // total steps may change: the run continues
	if err := s.Toggle(more, data); err != nil {
		t.Fatal(err)
	}
	if next := trainers.await(t, 2); trainers.resumes() != 1 || next.Config().Steps != 2000000 {
		t.Errorf("more steps: %d trainers resumed, steps %d", trainers.resumes(), next.Config().Steps)
	}
	s.Toggle(more, data)
	rec.wait(t, "the second pause", func(r *recorder) bool { return len(r.stops) == 2 })

	reset := make(chan struct{})
	bigger := testSettings()
	bigger.Batch = 64
	s.Reset(bigger, func(bool) { close(reset) })
	<-reset
	if snap := s.Snapshot(); snap.Step != 0 || snap.Config.Batch != 64 {
		t.Errorf("after Reset, the model is of step %d, batch %d", snap.Step, snap.Config.Batch)
	}
	if err := s.Toggle(bigger, data); err != nil {
		t.Fatalf("after Reset, a new batch size: %v", err)
	}
	if got := trainers.await(t, 3).Config().Batch; got != 64 {
		t.Errorf("the fresh network trains batches of %d, want 64", got)
	}
}

func TestSessionUntrainedNetworkFollowsTheSettings(t *testing.T) {
	s, _, _ := newTestSession(t, testSettings())
	first := s.Snapshot()
	untrained(t, s, testSettings()) // the same network: nothing to build
	rate := testSettings()
	rate.LearningRate = 1e-3 // a setting of the run, not of the network
	untrained(t, s, rate)
	if s.Snapshot() != first {
		t.Error("the same network's settings built another network")
	}
	fashion := testSettings()
	fashion.Dataset = "fashion"
	untrained(t, s, fashion)
	if got := s.Snapshot(); got.Net != first.Net || got.Version == first.Version || got.Config.Data().Name != "fashion" {
		t.Errorf("another data set: network kept %v, version %d (was %d), data set %s", got.Net == first.Net, got.Version, first.Version, got.Config.Data().Name)
	}
	seed := testSettings()
	seed.Seed = 7
	untrained(t, s, seed)
	if got := s.Snapshot(); got == first || got.Config.Seed != 7 {
		t.Errorf("a new seed gave the snapshot of seed %d", got.Config.Seed)
	}
}

func TestSessionResetDiscardsTheRun(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 })
	s.Reset(testSettings(), func(bool) {})
	st := s.Status()
	if st.Running || st.HasModel || st.Step != 0 || st.Unsaved {
		t.Errorf("after Reset: %+v", st)
	}
	deadline := time.Now().Add(waitTimeout)
	for trainers.last().Running() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if trainers.last().Running() {
		t.Error("the discarded run goes on")
	}
	time.Sleep(50 * time.Millisecond)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.stops) != 0 {
		t.Errorf("a discarded run was reported as stopped: %v", rec.stops)
	}
}

func TestSessionStopWaitsForTheRun(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 })
	done := make(chan struct{})
	s.Stop(func() { close(done) })
	select {
	case <-done:
	case <-time.After(waitTimeout):
		t.Fatal("Stop did not finish")
	}
	if trainers.last().Running() {
		t.Error("Stop returned while the trainer runs")
	}
	if s.Status().Running {
		t.Error("the session still says it is running")
	}
}

func TestSessionSaveAndOpen(t *testing.T) {
	s, _, rec := newTestSession(t, testSettings())
	if err := saveNow(s, filepath.Join(t.TempDir(), "none.ckpt")); !errors.Is(err, errNothingToSave) {
		t.Errorf("saving before training: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.ckpt")
	os.WriteFile(bad, []byte("not a model"), 0o644)
	if _, err := openNow(s, bad); !errors.Is(err, cnn.ErrNotCheckpoint) {
		t.Errorf("opening a text file: %v", err)
	}
	if st := s.Status(); st.HasModel {
		t.Errorf("a bad file changed the session: %+v", st)
	}

	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 && r.progress[len(r.progress)-1].Step > 3 })
	s.Toggle(testSettings(), sharedFixture().data)
	rec.wait(t, "the pause", func(r *recorder) bool { return len(r.stops) == 1 })
	path := filepath.Join(t.TempDir(), "model.ckpt")
	if err := saveNow(s, path); err != nil {
		t.Fatal(err)
	}
	step := s.Status().Step
	if st := s.Status(); st.Unsaved {
		t.Errorf("after saving: %+v", st)
	}
	s.Reset(testSettings(), func(bool) {})
	ck, err := openNow(s, path)
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	if st := s.Status(); st.Step != step || !st.HasModel || st.Unsaved || ck.Step != step || snap.Step != step || len(snap.Evolution.Frames) == 0 {
		t.Errorf("opened: %+v, snapshot of step %d with %d frames, want step %d", st, snap.Step, len(snap.Evolution.Frames), step)
	}
}

func saveNow(s *Session, path string) error {
	done := make(chan error)
	s.Save(path, func(err error) { done <- err })
	return <-done
}

func openNow(s *Session, path string) (*cnn.Checkpoint, error) {
	type opened struct {
		ck  *cnn.Checkpoint
		err error
	}
	done := make(chan opened)
	s.Open(path, func(ck *cnn.Checkpoint, err error) { done <- opened{ck, err} })
	o := <-done
	return o.ck, o.err
}

func TestSessionWithoutData(t *testing.T) {
	s, _, _ := newTestSession(t, testSettings())
	if err := s.Toggle(testSettings(), nil); !errors.Is(err, errNoData) {
		t.Errorf("Toggle without data: %v", err)
	}
	if s.Snapshot() == nil {
		t.Error("no network to trace drawings with before the data is loaded")
	}
}

func TestSessionUntrainedKeepsTheLatestSettings(t *testing.T) {
	// Settings B, whose network takes a while, then back to A before B's is built: the
	// model stays A's.
	fx := sharedFixture()
	a, b := testSettings(), testSettings()
	b.Seed = 2
	release := make(chan struct{})
	s := newSession(sessionOptions{MakeTrainer: (&fakeTrainers{net: fx.net}).make, Listener: newRecorder(),
		NewNetwork: func(c cnn.Config) *cnn.Network {
			if c.Seed == b.Seed {
				<-release
			}
			return fx.net
		}})
	untrained(t, s, a)
	s.Untrained(b, func(bool) {})
	untrained(t, s, a)
	close(release)
	time.Sleep(50 * time.Millisecond) // B's build ends, and must not be published
	if got := s.Snapshot().Config.Seed; got != a.Seed {
		t.Fatalf("the model is of seed %d, the settings' is %d", got, a.Seed)
	}
	if st := s.Status(); st.RunCfg.Seed != a.Seed {
		t.Errorf("the settings of the run are of seed %d", st.RunCfg.Seed)
	}
}
