package explain

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// knownDecomposition returns n points of d values built as X = Q·diag(σ)·Vᵀ, where Q (n×3)
// has orthonormal, zero-mean columns and V (d×3) orthonormal columns: their principal
// components are V's columns, with variances σ²/(n−1) and scores Q·diag(σ).
func knownDecomposition(n, d int, sigma [3]float64) (x []float32, scores *mat.Dense) {
	rng := rand.New(rand.NewPCG(1, 1))
	random := func(r, c int) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range m.RawMatrix().Data {
			m.RawMatrix().Data[i] = rng.NormFloat64()
		}
		return m
	}
	a := random(n, 3)
	centreColumns(a) // Q's columns, combinations of zero-mean columns, have zero mean
	q, v := orthonormal(a), orthonormal(random(d, 3))
	scores = mat.NewDense(n, 3, nil)
	scores.Mul(q, mat.NewDiagDense(3, sigma[:]))
	var xm mat.Dense
	xm.Mul(scores, v.T())
	for _, f := range xm.RawMatrix().Data {
		x = append(x, float32(f))
	}
	return x, scores
}

func TestPrincipalComponentsFindAKnownDecomposition(t *testing.T) {
	sigma := [3]float64{30, 10, 3}
	// d = 8 is reduced by stat.PC alone; d = 300 goes through the subspace iteration.
	for _, d := range []int{8, 300} {
		const n = 200
		x, want := knownDecomposition(n, d, sigma)
		pca, err := PrincipalComponents(x, n, d, 2)
		if err != nil {
			t.Fatal(err)
		}
		for c := range 2 {
			if wantVar := sigma[c] * sigma[c] / (n - 1); math.Abs(pca.Variances[c]-wantVar) > 1e-4*wantVar {
				t.Errorf("d=%d: variance %d = %v, want %v", d, c, pca.Variances[c], wantVar)
			}
			// The scores are those of the construction up to the component's sign (and
			// float32 rounding of x).
			sign := math.Copysign(1, pca.Scores[c]*want.At(0, c))
			for i := range n {
				if got, w := pca.Scores[i*2+c], sign*want.At(i, c); math.Abs(got-w) > 1e-4*sigma[0] {
					t.Fatalf("d=%d: score (%d, %d) = %v, want %v", d, i, c, got, w)
				}
			}
		}
	}
}

func TestPrincipalComponentsOfFewPointsInManyDimensions(t *testing.T) {
	// 12 points in 300 dimensions, as many components as points: the subspace iteration
	// follows no more directions than there are points.
	x, want := knownDecomposition(12, 300, [3]float64{5, 2, 1})
	pca, err := PrincipalComponents(x, 12, 300, 12)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := pca.Variances[0], 25.0/11; math.Abs(got-w) > 1e-4*w {
		t.Fatalf("variance %v, want %v", got, w)
	}
	if sign := math.Copysign(1, pca.Scores[0]*want.At(0, 0)); math.Abs(pca.Scores[12]-sign*want.At(1, 0)) > 1e-4 {
		t.Fatalf("score of point 1: %v, want %v", pca.Scores[12], sign*want.At(1, 0))
	}
}

func TestPrincipalComponentsRejectBadShapes(t *testing.T) {
	for _, c := range []struct{ n, d, k, values int }{{1, 3, 1, 3}, {4, 3, 4, 12}, {4, 3, 0, 12}, {4, 3, 2, 11}} {
		if _, err := PrincipalComponents(make([]float32, c.values), c.n, c.d, c.k); err == nil {
			t.Errorf("%d points of %d values (%d given), %d components: no error", c.n, c.d, c.values, c.k)
		}
	}
}

func TestAlignUndoesARotationAndAMirror(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	prev := make([]float32, 2*50)
	for i := range prev {
		prev[i] = float32(rng.NormFloat64())
	}
	// Mirrored in x, then turned by 2 radians: a frame whose PCA flipped and swapped axes.
	c, s := math.Cos(2), math.Sin(2)
	p := make([]float32, len(prev))
	for i := 0; i < len(p); i += 2 {
		x, y := -float64(prev[i]), float64(prev[i+1])
		p[i], p[i+1] = float32(c*x-s*y), float32(s*x+c*y)
	}
	Align(p, prev)
	for i := range p {
		if math.Abs(float64(p[i]-prev[i])) > 1e-5 {
			t.Fatalf("value %d = %v after alignment, want %v", i, p[i], prev[i])
		}
	}
}

func TestProjectPCAKeepsFramesAligned(t *testing.T) {
	x, _ := knownDecomposition(100, 8, [3]float64{20, 10, 1})
	first, err := ProjectPCA(x, 100, 8, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same points mirrored: their PCA is the same up to signs, which Align undoes.
	mirrored := make([]float32, len(x))
	for i, v := range x {
		mirrored[i] = -v
	}
	again, err := ProjectPCA(mirrored, 100, 8, first)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if math.Abs(float64(first[i]-again[i])) > 1e-3 {
			t.Fatalf("value %d: %v, then %v after mirroring the data", i, first[i], again[i])
		}
	}
}
