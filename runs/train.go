package runs

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/internal/runlock"
	"convscope/internal/tr"
)

// OpenFolder makes dir ready to train a run into: it creates dir if missing, takes its
// lock (refused while another process trains into it, naming that process), refuses a
// folder that already holds a model unless this run continues that model's run (ck, read
// from resumePath, is that model or one of the same run's settings), and removes the
// temporary files that saves cut short by a crash left there. The caller releases the
// lock when it has saved the run.
func OpenFolder(dir string, ck *cnn.Checkpoint, resumePath string) (*runlock.Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := runlock.Acquire(dir)
	if errors.Is(err, runlock.ErrHeld) {
		return nil, tr.Errorf("%s is being trained into by process %s (%w): wait for it to finish or use another folder", dir, lockHolder(dir), inUse{})
	}
	if err != nil {
		return nil, err
	}
	if err := checkFolder(dir, ck, resumePath); err != nil {
		lock.Release()
		return nil, err
	}
	atomicfile.RemoveTemporaries(dir)
	return lock, nil
}

// lockHolder returns the id of the process that holds the lock of the run folder dir, as
// its lock file names it, or "unknown" (as runlock says).
func lockHolder(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, runlock.FileName))
	if pid, convErr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && convErr == nil && pid > 0 {
		return strconv.Itoa(pid)
	}
	return "unknown"
}

// inUse is runlock.ErrHeld in the current language: errors.Is finds ErrHeld in it.
type inUse struct{}

func (inUse) Error() string        { return tr.T("the folder is in use") }
func (inUse) Is(target error) bool { return target == runlock.ErrHeld }

// checkFolder returns an error if dir holds a model that the run of ck (nil for a new
// run) must not replace: any model for a new run, and for a resumed one a model of
// another run's settings.
func checkFolder(dir string, ck *cnn.Checkpoint, resumePath string) error {
	path := filepath.Join(dir, ModelFile)
	existing, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if ck == nil {
		return tr.Errorf("%s already holds a model (%s): continue its run with -resume %s, or give another -out", dir, path, path)
	}
	if resumed, err := os.Stat(resumePath); err == nil && os.SameFile(existing, resumed) {
		return nil
	}
	other, err := cnn.ReadCheckpoint(path)
	if err != nil {
		return tr.Errorf("%s already holds a model that cannot be read (%v): give another -out", dir, err)
	}
	if other.Config.NeedsNewNetwork(ck.Config) {
		return tr.Errorf("%s already holds the model of another run (%s): give another -out", dir, path)
	}
	return nil
}

// PartlySaved is the error of a save that wrote the model but not every other file.
type PartlySaved struct {
	Model string // the path of the saved model
	Err   error  // what failed
}

func (e *PartlySaved) Error() string {
	return tr.F("saved the model to %s, but not these files: %s", e.Model, OneLine(e.Err))
}

func (e *PartlySaved) Unwrap() error { return e.Err }

// Save writes a run into its folder dir: the model ck, its history as metrics.csv, its
// health records as health.csv, then the record r. The model goes first, so that nothing after it can lose it: if it is
// saved and another file is not, the rest are still written and the error is a
// *PartlySaved.
func Save(dir string, ck *cnn.Checkpoint, r Record) error {
	model := filepath.Join(dir, ModelFile)
	if err := ck.Save(model); err != nil {
		return err
	}
	metricsErr := WriteMetrics(filepath.Join(dir, MetricsFile), ck.History, ck.Config.Batch)
	healthErr := WriteHealth(filepath.Join(dir, HealthFile), ck.Recording.Health)
	if err := errors.Join(metricsErr, healthErr, Write(dir, r)); err != nil {
		return &PartlySaved{Model: model, Err: err}
	}
	return nil
}

// WriteMetrics writes the history h of a run of batch examples per step as CSV (see
// cnn.History.WriteCSV) at path, atomically.
func WriteMetrics(path string, h cnn.History, batch int) error {
	return atomicfile.Write(path, func(w io.Writer) error { return h.WriteCSV(w, batch, mnist.TrainLen) })
}

// WriteHealth writes the health records of a run as CSV (see cnn.WriteHealthCSV) at
// path, atomically.
func WriteHealth(path string, records []cnn.HealthRecord) error {
	return atomicfile.Write(path, func(w io.Writer) error { return cnn.WriteHealthCSV(w, records) })
}

