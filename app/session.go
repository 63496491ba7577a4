package app

import (
	"sync"
	"time"

	"convscope/cnn"
	"convscope/internal/tr"
)

// Session is the model the app trains and shows, apart from any widget: it trains,
// pauses, resets, opens and saves it, and publishes it as immutable, versioned snapshots
// (cnn.Snapshot) that every view reads. It owns the training goroutine: Toggle starts,
// pauses and resumes runs, Reset discards them, Open and Save read and write models.
//
// Its methods may be called from any goroutine and none of them waits for a training
// step. What the background work produces arrives through the sessionListener (a run's
// progress and end) and through the callbacks given to Reset, Open and Save, called on
// the session's own goroutines.
type Session struct {
	makeTrainer makeTrainer
	newNetwork  func(cnn.Config) *cnn.Network
	listener    sessionListener
	log         *eventLog
	interval    time.Duration
	library     string         // the run library, or "" to record no runs
	runs        sync.WaitGroup // every run goroutine, including discarded ones

	mu        sync.Mutex
	tr        trainer         // the model's trainer: nil before the first run of a model
	opened    *cnn.Checkpoint // the model opened, until it trains
	run       *activeRun
	step      int        // steps the model has been trained
	savedStep int        // step of the model when it was last saved or opened
	runCfg    cnn.Config // the settings the model was trained with, or will be
	// still is the model's snapshot while it has no trainer: the one opened, or an
	// untrained network; nil until the first is built.
	still *cnn.Snapshot
	// folder is the run folder of the model in the library: of its runs so far, or the
	// one it was opened from; "" for none yet. folderCfg is the settings of its run.
	folder    string
	folderCfg cnn.Config
	// models counts the models: Reset, Open and every untrained network start a new one.
	// The work of an earlier model (an untrained network being built, a save) does not
	// change a later one.
	models int
}

// sessionListener hears how a Session's runs go. Its methods are called on the session's
// goroutines, one at a time per run, and must return quickly.
type sessionListener interface {
	// Progressed reports a run's latest progress, at most once per progress interval.
	Progressed(p cnn.Progress)
	// Stopped reports the end of a run after step steps: err is nil when every step is
	// done, context.Canceled when it was paused, a *cnn.DivergedError when the loss went
	// NaN (the last good model is kept), or another error. Runs discarded by Reset or
	// Open are not reported.
	Stopped(step int, err error)
	// RunSaved reports that a run was saved in the run library's folder dir, with nil,
	// or could not be recorded or saved there, with the error (a *runs.PartlySaved when
	// the model was saved); dir is "" when no folder could be made. It comes before the
	// Stopped of the run.
	RunSaved(dir string, err error)
}

// sessionOptions configures newSession.
type sessionOptions struct {
	MakeTrainer makeTrainer
	// NewNetwork returns the untrained network of a run's valid settings, to inspect
	// inputs with before training; nil means cnn.Config.NewNetwork.
	NewNetwork func(cnn.Config) *cnn.Network
	Listener   sessionListener
	Log        *eventLog
	// ProgressInterval is the shortest time between two Progressed calls; 0 means
	// defaultProgressInterval.
	ProgressInterval time.Duration
	// Library is the run library the session records its runs in; "" records none.
	Library string
}

// defaultProgressInterval keeps progress updates to one a second. Each one changes the
// readout, and Fyne then paints the whole window again: without a graphics card, ten a
// second took a tenth of the processor from training, and on two cores that stalls both
// workers of a step (scripts/bench-app.sh).
const defaultProgressInterval = time.Second

// untrainedNetwork returns the untrained network of the valid settings c.
func untrainedNetwork(c cnn.Config) *cnn.Network {
	net, err := c.NewNetwork()
	if err != nil {
		panic("app: the untrained network of valid settings: " + err.Error())
	}
	return net
}

// newSession returns a session without a model: call Untrained to make one. It panics if
// MakeTrainer or Listener is missing.
func newSession(o sessionOptions) *Session {
	if o.MakeTrainer == nil || o.Listener == nil {
		panic("app: a session needs MakeTrainer and Listener")
	}
	interval := o.ProgressInterval
	if interval <= 0 {
		interval = defaultProgressInterval
	}
	newNetwork := o.NewNetwork
	if newNetwork == nil {
		newNetwork = untrainedNetwork
	}
	return &Session{makeTrainer: o.MakeTrainer, newNetwork: newNetwork, listener: o.Listener, log: o.Log, interval: interval, library: o.Library}
}

// Snapshot returns the model as it is now: the latest snapshot of its trainer, the model
// opened, or the untrained network; nil before the first untrained network is built. It
// never waits.
func (s *Session) Snapshot() *cnn.Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tr != nil {
		return s.tr.Snapshot()
	}
	return s.still
}

