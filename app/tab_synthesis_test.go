package app

import (
	"strings"
	"testing"
)

func TestSynthesisPageMakesTheClassImagesAndCancels(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	p := h.w.explained.synthesis
	p.Refresh()
	if got := p.target.Options; len(got) != 5 || got[0] != "conv1" || got[4] != classesChoice || p.target.Selected != "conv2" {
		t.Fatalf("targets %v, %q selected; want the reference's four maps then the classes, conv2 selected", got, p.target.Selected)
	}
	p.target.SetSelected(classesChoice)
	p.steps.SetText("3")
	p.Synthesize()
	h.q.until(t, "the class images", func() bool {
		if _, ok := p.results[classesChoice]; !ok && !p.work.Running() {
			p.Synthesize() // the untrained network, published again as the data loaded, forgot it
		}
		v, ok := p.picture.View()
		return ok && v.File == "synthesis_classes.png" && !p.work.Running()
	})
	if !strings.Contains(p.status.Text, "of the ten images as the class each was made for") || p.work.progress.Value != 1 {
		t.Errorf("status %q, progress %v", p.status.Text, p.work.progress.Value)
	}
	if got := p.Syntheses(); len(got) != 1 || !got[0].Classes {
		t.Errorf("Export all gets %d syntheses", len(got))
	}
	h.w.tabs.Select(h.w.explained.Item())
	h.w.explained.pages.SelectIndex(3)
	if v, ok := h.w.explained.ExportView(); !ok || v.File != "synthesis_classes.png" {
		t.Errorf("Export view of the Synthesis page: %q, %v", v.File, ok)
	}

	p.target.SetSelected("conv1")
	p.steps.SetText("2000")
	p.Synthesize()
	p.Cancel()
	h.q.until(t, "the cancelled synthesis", func() bool { return !p.work.Running() })
	if _, ok := p.results["conv1/"+unitChoices[0]]; ok || !strings.Contains(p.status.Text, "cancelled") {
		t.Errorf("after Cancel: status %q, a conv1 synthesis kept: %v", p.status.Text, ok)
	}
	p.steps.SetText("0")
	p.Synthesize()
	if !strings.Contains(p.status.Text, "steps: a whole number from 1 to 2000") || p.work.Running() {
		t.Errorf("0 steps: status %q", p.status.Text)
	}
}

func TestAttributionPageAndSmoothGradOfATestImage(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	e := h.w.explained
	e.attribution.steps.SetText("8") // before there is an input: nothing to compute yet
	h.w.features.ShowTestImage(2)
	if _, ok := e.attribution.integrated.View(); ok {
		t.Fatal("integrated gradients before the page is shown")
	}
	h.w.tabs.Select(e.Item())
	e.pages.SelectIndex(2) // the Attribution page: showing it computes its pictures
	h.q.until(t, "Grad-CAM and integrated gradients", func() bool {
		cam, ok := e.attribution.gradCAM.View()
		ig, igOK := e.attribution.integrated.View()
		return ok && igOK && cam.File == "gradcam_conv2.png" && ig.File == "integrated_gradients.png"
	})
	if !strings.Contains(e.attribution.completeness.Text, "8 steps") {
		t.Errorf("completeness: %q", e.attribution.completeness.Text)
	}
	e.attribution.layer.SetSelected("conv1")
	h.q.until(t, "Grad-CAM at conv1", func() bool {
		cam, ok := e.attribution.gradCAM.View()
		return ok && cam.File == "gradcam_conv1.png"
	})
	e.smooth.SetChecked(true)
	h.q.until(t, "the SmoothGrad saliency", func() bool { v, ok := e.saliency.View(); return ok && v.File == "smoothgrad.png" })
}

func TestFoolItFindsAnAdversarialExampleOfTheInput(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	f := h.w.draw.fool
	f.Fool()
	if !strings.Contains(f.status.Text, "Draw something") || f.work.Running() {
		t.Fatalf("without an input: status %q", f.status.Text)
	}
	h.w.features.ShowTestImage(2)
	f.attack.SetSelected(attackChoices[0]) // FGSM: one gradient per ε, quick under the race detector
	f.Fool()
	h.q.until(t, "the adversarial example", func() bool {
		v, ok := f.picture.View()
		return ok && v.File == "adversarial_tiles.png" && !f.work.Running()
	})
	if !strings.Contains(f.status.Text, "FGSM attack") || h.w.reportOptions().Adversarial == nil {
		t.Errorf("status %q; Export all has the example: %v", f.status.Text, h.w.reportOptions().Adversarial != nil)
	}
	h.w.features.ShowTestImage(3)
	f.Refresh()
	if !strings.Contains(f.status.Text, "has changed") || h.w.reportOptions().Adversarial != nil {
		t.Errorf("after another input: status %q", f.status.Text)
	}
}
