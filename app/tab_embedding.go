package app

import (
	"context"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
	"convscope/viz"
)

// Texts of the Embedding tab.
const (
	embeddingWaiting = "Loading the test set…"
	// embeddingNote is one literal, as the translations' test finds it.
	embeddingNote    = "Each dot is a test image, placed by the activations of the network's last hidden layer and coloured by its true class; ringed dots are misclassified. PCA is recorded at every evaluation while training (the slider scrubs the run); t-SNE draws neighbourhoods apart, on demand. Click a dot to see its image."
	pickPointMessage = "Click a dot to see its image."
)

// embeddingTab is the Embedding tab: a fixed set of test images mapped to the plane by the
// activations of the network's last hidden layer, coloured by class. The PCA frames the
// run recorded are scrubbed with a slider; a model without frames is mapped by PCA on
// demand; t-SNE runs on a goroutine with progress and Cancel. A click on a dot shows its
// image and classes, and opens it in Feature maps.
type embeddingTab struct {
	shell   *shell
	item    *container.TabItem
	frame   *widget.Slider
	step    *widget.Label
	tsne    *widget.Button
	work    *background // PCA of a model without frames, or t-SNE
	status  *widget.Label
	scatter *picture
	image   *picture
	about   *widget.Label
	open    *widget.Button

	// OnOpenImage, if set, is called with the test index of the picked image to open it in
	// Feature maps.
	OnOpenImage func(i int)

	// The fields below belong to the UI goroutine.
	snap   *cnn.Snapshot
	frames []cnn.EmbeddingFrame // the frames recorded, as last shown
	shown  embeddingMap         // the map on screen
	mapped embeddingMap         // the latest map computed on demand, of the model's version
	asked  uint64               // the version last mapped by PCA on demand
	picked int                  // the picked image, an index into shown's points, or -1
	// showTSNE says the t-SNE map is shown until the slider moves.
	showTSNE bool
}

// embeddingMap is a map of test images to the plane, and what it was made of.
type embeddingMap struct {
	Version   uint64 // the snapshot mapped; 0 for none
	Step      int
	Method    string // explain.MethodPCA or explain.MethodTSNE
	Layer     string
	Points    []float32
	Labels    []uint8
	Predicted []uint8
	Indices   []int // the test images
}

func newEmbeddingTab(sh *shell) *embeddingTab {
	t := &embeddingTab{
		shell:   sh,
		step:    widget.NewLabel(""),
		status:  widget.NewLabel(""),
		scatter: newPicture(sh.do, fyne.NewSize(420, 380), tr.T(embeddingWaiting)),
		image:   newPicture(sh.do, fyne.NewSquareSize(140), ""),
		about:   widget.NewLabel(tr.T(pickPointMessage)),
		picked:  -1,
	}
	t.work = newBackground(sh.do, t.Cancel)
	t.status.Wrapping, t.about.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
	t.frame = widget.NewSlider(0, 1)
	t.frame.Step = 1
	t.frame.OnChanged = func(float64) {
		t.showTSNE = false
		t.showFrame()
	}
	t.frame.Disable()
	t.tsne = widget.NewButtonWithIcon(tr.T("Run t-SNE"), theme.MediaPlayIcon(), t.RunTSNE)
	t.open = widget.NewButtonWithIcon(tr.T("Open in Feature maps"), theme.NavigateNextIcon(), func() {
		if t.picked >= 0 && t.OnOpenImage != nil {
			t.OnOpenImage(t.shown.Indices[t.picked])
		}
	})
	t.open.Disable()
	t.scatter.OnTapped = t.tapped

	top := container.NewVBox(
		container.NewBorder(nil, nil, caption(tr.T("PCA at step")), container.NewHBox(t.step, widget.NewSeparator(), t.tsne, t.work.cancel), t.frame),
		t.work.progress, t.status, widget.NewSeparator())
	side := container.NewVBox(caption(tr.T("Picked image")), t.image, t.about, t.open)
	t.item = container.NewTabItemWithIcon(tr.T("Embedding"), theme.ViewFullScreenIcon(), container.NewBorder(top, smallNote(tr.T(embeddingNote)), nil,
		container.NewHBox(widget.NewSeparator(), withWidth(200, side)), t.scatter))
	return t
}

