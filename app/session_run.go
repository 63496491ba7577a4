package app

import (
	"context"
	"errors"
	"time"

	"convscope/cnn"
	"convscope/cnn/explain"
)

// activeRun is a run in progress.
type activeRun struct {
	cancel  context.CancelFunc
	pausing bool // Toggle asked it to pause
	quiet   bool // Stop cancelled it: its end is not reported
}

// Toggle starts or resumes training with the current settings or, while a run is going
// on, asks it to pause: it stops after the step in progress and Stopped reports it. It
// returns why training cannot start (no data, invalid settings, settings that need a
// Reset, all steps done), or nil.
func (s *Session) Toggle() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != nil {
		if !s.run.pausing {
			s.run.pausing = true
			s.run.cancel()
		}
		return nil
	}
	if err := s.startErrLocked(); err != nil {
		return err
	}
	makeTrainer, cfg := s.trainerLocked(), s.settings
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

// trainerLocked returns the function that makes the trainer of a run with the current
// settings, which takes a moment: the model's own trainer if they are its settings, one
// continuing the model if only the steps or the evaluation interval changed, or a fresh
// one. The caller has checked startErrLocked, so settings that need a fresh network come
// only with an untrained model.
func (s *Session) trainerLocked() func() (trainer, error) {
	cfg, data, tr, saved := s.settings, s.data, s.tr, s.saved
	switch {
	case tr == nil && saved == nil, s.runCfg.NeedsNewNetwork(cfg):
		s.newModelLocked()
		return func() (trainer, error) { return s.makeTrainer(cfg, nil, data) }
	case tr == nil:
		return func() (trainer, error) { return s.makeTrainer(cfg, saved, data) }
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
	var evolution *explain.Recorder
	s.mu.Lock()
	if s.run == r && tr != s.tr {
		s.tr, s.saved, s.runCfg = tr, nil, cfg
		evolution = s.evolutionLocked()
	}
	s.mu.Unlock()
	if evolution != nil {
		tr.Watch(explain.LogStep, evolution.Record)
	}
	progress := make(chan cnn.Progress, 1)
	result := make(chan error, 1)
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		result <- tr.Run(ctx, func(p cnn.Progress) { offerLatest(progress, p) })
	}()
	s.relay(r, tr, progress, result)
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
// once, with the progress of the last step first.
func (s *Session) relay(r *activeRun, tr trainer, progress <-chan cnn.Progress, result <-chan error) {
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

// finish records and reports the end of run r, unless it was discarded, and evaluates the
// model it leaves. tr is nil if the run's trainer could not be made.
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
		test, _ := tr.History().LatestTest()
		s.log.Printf("training finished step=%d test_accuracy=%.4f", step, test.Accuracy)
	case errors.Is(err, context.Canceled):
		s.log.Printf("training paused step=%d", step)
	case errors.As(err, &diverged):
		s.log.Printf("training diverged step=%d loss=%v", diverged.Step, diverged.Loss)
	default:
		s.log.Printf("training failed step=%d: %v", step, err)
	}
	s.listener.Stopped(step, err)
	s.Evaluate()
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

// Reset discards the model: a run in progress is cancelled and forgotten, and the next
// run starts a fresh network with the current settings.
func (s *Session) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.discardLocked()
	s.runCfg = s.settings
	s.log.Printf("reset")
}

// discardLocked forgets the model and its run, which is cancelled.
func (s *Session) discardLocked() {
	if s.run != nil {
		s.run.cancel()
		s.run = nil
	}
	s.tr, s.saved = nil, nil
	s.step, s.savedStep = 0, 0
	s.newModelLocked()
}

// newModelLocked starts a new model: evaluations and explanations of the old one are
// dropped.
func (s *Session) newModelLocked() {
	s.evaluation = nil
	s.explained = explanations{}
	s.generation++
}
