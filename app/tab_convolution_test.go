package app

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"convscope/cnn/explain"
	"convscope/views"
)

// sameImage reports whether a and b have the same size and pixels.
func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// checkStep checks that the Convolution tab shows window pos of kernel k over input in
// with padding pad, and that its position reads "pos+1 of n".
func checkStep(t *testing.T, c *convolutionTab, in explain.Plane, k explain.Kernel, pad explain.Padding, pos, n int) {
	t.Helper()
	v, ok := c.step.View()
	if !ok {
		t.Fatal("the step view shows nothing")
	}
	if want := views.ConvolutionStepView(in, k, pad, pos).Render(1); !sameImage(v.Render(1), want) {
		t.Errorf("the step view is not window %d of the %s kernel with %v padding", pos, k.Name, pad)
	}
	if got, want := c.position.Text, fmt.Sprintf("%d of %d", pos+1, n); got != want {
		t.Errorf("position reads %q, want %q", got, want)
	}
	if c.prev.Disabled() != (pos == 0) || c.next.Disabled() != (pos == n-1) {
		t.Errorf("at %d of %d: Previous disabled %v, Next disabled %v", pos+1, n, c.prev.Disabled(), c.next.Disabled())
	}
	if int(c.slider.Value) != pos || int(c.slider.Max) != n-1 {
		t.Errorf("slider at %v of %v, want %d of %d", c.slider.Value, c.slider.Max, pos, n-1)
	}
}

func TestConvolutionStepsAndToggles(t *testing.T) {
	h := newHarness(t, testSettings(), nil)
	c := h.w.convolution
	h.w.tabs.Select(c.Item())
	example, vertical := explain.EdgeExample(), explain.VerticalEdge()
	checkStep(t, c, example, vertical, explain.Valid, 0, 16)
	test.Tap(c.next)
	test.Tap(c.next)
	checkStep(t, c, example, vertical, explain.Valid, 2, 16)
	test.Tap(c.prev)
	checkStep(t, c, example, vertical, explain.Valid, 1, 16)
	c.slider.SetValue(15)
	checkStep(t, c, example, vertical, explain.Valid, 15, 16)

	// The transposed input and the horizontal kernel: the edge across, seen.
	test.Tap(c.transposed)
	test.Tap(c.horizontal)
	checkStep(t, c, example.Transpose(), explain.HorizontalEdge(), explain.Valid, 15, 16)
	// SAME padding: 36 positions, the position kept, and the note says what changed.
	test.Tap(c.same)
	checkStep(t, c, example.Transpose(), explain.HorizontalEdge(), explain.Same, 15, 36)
	if !strings.Contains(c.note.Text, "6×6") || !strings.Contains(c.note.Text, "ring of zeros") {
		t.Errorf("SAME note: %q", c.note.Text)
	}
	c.slider.SetValue(35)
	test.Tap(c.same) // back to VALID: the position is clamped to the last of 16
	checkStep(t, c, example.Transpose(), explain.HorizontalEdge(), explain.Valid, 15, 16)
}

func TestConvolutionPlayAdvancesAndStopsWhenHidden(t *testing.T) {
	h := newHarness(t, testSettings(), nil)
	c := h.w.convolution
	h.w.tabs.Select(c.Item())
	test.Tap(c.play)
	if !c.playing || c.play.Text != "Pause" {
		t.Fatalf("Play pressed: playing %v, button %q", c.playing, c.play.Text)
	}
	h.q.until(t, "two steps of play", func() bool { return c.pos >= 2 })
	test.Tap(c.play)
	if c.playing || c.play.Text != "Play" {
		t.Fatalf("Pause pressed: playing %v, button %q", c.playing, c.play.Text)
	}
	// Hiding the tab pauses play.
	test.Tap(c.play)
	h.w.tabs.Select(h.w.filters.Item())
	if c.playing {
		t.Error("the tab is hidden and still playing")
	}
	// Play at the last position starts again from the first.
	h.w.tabs.Select(c.Item())
	c.slider.SetValue(15)
	test.Tap(c.play)
	if c.pos != 0 || !c.playing {
		t.Errorf("Play at the end: position %d, playing %v", c.pos, c.playing)
	}
	test.Tap(c.next)
	if c.playing {
		t.Error("Next did not pause play")
	}
}

func TestConvolutionComparesEdgeDetectorsOnTheInput(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	c := h.w.convolution
	h.w.tabs.Select(c.Item())
	shown := func() bool { img, _ := c.edges.Shown(); return img != nil }
	h.q.until(t, "the comparison is drawn", shown)
	if !strings.Contains(c.about.Text, "test image 0") {
		t.Errorf("without an input, the tab says %q", c.about.Text)
	}
	// The picture is the comparison of the fixture's network on test image 0.
	net := sharedFixture().net
	x := sharedFixture().data.Test.Image(0)
	want, ranked, err := views.EdgesView(net, x, net.Trace(x))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.ExportView(); !ok || v.File != "edges.png" || !sameImage(v.Render(1), want.Render(1)) {
		t.Errorf("Export view gives %q, not the comparison on test image 0", v.File)
	}
	if best := ranked[0].Filters[0]; !strings.Contains(c.about.Text, fmt.Sprintf("filter %d ", best.Filter)) {
		t.Errorf("the tab does not name the vertical edge's best match, filter %d: %q", best.Filter, c.about.Text)
	}

	// Choosing test image 3 on Feature maps makes it the input here too.
	h.w.tabs.Select(h.w.features.Item())
	h.w.features.ShowTestImage(3)
	h.w.tabs.Select(c.Item())
	h.q.until(t, "the comparison on test image 3", func() bool { return strings.Contains(c.about.Text, "test image 3") })
	if strings.Contains(c.about.Text, "No input chosen") {
		t.Errorf("with test image 3 chosen, the tab says %q", c.about.Text)
	}
}
