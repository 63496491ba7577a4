package mnist

import (
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// stroke is a polyline in coordinates relative to a drawing's box: (0,0) top left, (1,1)
// bottom right.
type stroke [][2]float64

var (
	seven = stroke{{0, 0}, {1, 0}, {0.35, 1}}
	one   = stroke{{0.5, 0}, {0.5, 1}}
	dash  = stroke{{0, 0.5}, {1, 0.5}}
)

// paint draws s, scaled into box, with a pen of the given radius in ink on m: every pixel
// whose centre lies within radius of the polyline.
func paint(m *image.NRGBA, s stroke, box image.Rectangle, radius float64, ink color.Color) {
	at := func(p [2]float64) (float64, float64) {
		return float64(box.Min.X) + p[0]*float64(box.Dx()), float64(box.Min.Y) + p[1]*float64(box.Dy())
	}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			for i := 1; i < len(s); i++ {
				ax, ay := at(s[i-1])
				bx, by := at(s[i])
				dx, dy := bx-ax, by-ay
				t := max(0, min(1, ((px-ax)*dx+(py-ay)*dy)/(dx*dx+dy*dy)))
				if math.Hypot(px-ax-t*dx, py-ay-t*dy) <= radius {
					m.Set(x, y, ink)
					break
				}
			}
		}
	}
}

// canvas returns a w x h image filled with paper.
func canvas(w, h int, paper color.Color) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, paper)
		}
	}
	return m
}

// drawing returns s painted in black on a white w x h canvas.
func drawing(w, h int, s stroke, box image.Rectangle, radius float64) *image.NRGBA {
	m := canvas(w, h, color.White)
	paint(m, s, box, radius, color.Black)
	return m
}

// centreOfMass returns the centre of mass of an input, in pixel index coordinates.
func centreOfMass(in *[Pixels]float32) (x, y float64) {
	var mass float64
	for i, v := range in {
		mass += float64(v)
		x += float64(v) * float64(i%Cols)
		y += float64(v) * float64(i/Cols)
	}
	return x / mass, y / mass
}

// inkBox returns the bounding box of the pixels of an input that hold ink.
func inkBox(in *[Pixels]float32) image.Rectangle {
	var box image.Rectangle
	for i, v := range in {
		if v > 0 {
			box = box.Union(image.Rect(i%Cols, i/Cols, i%Cols+1, i/Cols+1))
		}
	}
	return box
}

func TestFromImageNormalises(t *testing.T) {
	for _, tc := range []struct {
		name    string
		img     image.Image
		tall    bool // the long side is vertical
		minWide int  // least width of the ink's box
	}{
		{"centred", drawing(280, 280, seven, image.Rect(60, 40, 220, 240), 12), true, 14},
		{"off-centre", drawing(300, 300, seven, image.Rect(200, 220, 280, 290), 6), false, 18},
		{"small", drawing(400, 400, seven, image.Rect(50, 300, 60, 314), 1), true, 12},
		{"thick", drawing(200, 200, seven, image.Rect(40, 40, 160, 160), 25), false, 18},
		{"tall one", drawing(280, 280, one, image.Rect(100, 30, 180, 250), 10), true, 1},
		{"wide dash", drawing(280, 280, dash, image.Rect(20, 100, 260, 180), 10), false, 18},
		{"non-square canvas", drawing(600, 90, seven, image.Rect(500, 10, 560, 80), 5), true, 14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := FromImage(tc.img)
			if err != nil {
				t.Fatal(err)
			}
			if x, y := centreOfMass(&in); math.Abs(x-14) > 1 || math.Abs(y-14) > 1 {
				t.Errorf("centre of mass at (%.2f, %.2f), want within 1 of (14, 14)", x, y)
			}
			box := inkBox(&in)
			long, short := box.Dy(), box.Dx()
			if !tc.tall {
				long, short = short, long
			}
			// Catmull-Rom leaves the outermost rows faint, perhaps rounded to 0.
			if long < 19 || long > boxSize || short > long || box.Dx() < tc.minWide {
				t.Errorf("ink box %v: %dx%d, want the long side %s 19 or 20 and the width at least %d",
					box, box.Dx(), box.Dy(), map[bool]string{true: "vertical", false: "horizontal"}[tc.tall], tc.minWide)
			}
			var peak float32
			for _, v := range in {
				peak = max(peak, v)
			}
			if peak < 0.95 || peak > 1 {
				t.Errorf("strongest ink %v, want in [0.95, 1]", peak)
			}
		})
	}
}

// TestFromImageAppearance checks that pictures of the same drawing in other colours, with
// transparency or with noise give the same input.
func TestFromImageAppearance(t *testing.T) {
	box := image.Rect(50, 40, 200, 230)
	want, err := FromImage(drawing(250, 250, seven, box, 10))
	if err != nil {
		t.Fatal(err)
	}
	painted := func(paper, ink color.Color) *image.NRGBA {
		m := canvas(250, 250, paper)
		paint(m, seven, box, 10, ink)
		return m
	}
	noisy := drawing(250, 250, seven, box, 10)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < len(noisy.Pix); i += 4 {
		noise := uint8(rng.IntN(13)) // up to 5% of the range: paper texture, JPEG artefacts
		for c := range 3 {
			noisy.Pix[i+c] = max(noisy.Pix[i+c], 13) - noise
		}
	}
	for _, tc := range []struct {
		name string
		img  image.Image
		tol  float32 // greatest difference allowed in any pixel
	}{
		{"white on black", painted(color.Black, color.White), 1e-6},
		{"blue on yellow", painted(color.NRGBA{255, 230, 0, 255}, color.NRGBA{0, 40, 160, 255}), 1e-6},
		{"black on transparent", painted(color.Transparent, color.Black), 1e-6},
		{"white on transparent", painted(color.Transparent, color.White), 1e-6},
		{"noisy paper", noisy, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FromImage(tc.img)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if d := got[i] - want[i]; d > tc.tol || d < -tc.tol {
					t.Fatalf("pixel (%d, %d) is %v, want %v within %v", i%Cols, i/Cols, got[i], want[i], tc.tol)
				}
			}
		})
	}
}

