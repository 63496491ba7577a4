package app

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/views"
	"convscope/viz"
)

func TestMainWindowLayout(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	w := h.w.window
	if got := w.Title(); got != "ConvScope" {
		t.Errorf("title %q, want %q", got, "ConvScope")
	}
	if got, want := w.Canvas().Size(), fyne.NewSize(windowWidth, windowHeight); got != want {
		t.Errorf("size %v, want %v", got, want)
	}
	var titles []string
	for _, item := range h.w.tabs.Items {
		titles = append(titles, item.Text)
	}
	if want := []string{"Training", "Filters", "Draw", "Feature maps", "Convolution", "What features see", "Test set", "Embedding", "Health", "Runs"}; !slices.Equal(titles, want) {
		t.Errorf("tabs %v, want %v", titles, want)
	}
	if got := h.w.settings.folder.Text; got != "testdata" {
		t.Errorf("the data folder shows %q", got)
	}
}

func TestIDAndNameMatchFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`ID = "` + ID + `"`, `Name = "` + appName + `"`} {
		if !strings.Contains(string(toml), want) {
			t.Errorf("FyneApp.toml has no line %s; the app and its package would disagree", want)
		}
	}
}

func TestMenuShortcuts(t *testing.T) {
	h := newHarness(t, testSettings(), nil)
	want := map[string]string{
		"Open model…": "CustomDesktop:Control+O", "Save model…": "CustomDesktop:Control+S",
		"Export view as PNG…": "CustomDesktop:Control+E", "Quit": "CustomDesktop:Control+Q",
		"Draw": "CustomDesktop:Control+3",
	}
	for _, menu := range h.w.window.MainMenu().Items {
		for _, item := range menu.Items {
			if name, ok := want[item.Label]; ok {
				if item.Shortcut == nil || item.Shortcut.ShortcutName() != name {
					t.Errorf("%s: shortcut %v, want %s", item.Label, item.Shortcut, name)
				}
				delete(want, item.Label)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no menu items %v", want)
	}
	menuItem(t, h.w, "Draw").Action()
	if !h.w.visible(h.w.draw) {
		t.Error("View > Draw did not show the Draw tab")
	}
}

// menuItem returns the item of the main menu labelled label.
func menuItem(t *testing.T, w *mainWindow, label string) *fyne.MenuItem {
	t.Helper()
	for _, menu := range w.window.MainMenu().Items {
		for _, item := range menu.Items {
			if item.Label == label {
				return item
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

func TestTrainButtonTogglesTraining(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	train := h.w.toolbar.train
	if train.Text != "Train" || train.Disabled() {
		t.Fatalf("Train button %q, disabled %v", train.Text, train.Disabled())
	}
	test.Tap(train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "the trainer runs and reports", func() bool { return tr.Running() && h.w.status.bar.Value > 0 })
	if train.Text != "Pause" {
		t.Errorf("while training the button says %q", train.Text)
	}
	if !h.w.settings.entries[0].Disabled() || !h.w.settings.pickers[0].Disabled() {
		t.Error("the settings can be edited while training")
	}
	test.Tap(train)
	h.q.until(t, "the run pauses", func() bool { return strings.Contains(h.w.status.message.Text, "Paused at step") })
	if tr.Running() || train.Text != "Resume" {
		t.Errorf("after pausing: trainer running %v, button %q", tr.Running(), train.Text)
	}
	// Space toggles too, when no entry has the focus.
	h.w.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeySpace})
	h.q.until(t, "Space resumes", func() bool { return tr.Running() })
	h.w.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeySpace})
	h.q.until(t, "Space pauses", func() bool { return !tr.Running() && train.Text == "Resume" })
}

func TestInvalidSettingDisablesTrain(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	rate := h.w.settings.entries[0]
	rate.SetText("")
	test.Type(rate, "fast")
	if !h.w.toolbar.train.Disabled() {
		t.Error("Train is enabled with a learning rate of \"fast\"")
	}
	if msg := h.w.settings.message; msg.Hidden || !strings.Contains(msg.Text, "learning rate must be a number") {
		t.Errorf("settings message %q (hidden %v)", msg.Text, msg.Hidden)
	}
	if err := rate.Validate(); err == nil {
		t.Error("the entry itself shows no error")
	}
	rate.SetText("0.001")
	if h.w.toolbar.train.Disabled() || !h.w.settings.message.Hidden {
		t.Error("a valid learning rate did not enable Train and clear the message")
	}
}

func TestSettingsThatNeedResetSaySo(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "training", func() bool { return tr.Step() > 0 })
	test.Tap(h.w.toolbar.train)
	h.q.until(t, "the pause", func() bool { return h.w.toolbar.train.Text == "Resume" })
	h.w.settings.entries[4].SetText("7") // the seed
	if msg := h.w.settings.message.Text; !strings.Contains(msg, "Seed changed") || !strings.Contains(msg, "Reset") {
		t.Errorf("settings message %q", msg)
	}
	if !h.w.toolbar.train.Disabled() {
		t.Error("Resume is enabled with a new seed")
	}
}

// drawSeven drags a 7 on the pad: a bar at the top and a stroke down to the left.
func drawSeven(pad *drawPad) {
	c := fyne.CurrentApp().Driver().CanvasForObject(pad)
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(pad)
	size := pad.Size()
	at := func(fx, fy float32) fyne.Position {
		return origin.Add(fyne.NewPos(fx*size.Width, fy*size.Height))
	}
	test.Drag(c, at(0.3, 0.25), 0.4*size.Width, 0)
	test.Drag(c, at(0.7, 0.25), -0.25*size.Width, 0.55*size.Height)
}

func TestDrawingUpdatesPreviewAndProbabilities(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.draw.Item())
	d := h.w.draw
	if d.digit.Text != "?" {
		t.Fatalf("an empty pad predicts %q", d.digit.Text)
	}
	drawSeven(d.pad)
	h.q.until(t, "the preview and the bars are drawn", func() bool {
		in, _ := d.input.Shown()
		bars, _ := d.bars.Shown()
		return in != nil && bars != nil
	})
	x, ok := d.Input()
	if !ok || len(x) != mnist.Pixels {
		t.Fatalf("the drawing gave no input")
	}
	tr := sharedFixture().net.Trace(x)
	if want := string(rune('0' + tr.Digit)); d.digit.Text != want {
		t.Errorf("the pad predicts %q, the network %s", d.digit.Text, want)
	}
	if in := h.w.inspected; in.Index != -1 || in.X == nil {
		t.Errorf("the drawing is not the input to inspect: %+v", in)
	}
	undo := func() { h.w.window.Canvas().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutUndo{}) }
	undo()
	undo()
	h.q.until(t, "the empty pad is shown", func() bool { return d.digit.Text == "?" })
	if _, shown := d.bars.View(); shown {
		t.Error("the bars are still shown for an empty pad")
	}
}

