package app

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"convscope/cnn"
	"convscope/internal/runlock"
	"convscope/runs"
)

// libraryRuns returns the runs of the library dir, failing the test if it cannot be read.
func libraryRuns(t *testing.T, dir string) []runs.Run {
	t.Helper()
	list, err := runs.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestTheAppKeepsEveryRunInTheLibrary(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	train := h.w.toolbar.train
	test.Tap(train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "the run trains", func() bool { return tr.Step() > 3 && h.w.session.Folder() != "" })
	// While it trains, its record says so and the Runs tab shows it live.
	list := libraryRuns(t, lib)
	if len(list) != 1 || list[0].Record.Status != runs.Training {
		t.Fatalf("while training the library holds %+v", list)
	}
	h.w.runs.Reload()
	h.q.until(t, "the Runs tab lists the run", func() bool { return len(h.w.runs.list) == 1 })
	if rec := h.w.runs.record(h.w.runs.list[0]); rec.StepsDone < 3 {
		t.Fatalf("the table shows the live run at step %d", rec.StepsDone)
	}
	test.Tap(train)
	h.q.until(t, "the paused run is saved", func() bool {
		l := libraryRuns(t, lib)
		return len(l) == 1 && l[0].Record.Status == runs.Paused && train.Text == "Resume"
	})
	list = libraryRuns(t, lib)
	ck, err := cnn.ReadCheckpoint(filepath.Join(list[0].Dir, runs.ModelFile))
	if err != nil || ck.Step != list[0].Record.StepsDone || h.w.session.Status().Unsaved {
		t.Fatalf("the saved run: %v, model at step %v, record at %d, unsaved %v", err, ck, list[0].Record.StepsDone, h.w.session.Status().Unsaved)
	}
	// Resumed, the run goes on in the same folder.
	test.Tap(train)
	h.q.until(t, "the run resumes", func() bool { return tr.Running() && tr.Step() > ck.Step })
	test.Tap(train)
	h.q.until(t, "the resumed run is saved", func() bool {
		l := libraryRuns(t, lib)
		return train.Text == "Resume" && len(l) == 1 && l[0].Record.StepsDone > ck.Step && l[0].Record.Status == runs.Paused
	})
	// A new model is a new run.
	h.w.reset()
	h.q.until(t, "the reset", func() bool { return !h.w.session.Status().HasModel })
	test.Tap(train)
	h.q.until(t, "a second run trains", func() bool { return len(libraryRuns(t, lib)) == 2 })
}

// writeRun writes a run of cfg named name into a new folder of the library lib: its
// record and a history of steps steps evaluated every 10 at accuracies rising to top,
// with per-class accuracies.
func writeRun(t *testing.T, lib, name string, cfg cnn.Config, steps int, top float64) string {
	t.Helper()
	dir, err := runs.NewFolder(lib, name)
	if err != nil {
		t.Fatal(err)
	}
	var h cnn.History
	for s := 1; s <= steps; s++ {
		h.Train = append(h.Train, cnn.TrainPoint{Step: s, Loss: 2 / float32(s), Accuracy: 0.5, Seconds: float32(s)})
		if s%10 == 0 {
			acc := top * float64(s) / float64(steps)
			per := make([]float64, cnn.Classes)
			for c := range per {
				per[c] = acc
			}
			h.Test = append(h.Test, cnn.TestPoint{Step: s, Accuracy: acc, PerClass: per})
		}
	}
	cfg.Steps = steps
	rec := runs.NewRecord(name, cfg, time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
	rec.Update(h, runs.Finished)
	if err := runs.Write(dir, rec); err != nil {
		t.Fatal(err)
	}
	if err := runs.WriteMetrics(filepath.Join(dir, runs.MetricsFile), h, cfg.Batch); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRunsTabComparesTheRunsTicked(t *testing.T) {
	lib := t.TempDir()
	fast, slow := cnn.DefaultConfig(), cnn.DefaultConfig()
	fast.LearningRate = 1e-3
	a := writeRun(t, lib, "fast", fast, 100, 0.95)
	b := writeRun(t, lib, "slow", slow, 100, 0.8)
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	r := h.w.runs
	h.w.tabs.Select(r.Item())
	h.q.until(t, "the Runs tab lists the runs", func() bool { return len(r.list) == 2 })
	if _, ok := r.chart.View(); ok {
		t.Fatal("a chart before any run is ticked")
	}
	r.SortBy(slices.IndexFunc(runColumns, func(c runColumn) bool { return c.title == "Best" }))
	if r.list[0].Dir != b || r.list[1].Dir != a {
		t.Fatalf("sorted by best accuracy: %s, %s", r.list[0].Record.Name, r.list[1].Record.Name)
	}
	r.SortBy(slices.IndexFunc(runColumns, func(c runColumn) bool { return c.title == "Best" }))
	if r.list[0].Dir != a {
		t.Fatal("sorting again by the same column does not reverse the order")
	}
	r.TickAll()
	h.q.until(t, "the chart of the two runs", func() bool { _, ok := r.chart.View(); return ok })
	v, _ := r.chart.View()
	if v.File != "compare.png" || v.Render(1).Bounds().Dx() < 600 {
		t.Fatalf("the chart exports as %s", v.File)
	}
	// The run selected shows its per-class accuracy, and can be renamed.
	r.Select(a)
	h.q.until(t, "the class chart", func() bool { _, ok := r.classes.View(); return ok })
	r.editRecord(func(rec *runs.Record) { rec.Name = "adam 1e-3"; rec.Note = "ten times the rate" })
	h.q.until(t, "the renamed run", func() bool {
		return slices.ContainsFunc(r.list, func(x runs.Run) bool { return x.Record.Name == "adam 1e-3" && x.Record.Note == "ten times the rate" })
	})
}

func TestRunsTabLeavesARunInUseAlone(t *testing.T) {
	lib := t.TempDir()
	dir := writeRun(t, lib, "busy", cnn.DefaultConfig(), 20, 0.9)
	lock, err := runlock.Acquire(dir) // as a process training into it
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	r := h.w.runs
	r.Reload()
	h.q.until(t, "the list", func() bool { return len(r.list) == 1 })
	if err := withIdleRun(dir, func() error { return removeRun(dir) }); err == nil || !strings.Contains(err.Error(), "is being trained into") {
		t.Fatalf("deleting a run in use: %v", err)
	}
	lock.Release()
	if err := removeRun(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is not a run folder") {
		t.Fatalf("removing a folder without a record: %v", err)
	}
	if err := withIdleRun(dir, func() error { return removeRun(dir) }); err != nil || len(libraryRuns(t, lib)) != 0 {
		t.Fatalf("deleting an idle run: %v", err)
	}
}

// endlessSweep returns h's sweep panel set to sweep a tiny network whose runs never end
// until cancelled, and the settings it sweeps, which the test may change.
func endlessSweep(t *testing.T, h *harness) (*sweepPanel, *cnn.Config) {
	t.Helper()
	base := cnn.DefaultConfig()
	if err := base.SetArch("conv 3x3x2 valid relu; maxpool 4; fc 10"); err != nil {
		t.Fatal(err)
	}
	base.Steps, base.Batch, base.Workers = cnn.MaxSteps, 10, 1
	p := h.w.runs.sweep
	p.Base = func() cnn.Config { return base }
	return p, &base
}

func TestRunsTabSweepsAndContinuesACancelledSweep(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	p, base := endlessSweep(t, h)
	base.EvalEvery = 100
	if err := p.Start([]string{"lr=1e-2,1e-3"}, "rates"); err != nil {
		t.Fatal(err)
	}
	h.q.until(t, "the first run trains", func() bool { return len(p.Live()) == 1 && p.Live()[0].snapshot.Step > 5 })
	if test.Tap(h.w.toolbar.train); h.w.session.Status().Running {
		t.Fatal("the session trains while a sweep does")
	}
	p.Cancel()
	h.q.until(t, "the sweep stops", func() bool { return !p.Running() })
	list := libraryRuns(t, lib)
	if len(list) != 1 || list[0].Record.Status != runs.Paused || list[0].Record.Sweep != "rates" {
		t.Fatalf("after cancelling, the library holds %+v", list)
	}
	paused := list[0].Record.StepsDone
	base.Steps = paused + 100
	if err := p.Start([]string{"lr=1e-2,1e-3"}, "rates"); err != nil {
		t.Fatal(err)
	}
	h.q.until(t, "the sweep ends", func() bool { return !p.Running() })
	list = libraryRuns(t, lib)
	if len(list) != 2 {
		t.Fatalf("the sweep made %d runs", len(list))
	}
	for _, r := range list {
		if r.Record.Status != runs.Finished || r.Record.StepsDone != base.Steps || r.Record.Results == nil {
			t.Fatalf("run %s: %s at step %d", r.Record.Name, r.Record.Status, r.Record.StepsDone)
		}
	}
	if h.w.runs.ticked[list[0].Dir] != true || paused == 0 {
		t.Fatalf("the sweep's runs are not ticked, or the first was not paused mid-way (%d)", paused)
	}
	// Unticked, a sweep's runs are ticked again together.
	r := h.w.runs
	r.Reload()
	h.q.until(t, "the list", func() bool { return len(r.list) == 2 })
	clear(r.ticked)
	r.Select(list[1].Dir)
	r.tickSweepOfSelected()
	if len(r.tickedRuns()) != 2 {
		t.Fatalf("Tick its sweep ticked %d runs", len(r.tickedRuns()))
	}
}

func TestCloseWhileTrainingKeepsTheRunAndQuits(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "training", func() bool { return tr.Step() > 0 })
	h.w.requestClose()
	h.q.until(t, "the window closes", func() bool { return strings.Contains(h.events.String(), " closed\n") })
	if h.w.prompt != nil {
		t.Error("the app asked to save a run it kept in the library")
	}
	list := libraryRuns(t, lib)
	if len(list) != 1 || list[0].Record.Status != runs.Paused || list[0].Record.StepsDone != tr.Step() {
		t.Fatalf("after quitting the library holds %+v, want the run paused at step %d", list, tr.Step())
	}
}

func TestCloseDuringASweepSavesItsRun(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	p, _ := endlessSweep(t, h)
	if err := p.Start([]string{"seed=1,2"}, ""); err != nil {
		t.Fatal(err)
	}
	h.q.until(t, "the sweep trains", func() bool { return len(p.Live()) == 1 && p.Live()[0].snapshot.Step > 5 })
	h.w.requestClose()
	h.q.until(t, "the window closes", func() bool { return strings.Contains(h.events.String(), " closed\n") })
	list := libraryRuns(t, lib)
	if len(list) != 1 || list[0].Record.Status != runs.Paused || list[0].Record.StepsDone <= 5 {
		t.Fatalf("after quitting during a sweep the library holds %+v", list)
	}
}

func TestARunOfOtherSettingsGetsItsOwnFolder(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	cfg := testSettings()
	if err := h.w.session.Toggle(cfg, sharedFixture().data); err != nil {
		t.Fatal(err)
	}
	tr := h.trainers.await(t, 1)
	h.q.until(t, "the first run trains", func() bool { return tr.Step() > 2 && h.w.session.Folder() != "" })
	first := h.w.session.Folder()
	h.w.session.Toggle(cfg, sharedFixture().data) // pause
	h.q.until(t, "the pause", func() bool { return !h.w.session.Status().Running })
	// Another seed is another network: its run must not replace the first one's model.
	cfg.Seed = 7
	if err := h.w.session.Toggle(cfg, sharedFixture().data); err != nil {
		t.Fatal(err)
	}
	h.q.until(t, "the second run trains", func() bool { return h.w.session.Folder() != first && h.w.session.Folder() != "" })
	h.w.session.Toggle(cfg, sharedFixture().data)
	h.q.until(t, "the pause", func() bool { return !h.w.session.Status().Running && len(libraryRuns(t, lib)) == 2 })
	for _, r := range libraryRuns(t, lib) {
		ck, err := cnn.ReadCheckpoint(filepath.Join(r.Dir, runs.ModelFile))
		if err != nil || ck.Config.Seed != r.Record.Settings.Seed {
			t.Fatalf("run %s of seed %d holds a model of seed %v (%v)", r.Dir, r.Record.Settings.Seed, ck, err)
		}
	}
}

func TestARunNeverSavesOverAModelTrainedFurtherSince(t *testing.T) {
	lib := t.TempDir()
	h := newHarnessOf(t, testSettings(), nil, lib).loaded()
	cfg := testSettings()
	h.w.session.Toggle(cfg, sharedFixture().data)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "the run trains", func() bool { return tr.Step() > 2 && h.w.session.Folder() != "" })
	h.w.session.Toggle(cfg, sharedFixture().data)
	h.q.until(t, "the pause", func() bool {
		return !h.w.session.Status().Running && libraryRuns(t, lib)[0].Record.Status == runs.Paused
	})
	folder := h.w.session.Folder()
	// Another process continues the run in its folder meanwhile.
	rec, _ := runs.Read(folder)
	rec.StepsDone += 1000
	if err := runs.Write(folder, rec); err != nil {
		t.Fatal(err)
	}
	h.w.session.Toggle(cfg, sharedFixture().data)
	h.q.until(t, "the run goes on in a new folder", func() bool { f := h.w.session.Folder(); return f != "" && f != folder })
	if r, _ := runs.Read(folder); r.StepsDone != rec.StepsDone {
		t.Fatalf("the folder trained further was recorded over: %d steps", r.StepsDone)
	}
	h.w.session.Toggle(cfg, sharedFixture().data)
	h.q.until(t, "the pause", func() bool { return !h.w.session.Status().Running })
	// Deleting the model's folder makes its training unsaved again.
	h.q.until(t, "the save", func() bool { return !h.w.session.Status().Unsaved })
	h.w.session.ForgetFolder(h.w.session.Folder())
	if !h.w.session.Status().Unsaved {
		t.Fatal("the model of a deleted run counts as saved")
	}
}
