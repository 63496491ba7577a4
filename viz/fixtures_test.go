package viz

import (
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The fixtures imitate what the network produces, so that the golden pictures look
// like the product's: a real MNIST test digit (testdata/digit7.png, the first image of
// the t10k set, a 7; MNIST is by Yann LeCun and Corinna Cortes, CC BY-SA 3.0),
// oriented edge detectors for conv1 and their feature maps.

// digit returns the 28x28 test digit with values in [0, 1], 1 = ink. Callers must not
// modify it: it is loaded once and shared.
func digit(tb testing.TB) Volume {
	tb.Helper()
	v, err := loadDigit()
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

var loadDigit = sync.OnceValues(func() (Volume, error) {
	f, err := os.Open(filepath.Join("testdata", "digit7.png"))
	if err != nil {
		return Volume{}, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return Volume{}, err
	}
	g := img.(*image.Gray)
	v := Volume{H: 28, W: 28, C: 1, Data: make([]float32, 28*28)}
	for i, p := range g.Pix {
		v.Data[i] = float32(p) / 255
	}
	return v, nil
})

// deadFilter is the conv1 filter the fixtures leave at zero, as a dead filter.
const deadFilter = 5

// edgeFilters returns out 5x5 single-channel filters (HWIO): Gabor-like oriented edge
// and bar detectors with a little noise, except filter deadFilter, which is all zero.
func edgeFilters(out int) Filters {
	rng := rand.New(rand.NewPCG(1, 1))
	f := Filters{KH: 5, KW: 5, In: 1, Out: out, Data: make([]float32, 25*out)}
	for co := range out {
		if co == deadFilter {
			continue
		}
		theta := math.Pi * float64(co) / float64(out) * 3
		phase := rng.Float64() * 2 * math.Pi
		gain := 0.15 + 0.25*rng.Float64()
		for ky := range 5 {
			for kx := range 5 {
				y, x := float64(ky-2), float64(kx-2)
				u := x*math.Cos(theta) + y*math.Sin(theta)
				env := math.Exp(-(x*x + y*y) / 8)
				w := gain*env*math.Cos(1.6*u+phase) + 0.02*rng.NormFloat64()
				f.Data[(ky*5+kx)*out+co] = float32(w)
			}
		}
	}
	return f
}

// randomFilters returns normally distributed HWIO weights with standard deviation sd.
func randomFilters(kh, kw, in, out int, sd float64) Filters {
	rng := rand.New(rand.NewPCG(1, 1))
	f := Filters{KH: kh, KW: kw, In: in, Out: out, Data: make([]float32, kh*kw*in*out)}
	for i := range f.Data {
		f.Data[i] = float32(sd * rng.NormFloat64())
	}
	return f
}

// convReLU returns ReLU(conv(x, f) + bias) with zero padding that keeps the size.
func convReLU(x Volume, f Filters, bias float32) Volume {
	y := Volume{H: x.H, W: x.W, C: f.Out, Data: make([]float32, x.H*x.W*f.Out)}
	for oy := range x.H {
		for ox := range x.W {
			for co := range f.Out {
				sum := bias
				for ky := range f.KH {
					for kx := range f.KW {
						iy, ix := oy+ky-f.KH/2, ox+kx-f.KW/2
						if iy < 0 || iy >= x.H || ix < 0 || ix >= x.W {
							continue
						}
						for ci := range f.In {
							sum += x.Data[(iy*x.W+ix)*x.C+ci] * f.Data[((ky*f.KW+kx)*f.In+ci)*f.Out+co]
						}
					}
				}
				y.Data[(oy*y.W+ox)*y.C+co] = max(sum, 0)
			}
		}
	}
	return y
}

// maxPool2 returns the 2x2 max pooling of x with stride 2.
func maxPool2(x Volume) Volume {
	y := Volume{H: x.H / 2, W: x.W / 2, C: x.C, Data: make([]float32, x.H/2*x.W/2*x.C)}
	for oy := range y.H {
		for ox := range y.W {
			for c := range x.C {
				m := float32(math.Inf(-1))
				for dy := range 2 {
					for dx := range 2 {
						m = max(m, x.Data[((2*oy+dy)*x.W+2*ox+dx)*x.C+c])
					}
				}
				y.Data[(oy*y.W+ox)*y.C+c] = m
			}
		}
	}
	return y
}

// layers returns the conv1, pool1 and pool2 activations of the test digit. Callers
// must not modify them: they are computed once and shared.
func layers(tb testing.TB) (conv1, pool1, pool2 Volume) {
	x := digit(tb)
	layersOnce.Do(func() {
		conv1 := convReLU(x, edgeFilters(32), 0)
		pool1 := maxPool2(conv1)
		pool2 := maxPool2(convReLU(pool1, randomFilters(5, 5, 32, 64, 0.08), 0.02))
		sharedLayers = [3]Volume{conv1, pool1, pool2}
	})
	return sharedLayers[0], sharedLayers[1], sharedLayers[2]
}

var (
	layersOnce   sync.Once
	sharedLayers [3]Volume
)
