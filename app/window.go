package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/runs"
)

// Main window defaults.
const (
	windowWidth  = 1440 // in Fyne's device-independent units: room for every tab
	windowHeight = 800
)

// liveInterval is the time between two live refreshes of the visible tab while training:
// the chart and the pictures are redrawn about this often, which keeps their rendering to
// a few per cent of the processor even at the end of a long run.
const liveInterval = 2 * time.Second

// liveSpacing is the shortest time between two live refreshes. Progress comes on a ticker,
// a little late or early: three quarters of liveInterval let the refresh come every
// liveInterval, not every other one.
const liveSpacing = liveInterval * 3 / 4

// windowOptions configures newMainWindow.
type windowOptions struct {
	Settings    cnn.Config // the initial settings
	MakeTrainer makeTrainer
	NewNetwork  func(cnn.Config) *cnn.Network // see sessionOptions
	LoadData    func(d mnist.Dataset, dir string) (*dataset, error)
	Log         *eventLog
	// Do runs a function on the UI goroutine: fyne.Do, or in tests a queue they drain.
	Do func(func())
	// ProgressInterval is the shortest time between two progress updates; 0 means
	// defaultProgressInterval.
	ProgressInterval time.Duration
	// Library is the run library the app keeps its runs in; "" keeps none.
	Library string
}

// mainWindow is ConvScope's window: a toolbar, the settings on the left, the tabs, and a
// status bar. It holds what the tabs share (the shell), the settings as typed and the
// latest evaluation, listens to the session and keeps the widgets up to date.
type mainWindow struct {
	shell
	tabs        *container.AppTabs
	pages       []tab
	toolbar     *toolbar
	settings    *settingsPanel
	status      *statusBar
	training    *trainingTab
	filters     *filtersTab
	draw        *drawTab
	features    *featuresTab
	convolution *convolutionTab
	explained   *explainTab
	testSet     *testSetTab
	embedding   *embeddingTab
	health      *healthTab
	runs        *runsTab
	evaluator   *evaluator

	// The fields below belong to the UI goroutine.
	config    cnn.Config   // the latest valid settings
	configErr error        // what is wrong with the settings as typed, or nil
	prompt    *closePrompt // the question asked before quitting, while it is shown
	lastLive  time.Time    // when the visible tab was last refreshed during training
}

