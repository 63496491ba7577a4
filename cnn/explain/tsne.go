package explain

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"convscope/internal/tr"
)

// TSNE configures t-distributed stochastic neighbour embedding (van der Maaten & Hinton,
// "Visualizing Data using t-SNE", JMLR 2008), computed exactly: every pair of points, O(n²)
// time and memory per iteration (2,000 points hold 32 MB of affinities). The optimisation
// follows the authors' reference implementation: early exaggeration of the affinities by
// 12 for the first 250 iterations, momentum 0.5 then 0.8, and per-coordinate gains. The zero
// value means the defaults.
type TSNE struct {
	Perplexity   float64 // the effective number of neighbours of each point; 0 means 30
	Iterations   int     // gradient steps; 0 means 1000
	LearningRate float64 // 0 means 200
	Seed         uint64  // seeds the starting positions: the same seed gives the same map
	Workers      int     // goroutines per iteration (0: all CPUs)
	// Progress, if set, is called on Embed's goroutine every 10 iterations with the
	// iterations done and the iterations to do.
	Progress func(done, total int)
}

// The schedule of the reference implementation (bhtsne's tsne.cpp).
const (
	tsneExaggeration     = 12
	tsneExaggerationIter = 250
	tsneMomentum         = 0.5
	tsneFinalMomentum    = 0.8
	tsneMinGain          = 0.01
	tsneReport           = 10 // iterations between two progress reports and context checks
)

// Embed maps the n points of x (n×d values, row-major) to n points in the plane and returns
// them as n×2 values (x then y), a pure function of x and the configuration. Points close
// in x end up close in the map; the distances between clusters in the map mean little. It
// checks ctx every few iterations and returns ctx.Err() when cancelled. It returns an error
// if x does not hold n×d values, there are fewer points than 3·Perplexity+1 (each needs that
// many neighbours), or a value is not finite.
func (t TSNE) Embed(ctx context.Context, x []float32, n, d int) ([]float32, error) {
	perplexity, iterations, rate := orFloat(t.Perplexity, 30), or(t.Iterations, 1000), orFloat(t.LearningRate, 200)
	switch {
	case n < 1 || d < 1 || len(x) != n*d:
		return nil, tr.Errorf("t-SNE: got %d values for %d points of %d", len(x), n, d)
	case perplexity <= 0 || iterations < 1 || rate <= 0:
		return nil, tr.Errorf("t-SNE: perplexity %v, %d iterations and learning rate %v must be positive", perplexity, iterations, rate)
	case float64(n-1) < 3*perplexity:
		return nil, tr.Errorf("t-SNE of %d points with perplexity %v: it needs at least %d points (or a perplexity of at most %v)",
			n, perplexity, int(3*perplexity)+1, float64(n-1)/3)
	}
	for _, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, tr.Errorf("t-SNE: a value is %v; every value must be finite", v)
		}
	}
	workers := min(t.Workers, n)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := affinities(squaredDistances(x, n, d), n, perplexity, workers)

	rng := rand.New(rand.NewPCG(t.Seed, uint64(n)))
	y := make([]float64, 2*n)
	for i := range y {
		y[i] = 1e-4 * rng.NormFloat64()
	}
	grad, update, gains := make([]float64, 2*n), make([]float64, 2*n), make([]float64, 2*n)
	for i := range gains {
		gains[i] = 1
	}
	rowSums := make([]float64, n)
	for it := range iterations {
		if it%tsneReport == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if t.Progress != nil {
				t.Progress(it, iterations)
			}
		}
		exaggeration, momentum := 1.0, tsneFinalMomentum
		if it < tsneExaggerationIter {
			exaggeration, momentum = tsneExaggeration, tsneMomentum
		}
		tsneGradient(p, y, grad, rowSums, n, exaggeration, workers)
		for i, g := range grad {
			// Gains grow where the gradient keeps its direction and shrink where it turns.
			if (g > 0) != (update[i] > 0) {
				gains[i] += 0.2
			} else {
				gains[i] = max(gains[i]*0.8, tsneMinGain)
			}
			update[i] = momentum*update[i] - rate*gains[i]*g
			y[i] += update[i]
		}
		centrePlane(y)
	}
	if t.Progress != nil {
		t.Progress(iterations, iterations)
	}
	out := make([]float32, 2*n)
	for i, v := range y {
		out[i] = float32(v)
	}
	return out, nil
}

