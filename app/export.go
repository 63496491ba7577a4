package app

import (
	"errors"
	"path/filepath"

	"convscope/cnn"
	"convscope/internal/tr"
	"convscope/runs"
	"convscope/views"
	"convscope/viz"
)

// exportView writes v rendered at views.ExportScale as a PNG file at path.
func exportView(path string, v views.View) error {
	return viz.SavePNG(path, v.Render(views.ExportScale))
}

// reportOptions returns what Export all shows besides the model: the input inspected,
// with the Draw tab's occlusion settings, the strongest patches searched and the inputs
// synthesized for this model, the adversarial example of the input, the latest
// evaluation and the Convolution tab's step as shown.
func (w *mainWindow) reportOptions() views.ReportOptions {
	o := views.ReportOptions{
		Input: w.inspected.X, Occlusion: w.draw.OcclusionOptions(), Test: w.test(),
		Tops: w.explained.Tops(), Channel: -1, Extra: []views.View{w.convolution.StepView()},
		Syntheses: w.explained.synthesis.Syntheses(), Adversarial: w.draw.fool.Adversarial(),
	}
	if ev := w.evaluator.Latest(); ev != nil {
		o.Evaluation = ev.Evaluation
	}
	return o
}

// exportAll writes every picture of the snapshot s and the options o (views.NewReport)
// into dir at views.ExportScale, and the training history as runs.MetricsFile. It
// returns the names of the files written. It belongs off the UI goroutine.
func exportAll(dir string, s *cnn.Snapshot, o views.ReportOptions) ([]string, error) {
	if s == nil {
		return nil, errors.New(tr.T("the network is not built yet"))
	}
	r, err := views.NewReport(s, o)
	if err != nil {
		return nil, err
	}
	files, err := r.Write(dir, views.ExportScale)
	if err != nil {
		return files, err
	}
	if err := runs.WriteMetrics(filepath.Join(dir, runs.MetricsFile), s.History, s.Config.Batch); err != nil {
		return files, err
	}
	files = append(files, runs.MetricsFile)
	if len(s.Recording.Health) > 0 {
		if err := runs.WriteHealth(filepath.Join(dir, runs.HealthFile), s.Recording.Health); err != nil {
			return files, err
		}
		files = append(files, runs.HealthFile)
	}
	return files, nil
}
