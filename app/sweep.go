package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/runs"
)

// sweepRefresh is how often the sweep's progress is shown.
const sweepRefresh = 500 * time.Millisecond

// noSetting is the choice of no second setting in the sweep dialog, in English: the
// dialog offers tr.T(noSetting).
const noSetting = "(none)"

// sweepPanel runs sweeps from the Runs tab: it asks for one or two settings and their
// values, trains the runs one after another on its own goroutine into the run library,
// and shows a progress bar with the time left, and Cancel. A cancelled sweep keeps its
// finished runs and the run it stopped, paused; the same sweep started again continues.
type sweepPanel struct {
	shell   *shell
	library string
	load    func(d mnist.Dataset, dir string) (*dataset, error)
	changed func() // the library changed: a run began or ended
	content *fyne.Container
	label   *widget.Label
	bar     *widget.ProgressBar
	cancel  *widget.Button

	// Base returns the settings a sweep varies: the window's. Busy returns why a sweep
	// cannot start now (the session is training), or "".
	Base func() cnn.Config
	Busy func() string
	// OnStarted is called with the folders of a sweep's runs when it starts; Say with
	// how it ended.
	OnStarted func(dirs []string)
	Say       func(string)
	// Tick is called with every update of the progress, to show the run live.
	Tick func()

	running sync.WaitGroup // the sweep's goroutine

	mu      sync.Mutex
	stop    context.CancelFunc // nil when no sweep runs
	current *cnn.Trainer       // the trainer of the run in progress, or nil
	dir     string             // its folder
	status  string             // what the sweep is doing
	done    float64            // the share of the sweep's steps done
}

func newSweepPanel(sh *shell, library string, load func(d mnist.Dataset, dir string) (*dataset, error), changed func()) *sweepPanel {
	p := &sweepPanel{shell: sh, library: library, load: load, changed: changed,
		label: widget.NewLabel(""), bar: widget.NewProgressBar(),
		Base: cnn.DefaultConfig, Busy: func() string { return "" }, Say: func(string) {}, Tick: func() {}}
	p.label.Wrapping = fyne.TextWrapWord
	p.cancel = widget.NewButtonWithIcon(tr.T("Cancel sweep"), theme.CancelIcon(), p.Cancel)
	p.content = container.NewBorder(nil, nil, nil, p.cancel, container.NewVBox(p.label, p.bar))
	p.content.Hide()
	return p
}

// Running reports whether a sweep is running.
func (p *sweepPanel) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stop != nil
}

// Live returns the run the sweep is training, if any.
func (p *sweepPanel) Live() []liveRun {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.current == nil {
		return nil
	}
	return []liveRun{{dir: p.dir, snapshot: p.current.Snapshot()}}
}

// Ask asks for the settings of a sweep and starts it.
func (p *sweepPanel) Ask() {
	if p.Running() {
		p.shell.showMessage(tr.T("A sweep is running"), tr.T("Cancel it first; started again, it continues where it stopped."))
		return
	}
	if why := p.Busy(); why != "" {
		p.shell.showMessage(tr.T("Cannot start a sweep now"), why)
		return
	}
	names := runs.SweepableSettings()
	none := tr.T(noSetting)
	first, second := widget.NewSelect(names, nil), widget.NewSelect(append([]string{none}, names...), nil)
	first.SetSelected("lr")
	second.SetSelected(none)
	firstValues, secondValues, name := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	firstValues.SetPlaceHolder("1e-3, 3e-4, 1e-4")
	secondValues.SetPlaceHolder("1..3")
	name.SetPlaceHolder(tr.T("(its settings)"))
	items := []*widget.FormItem{
		widget.NewFormItem(tr.T("Setting"), first), widget.NewFormItem(tr.T("Values"), firstValues),
		widget.NewFormItem(tr.T("And setting"), second), widget.NewFormItem(tr.T("Values"), secondValues),
		widget.NewFormItem(tr.T("Sweep name"), name),
	}
	items[1].HintText = tr.T("a list, e.g. 1e-3, 3e-4; whole numbers also 1..5")
	items[4].HintText = tr.T("the same name continues a sweep that was cancelled")
	d := dialog.NewForm(tr.T("Sweep: one run for each combination"), tr.T("Start"), tr.T("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		axes := []string{first.Selected + "=" + firstValues.Text}
		if second.Selected != none {
			axes = append(axes, second.Selected+"="+secondValues.Text)
		}
		if err := p.Start(axes, strings.TrimSpace(name.Text)); err != nil {
			p.shell.showMessage(tr.T("Cannot start the sweep"), err.Error())
		}
	}, p.shell.window)
	d.Resize(fyne.NewSize(520, 0).Max(d.MinSize()))
	d.Show()
}