// squaredDistances returns the n×n squared Euclidean distances between the rows of x
// (n×d values).
func squaredDistances(x []float32, n, d int) []float64 {
	dist := make([]float64, n*n)
	for i := range n {
		a := x[i*d : (i+1)*d]
		for j := i + 1; j < n; j++ {
			b := x[j*d : (j+1)*d]
			s := 0.0
			for k, v := range a {
				diff := float64(v - b[k])
				s += diff * diff
			}
			dist[i*n+j], dist[j*n+i] = s, s
		}
	}
	return dist
}

// affinities turns the squared distances (n×n, overwritten) into t-SNE's joint
// probabilities pᵢⱼ = (pⱼ|ᵢ + pᵢ|ⱼ)/2n, where each row's conditional pⱼ|ᵢ ∝ exp(−βᵢ·dᵢⱼ)
// has the given perplexity, 2^H(Pᵢ), βᵢ found by bisection.
func affinities(dist []float64, n int, perplexity float64, workers int) []float64 {
	target := math.Log(perplexity)
	parallelRows(n, workers, func(i int) {
		row := dist[i*n : (i+1)*n]
		beta, lo, hi := 1.0, 0.0, math.Inf(1)
		// Distances relative to the nearest neighbour keep exp from underflowing.
		nearest := math.Inf(1)
		for j, v := range row {
			if j != i {
				nearest = min(nearest, v)
			}
		}
		cond := make([]float64, n)
		for range 100 {
			sum, weighted := 0.0, 0.0
			for j, v := range row {
				if j == i {
					cond[j] = 0
					continue
				}
				cond[j] = math.Exp(-beta * (v - nearest))
				sum += cond[j]
				weighted += cond[j] * (v - nearest)
			}
			entropy := math.Log(sum) + beta*weighted/sum
			if math.Abs(entropy-target) < 1e-5 {
				break
			}
			if entropy > target { // too flat: narrow the Gaussian
				lo = beta
				beta = min(beta*2, (beta+hi)/2)
			} else {
				hi = beta
				beta = (beta + lo) / 2
			}
		}
		sum := 0.0
		for _, c := range cond {
			sum += c
		}
		for j := range row {
			row[j] = cond[j] / sum
		}
	})
	p := dist
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := max((p[i*n+j]+p[j*n+i])/float64(2*n), 1e-12)
			p[i*n+j], p[j*n+i] = v, v
		}
		p[i*n+i] = 0
	}
	return p
}

// tsneGradient writes into grad (n×2) the gradient of t-SNE's cost at the map y (n×2):
// ∂C/∂yᵢ = 4 Σⱼ (e·pᵢⱼ − qᵢⱼ)·(1 + |yᵢ−yⱼ|²)⁻¹·(yᵢ − yⱼ), where qᵢⱼ = (1 + |yᵢ−yⱼ|²)⁻¹ / Z
// and e is the exaggeration. rowSums (n values) is scratch space; the rows' sums are added
// in order, so the result does not depend on workers.
func tsneGradient(p, y, grad, rowSums []float64, n int, exaggeration float64, workers int) {
	parallelRows(n, workers, func(i int) {
		yi0, yi1 := y[2*i], y[2*i+1]
		s := 0.0
		for j := range n {
			if j != i {
				d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
				s += 1 / (1 + d0*d0 + d1*d1)
			}
		}
		rowSums[i] = s
	})
	z := 0.0
	for _, s := range rowSums {
		z += s
	}
	parallelRows(n, workers, func(i int) {
		yi0, yi1 := y[2*i], y[2*i+1]
		row := p[i*n : (i+1)*n]
		g0, g1 := 0.0, 0.0
		for j, pij := range row {
			if j == i {
				continue
			}
			d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
			num := 1 / (1 + d0*d0 + d1*d1)
			f := (exaggeration*pij - num/z) * num
			g0 += f * d0
			g1 += f * d1
		}
		grad[2*i], grad[2*i+1] = 4*g0, 4*g1
	})
}

// parallelRows calls row(i) for every i < n, spread over workers goroutines in
// contiguous blocks.
func parallelRows(n, workers int, row func(i int)) {
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += per {
		wg.Go(func() {
			for i := lo; i < min(lo+per, n); i++ {
				row(i)
			}
		})
	}
	wg.Wait()
}

// centrePlane moves the points y (n×2) so that their mean is the origin.
func centrePlane(y []float64) {
	var m0, m1 float64
	for i := 0; i+1 < len(y); i += 2 {
		m0 += y[i]
		m1 += y[i+1]
	}
	n := float64(len(y) / 2)
	for i := 0; i+1 < len(y); i += 2 {
		y[i] -= m0 / n
		y[i+1] -= m1 / n
	}
}

// orFloat returns v, or def if v is 0.
func orFloat(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