func TestDeleteClearsThePad(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.draw.Item())
	drawSeven(h.w.draw.pad)
	h.q.until(t, "a prediction", func() bool { return h.w.draw.digit.Text != "?" })
	h.w.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if !h.w.draw.pad.Empty() {
		t.Error("Delete did not clear the pad")
	}
}

func TestFilterClickShowsItsWeights(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.filters.Item())
	f := h.w.filters
	h.q.until(t, "conv1's filters are drawn", func() bool { img, _ := f.fitted.Shown(); return img != nil })
	if want := []string{"conv1: 32 filters", "conv2: 64 × 32 kernels"}; !slices.Equal(f.layer.Options, want) || f.layer.Selected != want[0] {
		t.Fatalf("the layers offered are %q, %q selected", f.layer.Options, f.layer.Selected)
	}
	conv1 := views.ConvFilters(sharedFixture().net.Layers[0].(*cnn.Conv2D))
	// The tile of filter 9: second row, second column of eight.
	grid := viz.FilterGridLayout(conv1, f.options("conv1", conv1))
	test.TapAt(f.fitted, shownAt(f.fitted, grid.TileRect(9).Min.Add(image.Pt(2, 2))))
	if f.selected != (kernel{Layer: "conv1", Out: 9}) {
		t.Fatalf("selected %+v, want conv1 filter 9", f.selected)
	}
	// Weight (1, 2) of the 5×5 table.
	if want, got := formatWeight(kernelWeights(conv1, 9, 0)[7]), f.weights.Objects[7].(*widget.Label).Text; got != want || len(f.weights.Objects) != 25 {
		t.Errorf("weight (1, 2) shows %q of %d, want %q of 25", got, len(f.weights.Objects), want)
	}
	f.layer.SetSelected("conv2: 64 × 32 kernels")
	h.q.until(t, "conv2's kernels are drawn", func() bool { img, _ := f.natural.Shown(); return img != nil })
	if !f.scroll.Visible() || f.fitted.Visible() {
		t.Error("conv2 selected, but conv1 is shown")
	}
}