// newMainWindow builds, without showing it, the main window of a for a new session.
func newMainWindow(a fyne.App, o windowOptions) *mainWindow {
	if err := o.Settings.Validate(); err != nil {
		panic("app: invalid initial settings: " + err.Error())
	}
	w := &mainWindow{config: o.Settings}
	w.shell = shell{window: a.NewWindow(appName), do: o.Do, log: o.Log, inspected: noInput,
		data: &dataLoader{load: o.LoadData, log: o.Log}}
	w.session = newSession(sessionOptions{
		MakeTrainer: o.MakeTrainer, NewNetwork: o.NewNetwork,
		Listener: w, Log: o.Log, ProgressInterval: o.ProgressInterval, Library: o.Library,
	})
	w.evaluator = &evaluator{jobs: latest{do: o.Do}, log: o.Log, workers: o.Settings.Workers, OnEvaluated: w.evaluated}

	w.training = newTrainingTab(&w.shell)
	w.training.OnReadout = func(r readout) { w.status.showReadout(r) }
	w.training.Steps = func() int { return w.config.Steps }
	w.filters = newFiltersTab(&w.shell)
	w.draw = newDrawTab(&w.shell)
	w.features = newFeaturesTab(&w.shell)
	w.convolution = newConvolutionTab(&w.shell)
	w.explained = newExplainTab(&w.shell)
	w.testSet = newTestSetTab(&w.shell)
	w.embedding = newEmbeddingTab(&w.shell)
	w.health = newHealthTab(&w.shell)
	w.runs = w.newRunsTab(o.Library, o.LoadData)
	w.pages = []tab{w.training, w.filters, w.draw, w.features, w.convolution, w.explained, w.testSet, w.embedding, w.health, w.runs}
	w.draw.OnInput = func() {
		if w.visible(w.features) {
			w.features.Refresh()
		}
	}
	w.features.Drawing = w.draw.Input
	w.features.Evaluation = w.evaluator.Latest
	w.features.Evaluate = func() bool { return w.evaluate() || w.evaluator.Running() }
	w.testSet.Evaluation = w.evaluator.Latest
	w.testSet.Evaluating = w.evaluator.Running
	w.testSet.OnEvaluate = func() {
		w.evaluate()
		w.updateControls()
	}
	w.testSet.OnOpenImage = func(i int) {
		w.features.ShowTestImage(i)
		w.tabs.Select(w.features.Item())
	}
	w.embedding.OnOpenImage = w.testSet.OnOpenImage
	w.tabs = container.NewAppTabs()
	for _, p := range w.pages {
		w.tabs.Append(p.Item())
	}
	w.tabs.OnSelected = func(item *container.TabItem) { w.tabSelected(item) }

	w.toolbar = newToolbar(toolbarActions{
		Train: w.toggleTraining, Reset: w.resetModel, Open: w.openModel,
		Save: func() { w.saveModel(nil) }, ExportView: w.exportCurrentView, ExportAll: w.exportEverything,
	})
	w.settings = newSettingsPanel(settingTexts(o.Settings), w.chooseDataFolder)
	w.settings.OnChanged = w.settingsChanged
	w.status = newStatusBar()
	w.status.showReadout(readoutOfHistory(cnn.History{}, o.Settings.Steps, o.Settings.Batch))

	w.window.SetContent(container.NewBorder(
		container.NewVBox(w.toolbar.content, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), w.status.content),
		container.NewHBox(w.settings.content, widget.NewSeparator()), nil,
		w.tabs))
	w.window.SetMainMenu(w.menu())
	w.addKeys()
	w.window.SetCloseIntercept(w.requestClose)
	w.window.Resize(fyne.NewSize(windowWidth, windowHeight))
	w.updateControls()
	return w
}

// Start begins loading the data and building the untrained network, and shows the first
// tab's content. Call it once the window is shown.
func (w *mainWindow) Start() {
	w.loadData("")
	w.session.Untrained(w.config, w.untrainedBuilt)
	w.currentPage().Refresh()
}

// untrainedBuilt shows the untrained network the session built or published again (if
// replaced), as a new model; the session calls it off the UI goroutine.
func (w *mainWindow) untrainedBuilt(replaced bool) {
	w.do(func() {
		if replaced {
			w.modelReplaced()
		} else {
			w.refreshAll()
		}
	})
}

// settingsChanged keeps the settings typed if they are valid and, while the model is
// untrained, makes their network the model.
func (w *mainWindow) settingsChanged(texts []string) {
	cfg, err := parseSettings(w.config, texts)
	w.configErr = err
	if err == nil {
		w.config = cfg
		w.session.Untrained(cfg, w.untrainedBuilt)
		w.loadDataOfSettings()
	}
	w.updateControls()
}

// controls returns the state the toolbar, the settings and the status bar show.
func (w *mainWindow) controls() controls {
	data, loading := w.data.Data()
	return controls{
		sessionStatus: w.session.Status(), Loading: loading, Data: data, Evaluating: w.evaluator.Running(),
		Settings: w.config, SettingsErr: w.configErr,
	}.withDerived()
}

// currentPage returns the tab shown.
func (w *mainWindow) currentPage() tab {
	for _, p := range w.pages {
		if p.Item() == w.tabs.Selected() {
			return p
		}
	}
	return w.pages[0]
}

// visible reports whether p is the tab shown.
func (w *mainWindow) visible(p tab) bool { return w.tabs.Selected() == p.Item() }

// tabLogNames are the tabs' English titles, in the order of pages: the event log names
// the tab selected in English whatever the language shown, for the scripts that read it.
var tabLogNames = []string{"Training", "Filters", "Draw", "Feature maps", "Convolution", "What features see", "Test set", "Embedding", "Health", "Runs"}

// tabLogName returns the English title of the tab whose item is item.
func (w *mainWindow) tabLogName(item *container.TabItem) string {
	for i, p := range w.pages {
		if p.Item() == item && i < len(tabLogNames) {
			return tabLogNames[i]
		}
	}
	return item.Text
}

