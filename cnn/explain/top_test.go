package explain

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

func TestReceptiveFieldsOfTheReferenceNetwork(t *testing.T) {
	net := cnn.NewReference(1, 0.5)
	// conv1 unit (y, x) sees rows y−2..y+2; pool1 unit (py, px) the 6×6 pixels under its
	// 2×2 window of conv1 units; conv2 unit (py, px) rows 2py−6..2py+7.
	for _, tt := range []struct {
		layer string
		want  Field
	}{
		{"conv1", Field{Layer: "conv1", Size: 5, Stride: 1, Offset: -2}},
		{"pool1", Field{Layer: "pool1", Size: 6, Stride: 2, Offset: -2}},
		{"conv2", Field{Layer: "conv2", Size: 14, Stride: 2, Offset: -6}},
		{"pool2", Field{Layer: "pool2", Size: 16, Stride: 4, Offset: -6}},
	} {
		got, err := ReceptiveField(net, tt.layer)
		if err != nil || got != tt.want {
			t.Errorf("ReceptiveField(%s) = %+v, %v; want %+v", tt.layer, got, err, tt.want)
		}
	}
	for _, layer := range []string{"fc1", "conv9"} {
		if _, err := ReceptiveField(net, layer); err == nil {
			t.Errorf("ReceptiveField(%s) has no error", layer)
		}
	}
}

func TestFieldCropPadsWithZeros(t *testing.T) {
	img := make([]float32, 6*5) // 6 rows, 5 columns: pixel (r, c) = 10r + c + 1
	for r := range 6 {
		for c := range 5 {
			img[r*5+c] = float32(10*r + c + 1)
		}
	}
	f := Field{Size: 3, Stride: 1, Offset: -1}
	got := f.Crop(img, 6, 5, 0, 4) // rows −1..1, columns 3..5
	want := []float32{0, 0, 0, 4, 5, 0, 14, 15, 0}
	if !slices.Equal(got, want) {
		t.Fatalf("corner crop %v, want %v", got, want)
	}
	if got := f.Crop(img, 6, 5, 2, 2); !slices.Equal(got, []float32{12, 13, 14, 22, 23, 24, 32, 33, 34}) {
		t.Fatalf("inner crop %v", got)
	}
}

// barDetectors is one 5×5 convolution over 28×28 inputs with a ReLU and two known filters:
// channel 0 responds to a vertical bar (its middle column +1, the others −0.5), channel 1
// to a horizontal one.
func barDetectors() *cnn.Network {
	conv := cnn.NewConv2D("conv", 5, 1, 2, cnn.ReLU, cnn.Init{Stddev: 0.1, Bias: 0}, rand.New(rand.NewPCG(1, 1)))
	for ky := range 5 {
		for kx := range 5 {
			w := conv.Weights.Value[(ky*5+kx)*2:]
			w[0], w[1] = -0.5, -0.5
			if kx == 2 {
				w[0] = 1
			}
			if ky == 2 {
				w[1] = 1
			}
		}
	}
	conv.Bias.Value[0], conv.Bias.Value[1] = 0, 0
	return &cnn.Network{Input: cnn.Shape{H: 28, W: 28, C: 1}, Layers: []cnn.Layer{conv}}
}

// barSet returns n images: image i has a 5-pixel vertical bar if i%3 == 0, a horizontal
// one if i%3 == 1, at a random place away from the border, and faint noise otherwise, and
// the centre (y, x) of each bar.
func barSet(n int) (*mnist.Set, [][2]int) {
	rng := rand.New(rand.NewPCG(1, 1))
	set := &mnist.Set{Images: make([]float32, n*mnist.Pixels), Labels: make([]uint8, n)}
	centres := make([][2]int, n)
	for i := range n {
		img := set.Image(i)
		for p := range img {
			img[p] = 0.1 * rng.Float32()
		}
		y, x := 3+rng.IntN(22), 3+rng.IntN(22)
		centres[i] = [2]int{y, x}
		for d := -2; d <= 2; d++ {
			switch i % 3 {
			case 0:
				img[(y+d)*28+x] = 1
			case 1:
				img[y*28+x+d] = 1
			}
		}
	}
	return set, centres
}

func TestTopPatchesOfAKnownFilterContainItsPattern(t *testing.T) {
	net := barDetectors()
	set, centres := barSet(30)
	var progress []int
	top, err := TopPatches(t.Context(), net, set, "conv", TopOptions{Batch: 7, Progress: func(done, total int) {
		if total != 30 {
			t.Errorf("progress total %d, want 30", total)
		}
		progress = append(progress, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(progress, []int{7, 14, 21, 28, 30}) {
		t.Errorf("progress %v, want every batch of 7", progress)
	}
	if top.Field.Size != 5 || len(top.Channels) != 2 {
		t.Fatalf("field %+v, %d channels", top.Field, len(top.Channels))
	}
	for c, patches := range top.Channels {
		if len(patches) != 9 {
			t.Fatalf("channel %d has %d patches, want 9", c, len(patches))
		}
		for i, p := range patches {
			// The ten images with the channel's bar are the strongest; the maximal unit
			// sits on the bar's centre, so the patch holds the whole bar.
			if p.Image%3 != c || p.Y != centres[p.Image][0] || p.X != centres[p.Image][1] {
				t.Fatalf("channel %d patch %d: image %d at (%d,%d), want an image with its bar at its centre %v", c, i, p.Image, p.Y, p.X, centres[p.Image])
			}
			if i > 0 && p.Activation > patches[i-1].Activation {
				t.Fatalf("channel %d: patch %d stronger than patch %d", c, i, i-1)
			}
			for d := range 5 {
				on := p.Pixels[d*5+2] // the middle column
				if c == 1 {
					on = p.Pixels[2*5+d] // the middle row
				}
				if on != 1 {
					t.Fatalf("channel %d patch %d: bar pixel %d is %v, want 1; patch %v", c, i, d, on, p.Pixels)
				}
			}
		}
	}
}

func TestTopPatchesLeavesOutSilentChannelsAndStopsWhenCancelled(t *testing.T) {
	net := barDetectors()
	set := &mnist.Set{Images: make([]float32, 4*mnist.Pixels), Labels: make([]uint8, 4)} // blank
	top, err := TopPatches(t.Context(), net, set, "conv", TopOptions{})
	if err != nil || len(top.Channels[0]) != 0 || len(top.Channels[1]) != 0 {
		t.Fatalf("blank images gave patches %v (%v)", top, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := TopPatches(ctx, net, set, "conv", TopOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search returned %v", err)
	}
	if _, err := TopPatches(t.Context(), net, set, "conv", TopOptions{Count: -1}); err == nil {
		t.Fatal("a negative count was accepted")
	}
}

func TestKeepStrongest(t *testing.T) {
	var best []Patch
	for i, a := range []float32{3, 1, 4, 1, 5, 9, 2, 6} {
		best = keepStrongest(best, Patch{Image: i, Activation: a}, 4)
	}
	var got []int
	for _, p := range best {
		got = append(got, p.Image)
	}
	if want := []int{5, 7, 4, 2}; !slices.Equal(got, want) { // 9, 6, 5, 4
		t.Fatalf("kept images %v, want %v", got, want)
	}
}
