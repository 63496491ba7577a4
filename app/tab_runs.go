package app

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/internal/runlock"
	"convscope/internal/tr"
	"convscope/runs"
	"convscope/views"
	"convscope/viz"
)

// Messages of the Runs tab, in English: tr.T translates them where they are shown.
const (
	noRunsMessage    = "No runs yet: every run you train is kept here."
	tickRunsMessage  = "Tick runs in the table to compare their learning curves."
	pickRunMessage   = "Select a run to see the accuracy of each class over its evaluations."
	noClassesMessage = "This run recorded no per-class accuracies."
)

// runColumn is a column of the runs table: its title (in English; the header shows
// tr.T(title)) and the text of a run in it; the sort key compares two runs by it.
type runColumn struct {
	title string
	width float32
	text  func(r runs.Record) string
	less  func(a, b runs.Record) int
}

// runColumns are the columns of the runs table after the tick column.
var runColumns = []runColumn{
	{"Name", 260, func(r runs.Record) string { return r.Name }, func(a, b runs.Record) int { return strings.Compare(a.Name, b.Name) }},
	{"Sweep", 120, func(r runs.Record) string { return r.Sweep }, func(a, b runs.Record) int { return strings.Compare(a.Sweep, b.Sweep) }},
	{"Status", 80, func(r runs.Record) string { return r.Status.Text() }, func(a, b runs.Record) int { return strings.Compare(string(a.Status), string(b.Status)) }},
	{"Data", 64, func(r runs.Record) string { return r.Settings.Dataset }, func(a, b runs.Record) int { return strings.Compare(a.Settings.Dataset, b.Settings.Dataset) }},
	{"Architecture", 110, func(r runs.Record) string { return cmp.Or(r.Settings.Preset, r.Settings.Arch) },
		func(a, b runs.Record) int {
			return strings.Compare(cmp.Or(a.Settings.Preset, a.Settings.Arch), cmp.Or(b.Settings.Preset, b.Settings.Arch))
		}},
	{"Optimizer", 90, func(r runs.Record) string { return r.Settings.Optimizer }, func(a, b runs.Record) int { return strings.Compare(a.Settings.Optimizer, b.Settings.Optimizer) }},
	{"LR", 64, func(r runs.Record) string { return runs.FormatNumber(r.Settings.LearningRate) }, func(a, b runs.Record) int { return cmp.Compare(a.Settings.LearningRate, b.Settings.LearningRate) }},
	{"Init", 110, func(r runs.Record) string { return r.Settings.Init }, func(a, b runs.Record) int { return strings.Compare(a.Settings.Init, b.Settings.Init) }},
	{"Seed", 72, func(r runs.Record) string { return fmt.Sprint(r.Settings.Seed) }, func(a, b runs.Record) int { return cmp.Compare(a.Settings.Seed, b.Settings.Seed) }},
	{"Steps", 96, func(r runs.Record) string { return formatCount(r.StepsDone) + "/" + formatCount(r.Settings.Steps) }, func(a, b runs.Record) int { return cmp.Compare(a.StepsDone, b.StepsDone) }},
	{"Best", 64, func(r runs.Record) string {
		return resultText(r, func(x *runs.Results) float64 { return x.BestAccuracy })
	}, byResult(func(x *runs.Results) float64 { return x.BestAccuracy })},
	{"Final", 64, func(r runs.Record) string {
		return resultText(r, func(x *runs.Results) float64 { return x.FinalAccuracy })
	}, byResult(func(x *runs.Results) float64 { return x.FinalAccuracy })},
	{"Last 8", 64, func(r runs.Record) string { return resultText(r, func(x *runs.Results) float64 { return x.MeanLast8 }) }, byResult(func(x *runs.Results) float64 { return x.MeanLast8 })},
	{"Time", 70, func(r runs.Record) string { return (time.Duration(r.WallSeconds) * time.Second).String() }, func(a, b runs.Record) int { return cmp.Compare(a.WallSeconds, b.WallSeconds) }},
	{"Started", 130, func(r runs.Record) string { return r.Started.Local().Format("2006-01-02 15:04") }, func(a, b runs.Record) int { return a.Started.Compare(b.Started) }},
}

// resultText returns a run's result as a percentage, or "–" before its first evaluation.
func resultText(r runs.Record, of func(*runs.Results) float64) string {
	if r.Results == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f%%", 100*of(r.Results))
}

