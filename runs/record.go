package runs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"convscope/cnn"
	"convscope/internal/atomicfile"
	"convscope/internal/tr"
)

// The files of a run folder.
const (
	ModelFile   = "model.ckpt"  // the model, as cnn.Checkpoint.Save writes it
	MetricsFile = "metrics.csv" // the history, as cnn.History.WriteCSV writes it
	RecordFile  = "run.json"    // the Record
	HealthFile  = "health.csv"  // the health records, as cnn.WriteHealthCSV writes them
)

// Status says how a run stands.
type Status string

// The statuses of a run.
const (
	Training Status = "training" // a process is training it (or was, and ended without a word)
	Paused   Status = "paused"   // stopped before its last step; it can be resumed
	Finished Status = "finished" // every step is done
	Diverged Status = "diverged" // its loss stopped being finite; the last good model is kept
)

// Text returns the status as a person reads it, in the current language; an unknown
// status, from a newer version, as it is written.
func (s Status) Text() string {
	switch s {
	case Training:
		return tr.T("training")
	case Paused:
		return tr.T("paused")
	case Finished:
		return tr.T("finished")
	case Diverged:
		return tr.T("diverged")
	}
	return string(s)
}

// Settings are the settings of a run that decide what it learns, as a user reads them.
type Settings struct {
	Preset       string  `json:"preset,omitempty"` // the preset whose architecture it is, if any
	Arch         string  `json:"arch"`             // the architecture, every argument spelled out
	Dataset      string  `json:"dataset"`
	Init         string  `json:"init"`
	Optimizer    string  `json:"optimizer"` // "adam", or "sgd with momentum 0.9"
	LearningRate float64 `json:"learning_rate"`
	Batch        int     `json:"batch"`
	KeepProb     float64 `json:"keep_probability"`
	WeightDecay  float64 `json:"weight_decay"`
	Seed         uint64  `json:"seed"`
	Steps        int     `json:"steps"`
	EvalEvery    int     `json:"eval_every"`
}

// SettingsOf returns the settings of a run of cfg.
func SettingsOf(cfg cnn.Config) Settings {
	return Settings{
		Preset: PresetOf(cfg), Arch: cfg.ArchText(), Dataset: cfg.Data().Name, Init: cfg.InitText(),
		Optimizer: cfg.OptimizerText(), LearningRate: cfg.LearningRate, Batch: cfg.Batch, KeepProb: cfg.KeepProb,
		WeightDecay: cfg.WeightDecay, Seed: cfg.Seed, Steps: cfg.Steps, EvalEvery: cfg.EvalEvery,
	}
}

// PresetOf returns the name of the preset whose architecture cfg has, or "" if it has
// another.
func PresetOf(cfg cnn.Config) string {
	arch := cfg.ArchText()
	for _, p := range cnn.Presets() {
		c := cnn.Config{}
		if c.SetArch(p.Spec) == nil && c.ArchText() == arch {
			return p.Name
		}
	}
	return ""
}

// Results are what a run's evaluations on the test set found.
type Results struct {
	FinalAccuracy float64 `json:"final_accuracy"` // at the last evaluation
	BestAccuracy  float64 `json:"best_accuracy"`
	BestStep      int     `json:"best_step"` // the step of the first evaluation that reached BestAccuracy
	// MeanLast8 is the mean accuracy of the last eight evaluations (of all, if fewer):
	// steadier than the last figure, which is one draw from the seed-to-seed spread.
	MeanLast8   float64 `json:"mean_last8_accuracy"`
	Evaluations int     `json:"evaluations"`
}

// ResultsOf returns the results of the evaluations in h, or nil if it has none.
func ResultsOf(h cnn.History) *Results {
	n := len(h.Test)
	if n == 0 {
		return nil
	}
	r := &Results{FinalAccuracy: h.Test[n-1].Accuracy, Evaluations: n}
	for _, p := range h.Test {
		if p.Accuracy > r.BestAccuracy || r.BestStep == 0 {
			r.BestAccuracy, r.BestStep = p.Accuracy, p.Step
		}
	}
	last := h.Test[max(0, n-8):]
	for _, p := range last {
		r.MeanLast8 += p.Accuracy
	}
	r.MeanLast8 /= float64(len(last))
	return r
}

// Record is what run.json says of a run.
type Record struct {
	Name     string    `json:"name"`
	Note     string    `json:"note,omitempty"`
	Sweep    string    `json:"sweep,omitempty"` // the sweep the run is part of, if any
	Settings Settings  `json:"settings"`
	Status   Status    `json:"status"`
	Started  time.Time `json:"started"`
	// StepsDone is the steps trained; WallSeconds the wall-clock time they took, the
	// evaluations between them included and pauses excluded; ImagesPerSecond the
	// training images per wall-clock second. Steps recorded without their time (by an
	// earlier ConvScope) count in neither figure.
	StepsDone       int      `json:"steps_done"`
	WallSeconds     float64  `json:"wall_seconds"`
	ImagesPerSecond float64  `json:"images_per_second"`
	Results         *Results `json:"results,omitempty"` // nil before the first evaluation
}

