package views

import (
	"image"

	"convscope/cnn"
	"convscope/internal/tr"
	"convscope/viz"
)

// Weights says which weights of a convolution a filter picture shows.
type Weights int

// The weights a filter picture can show.
const (
	Current  Weights = iota // W, the weights as they are
	Initial                 // W0, the weights at step 0
	ChangeW0                // W − W0, what training changed
)

// AllWeights lists the weights a filter picture can show, in the order the Filters tab
// offers them.
var AllWeights = []Weights{Current, Initial, ChangeW0}

// String returns how the Filters tab names w: W, W0 or W − W0.
func (w Weights) String() string {
	return [...]string{"W", "W0", "W − W0"}[w]
}

// InitialWeights returns the weights of every convolution of s's network at step 0, by
// layer name: those its run recorded or, for a model saved without them, those of the
// network its settings build, which are the same (the initialisation is a function of
// the seed). It returns false if neither is known.
func InitialWeights(s *cnn.Snapshot) (map[string][]float32, bool) {
	if len(s.Recording.W0) > 0 {
		return s.Recording.W0, true
	}
	net, err := s.Config.NewNetwork()
	if err != nil {
		return nil, false
	}
	return cnn.InitialWeights(net), true
}

// FiltersOf returns the weights w of the convolution info of net, given its initial
// weights w0 (see InitialWeights; unused for Current). It returns an error if w0 has no
// weights of that layer's shape.
func FiltersOf(net *cnn.Network, info cnn.LayerInfo, w Weights, w0 map[string][]float32) (viz.Filters, error) {
	f := ConvFilters(net.Conv(info))
	if w == Current {
		return f, nil
	}
	initial, ok := w0[info.Name]
	if !ok || len(initial) != len(f.Data) {
		return viz.Filters{}, tr.Errorf("the initial weights of %s are not known", info.Name)
	}
	if w == Initial {
		f.Data = initial
		return f, nil
	}
	change := make([]float32, len(f.Data))
	for i, v := range f.Data {
		change[i] = v - initial[i]
	}
	f.Data = change
	return f, nil
}

// FilterChangeView returns the change W − W0 of a convolution's filters since step 0
// (filter_change_<layer>.png) drawn with the options o, whose empty Title becomes one that
// says so; with o's one colour scale for the layer, filters that moved little look faint
// beside those that moved much. Render sets o.Scale.
func FilterChangeView(layer string, change viz.Filters, o viz.FilterGridOptions) View {
	if o.Title == "" {
		o.Title = tr.F("%s: W − W0, the change since step 0", layer)

	}
	return View{"filter_change_" + layer + ".png", func(s int) image.Image {
		o := o
		o.Scale = s
		return viz.FilterGrid(change, o)
	}}
}
