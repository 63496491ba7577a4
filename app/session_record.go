package app

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"convscope/cnn"
	"convscope/internal/runlock"
	"convscope/runs"
)

// recording is a run of the session's model being recorded in the run library: its
// folder, locked while the run trains, and its record.
type recording struct {
	dir    string
	lock   *runlock.Lock
	record runs.Record
	models int // the model it records (see Session.models)
}

// startRecording records the run of cfg that tr is about to train for the model counted
// models in the run library: in folder, the folder of the model's earlier runs or of the
// run it was opened from, if the run continues theirs ("" if not) and the folder holds no
// model further on (trained there since by another run); else in a new folder. It locks
// the folder and writes the record, with status training. It returns nil if recording is
// off, or if the folder cannot be used, having reported why to the listener; the run then
// trains unrecorded. It is called on the run's goroutine.
func (s *Session) startRecording(cfg cnn.Config, tr trainer, models int, folder string) *recording {
	if s.library == "" {
		return nil
	}
	dir, continues, now := folder, folder != "", time.Now()
	if r, err := runs.Read(dir); continues && err == nil && r.StepsDone > tr.Snapshot().Step {
		continues = false
	}
	if !continues {
		var err error
		if dir, err = runs.NewFolder(s.library, runs.Name(cfg, now)); err != nil {
			s.listener.RunSaved("", err)
			return nil
		}
	}
	lock, err := runlock.Acquire(dir)
	if err != nil {
		s.listener.RunSaved(dir, err)
		return nil
	}
	rec := &recording{dir: dir, lock: lock, record: runs.RecordIn(dir, cfg, continues, now), models: models}
	rec.record.Update(tr.Snapshot().History, runs.Training)
	if err := runs.Write(dir, rec.record); err != nil {
		lock.Release()
		s.listener.RunSaved(dir, err)
		return nil
	}
	s.mu.Lock()
	if s.models == models {
		s.folder, s.folderCfg = dir, cfg
	}
	s.mu.Unlock()
	s.log.Printf("run recorded dir=%s", dir)
	return rec
}

// stopRecording saves the run of rec, which tr trained with settings cfg and ended with
// err, into its folder, releases the folder and reports the save to the listener. A
// saved model counts as saved. It is called on the run's goroutine, before the end of
// the run is reported.
func (s *Session) stopRecording(rec *recording, tr trainer, cfg cnn.Config, err error) {
	defer rec.lock.Release()
	ck := tr.Checkpoint()
	rec.record.Update(ck.History, runs.StatusOf(cfg, ck.History, err))
	err = runs.Save(rec.dir, ck, rec.record)
	s.listener.RunSaved(rec.dir, err)
	if err != nil && !errors.As(err, new(*runs.PartlySaved)) {
		s.log.Printf("run not saved dir=%s: %v", rec.dir, err)
		return
	}
	s.mu.Lock()
	if s.models == rec.models {
		s.savedStep = ck.Step
	}
	s.mu.Unlock()
	s.log.Printf("run saved dir=%s step=%d", rec.dir, ck.Step)
}

// runFolderOf returns the run folder that the model file path is the model of, or "" if
// it is not a run folder's model.
func runFolderOf(path string) string {
	dir := filepath.Dir(path)
	if filepath.Base(path) != runs.ModelFile {
		return ""
	}
	if _, err := os.Stat(filepath.Join(dir, runs.RecordFile)); err != nil {
		return ""
	}
	return dir
}

// ForgetFolder makes the model's next run record itself in a new folder if its folder
// is dir, which was deleted; the model's training counts as unsaved again.
func (s *Session) ForgetFolder(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.folder == dir {
		s.folder, s.savedStep = "", 0
	}
}

// Folder returns the run folder of the session's model, or "" if it has none yet.
func (s *Session) Folder() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.folder
}