// SaveFailure returns the error of a run whose save failed with err after training ended
// with runErr (nil if it ran to the end): what was saved and what not, and why training
// stopped.
func SaveFailure(err, runErr error) error {
	msg := OneLine(err)
	if !errors.As(err, new(*PartlySaved)) {
		msg = tr.F("%s; the model was not saved, so this training is lost", msg)
	}
	if runErr != nil {
		msg = tr.F("%s (training had stopped: %s)", msg, OneLine(runErr))
	}
	return errors.New(msg)
}

// OneLine returns err's message with its lines (errors.Join's) joined by "; ".
func OneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// Job is a run to train into a run folder.
type Job struct {
	Config     cnn.Config
	Resume     *cnn.Checkpoint // the model to continue, or nil for a new run
	ResumePath string          // where Resume was read from
	Dir        string          // the run folder
	Name       string          // the run's name; "" keeps the folder's record's, or makes one
	Sweep      string          // the sweep the run is part of, or ""
	Train      *mnist.Set
	Test       *mnist.Set
	// Project, if set, maps the embedding of the run's recording at its evaluations (see
	// cnn.Trainer.Project).
	Project cnn.Projector
	// Started, if set, is called with the trainer before its first step, to watch its
	// snapshots; Progress, if set, after every step (see cnn.Trainer.Run).
	Started  func(*cnn.Trainer)
	Progress func(cnn.Progress)
}

// Train trains job into its folder: it opens the folder (OpenFolder), records the run in
// its run.json from the start (status Training), trains until the last step, ctx's end
// or divergence, and saves the run (Save) with its status. It returns the record and
// the checkpoint saved, with the run's error (nil, context.Canceled or a
// *cnn.DivergedError). When the save fails it returns a nil checkpoint and the error of
// SaveFailure; when the run cannot start, that error.
func Train(ctx context.Context, job Job) (Record, *cnn.Checkpoint, error) {
	lock, err := OpenFolder(job.Dir, job.Resume, job.ResumePath)
	if err != nil {
		return Record{}, nil, err
	}
	defer lock.Release()
	var trainer *cnn.Trainer
	if job.Resume != nil {
		trainer, err = cnn.Resume(job.Resume, job.Config, job.Train, job.Test)
	} else {
		trainer, err = cnn.NewTrainer(job.Config, job.Train, job.Test)
	}
	if err != nil {
		return Record{}, nil, err
	}
	trainer.Project = job.Project
	record := job.record(time.Now())
	record.Update(trainer.History(), Training)
	if err := Write(job.Dir, record); err != nil {
		return Record{}, nil, err
	}
	if job.Started != nil {
		job.Started(trainer)
	}
	runErr := trainer.Run(ctx, job.Progress)
	ck := trainer.Checkpoint()
	record.Update(ck.History, StatusOf(job.Config, ck.History, runErr))
	if err := Save(job.Dir, ck, record); err != nil {
		return record, nil, SaveFailure(err, runErr)
	}
	return record, ck, runErr
}

// record returns the record of the job's run (see RecordIn), with the job's name and
// sweep if it is a new run: a run continued keeps the name it has, which its user may
// have changed.
func (job Job) record(now time.Time) Record {
	if r, ok := continuedRecord(job.Dir, job.Config, job.Resume != nil); ok {
		return r
	}
	name := job.Name
	if name == "" {
		name = Name(job.Config, now)
	}
	r := NewRecord(name, job.Config, now)
	r.Sweep = job.Sweep
	return r
}

// RecordIn returns the record of a run of cfg in the run folder dir: the one the folder
// holds, with cfg's settings, for a run that continues the folder's; else a new record
// (named by Name) started at now.
func RecordIn(dir string, cfg cnn.Config, continues bool, now time.Time) Record {
	if r, ok := continuedRecord(dir, cfg, continues); ok {
		return r
	}
	return NewRecord(Name(cfg, now), cfg, now)
}

// continuedRecord returns the record of the run folder dir with cfg's settings, if the
// run continues and the folder has a record.
func continuedRecord(dir string, cfg cnn.Config, continues bool) (Record, bool) {
	if !continues {
		return Record{}, false
	}
	r, err := Read(dir)
	if err != nil {
		return Record{}, false
	}
	r.Settings = SettingsOf(cfg)
	return r, true
}
