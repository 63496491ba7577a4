package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
)

// Bounds and defaults of the occluding square's side and stride, in pixels of the 28×28
// input: from a square about a stroke wide to one that hides half the digit, moved by
// one pixel to four.
const (
	minSquare, defaultSquare, maxSquare = 4, 8, 14
	minStride, defaultStride, maxStride = 1, 2, 4
)

// occlusionWorkers is how many goroutines share the batch of occluded copies of the
// drawing. One leaves the other CPUs to training and to the pad's trace; on two busy
// CPUs a second worker made the maps no faster (see BenchmarkOccludeDrawing).
const occlusionWorkers = 1

// Messages of the occlusion maps while the pad is empty.
const (
	emptyProbabilityMapHint = "Draw a digit: a grey square slides over it, and this map shows the probability of the prediction with the square at each place."
	emptyFeatureMapHint     = "This one shows the response of the last convolution's most active feature map with the square at each place."
)

// occlusionPanel shows the occlusion sensitivity of an input (Zeiler & Fergus, section
// 4.2): with a grey square over each place of the input in turn, the probability of the
// predicted digit, and the response of the last convolution's feature map most active
// for the whole input, each as a heat map over the input. The square's side and stride are set in two
// entries, validated as typed. The maps are computed off the UI goroutine, the latest
// request winning, so they follow the drawing as fast as they can without holding it up.
type occlusionPanel struct {
	square      *widget.SelectEntry
	stride      *widget.SelectEntry
	message     *widget.Label
	probability *picture
	feature     *picture
	content     fyne.CanvasObject
	jobs        latest

	// The fields below belong to the UI goroutine.
	options explain.OcclusionOptions // the latest valid settings
	x       []float32                // the input shown, or nil
	net     *cnn.Network             // the network x is classified by
	result  *explain.Occlusion       // the occlusion shown, or nil
}

// newOcclusionPanel returns an empty panel with the default square and stride. do runs a
// function on the UI goroutine (fyne.Do).
func newOcclusionPanel(do func(func())) *occlusionPanel {
	p := &occlusionPanel{
		jobs:        latest{do: do},
		square:      widget.NewSelectEntry(numberTexts(minSquare, maxSquare)),
		stride:      widget.NewSelectEntry(numberTexts(minStride, maxStride)),
		message:     widget.NewLabel(""),
		probability: newPicture(do, fyne.NewSize(150, 190), tr.T(emptyProbabilityMapHint)),
		feature:     newPicture(do, fyne.NewSize(150, 190), tr.T(emptyFeatureMapHint)),
		options:     defaultOcclusionOptions(),
	}
	p.square.SetText(strconv.Itoa(defaultSquare))
	p.stride.SetText(strconv.Itoa(defaultStride))
	p.square.Validator = func(text string) error { _, err := parseSquare(text); return err }
	p.stride.Validator = func(text string) error { _, err := parseStride(text); return err }
	p.square.OnChanged = func(string) { p.settingsChanged() }
	p.stride.OnChanged = func(string) { p.settingsChanged() }
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Hidden = true

	settings := container.New(layout.NewFormLayout(),
		widget.NewLabel(tr.T("Square")), p.square,
		widget.NewLabel(tr.T("Stride")), p.stride)
	p.content = container.NewBorder(container.NewVBox(caption(tr.T("Occlusion sensitivity")), settings, p.message), nil, nil, nil,
		container.NewGridWithRows(2, p.probability, p.feature))
	return p
}

// defaultOcclusionOptions returns the occlusion settings the Draw tab starts with: the
// default square and stride, for the predicted digit.
func defaultOcclusionOptions() explain.OcclusionOptions {
	return explain.OcclusionOptions{Size: defaultSquare, Stride: defaultStride, Class: explain.Predicted, Workers: occlusionWorkers}
}

// numberTexts returns the whole numbers from lo to hi as texts.
func numberTexts(lo, hi int) []string {
	texts := make([]string, 0, hi-lo+1)
	for v := lo; v <= hi; v++ {
		texts = append(texts, strconv.Itoa(v))
	}
	return texts
}

// parseSquare reads the side of the occluding square, or says what it must be.
func parseSquare(text string) (int, error) {
	return parseWholeIn(text, tr.T("the square's side"), minSquare, maxSquare)
}

// parseStride reads the stride of the occluding square, or says what it must be.
func parseStride(text string) (int, error) {
	return parseWholeIn(text, tr.T("the stride"), minStride, maxStride)
}

// parseWholeIn reads a whole number from lo to hi, or returns an error naming the value
// and its range.
func parseWholeIn(text, name string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || v < lo || v > hi {
		return 0, tr.Errorf("%s must be a whole number of pixels from %d to %d", name, lo, hi)
	}
	return v, nil
}

// Options returns the occlusion settings the maps are computed with: the latest valid
// side and stride, for the predicted digit.
func (p *occlusionPanel) Options() explain.OcclusionOptions { return p.options }

// Result returns the occlusion shown, or nil.
func (p *occlusionPanel) Result() *explain.Occlusion { return p.result }

// Show computes and shows the occlusion maps of the input x (28×28 values) classified by
// net. The maps shown stay until the new ones are ready.
func (p *occlusionPanel) Show(x []float32, net *cnn.Network) {
	p.x, p.net = x, net
	p.occlude()
}

// Clear removes the maps, and drops those still being computed.
func (p *occlusionPanel) Clear() {
	p.x, p.net, p.result = nil, nil, nil
	p.jobs.Drop()
	p.probability.Clear(tr.T(emptyProbabilityMapHint))
	p.feature.Clear(tr.T(emptyFeatureMapHint))
}

// settingsChanged applies the side and stride typed, if both are valid, and computes the
// maps again if they changed; else it says what is wrong and keeps the maps shown.
func (p *occlusionPanel) settingsChanged() {
	square, err := parseSquare(p.square.Text)
	if err == nil {
		var stride int
		stride, err = parseStride(p.stride.Text)
		if err == nil && (square != p.options.Size || stride != p.options.Stride) {
			p.options.Size, p.options.Stride = square, stride
			p.occlude()
		}
	}
	if err != nil {
		p.message.SetText(err.Error())
		p.message.Show()
	} else {
		p.message.Hide()
	}
}

// occlude computes the maps of the input shown on the panel's goroutine and shows them,
// unless the panel was cleared or given another input meanwhile.
func (p *occlusionPanel) occlude() {
	if p.x == nil {
		return
	}
	x, net, o := p.x, p.net, p.options
	p.jobs.Submit(func(j job) {
		occ, err := explain.Occlude(net, x, o)
		j.Show(func() {
			switch {
			case err != nil:
				p.message.SetText(tr.F("The occlusion maps failed: %v", err))
				p.message.Show()
			default:
				p.show(x, occ)
			}
		})
	})
}

// show shows the occlusion occ of the input x.
func (p *occlusionPanel) show(x []float32, occ *explain.Occlusion) {
	p.result = occ
	p.probability.SetView(views.OcclusionView(x, occ))
	if occ.FeatureLayer == "" {
		p.feature.Clear(tr.T("This network has no convolution: there is no feature map to occlude."))
		return
	}
	p.feature.SetView(views.OcclusionFeatureView(x, occ))
}
