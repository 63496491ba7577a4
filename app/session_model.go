package app

import (
	"errors"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
)

// Open reads the model saved at path on a goroutine and, if it is valid, makes it the
// session's model, discarding the current one and its run, and its settings the
// session's; the evolution of its features it keeps, if any, goes on recording as it
// trains on. It calls done with nil or an error saying what is wrong with the file.
func (s *Session) Open(path string, done func(error)) {
	go func() {
		ck, err := cnn.ReadCheckpoint(path)
		if err != nil {
			s.log.Printf("model error: %v", err)
			done(err)
			return
		}
		s.mu.Lock()
		s.discardLocked()
		cfg := ck.Config
		cfg.Workers = s.workers
		s.saved, s.runCfg, s.settings, s.settingsErr = ck, cfg, cfg, nil
		s.step, s.savedStep = ck.Step, ck.Step
		if len(ck.Evolution.Input) > 0 {
			s.explained.evolution = explain.NewRecorderFrom(ck.Evolution)
		}
		s.mu.Unlock()
		s.log.Printf("model opened path=%s step=%d", path, ck.Step)
		done(nil)
	}()
}

// errNothingToSave is Save's error when no model has been trained or opened.
var errNothingToSave = errors.New("there is no model to save yet: train one first")

// Save writes the model and the evolution of its features recorded so far to path on a
// goroutine (atomically: see cnn.Checkpoint.Save) and calls done with nil or the error.
func (s *Session) Save(path string, done func(error)) {
	s.mu.Lock()
	tr, saved, generation, evolution := s.tr, s.saved, s.generation, s.explained.evolution
	s.mu.Unlock()
	go func() {
		ck := saved
		if tr != nil {
			ck = tr.Checkpoint()
		}
		if ck == nil {
			done(errNothingToSave)
			return
		}
		if evolution != nil {
			recorded := *ck
			recorded.Evolution = evolution.Evolution(ck.Step)
			ck = &recorded
		}
		if err := ck.Save(path); err != nil {
			done(err)
			return
		}
		s.mu.Lock()
		if s.generation == generation {
			s.savedStep = ck.Step
		}
		s.mu.Unlock()
		s.log.Printf("model saved path=%s step=%d", path, ck.Step)
		done(nil)
	}()
}

// Evaluate classifies the test set with the current model on a goroutine and reports the
// result through the listener's Evaluated. It returns false, and does nothing, without
// data or while an evaluation is going on.
func (s *Session) Evaluate() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil || s.evaluating {
		return false
	}
	s.evaluating = true
	tr, test, generation, step := s.tr, s.data.Test, s.generation, s.step
	go func() {
		var e *cnn.Evaluation
		if tr != nil {
			step = tr.Step()
			e = tr.Evaluate()
		} else {
			e = s.Network().Evaluate(test.Images, test.Labels, s.workers)
		}
		ev := &evaluation{Evaluation: e, Step: step}
		s.mu.Lock()
		s.evaluating = false
		current := s.generation == generation
		if current {
			s.evaluation = ev
		}
		s.mu.Unlock()
		if current {
			s.log.Printf("evaluated step=%d accuracy=%.4f", step, e.Accuracy())
			s.listener.Evaluated(ev)
		}
	}()
	return true
}

// Evaluation returns the latest evaluation of the current model, or nil.
func (s *Session) Evaluation() *evaluation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.evaluation
}

// Network returns the current model's network, to trace inputs through: a snapshot of the
// trainer's, the one opened, or, before any training, the untrained network of the
// settings. The network is never written again. Building an untrained network takes a
// moment, without holding the session's lock: call Network off the UI goroutine.
func (s *Session) Network() *cnn.Network {
	s.mu.Lock()
	net, cfg := s.networkLocked(), s.settings
	s.mu.Unlock()
	if net != nil {
		return net
	}
	net = s.newNetwork(cfg)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fresh == nil || s.freshCfg.NeedsNewNetwork(cfg) {
		s.fresh, s.freshCfg = net, cfg
	}
	return net
}

// networkLocked returns the current model's network, or nil if it is an untrained network
// that has yet to be built.
func (s *Session) networkLocked() *cnn.Network {
	switch {
	case s.tr != nil:
		return s.tr.Snapshot()
	case s.saved != nil:
		return s.saved.Network
	case s.fresh != nil && !s.freshCfg.NeedsNewNetwork(s.settings):
		return s.fresh
	}
	return nil
}

// model is what the pictures of a whole model are made of.
type model struct {
	Net     *cnn.Network
	History cnn.History
	Batch   int // examples per step, for the epochs of the history
}

// Model returns the current model's network, history and batch size. It waits for the
// training step in progress: call it off the UI goroutine.
func (s *Session) Model() model {
	s.mu.Lock()
	tr, saved, batch := s.tr, s.saved, s.runCfg.Batch
	s.mu.Unlock()
	m := model{Net: s.Network(), Batch: batch}
	switch {
	case tr != nil:
		m.History = tr.History()
	case saved != nil:
		m.History = saved.History
	}
	return m
}

// TestSet returns the MNIST test set, or nil before the data is loaded.
func (s *Session) TestSet() *mnist.Set {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		return nil
	}
	return s.data.Test
}

// input is what the Feature maps tab shows the network: the drawing, or an image of the
// test set.
type input struct {
	X     []float32 // mnist.Pixels values in [0, 1], 1 being ink; nil for no input
	Index int       // the test image's index, or -1 for the drawing
}

// SetInput makes in the input to inspect. The session keeps in.X: the caller must not
// change it afterwards.
func (s *Session) SetInput(in input) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.input = in
}

// Input returns the input to inspect.
func (s *Session) Input() input {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.input
}

// EdgesInput returns the input the edge detectors are compared on: the input inspected,
// or test image 0 if there is none, or no input (X nil) before the data is loaded.
func (s *Session) EdgesInput() input {
	if in := s.Input(); in.X != nil {
		return in
	}
	if test := s.TestSet(); test != nil {
		return input{X: test.Image(0), Index: 0}
	}
	return input{Index: -1}
}
