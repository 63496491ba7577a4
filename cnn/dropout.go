package cnn

import (
	"fmt"
	"math/rand/v2"
)

// Dropout zeroes each value with probability 1-Keep during training and scales the kept
// ones by 1/Keep, so that at inference, when it passes values through unchanged, the
// expected activations match ("inverted" dropout, as TensorFlow's tf.nn.dropout).
//
// The mask of each example is drawn from a generator seeded by the run's seed, the training
// step and the example's place in the batch, so a run is reproducible however the batch is
// split across workers and wherever it is paused and resumed.
type Dropout struct {
	name string
	Keep float64
}

var _ Layer = (*Dropout)(nil)

// NewDropout returns a dropout layer named name that keeps values with probability keep.
// It panics unless 0 < keep ≤ 1.
func NewDropout(name string, keep float64) *Dropout {
	if !(keep > 0 && keep <= 1) {
		panic(fmt.Sprintf("cnn: dropout keep probability %v is not in (0, 1]", keep))
	}
	return &Dropout{name: name, Keep: keep}
}

// Name returns the layer's name.
func (d *Dropout) Name() string { return d.name }

// Params returns nil: dropout has no parameters.
func (d *Dropout) Params() []*Param { return nil }

// OutShape returns in.
func (d *Dropout) OutShape(in Shape) Shape { return in }

func (d *Dropout) clone() Layer { e := *d; return &e }

func (d *Dropout) newPass(in Shape, batch int) pass {
	src := rand.NewPCG(0, 0)
	return &dropoutPass{layer: d, size: in.Size(),
		scale: make([]float32, batch*in.Size()),
		y:     make([]float32, batch*in.Size()),
		src:   src,
		rng:   rand.New(src),
	}
}

type dropoutPass struct {
	layer    *Dropout
	size     int
	training bool      // whether the last forward dropped values
	scale    []float32 // per value: 0 if dropped, 1/Keep if kept
	y        []float32
	src      *rand.PCG // reseeded for every example
	rng      *rand.Rand
}

// dropoutStream separates the dropout generators from the other uses of the run's seed.
const dropoutStream = 0x64726f706f7574

func (p *dropoutPass) forward(x []float32, n int, ctx *passContext) []float32 {
	p.training = ctx.train && p.layer.Keep < 1
	if !p.training {
		return x[:n*p.size]
	}
	keep, inv := float32(p.layer.Keep), float32(1/p.layer.Keep)
	for b := range n {
		p.src.Seed(ctx.seed^dropoutStream, uint64(ctx.step)<<20|uint64(ctx.first+b))
		scale := p.scale[b*p.size : (b+1)*p.size]
		for i := range scale {
			if p.rng.Float32() < keep {
				scale[i] = inv
			} else {
				scale[i] = 0
			}
		}
	}
	y := p.y[:n*p.size]
	for i, v := range x[:n*p.size] {
		y[i] = v * p.scale[i]
	}
	return y
}

func (p *dropoutPass) backward(dy []float32, n int, _ [][]float32, _ bool) []float32 {
	dy = dy[:n*p.size]
	if p.training {
		for i := range dy {
			dy[i] *= p.scale[i]
		}
	}
	return dy
}