func (w *mainWindow) tabSelected(item *container.TabItem) {
	w.log.Printf("tab %s", w.tabLogName(item))
	if !w.visible(w.convolution) {
		w.convolution.stopPlaying()
	}
	w.currentPage().Refresh()
	if w.visible(w.draw) {
		// Once the tab is laid out, say where the pad is, for scripts that draw on it.
		w.do(w.logPadGeometry)
	}
}

// logPadGeometry logs the square the drawing pad draws in, in pixels of the window.
func (w *mainWindow) logPadGeometry() {
	pad := w.draw.pad
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(pad)
	size := pad.Size()
	side := min(size.Width, size.Height)
	scale := w.window.Canvas().Scale()
	w.log.Printf("draw pad x=%.0f y=%.0f size=%.0f",
		(pos.X+(size.Width-side)/2)*scale, (pos.Y+(size.Height-side)/2)*scale, side*scale)
}

// updateControls shows the session's state in the toolbar, the settings and the status
// bar.
func (w *mainWindow) updateControls() {
	c := w.controls()
	w.toolbar.update(c)
	w.settings.update(c)
	w.status.setBusy(c.Loading || c.Evaluating)
	if w.visible(w.testSet) {
		w.testSet.Refresh()
	}
}

// Progressed shows a run's progress; the session calls it off the UI goroutine.
func (w *mainWindow) Progressed(p cnn.Progress) { w.do(func() { w.progressed(p) }) }

// Stopped shows the end of a run; the session calls it off the UI goroutine.
func (w *mainWindow) Stopped(step int, err error) { w.do(func() { w.stopped(step, err) }) }

// newRunsTab returns the Runs tab of the library dir, wired to the session and the
// settings.
func (w *mainWindow) newRunsTab(dir string, load func(d mnist.Dataset, dir string) (*dataset, error)) *runsTab {
	t := newRunsTab(&w.shell, dir, load)
	t.Live = func() []liveRun {
		live := t.sweep.Live()
		if folder := w.session.Folder(); folder != "" && w.session.Status().Running {
			live = append(live, liveRun{dir: folder, snapshot: w.session.Snapshot()})
		}
		return live
	}
	t.OnOpen = w.openPath
	t.OnDeleted = w.session.ForgetFolder
	t.sweep.Base = func() cnn.Config { return w.config }
	t.sweep.Busy = func() string {
		if w.session.Status().Running {
			return tr.T("The model is training: pause it first, so that the sweep has the processor to itself.")
		}
		return ""
	}
	t.sweep.OnStarted = func(dirs []string) {
		t.Tick(dirs...)
		w.updateControls()
	}
	t.sweep.Say = func(s string) { w.status.say(s) }
	t.sweep.Tick = func() {
		if w.visible(t) {
			t.Refresh()
		}
	}
	return t
}

// RunSaved implements sessionListener.
func (w *mainWindow) RunSaved(dir string, err error) { w.do(func() { w.runSaved(dir, err) }) }

// runSaved shows the run library with the run saved, or says why it was not.
func (w *mainWindow) runSaved(dir string, err error) {
	w.runs.Reload()
	if err == nil {
		return
	}
	where := tr.T("the run library")
	if dir != "" {
		where = dir
	}
	if errors.As(err, new(*runs.PartlySaved)) {
		w.showMessage(tr.T("The run was partly saved"), tr.F("In %s: %v", where, err))
		return
	}
	w.showMessage(tr.T("The run is not in the run library"), tr.F("It could not be saved in %s: %v. Save the model with Save… to keep it.", where, err))
}

func (w *mainWindow) progressed(p cnn.Progress) {
	r := readoutOf(p)
	w.status.showReadout(r)
	w.training.showReadout(r)
	if now := time.Now(); now.Sub(w.lastLive) >= liveSpacing {
		w.lastLive = now
		w.currentPage().Refresh()
	}
}

