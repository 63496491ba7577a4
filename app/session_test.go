package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"convscope/cnn"
)

// recorder is a sessionListener that records what it hears.
type recorder struct {
	mu        sync.Mutex
	progress  []cnn.Progress
	times     []time.Time
	stops     []error
	evaluated []*evaluation
	changed   chan struct{}
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

func (r *recorder) Stopped(step int, err error) {
	r.mu.Lock()
	r.stops = append(r.stops, err)
	r.mu.Unlock()
	r.note()
}

func (r *recorder) Evaluated(e *evaluation) {
	r.mu.Lock()
	r.evaluated = append(r.evaluated, e)
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

// newTestSession returns a session with loaded data, fake trainers and a recorder.
func newTestSession(t *testing.T, settings cnn.Config) (*Session, *fakeTrainers, *recorder) {
	fx := sharedFixture()
	trainers := &fakeTrainers{net: fx.net, eval: fx.eval}
	rec := newRecorder()
	s := newSession(sessionOptions{
		Settings: settings, MakeTrainer: trainers.make, NewNetwork: fx.network, Listener: rec, ProgressInterval: 20 * time.Millisecond,
		LoadData: func(string) (*dataset, error) { return fx.data, nil },
	})
	loaded := make(chan error)
	s.Load("", func(_ *dataset, err error) { loaded <- err })
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		done := make(chan struct{})
		s.Stop(func() { close(done) })
		<-done
	})
	return s, trainers, rec
}

func TestSessionTrainPauseResume(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	if st := s.Status(); st.TrainLabel() != "Train" || !st.TrainEnabled() {
		t.Fatalf("before training: button %q, enabled %v", st.TrainLabel(), st.TrainEnabled())
	}
	if err := s.Toggle(); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); !st.Running || st.TrainLabel() != "Pause" {
		t.Fatalf("after Train: running %v, button %q", st.Running, st.TrainLabel())
	}
	rec.wait(t, "progress is reported", func(r *recorder) bool { return len(r.progress) >= 3 })
	s.Toggle()
	if st := s.Status(); st.TrainLabel() != "Pausing…" || st.TrainEnabled() {
		t.Errorf("while pausing: button %q, enabled %v", st.TrainLabel(), st.TrainEnabled())
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
	if st.Running || st.Step != paused || st.TrainLabel() != "Resume" || !st.Unsaved {
		t.Errorf("after the pause: %+v (trainer at step %d)", st, paused)
	}
	rec.wait(t, "a pause evaluates the model", func(r *recorder) bool { return len(r.evaluated) == 1 })

	if err := s.Toggle(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, "the run goes on", func(r *recorder) bool { return r.progress[len(r.progress)-1].Step > paused+2 })
	if last := trainers.last(); last != tr {
		t.Errorf("resuming made another trainer, want the same one")
	}
}

