package app

import (
	"context"
	"errors"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/views"
	"convscope/viz"
)

// explanations is what a session keeps for the Zeiler-Fergus views of its model: the
// recording of its features' evolution while it trains, and the latest search of each
// layer's strongest test patches.
type explanations struct {
	evolution *explain.Recorder // nil until the model trains, or opens with a recording
	tops      map[string]topSearch
}

// topSearch is a finished search for the strongest test patches of a layer.
type topSearch struct {
	Top  *explain.Top
	Net  *cnn.Network // the network searched: the patches' projections need it
	Step int          // the model's step when it was searched
}

// Rows of the feature evolution strip.
const (
	evolutionFilters = 8 // conv1 filters
	evolutionMaps    = 8 // conv2 maps
)

// evolutionInput is the test image whose conv2 maps the evolution records: the first, a 7.
const evolutionInput = 0

// evolutionLocked returns the recorder of the model's evolution, starting one if there is
// none and the data is loaded, or nil.
func (s *Session) evolutionLocked() *explain.Recorder {
	if s.explained.evolution == nil && s.data != nil {
		s.explained.evolution = explain.NewRecorder(s.data.Test.Image(evolutionInput))
	}
	return s.explained.evolution
}

// Evolution returns the frames of the model's evolution recorded so far: those its file
// kept for a model opened, none for one saved without a recording until it trains on.
func (s *Session) Evolution() []explain.Frame {
	s.mu.Lock()
	rec := s.explained.evolution
	s.mu.Unlock()
	if rec == nil {
		return nil
	}
	return rec.Frames()
}

// ModelVersion returns the model's generation (Reset and Open start a new one) and the
// steps it has been trained: a search made at another version is out of date.
func (s *Session) ModelVersion() (generation, step int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.generation, s.step
}

// KeepTop keeps ts as the latest search of its layer, if the model is still of generation.
func (s *Session) KeepTop(generation int, ts topSearch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.generation != generation {
		return
	}
	if s.explained.tops == nil {
		s.explained.tops = make(map[string]topSearch)
	}
	s.explained.tops[ts.Top.Field.Layer] = ts
}

// Top returns the latest search of layer's strongest patches for the model, if any.
func (s *Session) Top(layer string) (topSearch, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, ok := s.explained.tops[layer]
	return ts, ok
}

// explanationViews returns the Zeiler-Fergus pictures of the model net for the input x
// (nil for none): the strongest patches of each layer searched, the projections of the
// conv2 channel strongest for x, x's saliency for its predicted digit, and the evolution
// strip if one was recorded.
func (s *Session) explanationViews(net *cnn.Network, x []float32) ([]views.View, error) {
	var vs []views.View
	for _, layer := range explainLayers {
		if ts, ok := s.Top(layer); ok {
			vs = append(vs, views.TopView(ts.Top, viz.PatchGridOptions{}))
		}
	}
	if x != nil {
		if ts, ok := s.Top("conv2"); ok {
			if test := s.TestSet(); test != nil {
				cp, err := explain.ProjectChannel(ts.Net, test, ts.Top, x, strongestChannel(ts.Net, x))
				if err != nil {
					return nil, err
				}
				vs = append(vs, views.ProjectionView(cp))
			}
		}
		sal, err := explain.ClassSaliency(net, x, explain.Predicted)
		if err != nil {
			return nil, err
		}
		vs = append(vs, views.SaliencyView(x, sal))
	}
	if frames := s.Evolution(); len(frames) > 0 {
		vs = append(vs, views.EvolutionView(frames, evolutionFilters, evolutionMaps, viz.EvolutionOptions{}))
	}
	return vs, nil
}

// explainLayers are the layers whose strongest patches the app searches.
var explainLayers = []string{"conv1", "conv2"}

// strongestChannel returns the conv2 channel of net that responds most to x.
func strongestChannel(net *cnn.Network, x []float32) int {
	a, _ := net.Trace(x).Layer("conv2")
	return explain.StrongestChannel(a)
}

// searchTop searches the test set for the strongest patches of layer with the session's
// current network, calling progress as it goes; see explain.TopPatches.
func (s *Session) searchTop(ctx context.Context, layer string, progress func(done, total int)) (topSearch, int, error) {
	generation, step := s.ModelVersion()
	net, test := s.Network(), s.TestSet()
	if test == nil {
		return topSearch{}, generation, errNoTestSet
	}
	top, err := explain.TopPatches(ctx, net, test, layer, explain.TopOptions{Workers: s.workers, Progress: progress})
	if err != nil {
		return topSearch{}, generation, err
	}
	return topSearch{Top: top, Net: net, Step: step}, generation, nil
}

// errNoTestSet is the error of a search before the data is loaded.
var errNoTestSet = errors.New("the MNIST test set is not loaded yet")