func TestFeatureMapClickEnlargesIt(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	f := h.w.features
	h.w.tabs.Select(f.Item())
	f.ShowTestImage(3)
	h.q.until(t, "the maps are drawn", func() bool { img, _ := f.grid.Shown(); return img != nil && f.trace != nil })
	if !strings.Contains(f.about.Text, "Test image 3, a 3") {
		t.Errorf("about the input: %q", f.about.Text)
	}
	_, a, _ := f.activation()
	layout := f.layout()
	test.TapAt(f.grid, shownAt(f.grid, layout.TileRect(5).Min.Add(image.Pt(3, 3))))
	if f.selected != 5 {
		t.Fatalf("selected map %d, want 5", f.selected)
	}
	h.q.until(t, "the enlarged map is drawn", func() bool { img, _ := f.detail.Shown(); return img != nil })
	if a.Shape.C != 32 {
		t.Errorf("conv1 has %d maps", a.Shape.C)
	}
	if want := []string{"conv1", "pool1", "conv2", "pool2", "fc1"}; !slices.Equal(f.layer.Options, want) {
		t.Errorf("the layers offered are %q, want %q", f.layer.Options, want)
	}
	f.layer.SetSelected("fc1")
	if _, shown := f.detail.View(); shown || !f.perMap.Disabled() {
		t.Error("fc1 shows an enlarged map, or per-map scaling")
	}
}

func TestConfusionCellOpensGalleryAndFeatureMaps(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	ts := h.w.testSet
	h.w.tabs.Select(ts.Item())
	trainAndPause(t, h)
	h.q.until(t, "the matrix is drawn", func() bool { img, _ := ts.matrix.Shown(); return img != nil })
	// The fake trainer's network is untrained: open the fullest cell of its matrix.
	ev, labels := ts.ev, sharedFixture().data.Test.Labels
	truth, predicted := 0, 0
	for r, row := range ev.Confusion {
		for c, n := range row {
			if n > ev.Confusion[truth][predicted] {
				truth, predicted = r, c
			}
		}
	}
	indices, total := ev.examples(labels, truth, predicted, galleryLimit)
	if total < 2 {
		t.Fatalf("the fullest cell holds %d images", total)
	}
	test.TapAt(ts.matrix, shownAt(ts.matrix, ts.layout().TileRect(truth*10+predicted).Min.Add(image.Pt(4, 4))))
	if n := len(ts.gallery.Objects); n != total {
		t.Fatalf("the gallery has %d images, want %d", n, total)
	}
	if want := fmt.Sprintf("%d %s classified as %d", total, plural(mnist.MNIST, truth), predicted); !strings.Contains(ts.galleryTitle.Text, want) {
		t.Errorf("gallery title %q, want %q", ts.galleryTitle.Text, want)
	}
	h.q.until(t, "the tiles are drawn", func() bool { img, _ := ts.gallery.Objects[1].(*picture).Shown(); return img != nil })
	test.TapAt(ts.gallery.Objects[1].(*picture), fyne.NewPos(galleryTile/2, galleryTile/2))
	if !h.w.visible(h.w.features) || h.w.inspected.Index != indices[1] {
		t.Errorf("clicking the second image (test image %d) shows tab %q, input %d", indices[1], h.w.tabs.Selected().Text, h.w.inspected.Index)
	}
}

func TestExportViewWritesAPNGAtTwiceTheSize(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.draw.Item())
	drawSeven(h.w.draw.pad)
	h.q.until(t, "a prediction", func() bool { _, ok := h.w.draw.ExportView(); return ok })
	v, _ := h.w.draw.ExportView()
	path := filepath.Join(t.TempDir(), v.File)
	if err := exportView(path, v); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path, v.Render(1).Bounds().Size().Mul(views.ExportScale))
}