// sessionStatus is a consistent view of a session's model and run.
type sessionStatus struct {
	Running  bool       // a run is going on
	Pausing  bool       // the run was asked to pause and has not stopped yet
	Step     int        // steps the model has been trained
	RunCfg   cnn.Config // the settings the model was trained with
	HasModel bool       // a model has been trained or opened
	Unsaved  bool       // the model has steps that were not saved
}

// Status returns the session's state.
func (s *Session) Status() sessionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sessionStatus{
		Running: s.run != nil, Pausing: s.run != nil && s.run.pausing,
		Step: s.step, RunCfg: s.runCfg,
		HasModel: s.tr != nil || s.opened != nil,
		Unsaved:  s.step > s.savedStep,
	}
}

// Untrained makes the untrained network of cfg the model, if the model has not been
// trained or opened: it builds the network on a goroutine, then publishes it and calls
// done(true), unless a later Untrained, Reset or Open came meanwhile. When the model is
// already cfg's network it builds nothing and calls done at once: with true if it
// published the network again for cfg's other data set, else with false.
func (s *Session) Untrained(cfg cnn.Config, done func(replaced bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tr != nil || s.opened != nil {
		go done(false)
		return
	}
	s.runCfg = cfg
	s.models++ // a build still going on is of other settings now
	if s.still != nil && s.still.Config.SameNetwork(cfg) {
		other := s.still.Config.Data().Name != cfg.Data().Name
		if other {
			s.still = cnn.NewSnapshot(cnn.Snapshot{Config: cfg, Net: s.still.Net})
		}
		go done(other)
		return
	}
	models := s.models
	go func() {
		net := s.newNetwork(cfg)
		s.mu.Lock()
		current := s.models == models && s.tr == nil && s.opened == nil
		if current {
			s.still = cnn.NewSnapshot(cnn.Snapshot{Config: cfg, Net: net})
		}
		s.mu.Unlock()
		if current {
			done(true)
		}
	}()
}

// Reset discards the model: a run in progress is cancelled and forgotten, and the
// untrained network of cfg becomes the model; done is called once it is (see Untrained).
func (s *Session) Reset(cfg cnn.Config, done func(replaced bool)) {
	s.mu.Lock()
	s.discardLocked()
	s.log.Printf("reset")
	s.mu.Unlock()
	s.Untrained(cfg, done)
}

// discardLocked forgets the model and its run, which is cancelled.
func (s *Session) discardLocked() {
	if s.run != nil {
		s.run.cancel()
		s.run = nil
	}
	s.tr, s.opened, s.still, s.folder = nil, nil, nil, ""
	s.step, s.savedStep = 0, 0
	s.models++
}

// Open reads the model saved at path on a goroutine and, if it is valid, makes it the
// session's model, discarding the current one and its run. It calls done with the
// model's checkpoint, whose settings the next runs continue, or an error saying what is
// wrong with the file.
func (s *Session) Open(path string, done func(*cnn.Checkpoint, error)) {
	go func() {
		ck, err := cnn.ReadCheckpoint(path)
		if err != nil {
			s.log.Printf("model error: %v", err)
			done(nil, err)
			return
		}
		s.mu.Lock()
		s.discardLocked()
		s.opened, s.still, s.runCfg = ck, ck.Snapshot(), ck.Config
		s.folder, s.folderCfg = runFolderOf(path), ck.Config
		s.step, s.savedStep = ck.Step, ck.Step
		s.mu.Unlock()
		s.log.Printf("model opened path=%s step=%d", path, ck.Step)
		done(ck, nil)
	}()
}

// errNothingToSave is Save's error when no model has been trained or opened.
var errNothingToSave error = translatedError("there is no model to save yet: train one first")

// translatedError is an error whose message, in English, is translated into the current
// language when it is read: a sentinel error made at package initialisation, before the
// language is set, that the user sees. Its Error is shown as it is, not given to tr.T.
type translatedError string

func (e translatedError) Error() string { return tr.T(string(e)) }

// Save writes the model, with the evolution of its features recorded so far, to path on
// a goroutine (atomically: see cnn.Checkpoint.Save) and calls done with nil or the error.
func (s *Session) Save(path string, done func(error)) {
	s.mu.Lock()
	tr, ck, models := s.tr, s.opened, s.models
	s.mu.Unlock()
	go func() {
		if tr != nil {
			ck = tr.Checkpoint()
		}
		if ck == nil {
			done(errNothingToSave)
			return
		}
		if err := ck.Save(path); err != nil {
			done(err)
			return
		}
		s.mu.Lock()
		if s.models == models {
			s.savedStep = ck.Step
		}
		s.mu.Unlock()
		s.log.Printf("model saved path=%s step=%d", path, ck.Step)
		done(nil)
	}()
}
