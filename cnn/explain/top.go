package explain

import (
	"context"
	"math"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// TopOptions configures TopPatches. The zero value keeps nine images per channel and
// runs batches of 250 images on all CPUs, without reporting progress.
type TopOptions struct {
	Count   int // images kept per channel; 0 means 9
	Batch   int // images searched between two checks of the context; 0 means 1000
	Workers int // goroutines per batch (0: all CPUs)
	// Progress, if set, is called on TopPatches' goroutine after every batch with the
	// number of images searched so far and the number to search.
	Progress func(done, total int)
}

// Patch is one of the images a feature map responds to most strongly: where in the image
// the map's largest activation is, and the input pixels that unit sees.
type Patch struct {
	Image      int       // index of the image in the set searched
	Y, X       int       // the map's unit with the largest activation for this image
	Activation float32   // that activation
	Pixels     []float32 // the Field.Size² pixels the unit sees, row-major, 0 outside the image
}

// Top is the result of TopPatches: for every channel of a layer, its strongest images.
type Top struct {
	Net      *cnn.Network // the network searched: the patches' projections need it
	Field    Field        // the layer's receptive field (Field.Layer names the layer)
	Channels [][]Patch    // Channels[c] holds up to Count patches of channel c, strongest first
}

// TopPatches finds, for every channel of the named convolution or pooling layer, the
// images of set on which the channel's largest activation is strongest, as in Zeiler &
// Fergus's figure 2: each image counts once per channel, at its maximal unit, and is
// cropped to that unit's receptive field. Images on which a channel never rises above 0
// are left out, so a dead channel has no patches. Ties keep the earlier image.
//
// It goes through set in batches, checking ctx between them, and returns ctx.Err() when it
// is cancelled. It returns an error for a layer that is missing or has no receptive field,
// or a network whose input is not a single MNIST image.
func TopPatches(ctx context.Context, net *cnn.Network, set *mnist.Set, layer string, o TopOptions) (*Top, error) {
	field, err := ReceptiveField(net, layer)
	if err != nil {
		return nil, err
	}
	in := net.Input
	if in.Size() != mnist.Pixels || in.C != 1 {
		return nil, tr.Errorf("the top patches need a network of %dx%d single-channel inputs, not %v", mnist.Rows, mnist.Cols, in)
	}
	count, batch := or(o.Count, 9), or(o.Batch, 1000)
	if count < 1 || batch < 1 {
		return nil, tr.Errorf("top patches: Count %d and Batch %d must be positive", o.Count, o.Batch)
	}
	_, shape, _ := net.Layer(layer)  // ReceptiveField has checked the layer
	best := make([][]Patch, shape.C) // per channel, strongest first, Pixels not yet cropped
	units := make([]Patch, batch*shape.C)
	total := set.Len()
	for lo := 0; lo < total; lo += batch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(lo+batch, total)
		// Each image's strongest units are found on the goroutine that computed its maps.
		err := net.EachOutput(set.Images[lo*mnist.Pixels:hi*mnist.Pixels], layer, o.Workers, func(n int, out []float32) {
			strongestUnits(out, shape, units[n*shape.C:(n+1)*shape.C])
		})
		if err != nil {
			return nil, err
		}
		for n := range hi - lo {
			for c, p := range units[n*shape.C : (n+1)*shape.C] {
				if p.Activation > 0 {
					p.Image = lo + n
					best[c] = keepStrongest(best[c], p, count)
				}
			}
		}
		if o.Progress != nil {
			o.Progress(hi, total)
		}
	}
	for _, patches := range best {
		for i := range patches {
			p := &patches[i]
			p.Pixels = field.Crop(set.Image(p.Image), in.H, in.W, p.Y, p.X)
		}
	}
	return &Top{Net: net, Field: field, Channels: best}, nil
}

// strongestUnits writes into units, for every channel of one example's activation a
// (HWC), the unit with the largest value and that value; ties keep the first unit in
// row-major order.
func strongestUnits(a []float32, shape cnn.Shape, units []Patch) {
	for c := range units {
		units[c] = Patch{Activation: float32(math.Inf(-1))}
	}
	for pos := range shape.H * shape.W {
		row := a[pos*shape.C : (pos+1)*shape.C]
		for c, v := range row {
			if v > units[c].Activation {
				units[c].Activation, units[c].Y, units[c].X = v, pos/shape.W, pos%shape.W
			}
		}
	}
}

// keepStrongest returns best (sorted by decreasing activation, at most count long) with p
// in its place if p is among the count strongest.
func keepStrongest(best []Patch, p Patch, count int) []Patch {
	if len(best) == count && p.Activation <= best[count-1].Activation {
		return best
	}
	i := len(best)
	for i > 0 && p.Activation > best[i-1].Activation {
		i--
	}
	if len(best) < count {
		best = append(best, Patch{})
	}
	copy(best[i+1:], best[i:len(best)-1])
	best[i] = p
	return best
}