// byResult compares runs by a result, those without results first.
func byResult(of func(*runs.Results) float64) func(a, b runs.Record) int {
	value := func(r runs.Record) float64 {
		if r.Results == nil {
			return -1
		}
		return of(r.Results)
	}
	return func(a, b runs.Record) int { return cmp.Compare(value(a), value(b)) }
}

// liveRun is a run being trained in this process: its folder and its latest snapshot.
type liveRun struct {
	dir      string
	snapshot *cnn.Snapshot
}

// runsTab is the Runs tab: the runs of the run library in a sortable table, the runs
// ticked compared on one chart, the per-class accuracy of the run selected, and sweeps.
type runsTab struct {
	shell   *shell
	item    *container.TabItem
	library string
	table   *widget.Table
	chart   *picture
	classes *picture
	summary *widget.Label
	xAxis   *widget.RadioGroup
	bands   *widget.Check
	actions []*widget.Button // the buttons that act on the run selected
	sweep   *sweepPanel
	lists   latest // reading the library
	curves  latest // reading the histories of the runs ticked
	perRun  latest // reading the history of the run selected
	exports latest // reading the histories of the runs exported

	// Live returns the runs being trained in this process (the session's, a sweep's).
	Live func() []liveRun
	// OnOpen opens a run's model into the session.
	OnOpen func(path string)
	// OnDeleted is called with the folder of a run deleted.
	OnDeleted func(dir string)

	// The fields below belong to the UI goroutine.
	list      []runs.Run
	ticked    map[string]bool
	selected  string // the folder of the run selected, or ""
	sortBy    int    // index into runColumns
	sortDesc  bool
	histories map[string]storedHistory // the histories read, by folder
	listErr   error
}

// storedHistory is a run's history as read from its metrics.csv, and the steps its record
// said it had then: a record that says more steps makes it stale.
type storedHistory struct {
	history cnn.History
	steps   int
}

// newRunsTab returns the Runs tab of the run library dir; load is how a sweep reads a data
// set.
func newRunsTab(sh *shell, dir string, load func(d mnist.Dataset, dir string) (*dataset, error)) *runsTab {
	t := &runsTab{
		shell: sh, library: dir, ticked: map[string]bool{}, histories: map[string]storedHistory{},
		chart:   newPicture(sh.do, fyne.NewSize(420, 300), tr.T(tickRunsMessage)),
		classes: newPicture(sh.do, fyne.NewSize(300, 180), tr.T(pickRunMessage)),
		summary: widget.NewLabel(""),
		lists:   latest{do: sh.do}, curves: latest{do: sh.do}, perRun: latest{do: sh.do}, exports: latest{do: sh.do},
		Live:   func() []liveRun { return nil },
		sortBy: len(runColumns) - 1, sortDesc: true,
	}
	t.summary.Wrapping = fyne.TextWrapWord
	t.table = widget.NewTable(t.size, t.createCell, t.updateCell)
	t.table.ShowHeaderRow = true
	t.table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	t.table.UpdateHeader = t.updateHeader
	t.table.SetColumnWidth(0, 36)
	for i, c := range runColumns {
		t.table.SetColumnWidth(i+1, c.width)
	}
	t.table.OnSelected = t.cellSelected
	t.xAxis = widget.NewRadioGroup([]string{tr.T("Steps"), tr.T("Wall time")}, func(string) { t.redrawChart() })
	t.xAxis.Horizontal, t.xAxis.Required = true, true
	t.xAxis.SetSelected(tr.T("Steps"))
	t.bands = widget.NewCheck(tr.T("Seeds as mean and band"), func(bool) { t.redrawChart() })
	open := widget.NewButtonWithIcon(tr.T("Open model"), theme.FolderOpenIcon(), t.openSelected)
	rename := widget.NewButtonWithIcon(tr.T("Rename…"), theme.DocumentCreateIcon(), t.renameSelected)
	note := widget.NewButtonWithIcon(tr.T("Note…"), theme.InfoIcon(), t.noteSelected)
	del := widget.NewButtonWithIcon(tr.T("Delete…"), theme.DeleteIcon(), t.deleteSelected)
	sweepRuns := widget.NewButtonWithIcon(tr.T("Tick its sweep"), theme.CheckButtonCheckedIcon(), t.tickSweepOfSelected)
	t.actions = []*widget.Button{open, rename, note, del, sweepRuns}
	exportPNG := widget.NewButtonWithIcon(tr.T("Chart PNG…"), theme.DownloadIcon(), t.exportPNG)
	exportSVG := widget.NewButtonWithIcon(tr.T("Chart SVG…"), theme.DownloadIcon(), t.exportSVG)
	exportCSV := widget.NewButtonWithIcon(tr.T("Metrics CSV…"), theme.DownloadIcon(), t.exportCSV)
	reload := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), t.Reload)
	tickAll := widget.NewButtonWithIcon(tr.T("Tick all"), theme.CheckButtonCheckedIcon(), t.TickAll)
	t.sweep = newSweepPanel(sh, dir, load, t.Reload)

	top := container.NewVBox(
		container.NewHBox(reload, tickAll, sweepRuns, open, rename, note, del, widget.NewSeparator(), widget.NewButtonWithIcon(tr.T("Sweep…"), theme.MediaFastForwardIcon(), t.sweep.Ask)),
		t.sweep.content)
	chartBar := container.NewHBox(t.xAxis, t.bands, exportPNG, exportSVG, exportCSV)
	charts := container.NewHSplit(t.chart, t.classes)
	charts.Offset = 0.6
	split := container.NewVSplit(container.NewBorder(nil, t.summary, nil, nil, t.table), container.NewBorder(chartBar, nil, nil, nil, charts))
	split.Offset = 0.35
	t.item = container.NewTabItemWithIcon(tr.T("Runs"), theme.StorageIcon(), container.NewBorder(top, nil, nil, nil, split))
	t.updateActions()
	return t
}