// trainAndPause trains a few steps with the fake trainer, pauses, and waits for the
// evaluation that follows.
func trainAndPause(t *testing.T, h *harness) {
	t.Helper()
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "some training", func() bool { return tr.Step() > 3 })
	test.Tap(h.w.toolbar.train)
	h.q.until(t, "the pause's evaluation", func() bool { return h.w.testSet.ev != nil })
}

// checkPNG checks that path holds a PNG of the given size, or of any size if size is zero.
func checkPNG(t *testing.T, path string, size image.Point) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got := img.Bounds().Size(); size != (image.Point{}) && got != size {
		t.Errorf("%s is %v, want %v", filepath.Base(path), got, size)
	}
}

func TestCloseWhileTrainingStopsAndOffersToSave(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "training", func() bool { return tr.Step() > 0 })
	h.w.requestClose()
	h.q.until(t, "the question to save", func() bool { return h.w.prompt != nil })
	if tr.Running() {
		t.Error("the training goroutine runs on while the app asks to save")
	}
	if h.w.window.Canvas().Overlays().Top() == nil {
		t.Error("no dialog is shown")
	}
	test.Tap(h.w.prompt.cancel)
	if h.w.prompt != nil || h.w.toolbar.train.Text != "Resume" {
		t.Errorf("after Cancel: prompt %v, button %q", h.w.prompt, h.w.toolbar.train.Text)
	}
	h.w.requestClose()
	test.Tap(h.w.prompt.discard)
	if !strings.Contains(h.events.String(), " closed\n") {
		t.Errorf("Quit without saving did not close the window; events:\n%s", h.events.String())
	}
}

func TestResetAsksWhenTrainingIsUnsaved(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	h.q.until(t, "training", func() bool { return tr.Step() > 0 })
	test.Tap(h.w.toolbar.train)
	h.q.until(t, "the pause", func() bool { return !tr.Running() && h.w.toolbar.train.Text == "Resume" })
	test.Tap(h.w.toolbar.reset)
	if h.w.window.Canvas().Overlays().Top() == nil {
		t.Fatal("Reset did not ask")
	}
	if st := h.w.session.Status(); !st.HasModel {
		t.Error("Reset discarded the model before the answer")
	}
}

func TestMissingDataOffersToChooseAFolder(t *testing.T) {
	notFound := errors.Join(mnist.ErrNotFound, errors.New("no MNIST files in /nowhere: download them"))
	h := newHarness(t, testSettings(), notFound)
	h.q.until(t, "the error dialog", func() bool { return h.w.window.Canvas().Overlays().Top() != nil })
	found := false
	for _, o := range test.LaidOutObjects(h.w.window.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Choose folder…" {
			found = true
		}
	}
	if !found {
		t.Error("the dialog offers no Choose folder button")
	}
	if !h.w.toolbar.train.Disabled() {
		t.Error("Train is enabled without data")
	}
}