// Start plans the sweep of the settings axes ("lr=1e-3,1e-4"), named name or after its
// settings, over Base, and trains its runs on a goroutine. It returns an error, and
// starts nothing, for settings that do not make a sweep.
func (p *sweepPanel) Start(axes []string, name string) error {
	switch {
	case p.library == "":
		return tr.Errorf("runs are not kept (ConvScope found no folder for them: set XDG_DATA_HOME or HOME), so a sweep has nowhere to go")
	case p.Running():
		return tr.Errorf("a sweep is running: cancel it first")
	case p.Busy() != "":
		return errors.New(p.Busy())
	}
	var parsed []runs.Axis
	for _, a := range axes {
		axis, err := runs.ParseAxis(a)
		if err != nil {
			return err
		}
		parsed = append(parsed, axis)
	}
	variants, err := runs.Plan(p.Base(), parsed)
	if err != nil {
		return err
	}
	if name == "" {
		name = runs.SweepName(parsed)
	}
	dirs := make([]string, len(variants))
	for i, v := range variants {
		dirs[i] = runs.VariantFolder(p.library, name, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	p.stop, p.status, p.done = cancel, tr.T("Starting the sweep…"), 0
	p.mu.Unlock()
	p.shell.log.Printf("sweep started name=%q runs=%d", name, len(variants))
	p.content.Show()
	p.cancel.Enable()
	p.show()
	if p.OnStarted != nil {
		p.OnStarted(dirs)
	}
	p.running.Add(1)
	go func() {
		defer p.running.Done()
		p.run(ctx, name, variants)
	}()
	go p.watch(ctx)
	return nil
}

// Cancel stops the sweep after saving the run in progress.
func (p *sweepPanel) Cancel() {
	p.mu.Lock()
	if p.stop != nil {
		p.stop()
		p.status = tr.T("Stopping the sweep after saving the run in progress…")
	}
	p.mu.Unlock()
	p.cancel.Disable()
	p.show()
}

// Stop cancels the sweep, if one runs, and calls done on a goroutine once its run in
// progress is saved.
func (p *sweepPanel) Stop(done func()) {
	p.mu.Lock()
	if p.stop != nil {
		p.stop()
	}
	p.mu.Unlock()
	go func() {
		p.running.Wait()
		done()
	}()
}

// watch shows the sweep's progress until it ends.
func (p *sweepPanel) watch(ctx context.Context) {
	tick := time.NewTicker(sweepRefresh)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			p.shell.do(func() {
				p.show()
				p.Tick()
			})
		}
	}
}

// show shows the sweep's status and progress.
func (p *sweepPanel) show() {
	p.mu.Lock()
	status, done := p.status, p.done
	p.mu.Unlock()
	p.label.SetText(status)
	p.bar.SetValue(done)
}

// set records what the sweep is doing.
func (p *sweepPanel) set(status string, done float64) {
	p.mu.Lock()
	p.status, p.done = status, done
	p.mu.Unlock()
}

// run trains the runs of a sweep one after another, and says how it ended.
func (p *sweepPanel) run(ctx context.Context, name string, variants []runs.Variant) {
	clock := runs.NewSweepClock(variants)
	total := 0
	for _, v := range variants {
		total += v.Config.Steps
	}
	data := map[string]*dataset{}
	trained, finished := 0, 0 // steps of the runs done, runs done
	var errs []error
	for i, v := range variants {
		if ctx.Err() != nil {
			break
		}
		folder := runs.VariantFolder(p.library, name, v)
		job, done, err := runs.SweepJob(v, folder, name)
		if err == nil && !done {
			job.Train, job.Test, err = p.dataOf(data, v.Config.Data())
		}
		switch {
		case err != nil:
			errs = append(errs, tr.Errorf("run %s: %v", v.Label, err))
			continue
		case done:
			clock.Skip(i)
			trained += v.Config.Steps
			finished++
			continue
		}
		start, from := time.Now(), job.StartStep()
		clock.Resumed(i, from)
		job.Project = explain.ProjectPCA
		job.Started = func(trainer *cnn.Trainer) {
			p.mu.Lock()
			p.current, p.dir = trainer, folder
			p.mu.Unlock()
			p.shell.do(p.changed)
		}
		job.Progress = func(pr cnn.Progress) {
			left := ""
			if d, ok := clock.RemainingDuring(i, pr.Step-from, time.Since(start)); ok {
				left = tr.F(" · about %s left in the sweep", d.Round(time.Second))
			}
			p.set(tr.F("Run %d of %d (%s): step %s of %s%s", i+1, len(variants), v.Label, formatCount(pr.Step), formatCount(pr.Steps), left),
				float64(trained+pr.Step)/float64(total))
		}
		_, ck, err := runs.Train(ctx, job)
		to := from
		if ck != nil {
			to = ck.Step
		}
		clock.Ran(i, to-from, time.Since(start))
		p.mu.Lock()
		p.current, p.dir = nil, ""
		p.mu.Unlock()
		switch {
		case errors.Is(err, context.Canceled):
		case err != nil: // a run that diverged is saved; the sweep goes on
			errs = append(errs, tr.Errorf("run %s: %v", v.Label, err))
			finished++
		default:
			finished++
		}
		trained += v.Config.Steps
		p.shell.do(p.changed)
	}
	p.ended(ctx, name, len(variants), finished, errors.Join(errs...))
}

// dataOf returns the sets of d, loading them the first time.
func (p *sweepPanel) dataOf(loaded map[string]*dataset, d mnist.Dataset) (train, test *mnist.Set, err error) {
	if ds, ok := loaded[d.Name]; ok {
		return ds.Train, ds.Test, nil
	}
	ds, err := p.load(d, "")
	if err != nil {
		return nil, nil, err
	}
	loaded[d.Name] = ds
	return ds.Train, ds.Test, nil
}

// ended says how the sweep ended and hides its progress.
func (p *sweepPanel) ended(ctx context.Context, name string, runsInSweep, finished int, err error) {
	status := tr.F("Sweep %q finished: %d runs.", name, runsInSweep)
	if runsInSweep == 1 {
		status = tr.F("Sweep %q finished: 1 run.", name)
	}
	if ctx.Err() != nil {
		status = tr.F("Sweep %q stopped with %d of %d runs done; start it again with the same settings and name to continue.", name, finished, runsInSweep)
	}
	p.mu.Lock()
	p.stop()
	p.stop = nil
	p.mu.Unlock()
	p.shell.log.Printf("sweep ended name=%q finished=%d runs=%d", name, finished, runsInSweep)
	p.shell.do(func() {
		p.content.Hide()
		p.changed()
		p.Say(status)
		if err != nil {
			p.shell.showMessage(tr.T("Some runs of the sweep did not finish"), runs.OneLine(err))
		}
	})
}