func (t *runsTab) Item() *container.TabItem { return t.item }

// Refresh shows the live runs' progress; the library is read again by Reload.
func (t *runsTab) Refresh() {
	if t.list == nil && t.listErr == nil {
		t.Reload()
		return
	}
	t.table.Refresh()
	if t.anyLive() {
		t.redrawChart()
	}
}

// Reload reads the run library again, off the UI goroutine.
func (t *runsTab) Reload() {
	if t.library == "" {
		t.list = []runs.Run{}
		t.updateActions()
		return
	}
	t.lists.Submit(func(j job) {
		list, err := runs.List(t.library)
		j.Show(func() {
			t.list, t.listErr = list, err
			if t.list == nil {
				t.list = []runs.Run{}
			}
			t.sortList()
			t.table.Refresh()
			t.updateActions()
			t.redrawChart()
			t.showClasses()
		})
	})
}

// anyLive reports whether a run of the table is being trained in this process.
func (t *runsTab) anyLive() bool {
	for _, l := range t.Live() {
		if slices.ContainsFunc(t.list, func(r runs.Run) bool { return r.Dir == l.dir }) {
			return true
		}
	}
	return false
}

// live returns the snapshot of the run in dir if it is being trained in this process.
func (t *runsTab) live(dir string) (*cnn.Snapshot, bool) {
	for _, l := range t.Live() {
		if l.dir == dir && l.snapshot != nil {
			return l.snapshot, true
		}
	}
	return nil, false
}

// record returns the record of run r as the table shows it: with the live progress of a
// run being trained here.
func (t *runsTab) record(r runs.Run) runs.Record {
	if s, ok := t.live(r.Dir); ok {
		rec := r.Record
		rec.Update(s.History, runs.Training)
		return rec
	}
	return r.Record
}

func (t *runsTab) sortList() {
	c := runColumns[t.sortBy]
	slices.SortStableFunc(t.list, func(a, b runs.Run) int {
		if t.sortDesc {
			return c.less(b.Record, a.Record)
		}
		return c.less(a.Record, b.Record)
	})
}

func (t *runsTab) size() (int, int) { return len(t.list), len(runColumns) + 1 }

func (t *runsTab) createCell() fyne.CanvasObject {
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(widget.NewCheck("", nil), label)
}

func (t *runsTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	check, label := stack.Objects[0].(*widget.Check), stack.Objects[1].(*widget.Label)
	if id.Row >= len(t.list) {
		return
	}
	r := t.list[id.Row]
	if id.Col == 0 {
		label.Hide()
		check.Show()
		check.OnChanged = nil
		check.SetChecked(t.ticked[r.Dir])
		check.OnChanged = func(on bool) { t.tick(r.Dir, on) }
		return
	}
	check.Hide()
	label.Show()
	label.SetText(runColumns[id.Col-1].text(t.record(r)))
	label.TextStyle.Bold = r.Dir == t.selected
}

