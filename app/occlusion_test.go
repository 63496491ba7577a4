package app

import (
	"strconv"
	"strings"
	"testing"

	"convscope/cnn/mnist"
)

// occlusionPositions returns how many places a square of side square takes along a side
// of the 28×28 input when moved by stride: the rows (and columns) of an occlusion.
func occlusionPositions(square, stride int) int { return (mnist.Rows-square)/stride + 1 }

func TestDrawingShowsOcclusionMaps(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.tabs.Select(h.w.draw.Item())
	p := h.w.draw.occlusion
	drawSeven(h.w.draw.pad)
	// The maps follow the strokes: wait for those of the whole drawing, which map the
	// probability of the digit the network predicts for it.
	h.q.until(t, "the occlusion maps of the drawing are drawn", func() bool {
		prob, _ := p.probability.Shown()
		feature, _ := p.feature.Shown()
		x, drawn := h.w.draw.Input()
		occ := p.Result()
		if prob == nil || feature == nil || !drawn || occ == nil {
			return false
		}
		tr := sharedFixture().net.Trace(x)
		return occ.Class == tr.Digit && occ.BaseProbability == tr.Probabilities[tr.Digit]
	})
	occ := p.Result()
	want := occlusionPositions(defaultSquare, defaultStride) // 11 places of an 8-pixel square by 2
	if occ.Rows != want || occ.Cols != want || occ.Size != defaultSquare || occ.Stride != defaultStride {
		t.Fatalf("occlusion of %d×%d places of a %d-pixel square by %d, want %d×%d of %d by %d",
			occ.Rows, occ.Cols, occ.Size, occ.Stride, want, want, defaultSquare, defaultStride)
	}
	for pic, file := range map[*picture]string{p.probability: "occlusion.png", p.feature: "occlusion_conv2.png"} {
		if v, _ := pic.View(); v.File != file {
			t.Errorf("a map shows %s, want %s", v.File, file)
		}
	}

	h.w.draw.Clear()
	h.q.until(t, "the empty pad is shown", func() bool { return p.Result() == nil })
	if _, shown := p.probability.View(); shown {
		t.Error("the probability map is still shown for an empty pad")
	}
	if _, shown := p.feature.View(); shown {
		t.Error("the feature map is still shown for an empty pad")
	}
}

// drawWithFewPlaces draws a 7 on the pad after setting the occluding square to 14 pixels
// moved by 4, 4×4 places: occluding at the default 11×11 places takes seconds under the
// race detector.
func drawWithFewPlaces(t *testing.T, h *harness) *occlusionPanel {
	h.w.tabs.Select(h.w.draw.Item())
	p := h.w.draw.occlusion
	setOcclusion(p, "14", "4")
	drawSeven(h.w.draw.pad)
	h.q.until(t, "the occlusion maps are computed", func() bool { return p.Result() != nil })
	return p
}

// setOcclusion types the side and the stride of the occluding square.
func setOcclusion(p *occlusionPanel, square, stride string) {
	p.square.SetText(square)
	p.stride.SetText(stride)
}

func TestOcclusionSettingsRecomputeWithTheirGeometry(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	p := drawWithFewPlaces(t, h)
	for _, tt := range []struct{ square, stride string }{
		{"12", "4"}, {" 6 ", "4"}, {"14", "3"},
	} {
		setOcclusion(p, tt.square, tt.stride)
		o := p.Options()
		if strings.TrimSpace(tt.square) != strconv.Itoa(o.Size) || tt.stride != strconv.Itoa(o.Stride) {
			t.Fatalf("square %q, stride %q gave options %d by %d", tt.square, tt.stride, o.Size, o.Stride)
		}
		want := occlusionPositions(o.Size, o.Stride)
		h.q.until(t, "the maps are computed with square "+tt.square+", stride "+tt.stride, func() bool {
			occ := p.Result()
			return occ.Size == o.Size && occ.Stride == o.Stride
		})
		if occ := p.Result(); occ.Rows != want || occ.Cols != want {
			t.Errorf("square %d by %d: %d×%d places, want %d×%d", o.Size, o.Stride, occ.Rows, occ.Cols, want, want)
		}
		if !p.message.Hidden {
			t.Errorf("square %d by %d: message %q", o.Size, o.Stride, p.message.Text)
		}
	}

	shown := p.Result()
	h.w.draw.Refresh() // the model has not changed: nothing to do
	h.q.drain()
	if p.Result() != shown {
		t.Error("Refresh with the same model computed the maps again")
	}
	trainAndPause(t, h) // a new model: the drawing is classified again
	h.q.until(t, "the maps are computed again", func() bool { return p.Result() != shown })
}

func TestOcclusionRejectsInvalidSettings(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	p := drawWithFewPlaces(t, h)
	valid := p.Options()
	for _, tt := range []struct {
		square, stride string
		wrong          string // the setting the message names
	}{
		{"3", "2", "side"}, {"15", "2", "side"}, {"eight", "2", "side"}, {"", "2", "side"},
		{"14", "0", "stride"}, {"14", "5", "stride"}, {"14", "1.5", "stride"},
	} {
		submitted := requests(&p.jobs)
		setOcclusion(p, tt.square, tt.stride)
		if o := p.Options(); o != valid {
			t.Errorf("square %q, stride %q changed the options to %d by %d", tt.square, tt.stride, o.Size, o.Stride)
		}
		if requests(&p.jobs) != submitted {
			t.Errorf("square %q, stride %q computed the maps again", tt.square, tt.stride)
		}
		if msg := p.message.Text; p.message.Hidden || !strings.Contains(msg, tt.wrong) || !strings.Contains(msg, "from") {
			t.Errorf("square %q, stride %q: message %q (hidden %v), want one naming the %s and its range",
				tt.square, tt.stride, msg, p.message.Hidden, tt.wrong)
		}
		entry := p.square
		if tt.wrong == "stride" {
			entry = p.stride
		}
		if entry.Validate() == nil {
			t.Errorf("the %s's entry accepts %q", tt.wrong, entry.Text)
		}
		setOcclusion(p, strconv.Itoa(valid.Size), strconv.Itoa(valid.Stride))
		if !p.message.Hidden {
			t.Errorf("valid settings after square %q, stride %q: message %q", tt.square, tt.stride, p.message.Text)
		}
	}
}

// requests returns how many requests l has had.
func requests(l *latest) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.issued
}