func (t *embeddingTab) Item() *container.TabItem { return t.item }

// Refresh shows the frames the model's run recorded, keeping the slider at the last frame
// if it was there, or maps a model without frames by PCA, once the test set is loaded.
func (t *embeddingTab) Refresh() {
	s := t.shell.snapshot()
	if s == nil {
		return
	}
	if t.snap == nil || s.Version != t.snap.Version {
		t.snap = s
		t.showFrames(s.Recording.Embedding.Frames)
	}
	if len(s.Recording.Embedding.Frames) == 0 && t.asked != s.Version && !t.work.Running() && t.shell.test() != nil {
		t.asked = s.Version
		t.mapOnDemand(explain.MethodPCA)
	}
}

// showFrames offers frames on the slider, keeping it at the last frame if it was there,
// and shows the slider's frame.
func (t *embeddingTab) showFrames(frames []cnn.EmbeddingFrame) {
	atEnd := len(t.frames) == 0 || int(t.frame.Value) >= len(t.frames)-1
	t.frames = frames
	t.frame.Max = float64(max(1, len(frames)-1))
	if len(frames) > 1 {
		t.frame.Enable()
	} else {
		t.frame.Disable()
	}
	if atEnd || int(t.frame.Value) >= len(frames) {
		t.frame.Value = float64(max(0, len(frames)-1))
	}
	t.frame.Refresh()
	t.showFrame()
}

// showFrame shows the slider's recorded frame or, without frames, the map made on demand.
func (t *embeddingTab) showFrame() {
	s := t.snap
	if s == nil {
		return
	}
	e := s.Recording.Embedding
	i := int(t.frame.Value)
	switch {
	case t.showTSNE:
		t.show(t.mapped)
	case i < len(e.Frames):
		f := e.Frames[i]
		t.show(embeddingMap{Version: s.Version, Step: f.Step, Method: explain.MethodPCA, Layer: e.Layer,
			Points: f.Points, Labels: e.Labels, Predicted: f.Predicted, Indices: e.Indices})
	case t.mapped.Version != 0:
		t.show(t.mapped)
	}
}

// show puts m on screen, keeping the picked image if it is of the same images.
func (t *embeddingTab) show(m embeddingMap) {
	if len(m.Indices) != len(t.shown.Indices) {
		t.picked = -1
	}
	t.shown = m
	t.step.SetText(tr.F("%s of step %s", explain.MethodName(m.Method), formatCount(m.Step)))
	t.scatter.SetView(t.view(true))
	t.showPicked()
}

// view returns the picture of the map shown, with the picked image circled if highlight.
func (t *embeddingTab) view(highlight bool) views.View {
	m := t.shown
	o := viz.ScatterOptions{Highlight: highlight && t.picked >= 0, Selected: max(t.picked, 0)}
	title := views.EmbeddingTitle(m.Layer, len(m.Labels), explain.MethodName(m.Method), m.Step)
	return views.EmbeddingView(m.Points, m.Labels, m.Predicted, t.shell.classes(), title, o)
}