func (t *runsTab) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col <= 0 {
		b.SetText("")
		b.OnTapped = nil
		return
	}
	text := tr.T(runColumns[id.Col-1].title)
	if id.Col-1 == t.sortBy {
		text += map[bool]string{false: " ▲", true: " ▼"}[t.sortDesc]
	}
	b.SetText(text)
	col := id.Col - 1
	b.OnTapped = func() { t.SortBy(col) }
}

// SortBy sorts the table by the column col (of runColumns), or reverses its order when
// it is sorted by it already.
func (t *runsTab) SortBy(col int) {
	if col == t.sortBy {
		t.sortDesc = !t.sortDesc
	} else {
		t.sortBy, t.sortDesc = col, false
	}
	t.sortList()
	t.table.Refresh()
}

func (t *runsTab) cellSelected(id widget.TableCellID) {
	t.table.UnselectAll()
	if id.Row < 0 || id.Row >= len(t.list) {
		return
	}
	dir := t.list[id.Row].Dir
	if id.Col == 0 {
		t.tick(dir, !t.ticked[dir])
		t.table.Refresh()
		return
	}
	t.Select(dir)
}

// Select makes the run in dir the one the buttons act on and the class chart shows.
func (t *runsTab) Select(dir string) {
	t.selected = dir
	t.table.Refresh()
	t.updateActions()
	t.showClasses()
}

// tick adds the run in dir to the chart, or takes it off.
func (t *runsTab) tick(dir string, on bool) {
	if on {
		t.ticked[dir] = true
	} else {
		delete(t.ticked, dir)
	}
	t.redrawChart()
}

// TickAll ticks every run of the table.
func (t *runsTab) TickAll() {
	for _, r := range t.list {
		t.ticked[r.Dir] = true
	}
	t.table.Refresh()
	t.redrawChart()
}

// tickSweepOfSelected ticks every run of the sweep of the run selected.
func (t *runsTab) tickSweepOfSelected() {
	r, ok := t.selectedRun()
	if !ok || r.Record.Sweep == "" {
		t.shell.showMessage(tr.T("Not part of a sweep"), tr.T("The run selected was not trained by a sweep."))
		return
	}
	var dirs []string
	for _, x := range t.list {
		if x.Record.Sweep == r.Record.Sweep {
			dirs = append(dirs, x.Dir)
		}
	}
	t.Tick(dirs...)
}

// Tick ticks the runs in dirs, for a sweep's runs to open together.
func (t *runsTab) Tick(dirs ...string) {
	for _, d := range dirs {
		t.ticked[d] = true
	}
	t.table.Refresh()
	t.redrawChart()
}

// selectedRun returns the run selected, if it is in the table.
func (t *runsTab) selectedRun() (runs.Run, bool) {
	i := slices.IndexFunc(t.list, func(r runs.Run) bool { return r.Dir == t.selected })
	if i < 0 {
		return runs.Run{}, false
	}
	return t.list[i], true
}