// NewRecord returns the record of a run named name of the settings cfg, started at
// started, with nothing trained yet.
func NewRecord(name string, cfg cnn.Config, started time.Time) Record {
	return Record{Name: name, Settings: SettingsOf(cfg), Status: Training, Started: started.UTC().Truncate(time.Second)}
}

// Update sets what r says of the run's progress from its history h and its status.
func (r *Record) Update(h cnn.History, status Status) {
	r.Status = status
	r.StepsDone, r.WallSeconds, r.ImagesPerSecond = 0, 0, 0
	if n := len(h.Train); n > 0 {
		last := h.Train[n-1]
		r.StepsDone, r.WallSeconds = last.Step, float64(last.Seconds)
		timed := 0 // the steps recorded with their time
		for _, p := range h.Train {
			if p.Seconds > 0 {
				timed++
			}
		}
		if r.WallSeconds > 0 {
			r.ImagesPerSecond = float64(timed*r.Settings.Batch) / r.WallSeconds
		}
	}
	r.Results = ResultsOf(h)
}

// StatusOf returns the status of a run of cfg that has trained h and ended with err (nil
// when it ran to its last step).
func StatusOf(cfg cnn.Config, h cnn.History, err error) Status {
	var diverged *cnn.DivergedError
	switch {
	case errors.As(err, &diverged):
		return Diverged
	case len(h.Train) > 0 && h.Train[len(h.Train)-1].Step >= cfg.Steps:
		return Finished
	}
	return Paused
}

// maxWallSeconds bounds a run's wall time: ten years, far beyond any run, and far within
// what a time.Duration holds.
const maxWallSeconds = 10 * 365 * 24 * 3600

// maxRecordSize bounds the run.json that Read reads: a record is a few hundred bytes,
// its note a few thousand.
const maxRecordSize = 1 << 20

// Write writes r as the run.json of the run folder dir, atomically.
func Write(dir string, r Record) error {
	data, err := encodeRecord(r)
	if err != nil {
		return tr.Errorf("writing the record of %s: %w", dir, err)
	}
	if err := atomicfile.Write(filepath.Join(dir, RecordFile), func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return tr.Errorf("writing the record of %s: %w", dir, err)
	}
	return nil
}

// Read reads the run.json of the run folder dir. The error names the file and what is
// wrong with it: missing, too large, not JSON of a record, or holding values no run has.
func Read(dir string) (Record, error) {
	path := filepath.Join(dir, RecordFile)
	f, err := openRegular(path)
	if err != nil {
		return Record{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRecordSize+1))
	if err != nil {
		return Record{}, tr.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxRecordSize {
		return Record{}, tr.Errorf("%s is larger than any run record (%d bytes or more)", path, maxRecordSize)
	}
	r, err := decodeRecord(data)
	if err != nil {
		return Record{}, fmt.Errorf("%s: %v", path, err)
	}
	return r, nil
}

// decodeRecord reads a record from the JSON data, refusing unknown fields and values no
// run has.
func decodeRecord(data []byte) (Record, error) {
	var r Record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Record{}, tr.Errorf("not a run record: %v", err)
	}
	if dec.More() {
		return Record{}, errors.New(tr.T("not a run record: it goes on after the record"))
	}
	if err := r.check(); err != nil {
		return Record{}, err
	}
	return r, nil
}

// encodeRecord returns r as the JSON of a run.json.
func encodeRecord(r Record) ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	return append(data, '\n'), err
}

// openRegular opens the file at path for reading if it is a regular file: a FIFO or a
// device could block a reader forever. A missing file's error wraps fs.ErrNotExist.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, tr.Errorf("%s is not a regular file", path)
	}
	return os.Open(path)
}

// check returns what makes r a record of no run.
func (r Record) check() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case r.Name == "":
		return errors.New(tr.T("the run has no name"))
	case r.Status != Training && r.Status != Paused && r.Status != Finished && r.Status != Diverged:
		return tr.Errorf("unknown status %q", r.Status)
	case r.StepsDone < 0 || r.StepsDone > cnn.MaxSteps:
		return tr.Errorf("steps done %d out of range", r.StepsDone)
	case !finite(r.WallSeconds) || r.WallSeconds < 0 || r.WallSeconds > maxWallSeconds || !finite(r.ImagesPerSecond) || r.ImagesPerSecond < 0:
		return errors.New(tr.T("a time or a speed out of range"))
	}
	if res := r.Results; res != nil {
		for _, a := range []float64{res.FinalAccuracy, res.BestAccuracy, res.MeanLast8} {
			if !(a >= 0 && a <= 1) {
				return tr.Errorf("an accuracy of %v, not in [0, 1]", a)
			}
		}
	}
	return nil
}
