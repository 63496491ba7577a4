package explain

import (
	"convscope/cnn"
	"convscope/internal/tr"
)

// OcclusionOptions configures Occlude. Zero sizes mean an 8×8 square moved by 2 pixels, a
// zero Fill the MNIST mean intensity as its grey.
type OcclusionOptions struct {
	Size    int     // side of the square in pixels; 0 means 8
	Stride  int     // pixels between positions of the square; 0 means 2
	Fill    float32 // value of the occluding square's pixels; 0 means MeanIntensity
	Class   int     // the digit whose probability is mapped, or Predicted
	Workers int     // goroutines (0: all CPUs)
}

// Predicted as OcclusionOptions.Class maps the probability of the digit the network
// predicts for the unoccluded input.
const Predicted = -1

// MeanIntensity is the mean pixel value of the MNIST training images, the "grey" that
// stands for no information, as the paper's grey square does in mean-subtracted images.
const MeanIntensity = 0.1307

// Occlusion is the result of sliding a grey square over an input (the paper's section 4.2
// and figure 7): at every position, the probability of one class and the total activation
// of the feature map of the network's last convolution that responds most to the
// unoccluded input.
type Occlusion struct {
	Rows, Cols   int // positions of the square: top-left corner (r·Stride, c·Stride)
	Size, Stride int
	Class        int
	// Probability[r*Cols+c] is the probability of Class with the square at (r, c).
	Probability []float32
	// Feature[r*Cols+c] is the summed activation of channel FeatureChannel of the layer
	// FeatureLayer (the last convolution) with the square at (r, c). A network without a
	// convolution has no Feature and an empty FeatureLayer.
	Feature        []float32
	FeatureLayer   string
	FeatureChannel int
	// BaseProbability and BaseFeature are the same values for the unoccluded input.
	BaseProbability, BaseFeature float32
}

// Occlude computes the occlusion sensitivity of the network's output for the input x
// (28×28 values in [0, 1]) in one batch of occluded copies. It returns an error for
// options that do not fit the input.
func Occlude(net *cnn.Network, x []float32, o OcclusionOptions) (*Occlusion, error) {
	in := net.Input
	if len(x) != in.Size() || in.C != 1 {
		return nil, tr.Errorf("occlusion needs a single-channel input of %v, got %d values", in, len(x))
	}
	size, stride, fill := or(o.Size, 8), or(o.Stride, 2), o.Fill
	if fill == 0 {
		fill = MeanIntensity
	}
	if size < 1 || stride < 1 || size > min(in.H, in.W) {
		return nil, tr.Errorf("occluding square of %d pixels moved by %d does not fit a %dx%d input", size, stride, in.H, in.W)
	}
	base := net.Trace(x)
	class := o.Class
	if class == Predicted {
		class = base.Digit
	}
	if class < 0 || class >= cnn.Classes {
		return nil, tr.Errorf("class %d is not a digit", class)
	}
	rows, cols := (in.H-size)/stride+1, (in.W-size)/stride+1
	batch := make([]float32, rows*cols*in.Size())
	for r := range rows {
		for c := range cols {
			img := batch[(r*cols+c)*in.Size() : (r*cols+c+1)*in.Size()]
			copy(img, x)
			for y := r * stride; y < r*stride+size; y++ {
				for xx := c * stride; xx < c*stride+size; xx++ {
					img[y*in.W+xx] = fill
				}
			}
		}
	}
	res := &Occlusion{Rows: rows, Cols: cols, Size: size, Stride: stride, Class: class,
		Probability: make([]float32, rows*cols), BaseProbability: base.Probabilities[class]}
	// One pass gives both the last convolution's maps, if there is one, and the logits.
	layers := []string{net.Layers[len(net.Layers)-1].Name()}
	last, hasConv := net.Last(cnn.Convolution)
	if hasConv {
		conv, _ := base.Layer(last.Name)
		res.FeatureLayer, res.FeatureChannel = last.Name, StrongestChannel(conv)
		res.BaseFeature = channelSum(conv.Data, conv.Shape.C, res.FeatureChannel)
		res.Feature = make([]float32, rows*cols)
		layers = append(layers, last.Name)
	}
	outs, shapes, err := net.Outputs(batch, o.Workers, layers...)
	if err != nil {
		return nil, err
	}
	probs := make([]float32, cnn.Classes)
	for i := range res.Probability {
		cnn.Softmax(outs[0][i*cnn.Classes:(i+1)*cnn.Classes], probs)
		res.Probability[i] = probs[class]
		if hasConv {
			res.Feature[i] = channelSum(outs[1][i*shapes[1].Size():(i+1)*shapes[1].Size()], shapes[1].C, res.FeatureChannel)
		}
	}
	return res, nil
}

// PixelMap spreads values measured at the square's positions (Rows×Cols, such as
// Probability) over the input's pixels: each pixel gets the mean of the values of every
// position whose square covered it, so the map lines up with the input. Pixels no
// square covered get the mean of all values.
func (o *Occlusion) PixelMap(values []float32, h, w int) []float32 {
	sum, count := make([]float64, h*w), make([]int, h*w)
	var total float64
	for r := range o.Rows {
		for c := range o.Cols {
			v := float64(values[r*o.Cols+c])
			total += v
			for y := r * o.Stride; y < min(r*o.Stride+o.Size, h); y++ {
				for x := c * o.Stride; x < min(c*o.Stride+o.Size, w); x++ {
					sum[y*w+x] += v
					count[y*w+x]++
				}
			}
		}
	}
	mean := total / float64(len(values))
	out := make([]float32, h*w)
	for i := range out {
		if count[i] == 0 {
			out[i] = float32(mean)
		} else {
			out[i] = float32(sum[i] / float64(count[i]))
		}
	}
	return out
}

// StrongestChannel returns the channel of an activation (HWC) with the largest summed
// activation: the feature map that responds most to the input.
func StrongestChannel(a cnn.Activation) int {
	best, bestSum := 0, float32(-1)
	for c := range a.Shape.C {
		if s := channelSum(a.Data, a.Shape.C, c); s > bestSum {
			best, bestSum = c, s
		}
	}
	return best
}

// channelSum returns the sum of channel c over every position of data (HWC with ch
// channels).
func channelSum(data []float32, ch, c int) float32 {
	var s float32
	for i := c; i < len(data); i += ch {
		s += data[i]
	}
	return s
}

func or(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