func TestSaveThenOpenModel(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	trainAndPause(t, h)
	step := h.trainers.last().Step()
	path := filepath.Join(t.TempDir(), "model"+modelExtension)
	h.w.savePath(path, nil)
	h.q.until(t, "the model is saved", func() bool { return strings.HasPrefix(h.w.status.message.Text, "Saved the model") })
	if h.w.session.Status().Unsaved {
		t.Error("the model is unsaved after saving")
	}

	short := testSettings()
	short.Steps = 30
	o := newHarness(t, short, nil).loaded()
	o.w.openPath(path)
	o.q.until(t, "the model is opened", func() bool { return strings.HasPrefix(o.w.status.message.Text, "Opened model") })
	if got, want := o.w.settings.entries[2].Text, strconv.Itoa(testSettings().Steps); got != want {
		t.Errorf("Total steps shows %q after opening, want the model's %s", got, want)
	}
	if st, c := o.w.session.Status(), o.w.controls(); st.Unsaved || st.Step != step || c.Settings.Workers != short.Workers {
		t.Errorf("after opening: unsaved %v, step %d (want %d), workers %d (want this machine's %d)",
			st.Unsaved, st.Step, step, c.Settings.Workers, short.Workers)
	}
	if o.w.toolbar.train.Text != "Resume" || o.w.toolbar.train.Disabled() {
		t.Errorf("after opening a model of step %d the Train button is %q (disabled %v)", step, o.w.toolbar.train.Text, o.w.toolbar.train.Disabled())
	}
	o.q.until(t, "the readout of the model", func() bool {
		return o.w.training.stats.step.Text == formatCount(step)+" / "+formatCount(testSettings().Steps)
	})
	// The model kept the evolution recorded while it trained: the slider scrubs it.
	saved, opened := h.w.snapshot().Evolution.Frames, o.w.explained
	opened.showEvolution(o.w.snapshot())
	if len(opened.frames) != len(saved) || len(saved) < 3 || opened.frame.Disabled() || opened.frames[len(saved)-1].Step != saved[len(saved)-1].Step {
		t.Fatalf("after opening, the evolution has %d frames (slider disabled %v), want the %d saved", len(opened.frames), opened.frame.Disabled(), len(saved))
	}
	opened.frame.SetValue(1)
	if !strings.HasPrefix(opened.frameStep.Text, "step 1 (2 of") {
		t.Errorf("frame 1 of the opened model is labelled %q", opened.frameStep.Text)
	}
	// A model saved without a recording, as by an older ConvScope, says it has none.
	plain := filepath.Join(t.TempDir(), "plain"+modelExtension)
	ck := h.trainers.last().Checkpoint()
	ck.Evolution = cnn.Evolution{}
	if err := ck.Save(plain); err != nil {
		t.Fatal(err)
	}
	o.w.openPath(plain)
	o.q.until(t, "the model without a recording is opened", func() bool { return strings.HasPrefix(o.w.status.message.Text, "Opened plain") })
	opened.showEvolution(o.w.snapshot())
	if len(opened.frames) != 0 || !opened.frame.Disabled() || opened.strip.message.Text != noEvolutionOpened {
		t.Fatalf("a model without a recording shows %d frames, message %q", len(opened.frames), opened.strip.message.Text)
	}

	bad := filepath.Join(t.TempDir(), "bad"+modelExtension)
	os.WriteFile(bad, []byte("not a model"), 0o644)
	o.w.openPath(bad)
	o.q.until(t, "the error", func() bool { return o.w.window.Canvas().Overlays().Top() != nil })
	if !strings.Contains(o.w.status.message.Text, "Could not open") {
		t.Errorf("status after a bad file: %q", o.w.status.message.Text)
	}
}

func TestArchitectureAndDataSetSettingsMakeTheModel(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	entries := h.w.settings.entries
	entries[6].SetText("conv 3x3x4 valid\nmaxpool 2\nfc 10") // architecture
	entries[10].SetText("fashion")                           // data set
	h.q.until(t, "Fashion-MNIST is loaded", func() bool { return strings.Contains(h.w.status.message.Text, "of Fashion-MNIST") })
	h.q.until(t, "the untrained network of the architecture", func() bool {
		s := h.w.snapshot()
		return s != nil && s.Config.Arch == "conv 3x3x4 valid relu; maxpool 2; fc 10" && len(s.Net.Layers) == 3
	})
	if !strings.Contains(h.w.settings.layers.Text, "conv1    26x26x4") {
		t.Errorf("the layer table:\n%s", h.w.settings.layers.Text)
	}
	if h.w.toolbar.train.Disabled() {
		t.Fatalf("Train is disabled: %v", h.w.controls().StartErr)
	}
	test.Tap(h.w.toolbar.train)
	tr := h.trainers.await(t, 1)
	if cfg := tr.Config(); cfg.Arch == "" || cfg.Dataset != "fashion" {
		t.Errorf("the trainer got architecture %q, data set %q", cfg.Arch, cfg.Dataset)
	}
	// Once trained, another architecture needs a Reset.
	h.q.until(t, "training", func() bool { return tr.Step() > 0 })
	test.Tap(h.w.toolbar.train)
	h.q.until(t, "the pause", func() bool { return h.w.toolbar.train.Text == "Resume" })
	entries[6].SetText("conv 5x5x4\nfc 10")
	if msg := h.w.settings.message.Text; !strings.Contains(msg, "Architecture changed") {
		t.Errorf("settings message %q", msg)
	}
}
