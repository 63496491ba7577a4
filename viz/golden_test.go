package viz

import (
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// goldenTolerance is the largest difference allowed in any colour channel of any pixel:
// text is anti-aliased by floating-point code whose last bits may differ between
// platforms, which moves edge pixels by a level or two.
const goldenTolerance = 3

// checkGolden compares img with testdata/name.png pixel by pixel (decoded, not byte by
// byte), or rewrites that file when the test runs with -update.
func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := SavePNG(path, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./viz -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	if msg := pixelDiff(toRGBA(want), toRGBA(img)); msg != "" {
		got := filepath.Join(os.TempDir(), "viz-"+name+"-got.png")
		if err := SavePNG(got, img); err != nil {
			t.Log(err)
		}
		t.Errorf("%s differs from the golden image: %s\nwrote the new image to %s; if it is right, run go test ./viz -update", name, msg, got)
	}
}

// pixelDiff describes how got differs from want, or returns "" if they match within
// goldenTolerance.
func pixelDiff(want, got *image.RGBA) string {
	if want.Bounds() != got.Bounds() {
		return fmt.Sprintf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	bad, first := 0, image.Point{}
	for i := 0; i < len(want.Pix); i += 4 {
		for k := range 4 {
			d := int(want.Pix[i+k]) - int(got.Pix[i+k])
			if d > goldenTolerance || -d > goldenTolerance {
				if bad == 0 {
					first = image.Pt(i/4%want.Rect.Dx(), i/4/want.Rect.Dx())
				}
				bad++
				break
			}
		}
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels differ, the first at %v", bad, first)
}

// toRGBA returns img as an *image.RGBA with bounds starting at (0, 0).
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out
}
