package app

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"convscope/cnn/explain"
	"convscope/views"
	"convscope/viz"
)

func TestEmbeddingTabMapsPicksAndRunsTSNE(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	e := h.w.embedding
	h.w.tabs.Select(e.Item())
	// The untrained model has no recorded frames: it is mapped by PCA on demand.
	h.q.until(t, "the PCA map", func() bool { return len(e.shown.Points) > 0 })
	if e.shown.Method != explain.MethodPCA || e.shown.Version != h.w.snapshot().Version || len(e.shown.Indices) != fakeImages {
		t.Fatalf("shown: %s of version %d, %d images; want PCA of the current model's %d", e.shown.Method, e.shown.Version, len(e.shown.Indices), fakeImages)
	}
	if !strings.HasPrefix(e.step.Text, "PCA of step 0") {
		t.Errorf("the map is labelled %q", e.step.Text)
	}

	// A click on a dot picks its image, which opens in Feature maps.
	m := e.shown
	title := views.EmbeddingTitle(m.Layer, len(m.Labels), "PCA", m.Step)
	layout := viz.ScatterLayout(m.Points, m.Labels, viz.ScatterOptions{Title: title})
	want := layout.Nearest(layout.At[5])
	h.q.until(t, "the map drawn", func() bool { img, _ := e.scatter.Shown(); return img != nil })
	test.TapAt(e.scatter, shownAt(e.scatter, layout.At[5]))
	if e.picked != want || !strings.HasPrefix(e.about.Text, "Test image") || e.open.Disabled() {
		t.Fatalf("picked %d (%q), want %d", e.picked, e.about.Text, want)
	}
	test.Tap(e.open)
	if !h.w.visible(h.w.features) || h.w.features.index.Text != strconv.Itoa(m.Indices[want]) {
		t.Fatalf("Feature maps shows %q, want test image %d", h.w.features.index.Text, m.Indices[want])
	}

	// t-SNE runs on demand; Cancel drops it; run again, it is shown until the slider moves.
	h.w.tabs.Select(e.Item())
	test.Tap(e.tsne)
	test.Tap(e.work.cancel)
	h.q.drain()
	if e.showTSNE || e.status.Text != "Cancelled." || !e.work.cancel.Disabled() {
		t.Fatalf("after Cancel: t-SNE shown %v, status %q", e.showTSNE, e.status.Text)
	}
	test.Tap(e.tsne)
	h.q.until(t, "the t-SNE map", func() bool { return e.showTSNE })
	if e.shown.Method != explain.MethodTSNE || !strings.HasPrefix(e.step.Text, "t-SNE of step 0") || e.work.progress.Value != 1 {
		t.Fatalf("shown %s, labelled %q, progress %v", e.shown.Method, e.step.Text, e.work.progress.Value)
	}
	if v, ok := e.ExportView(); !ok || v.File != "embedding.png" {
		t.Fatalf("export %q, %v", v.File, ok)
	}
	// A new model forgets the map.
	h.w.reset()
	if e.showTSNE || e.mapped.Version != 0 || e.picked != -1 {
		t.Fatal("the map of a discarded model is kept")
	}
}

func TestHealthTabMeasuresAModelWithoutRecords(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	ht := h.w.health
	h.w.tabs.Select(ht.Item())
	h.q.until(t, "the health measured", func() bool { return len(ht.records) == 1 })
	if v, ok := ht.ExportView(); !ok || v.File != "distributions.png" || ht.records[0].Step != 0 || len(ht.records[0].Layers) != 4 {
		t.Fatalf("export %q (%v), records %+v", v.File, ok, ht.records)
	}
	for choice, file := range map[string]string{healthHistograms: "histograms_0.png", healthFigures: "health.png"} {
		ht.choice.SetSelected(choice)
		if v, ok := ht.ExportView(); !ok || v.File != file {
			t.Errorf("%s: export %q, want %s", choice, v.File, file)
		}
	}
}

func TestFiltersTabShowsW0AndTheChange(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	f := h.w.filters
	h.w.tabs.Select(f.Item())
	for which, file := range map[string]string{"W": "filters_conv1.png", "W0": "filters_w0_conv1.png", "W − W0": "filter_change_conv1.png"} {
		f.which.SetSelected(which)
		if v, ok := f.ExportView(); !ok || v.File != file {
			t.Errorf("%s: export %q (%v), want %s", which, v.File, ok, file)
		}
	}
	// What the three show fits together: W0 + (W − W0) = W.
	info, _ := f.chosen()
	shown := map[string][]float32{}
	for _, which := range []string{"W", "W0", "W − W0"} {
		f.which.SetSelected(which)
		got, err := f.filtersOf(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		shown[which] = got.Data
	}
	for i, w := range shown["W"] {
		if d := shown["W0"][i] + shown["W − W0"][i] - w; d > 1e-6 || d < -1e-6 {
			t.Fatalf("weight %d: W0 %v + (W − W0) %v is not W %v", i, shown["W0"][i], shown["W − W0"][i], w)
		}
	}
}