func (t *runsTab) updateActions() {
	_, ok := t.selectedRun()
	for _, b := range t.actions {
		if ok {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	switch {
	case t.library == "":
		t.summary.SetText(tr.T("Runs are not kept: ConvScope found no folder for them (set XDG_DATA_HOME or HOME)."))
	case t.listErr != nil:
		t.summary.SetText(tr.F("Some runs could not be read: %s", runs.OneLine(t.listErr)))
	case len(t.list) == 0:
		t.summary.SetText(tr.F("%s They are kept in %s.", tr.T(noRunsMessage), t.library))
	case len(t.list) == 1:
		t.summary.SetText(tr.F("1 run in %s.", t.library))
	default:
		t.summary.SetText(tr.F("%d runs in %s.", len(t.list), t.library))
	}
}

// tickedRuns returns the runs ticked, in the table's order.
func (t *runsTab) tickedRuns() []runs.Run {
	var out []runs.Run
	for _, r := range t.list {
		if t.ticked[r.Dir] {
			out = append(out, r)
		}
	}
	return out
}

// comparison reads the histories of the runs ticked that are not read yet, off the UI
// goroutine through jobs, then calls show with the runs compared, unless jobs was given
// a later request meanwhile.
func (t *runsTab) comparison(jobs *latest, show func([]views.ComparedRun)) {
	ticked := t.tickedRuns()
	need := map[string]int{}
	for _, r := range ticked {
		if _, live := t.live(r.Dir); live {
			continue
		}
		if h, ok := t.histories[r.Dir]; !ok || h.steps != r.Record.StepsDone {
			need[r.Dir] = r.Record.StepsDone
		}
	}
	jobs.Submit(func(j job) {
		read := map[string]storedHistory{}
		var errs []error
		for dir, steps := range need {
			h, err := runs.History(dir)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			read[dir] = storedHistory{h, steps}
		}
		j.Show(func() {
			for dir, h := range read {
				t.histories[dir] = h
			}
			var compared []views.ComparedRun
			for _, r := range ticked {
				rec, h := t.record(r), t.histories[r.Dir].history
				if s, ok := t.live(r.Dir); ok {
					h = s.History
				}
				compared = append(compared, views.ComparedRun{Record: rec, History: h})
			}
			if len(errs) > 0 {
				t.summary.SetText(tr.F("Some curves could not be read: %s", runs.OneLine(errors.Join(errs...))))
			}
			show(compared)
		})
	})
}

// compareX returns the x axis chosen.
func (t *runsTab) compareX() views.CompareX {
	if t.xAxis.Selected == tr.T("Wall time") {
		return views.ByWallTime
	}
	return views.BySteps
}

// redrawChart draws the runs ticked on the chart.
func (t *runsTab) redrawChart() {
	if len(t.tickedRuns()) == 0 {
		t.curves.Drop()
		t.chart.Clear(tr.T(tickRunsMessage))
		return
	}
	t.comparison(&t.curves, func(rs []views.ComparedRun) {
		t.chart.SetView(views.Compare(rs, t.compareX(), t.bands.Checked).View(""))
		t.shell.log.Printf("runs compared n=%d", len(rs))
	})
}

// showClasses shows the per-class accuracy of the run selected.
func (t *runsTab) showClasses() {
	t.perRun.Drop()
	r, ok := t.selectedRun()
	if !ok {
		t.classes.Clear(tr.T(pickRunMessage))
		return
	}
	d, err := mnist.DatasetNamed(r.Record.Settings.Dataset)
	if err != nil {
		t.classes.Clear(err.Error())
		return
	}
	show := func(h cnn.History) {
		if !slices.ContainsFunc(h.Test, func(p cnn.TestPoint) bool { return p.PerClass != nil }) {
			t.classes.Clear(tr.T(noClassesMessage))
			return
		}
		t.classes.SetView(views.ClassAccuracyView(h, d, tr.F("Test accuracy per class: %s", r.Record.Name)))
	}
	if s, ok := t.live(r.Dir); ok {
		show(s.History)
		return
	}
	t.perRun.Submit(func(j job) {
		h, err := runs.History(r.Dir)
		j.Show(func() {
			if err != nil {
				t.classes.Clear(err.Error())
				return
			}
			show(h)
		})
	})
}

// ExportView returns the comparison chart, if runs are ticked.
func (t *runsTab) ExportView() (views.View, bool) { return t.chart.View() }

func (t *runsTab) exportPNG() {
	v, ok := t.chart.View()
	if !ok {
		t.shell.showMessage(tr.T("Nothing to export"), tr.T(tickRunsMessage))
		return
	}
	t.shell.exportViewAs(v, func(string) {})
}

func (t *runsTab) exportSVG() {
	t.exportFile("compare.svg", func(w io.Writer, rs []views.ComparedRun) error {
		c := views.Compare(rs, t.compareX(), t.bands.Checked)
		return viz.WriteCompareChart(w, c.Curves, c.Options("", 1), viz.ChartSVG)
	})
}

func (t *runsTab) exportCSV() {
	t.exportFile("compare.csv", views.WriteComparisonCSV)
}

// exportFile asks where to write a file of the runs ticked, offering name, and writes
// it with write off the UI goroutine.
func (t *runsTab) exportFile(name string, write func(io.Writer, []views.ComparedRun) error) {
	if len(t.tickedRuns()) == 0 {
		t.shell.showMessage(tr.T("Nothing to export"), tr.T(tickRunsMessage))
		return
	}
	t.comparison(&t.exports, func(rs []views.ComparedRun) {
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil || wc == nil {
				return
			}
			path := wc.URI().Path()
			wc.Close()
			go func() {
				err := atomicfile.Write(path, func(w io.Writer) error { return write(w, rs) })
				t.shell.do(func() {
					if err != nil {
						t.shell.showMessage(tr.T("Could not export"), err.Error())
						return
					}
					t.shell.log.Printf("exported path=%s", path)
				})
			}()
		}, t.shell.window)
		d.SetFileName(name)
		d.Show()
	})
}

