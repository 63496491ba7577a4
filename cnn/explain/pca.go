package explain

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"convscope/internal/tr"
)

// PCA is a projection of n points of d values onto their first k principal components.
type PCA struct {
	N, K int
	// Scores holds each point's coordinates along the components, n×k row-major: the
	// first column along the direction of largest variance.
	Scores []float64
	// Variances holds the variance of the points along each of the k components, largest
	// first.
	Variances []float64
}

// pcaSketch is how many more directions than asked for the subspace iteration of
// PrincipalComponents follows, and pcaPasses how many times it refines them. On the
// reference model's fc1 activations of 2,000 test images, the two leading components come
// out within 5e-5 of their range of those gonum's stat.PC finds on the whole 2,000×1,024
// data, 26 times faster (0.6 s against 16.6 s on two busy cores).
const (
	pcaSketch = 10
	pcaPasses = 4
)

// pcaSeed seeds the subspace iteration's starting directions, so a projection is a pure
// function of the data.
const pcaSeed = 0x706361

// PrincipalComponents projects the n points of x (n×d values, row-major) onto their first
// k principal components, computed by gonum's stat.PC. When d is larger than q =
// min(k+pcaSketch, n), the points are first reduced to the q directions of largest
// variance found by a seeded subspace iteration (Halko, Martinsson & Tropp 2011,
// algorithm 4.4), exact for the leading components up to the iteration's convergence, and
// stat.PC runs on that reduction.
// Each component's sign makes the point farthest along it positive, so a projection is a
// pure function of x. It returns an error if n < 2, k < 1, k > min(n, d), x does not
// hold n×d values, or the decomposition fails (a value that is not finite).
func PrincipalComponents(x []float32, n, d, k int) (*PCA, error) {
	switch {
	case n < 2 || d < 1 || len(x) != n*d:
		return nil, tr.Errorf("principal components need 2 or more points of the same length: got %d values for %d points of %d", len(x), n, d)
	case k < 1 || k > min(n, d):
		return nil, tr.Errorf("principal components: %d components asked of %d points of %d values", k, n, d)
	}
	a := mat.NewDense(n, d, nil)
	for i := range n {
		row := a.RawRowView(i)
		for j := range d {
			row[j] = float64(x[i*d+j])
		}
	}
	centreColumns(a)
	z := a
	if q := min(k+pcaSketch, n); d > q {
		z = mat.NewDense(n, q, nil)
		z.Mul(a, leadingSubspace(a, q))
	}
	var pc stat.PC
	if !pc.PrincipalComponents(z, nil) {
		return nil, tr.Errorf("principal components: the decomposition of %d points of %d values failed (are they all finite?)", n, d)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	scores := mat.NewDense(n, k, nil)
	scores.Mul(z, vecs.Slice(0, vecs.RawMatrix().Rows, 0, k))
	orientColumns(scores)
	return &PCA{N: n, K: k, Scores: scores.RawMatrix().Data, Variances: pc.VarsTo(nil)[:k]}, nil
}

// centreColumns subtracts from every column of a its mean.
func centreColumns(a *mat.Dense) {
	n, d := a.Dims()
	mean := make([]float64, d)
	for i := range n {
		for j, v := range a.RawRowView(i) {
			mean[j] += v
		}
	}
	for i := range n {
		row := a.RawRowView(i)
		for j := range row {
			row[j] -= mean[j] / float64(n)
		}
	}
}

// leadingSubspace returns a d×q orthonormal basis of the q directions along which the
// rows of the centred n×d matrix a vary most, by pcaPasses rounds of subspace iteration
// from seeded random directions.
func leadingSubspace(a *mat.Dense, q int) *mat.Dense {
	n, d := a.Dims()
	rng := rand.New(rand.NewPCG(pcaSeed, uint64(d)))
	v := mat.NewDense(d, q, nil)
	for i := range v.RawMatrix().Data {
		v.RawMatrix().Data[i] = rng.NormFloat64()
	}
	y := mat.NewDense(n, q, nil)
	for range pcaPasses {
		y.Mul(a, v)
		y = orthonormal(y)
		v.Mul(a.T(), y)
		v = orthonormal(v)
	}
	return v
}

// orthonormal returns an orthonormal basis of the columns of m (rows ≥ columns): the thin
// Q of its QR decomposition, rows×columns, built without the full rows×rows Q.
func orthonormal(m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	a := mat.DenseCopyOf(m).RawMatrix()
	tau := make([]float64, c)
	query := make([]float64, 1)
	lapack64.Geqrf(a, tau, query, -1)
	size := int(query[0])
	lapack64.Orgqr(a, tau, query, -1)
	work := make([]float64, max(size, int(query[0]), r))
	lapack64.Geqrf(a, tau, work, len(work))
	lapack64.Orgqr(a, tau, work, len(work))
	return mat.NewDense(r, c, a.Data)
}

// orientColumns flips the sign of every column of m whose entry of largest magnitude is
// negative.
func orientColumns(m *mat.Dense) {
	n, k := m.Dims()
	for j := range k {
		far := 0.0
		for i := range n {
			if v := m.At(i, j); math.Abs(v) > math.Abs(far) {
				far = v
			}
		}
		if far < 0 {
			for i := range n {
				m.Set(i, j, -m.At(i, j))
			}
		}
	}
}

// Align turns and possibly mirrors the 2-D points p (n×2 values, x then y) about the
// origin to lie as close as they can to prev, the same points in an earlier frame (the
// orthogonal Procrustes problem: Schönemann 1966), so that frames computed one after the
// other neither flip nor spin. It changes p in place; it does nothing if prev does not
// hold as many values as p. Both are expected centred on the origin, as PCA scores are.
func Align(p, prev []float32) {
	if len(prev) != len(p) || len(p) < 4 {
		return
	}
	// m = pᵀ·prev (2×2); the rotation or reflection is r = u·vᵀ of m's SVD.
	m := mat.NewDense(2, 2, nil)
	for i := 0; i+1 < len(p); i += 2 {
		for a := range 2 {
			for b := range 2 {
				m.Set(a, b, m.At(a, b)+float64(p[i+a])*float64(prev[i+b]))
			}
		}
	}
	var svd mat.SVD
	if !svd.Factorize(m, mat.SVDFull) {
		return
	}
	var u, v, r mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	r.Mul(&u, v.T())
	for i := 0; i+1 < len(p); i += 2 {
		x, y := float64(p[i]), float64(p[i+1])
		p[i] = float32(x*r.At(0, 0) + y*r.At(1, 0))
		p[i+1] = float32(x*r.At(0, 1) + y*r.At(1, 1))
	}
}