func TestFromImageEmpty(t *testing.T) {
	faint := canvas(100, 100, color.Gray{200})
	paint(faint, seven, image.Rect(10, 10, 90, 90), 5, color.Gray{180}) // 8% contrast
	// Two specks of ink a thousand pixels apart vanish when scaled to 20x20.
	specks := image.NewGray(image.Rect(0, 0, 1000, 1000))
	specks.SetGray(0, 0, color.Gray{255})
	specks.SetGray(999, 999, color.Gray{255})
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"0x0", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"1x1 transparent", image.NewAlpha(image.Rect(0, 0, 1, 1))},
		{"two specks far apart", specks},
		{"inverted bounds", &image.Gray{Rect: image.Rectangle{Min: image.Pt(5, 5), Max: image.Pt(2, 2)}}},
		{"1x1", image.NewGray(image.Rect(0, 0, 1, 1))},
		{"white", canvas(100, 100, color.White)},
		{"black", canvas(100, 100, color.Black)},
		{"grey", canvas(100, 100, color.Gray{128})},
		{"transparent", image.NewNRGBA(image.Rect(0, 0, 50, 50))},
		{"faint", faint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if in, err := FromImage(tc.img); !errors.Is(err, ErrEmptyImage) {
				t.Errorf("FromImage = %v, %v; want ErrEmptyImage", inkBox(&in), err)
			}
		})
	}
}

// TestFromImageAnyImage checks that FromImage copes with unusual sizes and image types.
func TestFromImageAnyImage(t *testing.T) {
	thin := canvas(1, 5000, color.White)
	paint(thin, one, image.Rect(0, 1000, 1, 3000), 1, color.Black)
	wide := canvas(5000, 1, color.White)
	paint(wide, dash, image.Rect(1000, 0, 1200, 1), 1, color.Black)
	paletted := image.NewPaletted(image.Rect(0, 0, 60, 60), color.Palette{color.White, color.Black})
	gray16 := image.NewGray16(image.Rect(0, 0, 60, 60))
	for y := range 60 {
		for x := range 60 {
			if (x-30)*(x-30)+(y-30)*(y-30) < 100 {
				paletted.SetColorIndex(x, y, 1)
				gray16.SetGray16(x, y, color.Gray16{0xffff})
			}
		}
	}
	translucent := drawing(100, 100, seven, image.Rect(10, 10, 90, 90), 8)
	for i := 3; i < len(translucent.Pix); i += 4 {
		translucent.Pix[i] = 100
	}
	offset := drawing(300, 300, seven, image.Rect(150, 150, 290, 290), 8).SubImage(image.Rect(140, 140, 300, 300))
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"1x5000", thin},
		{"5000x1", wide},
		{"paletted", paletted},
		{"gray16", gray16},
		{"translucent", translucent},
		{"sub-image", offset},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := FromImage(tc.img)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range in {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("value %d is %v", i, v)
				}
			}
			if x, y := centreOfMass(&in); math.Abs(x-14) > 1 || math.Abs(y-14) > 1 {
				t.Errorf("centre of mass at (%.2f, %.2f), want within 1 of (14, 14)", x, y)
			}
		})
	}
}

func TestFromImageTooLarge(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"uniform, of infinite size", image.NewUniform(color.Black)},
		{"2^40 x 2^40", &image.Gray{Rect: image.Rect(0, 0, 1<<40, 1<<40)}},
		{"overflowing width", &image.Gray{Rect: image.Rect(math.MinInt, 0, math.MaxInt, 10)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FromImage(tc.img); err == nil || !strings.Contains(err.Error(), "scale it down") {
				t.Errorf("FromImage = %v, want an error asking to scale the image down", err)
			}
		})
	}
}

// TestFromImageMNIST renders MNIST test image 0 as a 280x280 black-on-white picture and checks
// that FromImage gives back an input that correlates with the original.
func TestFromImageMNIST(t *testing.T) {
	_, test := loadRealData(t)
	orig := test.Image(0)
	const scale = 10
	pic := image.NewGray(image.Rect(0, 0, Cols*scale, Rows*scale))
	for y := range Rows * scale {
		for x := range Cols * scale {
			pic.SetGray(x, y, color.Gray{uint8(math.Round(float64(255 * (1 - orig[y/scale*Cols+x/scale]))))})
		}
	}
	in, err := FromImage(pic)
	if err != nil {
		t.Fatal(err)
	}
	r := correlation(orig, in[:])
	t.Logf("correlation %.4f", r)
	if r < 0.9 {
		t.Errorf("correlation with the original %.3f, want > 0.9", r)
	}
}

// correlation returns Pearson's correlation coefficient of a and b.
func correlation(a, b []float32) float64 {
	var sa, sb, saa, sbb, sab float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		sa, sb, saa, sbb, sab = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y
	}
	n := float64(len(a))
	return (sab - sa*sb/n) / math.Sqrt((saa-sa*sa/n)*(sbb-sb*sb/n))
}

func BenchmarkFromImage(b *testing.B) {
	pad := drawing(280, 280, seven, image.Rect(60, 40, 220, 240), 12)
	for b.Loop() {
		if _, err := FromImage(pad); err != nil {
			b.Fatal(err)
		}
	}
}
