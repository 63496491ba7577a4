package app

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"convscope/cnn"
)

// Session is the state of the app apart from its widgets: the MNIST data, the settings,
// the trainer and its run, the model trained or opened, the latest evaluation of the test
// set, and the input being inspected. It owns the training goroutine: Toggle starts,
// pauses and resumes runs, Reset discards them, Open and Save read and write models.
//
// Its methods may be called from any goroutine and none of them waits for a training step,
// so the UI goroutine may call them freely, except Model, which does wait. What
// the background work produces arrives through the sessionListener (runs, evaluations) and
// the callbacks given to Load, Open and Save, called on the session's own goroutines.
type Session struct {
	makeTrainer makeTrainer
	newNetwork  func(cnn.Config) *cnn.Network
	loadData    func(dir string) (*dataset, error)
	listener    sessionListener
	log         *eventLog
	interval    time.Duration
	workers     int
	runs        sync.WaitGroup // every run goroutine, including discarded ones

	mu          sync.Mutex
	loading     bool
	data        *dataset
	settings    cnn.Config // the latest valid settings
	settingsErr error      // what is wrong with the settings as typed, or nil
	tr          trainer    // the model's trainer: nil before the first run of a model
	saved       *cnn.Checkpoint
	runCfg      cnn.Config // the settings the model was trained with
	step        int        // steps the model has been trained
	savedStep   int        // step of the model when it was last saved or opened
	generation  int        // counts models: a Reset or Open starts a new one
	run         *activeRun
	evaluating  bool
	evaluation  *evaluation
	fresh       *cnn.Network // the untrained network of freshCfg's seed
	freshCfg    cnn.Config
	input       input
	explained   explanations // what the Zeiler-Fergus views of the model need kept
}

// sessionListener hears what a Session's background work produces. Its methods are called
// on the session's goroutines, one at a time per run, and must return quickly.
type sessionListener interface {
	// Progressed reports a run's latest progress, at most once per progress interval.
	Progressed(p cnn.Progress)
	// Stopped reports the end of a run after step steps: err is nil when every step is
	// done, context.Canceled when it was paused, a *cnn.DivergedError when the loss went
	// NaN (the last good model is kept), or another error. Runs discarded by Reset or
	// Open are not reported.
	Stopped(step int, err error)
	// Evaluated reports a classification of the whole test set by the current model.
	Evaluated(e *evaluation)
}

// sessionOptions configures NewSession.
type sessionOptions struct {
	Settings    cnn.Config // the initial settings; Workers is kept for every run
	MakeTrainer makeTrainer
	// NewNetwork returns the untrained network of a run's settings, to inspect inputs
	// with before training; nil means cnn.NewReference.
	NewNetwork func(cnn.Config) *cnn.Network
	LoadData   func(dir string) (*dataset, error)
	Listener   sessionListener
	Log        *eventLog
	// ProgressInterval is the shortest time between two Progressed calls; 0 means 100 ms.
	ProgressInterval time.Duration
}

// defaultProgressInterval keeps progress updates to ten a second.
const defaultProgressInterval = 100 * time.Millisecond

// newSession returns a session with the given options and no data. It panics if the
// settings are invalid or MakeTrainer, LoadData or Listener is missing.
func newSession(o sessionOptions) *Session {
	if err := o.Settings.Validate(); err != nil {
		panic("app: invalid initial settings: " + err.Error())
	}
	if o.MakeTrainer == nil || o.LoadData == nil || o.Listener == nil {
		panic("app: a session needs MakeTrainer, LoadData and Listener")
	}
	interval := o.ProgressInterval
	if interval <= 0 {
		interval = defaultProgressInterval
	}
	newNetwork := o.NewNetwork
	if newNetwork == nil {
		newNetwork = func(c cnn.Config) *cnn.Network { return cnn.NewReference(c.Seed, c.KeepProb) }
	}
	return &Session{
		makeTrainer: o.MakeTrainer, newNetwork: newNetwork, loadData: o.LoadData, listener: o.Listener, log: o.Log,
		interval: interval, workers: o.Settings.Workers,
		settings: o.Settings, runCfg: o.Settings,
		input: input{Index: -1},
	}
}

