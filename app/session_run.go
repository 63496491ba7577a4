package app

import (
	"context"
	"errors"
	"time"

	"convscope/cnn"
)

// activeRun is a run in progress.
type activeRun struct {
	cancel  context.CancelFunc
	pausing bool // Toggle asked it to pause
	quiet   bool // Stop cancelled it: its end is not reported
}

// Toggle starts or resumes training with the settings cfg on data or, while a run is
// going on, asks it to pause: it stops after the step in progress and Stopped reports it.
// The caller has checked that cfg can train the model (see startError); Toggle returns an
// error, and starts nothing, without data.
func (s *Session) Toggle(cfg cnn.Config, data *dataset) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != nil {
		if !s.run.pausing {
			s.run.pausing = true
			s.run.cancel()
		}
		return nil
	}
	if data == nil {
		return errNoData
	}
	makeTrainer := s.trainerLocked(cfg, data)
	ctx, cancel := context.WithCancel(context.Background())
	r := &activeRun{cancel: cancel}
	s.run = r
	s.log.Printf("training started step=%d steps=%d batch=%d workers=%d", s.step, cfg.Steps, cfg.Batch, cfg.Workers)
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		s.train(ctx, r, cfg, makeTrainer)
	}()
	return nil
}

// errNoData is the error of starting a run before the data is loaded.
var errNoData error = translatedError("the MNIST data is not loaded yet")

// trainerLocked returns the function that makes the trainer of a run with the settings
// cfg, which takes a moment: the model's own trainer if they are its settings, one
// continuing the model if only the steps or the evaluation interval changed, or a fresh
// one for a model not trained or opened yet, or when cfg needs a fresh network.
func (s *Session) trainerLocked(cfg cnn.Config, data *dataset) func() (trainer, error) {
	tr, opened := s.tr, s.opened
	switch {
	case tr == nil && opened == nil, s.runCfg.NeedsNewNetwork(cfg):
		return func() (trainer, error) { return s.makeTrainer(cfg, nil, data) }
	case tr == nil:
		return func() (trainer, error) { return s.makeTrainer(cfg, opened, data) }
	case cfg == s.runCfg:
		return func() (trainer, error) { return tr, nil }
	}
	return func() (trainer, error) { return s.makeTrainer(cfg, tr.Checkpoint(), data) }
}

// train makes the trainer of run r with settings cfg, trains on its own goroutine, and
// relays the progress until the run ends.
func (s *Session) train(ctx context.Context, r *activeRun, cfg cnn.Config, makeTrainer func() (trainer, error)) {
	tr, err := makeTrainer()
	if err != nil {
		s.finish(r, nil, err)
		return
	}
	s.mu.Lock()
	current := s.run == r // else Reset, Open or Stop discarded the run
	if current && tr != s.tr {
		s.tr, s.opened, s.still, s.runCfg = tr, nil, nil, cfg
	}
	if s.folder != "" && s.folderCfg.NeedsNewNetwork(cfg) {
		s.folder = "" // a new network is a new run
	}
	folder, models := s.folder, s.models
	s.mu.Unlock()
	var rec *recording
	if current {
		rec = s.startRecording(cfg, tr, models, folder)
	}
	progress := make(chan cnn.Progress, 1)
	result := make(chan error, 1)
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		result <- tr.Run(ctx, func(p cnn.Progress) { offerLatest(progress, p) })
	}()
	s.relay(r, tr, progress, result, func(err error) {
		if rec != nil {
			s.stopRecording(rec, tr, cfg, err)
		}
	})
}

// offerLatest puts p into ch, a channel of size one with a single sender, replacing the
// value waiting there if there is one: the receiver always gets the latest value and the
// sender never blocks.
func offerLatest(ch chan cnn.Progress, p cnn.Progress) {
	for {
		select {
		case ch <- p:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

// relay passes the run's progress to the listener at most once per interval, and its end
// once, with the progress of the last step first, after calling ended with it.
func (s *Session) relay(r *activeRun, tr trainer, progress <-chan cnn.Progress, result <-chan error, ended func(error)) {
	tick := time.NewTicker(s.interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			select {
			case p := <-progress:
				s.progressed(r, p)
			default:
			}
		case err := <-result:
			select {
			case p := <-progress:
				s.progressed(r, p)
			default:
			}
			ended(err)
			s.finish(r, tr, err)
			return
		}
	}
}

// progressed records and reports p, unless the run r was discarded.
func (s *Session) progressed(r *activeRun, p cnn.Progress) {
	s.mu.Lock()
	current := s.run == r
	if current {
		s.step = p.Step
	}
	s.mu.Unlock()
	if current {
		s.listener.Progressed(p)
	}
}

// finish records and reports the end of run r, unless it was discarded. tr is nil if the
// run's trainer could not be made.
func (s *Session) finish(r *activeRun, tr trainer, err error) {
	s.mu.Lock()
	current := s.run == r
	if current {
		s.run = nil
		if tr != nil {
			s.step = tr.Step() // the run has returned: this does not wait
		}
	}
	step := s.step
	s.mu.Unlock()
	r.cancel()
	if !current || r.quiet {
		return
	}
	var diverged *cnn.DivergedError
	switch {
	case err == nil:
		test, _ := tr.Snapshot().History.LatestTest()
		s.log.Printf("training finished step=%d test_accuracy=%.4f", step, test.Accuracy)
	case errors.Is(err, context.Canceled):
		s.log.Printf("training paused step=%d", step)
	case errors.As(err, &diverged):
		s.log.Printf("training diverged step=%d loss=%v", diverged.Step, diverged.Loss)
	default:
		s.log.Printf("training failed step=%d: %v", step, err)
	}
	s.listener.Stopped(step, err)
}

// Stop cancels the run in progress, if any, and calls done on a goroutine once every run
// goroutine has returned. Unlike a pause, the end of the run is neither reported nor
// followed by an evaluation.
func (s *Session) Stop(done func()) {
	s.mu.Lock()
	if s.run != nil {
		s.run.quiet = true
		s.run.cancel()
		s.log.Printf("training stopped step=%d", s.step)
	}
	s.mu.Unlock()
	go func() {
		s.runs.Wait()
		done()
	}()
}