func TestSessionReportsProgressAtABoundedRate(t *testing.T) {
	s, _, rec := newTestSession(t, testSettings())
	s.Toggle()
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

func TestSessionFinishesAndEvaluates(t *testing.T) {
	cfg := testSettings()
	cfg.Steps = 5
	s, _, rec := newTestSession(t, cfg)
	s.Toggle()
	rec.wait(t, "the run finishes and is evaluated", func(r *recorder) bool { return len(r.stops) == 1 && len(r.evaluated) == 1 })
	if rec.stops[0] != nil {
		t.Errorf("finished run ended with %v", rec.stops[0])
	}
	if last := rec.progress[len(rec.progress)-1]; last.Step != 5 {
		t.Errorf("the last progress reported is step %d, want the last step, 5", last.Step)
	}
	st := s.Status()
	if st.Step != 5 || st.TrainEnabled() || !strings.Contains(st.StartErr.Error(), "all 5 steps are done") {
		t.Errorf("after the last step: step %d, Train enabled %v, %v", st.Step, st.TrainEnabled(), st.StartErr)
	}
	if ev := s.Evaluation(); ev == nil || ev.Step != 5 {
		t.Errorf("evaluation %+v, want one of step 5", ev)
	}
}

func TestSessionDivergedRunKeepsTheModel(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	trainers.divergeAt = 4
	s.Toggle()
	rec.wait(t, "the run stops", func(r *recorder) bool { return len(r.stops) == 1 })
	var diverged *cnn.DivergedError
	if !errors.As(rec.stops[0], &diverged) || diverged.Step != 4 {
		t.Fatalf("run ended with %v, want divergence at step 4", rec.stops[0])
	}
	if st := s.Status(); st.Running || st.Step != 3 || !st.HasModel {
		t.Errorf("after diverging: running %v, step %d (want the last good one, 3), model %v", st.Running, st.Step, st.HasModel)
	}
}

func TestSessionSettingsThatNeedAFreshNetwork(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	s.Toggle()
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 })
	s.Toggle()
	rec.wait(t, "the pause", func(r *recorder) bool { return len(r.stops) == 1 })

	texts := settingTexts(testSettings())
	texts[1] = "64" // batch size
	if err := s.SetSettings(texts); err != nil {
		t.Fatal(err)
	}
	st := s.Status()
	if st.TrainEnabled() || len(st.NewNetworkChanges) != 1 || !strings.Contains(st.StartErr.Error(), "Batch size changed") {
		t.Fatalf("a new batch size with a trained model: Train enabled %v, %v", st.TrainEnabled(), st.StartErr)
	}
	if err := s.Toggle(); err == nil {
		t.Fatal("Toggle resumed a run with a different batch size")
	}

	texts[1] = "50"
	texts[2] = "2000000" // total steps may change: the run continues
	s.SetSettings(texts)
	if err := s.Toggle(); err != nil {
		t.Fatal(err)
	}
	if more := trainers.await(t, 2); trainers.resumes() != 1 || more.Config().Steps != 2000000 {
		t.Errorf("more steps: %d trainers resumed, steps %d", trainers.resumes(), more.Config().Steps)
	}

	s.Reset()
	texts[1] = "64"
	s.SetSettings(texts)
	if err := s.Toggle(); err != nil {
		t.Fatalf("after Reset, a new batch size: %v", err)
	}
	if got := trainers.await(t, 3).Config().Batch; got != 64 {
		t.Errorf("the fresh network trains batches of %d, want 64", got)
	}
}

func TestSessionInvalidSettingsDisableTrain(t *testing.T) {
	s, _, _ := newTestSession(t, testSettings())
	texts := settingTexts(testSettings())
	texts[0] = "fast"
	if err := s.SetSettings(texts); err == nil {
		t.Fatal("a learning rate of \"fast\" was accepted")
	}
	if st := s.Status(); st.TrainEnabled() || st.Settings.LearningRate != testSettings().LearningRate {
		t.Errorf("invalid settings: Train enabled %v, learning rate kept %v", st.TrainEnabled(), st.Settings.LearningRate)
	}
	if err := s.Toggle(); err == nil || !strings.Contains(err.Error(), "learning rate") {
		t.Errorf("Toggle with an invalid learning rate: %v", err)
	}
}

func TestSessionResetDiscardsTheRun(t *testing.T) {
	s, trainers, rec := newTestSession(t, testSettings())
	s.Toggle()
	rec.wait(t, "progress", func(r *recorder) bool { return len(r.progress) > 0 })
	s.Reset()
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
	s.Toggle()
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

func TestSessionSaveAndOpenErrors(t *testing.T) {
	s, _, _ := newTestSession(t, testSettings())
	if err := saveNow(s, filepath.Join(t.TempDir(), "none.ckpt")); !errors.Is(err, errNothingToSave) {
		t.Errorf("saving before training: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.ckpt")
	os.WriteFile(bad, []byte("not a model"), 0o644)
	if err := openNow(s, bad); !errors.Is(err, cnn.ErrNotCheckpoint) {
		t.Errorf("opening a text file: %v", err)
	}
	if st := s.Status(); st.HasModel || st.Settings != testSettings() {
		t.Errorf("a bad file changed the session: %+v", st)
	}
}

func saveNow(s *Session, path string) error {
	done := make(chan error)
	s.Save(path, func(err error) { done <- err })
	return <-done
}

func openNow(s *Session, path string) error {
	done := make(chan error)
	s.Open(path, func(err error) { done <- err })
	return <-done
}

func TestSessionWithoutData(t *testing.T) {
	fx := sharedFixture()
	s := newSession(sessionOptions{
		Settings: testSettings(), MakeTrainer: (&fakeTrainers{net: fx.net}).make, NewNetwork: fx.network, Listener: newRecorder(),
		LoadData: func(string) (*dataset, error) { return nil, errors.New("no data") },
	})
	if err := s.Toggle(); err == nil || !strings.Contains(err.Error(), "not loaded") {
		t.Errorf("Toggle without data: %v", err)
	}
	if s.Evaluate() {
		t.Error("Evaluate without data started")
	}
	if s.Network() == nil {
		t.Error("no network to trace drawings with before the data is loaded")
	}
}
