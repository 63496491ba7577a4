package viz

import (
	"math"
	"testing"
)

// occlusionMap imitates an occlusion-sensitivity map of the test digit on a 14x14 grid of
// patch positions: the digit's ink blurred over a patch, strongest on the top bar.
func occlusionMap(tb testing.TB) Volume {
	x := digit(tb)
	heat := Volume{H: 14, W: 14, C: 1, Data: make([]float32, 14*14)}
	for gy := range 14 {
		for gx := range 14 {
			var sum float64
			for y := range 28 {
				for x0 := range 28 {
					dy, dx := float64(y-2*gy), float64(x0-2*gx)
					sum += float64(x.Data[y*28+x0]) * math.Exp(-(dy*dy+dx*dx)/18)
				}
			}
			if gy < 6 {
				sum *= 1.8 // the bar distinguishes a 7 from a 1
			}
			heat.Data[gy*14+gx] = float32(sum / 40)
		}
	}
	return heat
}

// saliencyMap imitates a signed saliency map of the test digit: its horizontal gradient.
func saliencyMap(tb testing.TB) Volume {
	x := digit(tb)
	s := Volume{H: 28, W: 28, C: 1, Data: make([]float32, 28*28)}
	for y := range 28 {
		for c := 1; c < 27; c++ {
			s.Data[y*28+c] = (x.Data[y*28+c+1] - x.Data[y*28+c-1]) / 2
		}
	}
	return s
}

func TestHeatOverlayGolden(t *testing.T) {
	checkGolden(t, "overlay_occlusion", HeatOverlay(digit(t), occlusionMap(t), OverlayOptions{Title: "Occlusion sensitivity"}))
	checkGolden(t, "overlay_saliency_signed", HeatOverlay(digit(t), saliencyMap(t), OverlayOptions{Title: "Saliency", ColorMap: CoolWarm, Opacity: 0.8}))
}

func TestInputPreviewGolden(t *testing.T) {
	checkGolden(t, "input", InputPreview(digit(t), InputOptions{Size: 112}))
}
