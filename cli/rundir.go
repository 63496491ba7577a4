package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"convscope/cnn"
	"convscope/internal/atomicfile"
	"convscope/internal/runlock"
)

// openRunFolder makes dir ready for train to write a run into: it creates dir if missing,
// takes its lock (refused while another process trains into it), refuses a folder that
// already holds a model unless this run continues that model's run (ck, read from
// resumePath, is that model or one of the same run's settings), and removes the temporary
// files that saves cut short by a crash left there. The caller releases the lock when it
// has written the run.
func openRunFolder(dir string, ck *cnn.Checkpoint, resumePath string) (*runlock.Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := runlock.Acquire(dir)
	if err != nil {
		return nil, err
	}
	if err := checkRunFolder(dir, ck, resumePath); err != nil {
		lock.Release()
		return nil, err
	}
	atomicfile.RemoveTemporaries(dir)
	return lock, nil
}

// checkRunFolder returns an error if dir holds a model that the run of ck (nil for a new
// run) must not replace: any model for a new run, and for a resumed one a model of
// another run's settings.
func checkRunFolder(dir string, ck *cnn.Checkpoint, resumePath string) error {
	path := filepath.Join(dir, modelFile)
	existing, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if ck == nil {
		return fmt.Errorf("%s already holds a model (%s): continue its run with -resume %s, or give another -out", dir, path, path)
	}
	if resumed, err := os.Stat(resumePath); err == nil && os.SameFile(existing, resumed) {
		return nil
	}
	other, err := cnn.ReadCheckpoint(path)
	if err != nil {
		return fmt.Errorf("%s already holds a model that cannot be read (%v): give another -out", dir, err)
	}
	if other.Config.NeedsNewNetwork(ck.Config) {
		return fmt.Errorf("%s already holds the model of another run (%s): give another -out", dir, path)
	}
	return nil
}

// savedButNot is saveRun's error when the model was saved but other files of the run were
// not.
type savedButNot struct {
	model string
	err   error
}

func (e *savedButNot) Error() string {
	return fmt.Sprintf("saved the model to %s, but not these files: %s", e.model, oneLine(e.err))
}

func (e *savedButNot) Unwrap() error { return e.err }

// modelSaved returns nil if err is nil, else the error saying that the model at path was
// saved and what else failed (err).
func modelSaved(path string, err error) error {
	if err == nil {
		return nil
	}
	return &savedButNot{model: path, err: err}
}

// saveFailure returns the error train reports when saving the run failed with err after
// training ended with runErr (nil if it ran to the end): what was saved and what not, and
// why training stopped.
func saveFailure(err, runErr error) error {
	msg := oneLine(err)
	if !errors.As(err, new(*savedButNot)) {
		msg += "; the model was not saved, so this training is lost"
	}
	if runErr != nil {
		msg += " (training had stopped: " + oneLine(runErr) + ")"
	}
	return errors.New(msg)
}

// oneLine returns err's message with its lines (errors.Join's) joined by "; ".
func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