func (w *mainWindow) stopped(step int, err error) {
	w.updateControls()
	w.currentPage().Refresh()
	if !w.visible(w.training) {
		w.training.Refresh() // for the readout of the run's end
	}
	var diverged *cnn.DivergedError
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		w.evaluate()
		w.status.say(tr.F("%s Evaluating the test set…", restingMessage(w.controls(), nil)))
	case errors.As(err, &diverged):
		w.status.say(tr.F("Training diverged at step %s and was paused.", formatCount(diverged.Step)))
		w.showMessage(tr.T("Training diverged"), err.Error())
	default:
		w.status.say(tr.F("Training stopped: %v", err))
		w.showMessage(tr.T("Training stopped"), err.Error())
	}
}

// evaluate classifies the test set with the model as it is now, unless an evaluation is
// going on.
func (w *mainWindow) evaluate() bool {
	return w.evaluator.Evaluate(w.snapshot(), w.test())
}

// evaluated shows an evaluation, and evaluates the model again if it has changed since
// and is not training: the model a run ended with gets its evaluation even when another
// was going on as the run ended.
func (w *mainWindow) evaluated(e *evaluation) {
	if s := w.snapshot(); s != nil && s.Version != e.Version && !w.session.Status().Running {
		defer w.evaluate()
	}
	w.updateControls()
	w.testSet.Refresh()
	w.features.Evaluated()
	w.status.showTestAccuracy(e.Accuracy())
	if c := w.controls(); !c.Running {
		w.status.say(restingMessage(c, e))
	}
}

// restingMessage says where a model that is not training stands, with the test accuracy
// of e if it is not nil, and what the user can do next.
func restingMessage(st controls, e *evaluation) string {
	accuracy := ""
	if e != nil {
		accuracy = tr.F(", %s correct on the test set", formatPercent(e.Accuracy()))
	}
	switch {
	case st.Step == 0:
		return tr.F("The untrained network%s. Press Train (or Space) to start.", accuracy)
	case st.Step >= st.Settings.Steps:
		return tr.F("Finished all %s steps%s. Raise Total steps to train on, or Reset.", formatCount(st.Step), accuracy)
	}
	return tr.F("Paused at step %s%s. Press Resume (or Space) to continue.", formatCount(st.Step), accuracy)
}

// modelReplaced forgets what was kept of the model before a Reset or Open: its
// evaluation and its searches.
func (w *mainWindow) modelReplaced() {
	w.evaluator.Forget()
	w.explained.Forget()
	w.embedding.Forget()
	w.refreshAll()
}

// refreshAll brings every tab's content up to date after the model changed.
func (w *mainWindow) refreshAll() {
	w.updateControls()
	w.training.Refresh()
	if !w.visible(w.training) {
		w.currentPage().Refresh()
	}
	w.testSet.Refresh()
}

// reset discards the model for the untrained network of the settings.
func (w *mainWindow) reset() {
	w.session.Reset(w.config, w.untrainedBuilt)
	w.status.say(tr.T("Reset: Train starts a fresh network with the settings on the left."))
	w.modelReplaced()
}

// toggleTraining starts, pauses or resumes training.
func (w *mainWindow) toggleTraining() {
	if w.runs.sweep.Running() && !w.session.Status().Running {
		w.status.say(tr.T("A sweep is training in the Runs tab: cancel it there to train here."))
		return
	}
	c := w.controls()
	if !c.Running && c.StartErr != nil {
		w.status.say(c.StartErr.Error())
		return
	}
	if err := w.session.Toggle(c.Settings, c.Data); err != nil {
		w.status.say(err.Error())
		return
	}
	st := w.controls()
	switch {
	case st.Pausing:
		w.status.say(tr.T("Pausing after this step…"))
	case st.Running:
		w.status.say(tr.F("Training %s steps of %d images…", formatCount(st.Settings.Steps), st.Settings.Batch))
	}
	w.updateControls()
}

// resetModel discards the model, after asking if it has unsaved training.
func (w *mainWindow) resetModel() {
	st := w.session.Status()
	if !st.HasModel && !st.Running {
		return
	}
	if !st.Unsaved {
		w.reset()
		return
	}
	dialog.ShowConfirm(tr.T("Reset the model?"),
		tr.F("The model trained to step %s is not saved. Reset discards it and starts a fresh network.", formatCount(st.Step)),
		func(ok bool) {
			if ok {
				w.reset()
			}
		}, w.window)
}