// sessionStatus is a consistent view of a session for the widgets.
type sessionStatus struct {
	Loading  bool
	Data     *dataset // nil until loaded
	Running  bool     // a run is going on
	Pausing  bool     // the run was asked to pause and has not stopped yet
	Step     int      // steps the model has been trained
	Settings cnn.Config
	// SettingsErr is what is wrong with the settings as typed; Settings are the last
	// valid ones.
	SettingsErr error
	// NewNetworkChanges lists the settings that differ from the model's and need a fresh
	// network, when the model has been trained.
	NewNetworkChanges []string
	// StartErr says why Train cannot start now, or is nil.
	StartErr   error
	HasModel   bool // a model has been trained or opened
	Unsaved    bool // the model has steps that were not saved
	Evaluating bool
}

// TrainLabel returns the label of the Train button: Train, Pause, Pausing…, or Resume
// when the model has steps left to train.
func (st sessionStatus) TrainLabel() string {
	switch {
	case st.Pausing:
		return "Pausing…"
	case st.Running:
		return "Pause"
	case st.Step > 0 && st.Step < st.Settings.Steps:
		return "Resume"
	}
	return "Train"
}

// TrainEnabled reports whether the Train button does something now.
func (st sessionStatus) TrainEnabled() bool {
	if st.Running {
		return !st.Pausing
	}
	return st.StartErr == nil
}

// Status returns the session's state.
func (s *Session) Status() sessionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := sessionStatus{
		Loading: s.loading, Data: s.data,
		Running: s.run != nil, Pausing: s.run != nil && s.run.pausing,
		Step: s.step, Settings: s.settings, SettingsErr: s.settingsErr,
		HasModel:   s.tr != nil || s.saved != nil,
		Unsaved:    s.step > s.savedStep,
		Evaluating: s.evaluating,
	}
	if s.step > 0 {
		st.NewNetworkChanges = newNetworkChanges(s.runCfg, s.settings)
	}
	st.StartErr = s.startErrLocked()
	return st
}

// startErrLocked says why a run cannot start now, or returns nil.
func (s *Session) startErrLocked() error {
	switch {
	case s.data == nil:
		return errors.New("the MNIST data is not loaded yet")
	case s.settingsErr != nil:
		return s.settingsErr
	}
	if s.step > 0 {
		if changes := newNetworkChanges(s.runCfg, s.settings); len(changes) > 0 {
			return needsResetError(changes)
		}
	}
	if s.step >= s.settings.Steps {
		return fmt.Errorf("all %d steps are done: raise Total steps to train on, or press Reset", s.settings.Steps)
	}
	return nil
}

// needsResetError says that the settings named changes need a fresh network.
func needsResetError(changes []string) error {
	return fmt.Errorf("%s changed: that needs a fresh network. Press Reset to start one, or change it back to continue this one",
		strings.Join(changes, ", "))
}

// SetSettings parses the texts of the settings panel (see settingFields) and keeps the
// settings if they are valid. It returns what is wrong with them, which Status also
// reports, or nil. The settings apply to the next run.
func (s *Session) SetSettings(texts []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg, err := parseSettings(s.settings, texts)
	s.settingsErr = err
	if err == nil {
		s.settings = cfg
	}
	return err
}

// Load locates and loads the MNIST data on a goroutine: from dir, or from the default
// places when dir is "". It calls done with the data or the error, whose message says how
// to fix the problem. Load does nothing while a load is going on.
func (s *Session) Load(dir string, done func(*dataset, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loading {
		return
	}
	s.loading = true
	go func() {
		d, err := s.loadData(dir)
		s.mu.Lock()
		s.loading = false
		if err == nil {
			s.data = d
		}
		s.mu.Unlock()
		if err != nil {
			s.log.Printf("data error: %v", err)
		} else {
			s.log.Printf("data loaded dir=%s train=%d test=%d seconds=%.2f", d.Dir, d.Train.Len(), d.Test.Len(), d.Took.Seconds())
		}
		done(d, err)
	}()
}
