package views

import (
	"strings"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// TestPicturesAreTranslated draws every picture of a report, and the pictures the report
// leaves to the front ends, in Simplified Chinese, and fails for any text that the
// catalogs do not translate.
func TestPicturesAreTranslated(t *testing.T) {
	tr.Set(tr.Chinese)
	tr.ResetMissing()
	t.Cleanup(func() { tr.Set(tr.English) })

	s, set, tops := reportFixture(t)
	ev := s.Net.Evaluate(set.Images, set.Labels, 1)
	quick := explain.SynthesisOptions{Steps: 2}
	classes, err := explain.SynthesizeClasses(t.Context(), s.Net, quick)
	if err != nil {
		t.Fatal(err)
	}
	centre, err := explain.SynthesizeChannels(t.Context(), s.Net, s.Net.LayersOf(cnn.Convolution)[1], explain.CentreUnit, quick)
	if err != nil {
		t.Fatal(err)
	}
	target := (s.Net.Trace(set.Image(3)).Digit + 1) % cnn.Classes
	adv, err := explain.Adversary(t.Context(), s.Net, set.Image(3), explain.AdversarialOptions{MaxEpsilon: 2, Targeted: true, Target: target, Attack: explain.Iterated})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReport(s, ReportOptions{Input: set.Image(3), Test: set, Tops: tops, Channel: -1, Evaluation: ev,
		Extra:     []View{ConvolutionStepView(explain.EdgeExample(), explain.VerticalEdge(), explain.Same, 0)},
		Syntheses: []*explain.Synthesis{centre, classes}, Adversarial: adv})
	if err != nil {
		t.Fatal(err)
	}
	images, labels := cnn.HealthProbeOf(set)
	var records []cnn.HealthRecord
	for step := 1; step <= 2; step++ {
		h, err := s.Net.Health(step, images, labels, nil)
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, h)
	}
	views := append(r.Views, HealthChartView(records), HistogramView(records[0], ""),
		AdversarialView(adv, mnist.Fashion), ConfusionView(ev, mnist.Fashion),
		Compare([]ComparedRun{comparedRun("a", cnn.DefaultConfig(), 0.9), comparedRun("b", cnn.DefaultConfig(), 0.8)}, ByWallTime, true).View("runs"))
	if v, ok := DistributionsView(records, DistributionsTitle(records)); ok {
		views = append(views, v)
	}
	for _, v := range views {
		v.Render(1)
	}
	if missing := tr.Missing(); len(missing) > 0 {
		t.Fatalf("%d texts of the pictures have no Chinese translation:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	if got, want := AdversarialTitle(adv, mnist.Fashion), "攻击"; !strings.Contains(got, want) {
		t.Errorf("the adversarial title in Chinese is %q", got)
	}
}