func (t *runsTab) openSelected() {
	if r, ok := t.selectedRun(); ok && t.OnOpen != nil {
		t.OnOpen(filepath.Join(r.Dir, runs.ModelFile))
	}
}

// editRecord changes the record of the run selected with edit and writes it, unless the
// run is being trained (its trainer writes the record).
func (t *runsTab) editRecord(edit func(*runs.Record)) {
	r, ok := t.selectedRun()
	if !ok {
		return
	}
	if _, live := t.live(r.Dir); live {
		t.shell.showMessage(tr.T("The run is training"), tr.T("Pause it (or cancel its sweep) first: its trainer writes its record."))
		return
	}
	err := withIdleRun(r.Dir, func() error {
		rec, err := runs.Read(r.Dir)
		if err != nil {
			return err
		}
		edit(&rec)
		return runs.Write(r.Dir, rec)
	})
	if err != nil {
		t.shell.showMessage(tr.T("Could not change the run"), err.Error())
		return
	}
	t.Reload()
}

// withIdleRun calls f while holding the lock of the run folder dir, which no process may
// be training into.
func withIdleRun(dir string, f func() error) error {
	lock, err := runlock.Acquire(dir)
	if err != nil {
		return err
	}
	defer lock.Release()
	return f()
}

func (t *runsTab) renameSelected() {
	r, ok := t.selectedRun()
	if !ok {
		return
	}
	entry := widget.NewEntry()
	entry.SetText(r.Record.Name)
	dialog.ShowForm(tr.T("Rename the run"), tr.T("Rename"), tr.T("Cancel"), []*widget.FormItem{widget.NewFormItem(tr.T("Name"), entry)}, func(ok bool) {
		name := strings.TrimSpace(entry.Text)
		if ok && name != "" {
			t.editRecord(func(rec *runs.Record) { rec.Name = name })
		}
	}, t.shell.window)
}

func (t *runsTab) noteSelected() {
	r, ok := t.selectedRun()
	if !ok {
		return
	}
	entry := widget.NewMultiLineEntry()
	entry.SetText(r.Record.Note)
	entry.SetMinRowsVisible(4)
	d := dialog.NewForm(tr.T("A note on the run"), tr.T("Save"), tr.T("Cancel"), []*widget.FormItem{widget.NewFormItem(tr.T("Note"), entry)}, func(ok bool) {
		if ok {
			t.editRecord(func(rec *runs.Record) { rec.Note = strings.TrimSpace(entry.Text) })
		}
	}, t.shell.window)
	d.Resize(fyne.NewSize(480, 0).Max(d.MinSize()))
	d.Show()
}

func (t *runsTab) deleteSelected() {
	r, ok := t.selectedRun()
	if !ok {
		return
	}
	dialog.ShowConfirm(tr.T("Delete the run?"),
		tr.F("Delete %q and its folder %s, with its model? This cannot be undone.", r.Record.Name, r.Dir),
		func(ok bool) {
			if !ok {
				return
			}
			if _, live := t.live(r.Dir); live {
				t.shell.showMessage(tr.T("The run is training"), tr.T("Pause it (or cancel its sweep) before deleting it."))
				return
			}
			if err := withIdleRun(r.Dir, func() error { return removeRun(r.Dir) }); err != nil {
				t.shell.showMessage(tr.T("Could not delete the run"), err.Error())
				return
			}
			t.shell.log.Printf("run deleted dir=%s", r.Dir)
			delete(t.ticked, r.Dir)
			t.selected = ""
			if t.OnDeleted != nil {
				t.OnDeleted(r.Dir)
			}
			t.Reload()
		}, t.shell.window)
}

// removeRun removes the run folder dir, which must hold a run record: nothing else is
// ever removed.
func removeRun(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, runs.RecordFile)); err != nil {
		return tr.Errorf("%s is not a run folder: %w", dir, err)
	}
	return os.RemoveAll(dir)
}