// mapOnDemand maps the embedding's images of the current model by method on a
// goroutine, cancelling a t-SNE going on.
func (t *embeddingTab) mapOnDemand(method string) {
	s, test := t.shell.snapshot(), t.shell.test()
	if s == nil || test == nil {
		t.status.SetText(tr.T("The map needs the test set: it is not loaded yet."))
		return
	}
	t.tsne.Disable()
	indices := s.Recording.Embedding.Indices
	if len(indices) == 0 {
		indices = cnn.BalancedSubset(test.Labels, cnn.EmbeddingImages)
	}
	picked := test.Pick(indices)
	t.status.SetText(tr.F("Mapping %s test images by %s…", formatCount(len(indices)), explain.MethodName(method)))
	t.work.Start(func(ctx context.Context, j job, progress func(done, total int)) {
		// t-SNE's usual perplexity of 30 needs 91 images; a small test set gets less.
		ts := explain.TSNE{Seed: s.Config.Seed, Workers: s.Config.Workers, Perplexity: min(30, float64(len(indices)-1)/3),
			Progress: progress}
		m, err := explain.MapImages(ctx, s.Net, picked.Images, method, ts)
		j.Show(func() {
			t.mapEnded()
			if err != nil {
				t.status.SetText(tr.F("The map failed: %v", err))
				return
			}
			t.status.SetText("")
			t.work.progress.SetValue(1)
			t.mapped = embeddingMap{Version: s.Version, Step: s.Step, Method: m.Method, Layer: m.Layer,
				Points: m.Points, Labels: picked.Labels, Predicted: m.Predicted, Indices: indices}
			t.showTSNE = m.Method == explain.MethodTSNE
			t.showFrame()
		})
	})
}

// RunTSNE maps the current model's images by t-SNE.
func (t *embeddingTab) RunTSNE() { t.mapOnDemand(explain.MethodTSNE) }

// Cancel stops the map being made: its result is dropped even if it has just finished.
func (t *embeddingTab) Cancel() {
	if !t.work.Cancel() {
		return
	}
	t.tsne.Enable()
	t.status.SetText(tr.T("Cancelled."))
}

// Forget drops the maps made of the model, and the one being made: a new model has come.
func (t *embeddingTab) Forget() {
	t.Cancel()
	t.status.SetText("")
	t.mapped, t.showTSNE, t.picked, t.asked = embeddingMap{}, false, -1, 0
}

// mapEnded shows that no map is being made.
func (t *embeddingTab) mapEnded() {
	t.work.Ended()
	t.tsne.Enable()
}

// tapped picks the image whose dot is at p, a point of the picture at scale 1.
func (t *embeddingTab) tapped(p image.Point) {
	m := t.shown
	if len(m.Points) == 0 {
		return
	}
	i := viz.ScatterLayout(m.Points, m.Labels, viz.ScatterOptions{Title: views.EmbeddingTitle(m.Layer, len(m.Labels), explain.MethodName(m.Method), m.Step)}).Nearest(p)
	if i < 0 {
		return
	}
	t.picked = i
	t.scatter.SetView(t.view(true))
	t.showPicked()
}

// showPicked shows the picked image with its true and predicted classes.
func (t *embeddingTab) showPicked() {
	test := t.shell.test()
	m := t.shown
	if t.picked < 0 || test == nil || t.picked >= len(m.Indices) || m.Indices[t.picked] >= test.Len() {
		t.image.Clear("")
		t.about.SetText(tr.T(pickPointMessage))
		t.open.Disable()
		return
	}
	i, d := m.Indices[t.picked], t.shell.classes()
	t.image.SetView(views.InputView(test.Image(i)))
	truth, predicted := d.ClassLabel(int(m.Labels[t.picked])), d.ClassLabel(int(m.Predicted[t.picked]))
	if m.Predicted[t.picked] == m.Labels[t.picked] {
		t.about.SetText(tr.F("Test image %d: true %s, predicted %s (correct).", i, truth, predicted))
	} else {
		t.about.SetText(tr.F("Test image %d: true %s, predicted %s (misclassified).", i, truth, predicted))
	}
	t.open.Enable()
}

// ExportView returns the map shown, without the picked image's circle.
func (t *embeddingTab) ExportView() (views.View, bool) {
	if len(t.shown.Points) == 0 {
		return views.View{}, false
	}
	return t.view(false), true
}
