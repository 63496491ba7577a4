package app

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"convscope/views"
	"convscope/viz"
)

func TestExplainTabSearchesAndAClickChoosesTheChannel(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	e := h.w.explained
	h.w.features.ShowTestImage(2)
	h.w.tabs.Select(e.Item()) // the first visit searches the test set
	h.q.until(t, "the conv2 grid is drawn", func() bool {
		img, _ := e.grid.Shown()
		return img != nil && !e.searches.Running()
	})
	if e.searches.progress.Value != 1 || !strings.Contains(e.status.Text, "searched at step 0") {
		t.Errorf("after the search: progress %v, status %q", e.searches.progress.Value, e.status.Text)
	}
	layout := views.TopLayout(e.shownTop, viz.PatchGridOptions{Highlight: true})
	test.TapAt(e.grid, shownAt(e.grid, layout.TileRect(5).Min.Add(image.Pt(4, 4))))
	if e.selected["conv2"] != 5 || e.channel.Selected != "5" {
		t.Fatalf("the click chose channel %d (selector %q), want 5", e.selected["conv2"], e.channel.Selected)
	}
	h.q.until(t, "channel 5's projections", func() bool {
		v, ok := e.projection.View()
		img, _ := e.projection.Shown()
		return ok && v.File == "projection_conv2_c5.png" && img != nil
	})
	h.q.until(t, "the saliency of test image 2", func() bool { v, ok := e.saliency.View(); return ok && v.File == "saliency.png" })
	if v, ok := e.ExportView(); !ok || v.File != "top9_conv2.png" {
		t.Errorf("Export view: %q, %v", v.File, ok)
	}

	e.layer.SetSelected("conv1") // another layer: searched on its first showing
	if len(e.channel.Options) != 32 {
		t.Errorf("conv1 offers %d channels, want 32", len(e.channel.Options))
	}
	e.Cancel()
	h.q.until(t, "the cancelled search", func() bool { return !e.searches.Running() })
	if _, ok := e.tops["conv1"]; ok || !strings.Contains(e.status.Text, "cancelled") {
		t.Errorf("after Cancel: status %q, a conv1 search kept: %v", e.status.Text, ok)
	}
	e.Refresh() // as while training: a cancelled search stays cancelled
	if e.searches.Running() {
		t.Error("Refresh started the cancelled search again")
	}
}

func TestExplainTabShowsTheRecordedEvolution(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	e := h.w.explained
	e.showEvolution(h.w.snapshot())
	if _, ok := e.strip.View(); ok || !e.frame.Disabled() {
		t.Fatal("an evolution is shown before any training")
	}
	trainAndPause(t, h) // the fake trainer takes more than 3 steps: frames 0, 1, 2 at least
	e.showEvolution(h.w.snapshot())
	if len(e.frames) < 3 || e.frame.Disabled() || e.exportStrip.Disabled() {
		t.Fatalf("%d frames after training, slider disabled %v", len(e.frames), e.frame.Disabled())
	}
	if int(e.frame.Value) != len(e.frames)-1 {
		t.Errorf("the slider is at frame %v, want the last, %d", e.frame.Value, len(e.frames)-1)
	}
	e.frame.SetValue(1)
	if !strings.HasPrefix(e.frameStep.Text, "step 1 (2 of") {
		t.Errorf("frame 1 is labelled %q", e.frameStep.Text)
	}
	if v, ok := e.filters.View(); !ok || v.File != "filters_conv1_step1.png" {
		t.Errorf("the frame's filters: %q", v.File)
	}
	h.w.reset()
	h.q.until(t, "the untrained network", func() bool { s := h.w.snapshot(); return s != nil && s.Step == 0 })
	e.showEvolution(h.w.snapshot())
	if len(e.frames) != 0 || !e.frame.Disabled() {
		t.Fatal("the evolution of a discarded model is still shown")
	}
}
