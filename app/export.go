package app

import (
	"io"
	"path/filepath"

	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/views"
	"convscope/viz"
)

// exportScale is the scale pictures are exported at: twice their size on a plain screen.
const exportScale = 2

// metricsFile is the name of the training history Export all writes.
const metricsFile = "metrics.csv"

// exportView writes v rendered at exportScale as a PNG file at path.
func exportView(path string, v views.View) error {
	return viz.SavePNG(path, v.Render(exportScale))
}

// shownChoices are the choices of the tabs that Export all writes pictures of as shown.
type shownChoices struct {
	Occlusion       explain.OcclusionOptions // the Draw tab's occlusion settings
	ConvolutionStep views.View               // the Convolution tab's step view
}

// exportAll writes every picture of the session into dir at exportScale: the model's
// (training chart, filters), the current input's (input, probabilities, feature maps, and
// occlusion maps computed with shown.Occlusion), the Convolution tab's (the edge
// detectors on the input or test image 0, and shown.ConvolutionStep), the confusion
// matrix of the latest evaluation, the Zeiler-Fergus views (see
// Session.explanationViews), and the training history as metricsFile. It returns the
// names of the files written. It waits for the training step in progress, so it belongs
// off the UI goroutine.
func exportAll(s *Session, dir string, shown shownChoices) ([]string, error) {
	m := s.Model()
	all := views.ModelViews(m.Net, m.History, m.Batch, mnist.TrainLen)
	if in := s.Input(); in.X != nil {
		all = append(all, views.InputViews(in.X, m.Net.Trace(in.X))...)
		occ, err := explain.Occlude(m.Net, in.X, shown.Occlusion)
		if err != nil {
			return nil, err
		}
		all = append(all, views.OcclusionViews(in.X, occ)...)
	}
	if in := s.EdgesInput(); in.X != nil {
		edges, _, err := views.EdgesView(m.Net, in.X, m.Net.Trace(in.X))
		if err != nil {
			return nil, err
		}
		all = append(all, edges)
	}
	all = append(all, shown.ConvolutionStep)
	if ev := s.Evaluation(); ev != nil {
		all = append(all, views.ConfusionView(ev.Evaluation))
	}
	explained, err := s.explanationViews(m.Net, s.Input().X)
	if err != nil {
		return nil, err
	}
	all = append(all, explained...)
	if err := views.WriteAll(dir, all, exportScale); err != nil {
		return nil, err
	}
	files := make([]string, 0, len(all)+1)
	for _, v := range all {
		files = append(files, v.File)
	}
	if err := writeMetrics(filepath.Join(dir, metricsFile), m); err != nil {
		return files, err
	}
	return append(files, metricsFile), nil
}

// writeMetrics writes the model's history as CSV at path.
func writeMetrics(path string, m model) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		return m.History.WriteCSV(w, m.Batch, mnist.TrainLen)
	})
}
