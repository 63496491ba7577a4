package cnn

import (
	"math/big"
	"sync"
)

// Winograd's minimal filtering F(2×2, 5×5) computes a 2×2 block of a 5×5 convolution's
// outputs from the 6×6 input tile under it with 36 multiplications per input and output
// channel instead of the 100 of the direct sum:
//
//	Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
//
// for the 5×5 kernel g, the 6×6 tile d and the 2×2 outputs Y. Over channels, each of the
// 36 elementwise products becomes a matrix product: for position ξ of the 6×6 transformed
// tiles, M[ξ] = V[ξ]·U[ξ] with V[ξ] the tiles×In transformed inputs and U[ξ] the In×Out
// transformed kernels. A convolution layer with 5×5 kernels, stride 1 and enough input
// channels runs its forward pass, its input gradient (the adjoint, dV[ξ] = dM[ξ]·U[ξ]ᵀ,
// folded back as dd = B dV Bᵀ per tile) and its weight gradient (dU[ξ] = V[ξ]ᵀ·dM[ξ] with
// dM = A dY Aᵀ per tile, then dg = Gᵀ dU G) this way: about 2.8 times fewer multiply-adds
// than im2col's products.
const (
	winoOut   = 2                   // m: outputs per tile side
	winoK     = 5                   // r: kernel side
	winoTile  = winoOut + winoK - 1 // α = m + r − 1: input tile side
	winoTiles = winoTile * winoTile // positions in a transformed tile: 36 products
	winoTaps  = winoK * winoK       // values in a kernel
	winoStep  = winoOut             // tiles start every winoOut pixels
)

// winoPoints are the finite interpolation points of the Cook–Toom construction; the sixth is
// ∞. With 0, ±1 and ±2 every entry of Bᵀ and Aᵀ is a small integer, exact in float32, and
// only G's (thirds, sixths…) round. The points 0, ±1, ±1/2 and ∞ are these under x → 1/x
// (which swaps 0 and ∞): a mirror image of the same algorithm, as exact and as cheap, and
// as accurate in float32 within a few per cent: over 32 channels of random tiles the RMS
// error is 1.5e-6 of the outputs' RMS with ±2, 1.6e-6 with ±1/2
// (TestWinogradPointsAccuracy). winograd.c holds the transforms of these points as
// constants; TestWinogradKernelsMatchGo checks that they agree.
var winoPoints = []string{"0", "1", "-1", "2", "-2"}

// winoMatrices are the transforms of F(2×2, 5×5) in float32, row-major, each with its
// transpose: Bᵀ (6×6) for input tiles and B for their gradients, Aᵀ (2×6) for the products
// and A (6×2) for the output gradients, G (6×5) for kernels and Gᵀ (5×6) for their
// gradients.
type winoMatrices struct {
	bt, b, at, a, g, gt []float32
}

// wino holds the transforms derived from winoPoints.
var wino = newWinoMatrices(cookToom(winoPoints, winoOut, winoK))

// cookToom returns Aᵀ (m×α), G (α×r) and Bᵀ (α×α) of Winograd's F(m, r) for the finite
// points pts (α−1 of them, α = m+r−1) and ∞, exactly: Aᵀ[i][j] = a_jⁱ and G[j][k] = a_jᵏ/f_j
// with f_j = Π_{l≠j}(a_j − a_l), and Bᵀ = diag(f)·(E⁻¹)ᵀ, where row j of the α×α matrix E
// evaluates a polynomial's coefficients at a_j (the row of ∞ picks the leading one). Then
// the correlation y_i = Σ_k g_k d_{i+k} is Aᵀ[(G g) ⊙ (Bᵀ d)]: the transpose of Toom–Cook's
// product of two polynomials, with the interpolation's denominators moved into G.
func cookToom(pts []string, m, r int) (at, g, bt [][]*big.Rat) {
	alpha := m + r - 1
	if len(pts) != alpha-1 {
		panic("cnn: cookToom needs α−1 finite points")
	}
	a := make([]*big.Rat, alpha-1)
	for j, s := range pts {
		a[j], _ = new(big.Rat).SetString(s)
	}
	// eval returns the α×cols matrix whose row j evaluates a polynomial of cols
	// coefficients at point j.
	eval := func(cols int) [][]*big.Rat {
		e := ratMatrix(alpha, cols)
		for j := range alpha {
			if j == alpha-1 { // ∞: the leading coefficient
				e[j][cols-1].SetInt64(1)
				continue
			}
			p := big.NewRat(1, 1)
			for k := range cols {
				e[j][k].Set(p)
				p.Mul(p, a[j])
			}
		}
		return e
	}
	f := make([]*big.Rat, alpha)
	for j := range alpha {
		f[j] = big.NewRat(1, 1)
		if j == alpha-1 {
			continue
		}
		for l := range alpha - 1 {
			if l != j {
				f[j].Mul(f[j], new(big.Rat).Sub(a[j], a[l]))
			}
		}
	}
	em, er, inv := eval(m), eval(r), ratInverse(eval(alpha))
	at, g, bt = ratMatrix(m, alpha), ratMatrix(alpha, r), ratMatrix(alpha, alpha)
	for j := range alpha {
		for i := range m {
			at[i][j].Set(em[j][i])
		}
		for k := range r {
			g[j][k].Quo(er[j][k], f[j])
		}
		for i := range alpha {
			bt[j][i].Mul(f[j], inv[i][j])
		}
	}
	return at, g, bt
}

// ratMatrix returns a rows×cols matrix of zeros.
func ratMatrix(rows, cols int) [][]*big.Rat {
	m := make([][]*big.Rat, rows)
	for i := range m {
		m[i] = make([]*big.Rat, cols)
		for j := range m[i] {
			m[i][j] = new(big.Rat)
		}
	}
	return m
}

// ratInverse returns the inverse of the invertible square matrix e by Gauss–Jordan
// elimination, leaving e unchanged.
func ratInverse(e [][]*big.Rat) [][]*big.Rat {
	n := len(e)
	w, inv := ratMatrix(n, n), ratMatrix(n, n)
	for i := range n {
		for j := range n {
			w[i][j].Set(e[i][j])
		}
		inv[i][i].SetInt64(1)
	}
	for c := range n {
		p := c
		for w[p][c].Sign() == 0 {
			p++ // panics past the last row if e is singular
		}
		w[c], w[p] = w[p], w[c]
		inv[c], inv[p] = inv[p], inv[c]
		s := new(big.Rat).Inv(w[c][c])
		for j := range n {
			w[c][j].Mul(w[c][j], s)
			inv[c][j].Mul(inv[c][j], s)
		}
		for i := range n {
			if i == c || w[i][c].Sign() == 0 {
				continue
			}
			s := new(big.Rat).Set(w[i][c])
			for j := range n {
				w[i][j].Sub(w[i][j], new(big.Rat).Mul(s, w[c][j]))
				inv[i][j].Sub(inv[i][j], new(big.Rat).Mul(s, inv[c][j]))
			}
		}
	}
	return inv
}

// newWinoMatrices rounds Aᵀ, G and Bᵀ to float32 and adds their transposes.
func newWinoMatrices(at, g, bt [][]*big.Rat) winoMatrices {
	return winoMatrices{bt: ratFloats(bt, false), b: ratFloats(bt, true), at: ratFloats(at, false),
		a: ratFloats(at, true), g: ratFloats(g, false), gt: ratFloats(g, true)}
}

// ratFloats returns m, or its transpose, row-major in float32.
func ratFloats(m [][]*big.Rat, transpose bool) []float32 {
	rows, cols := len(m), len(m[0])
	v := make([]float32, 0, rows*cols)
	if transpose {
		for j := range cols {
			for i := range rows {
				f, _ := m[i][j].Float32()
				v = append(v, f)
			}
		}
		return v
	}
	for i := range rows {
		for j := range cols {
			f, _ := m[i][j].Float32()
			v = append(v, f)
		}
	}
	return v
}

// winoTilesOf returns how many tiles of F(2×2, 5×5) cover the outputs of the windows g:
// th rows of tw. Tile (ty, tx) makes the outputs [2ty, 2ty+2)×[2tx, 2tx+2) that exist
// from the 6×6 input pixels whose corner is row 2ty − PadTop, column 2tx − PadLeft (zeros
// outside the image). The tiles of n images are numbered (b·th + ty)·tw + tx.
func winoTilesOf(g window) (th, tw int) {
	return (g.OutH + winoOut - 1) / winoOut, (g.OutW + winoOut - 1) / winoOut
}

// winoSandwich computes out = L·X·Lᵀ for the p×q matrix l and the q×q matrix x (row-major,
// out p×p, t p×q scratch): first t = L·X, then out = t·Lᵀ, each sum in ascending order of
// the index, skipping l's zeros, from +0, every product rounded before it is added. The
// C kernels do the same, lane by lane.
func winoSandwich(l []float32, p, q int, x, t, out []float32) {
	for i := range p {
		for j := range q {
			var s float32
			for k := range q {
				if c := l[i*q+k]; c != 0 {
					s += float32(c * x[k*q+j])
				}
			}
			t[i*q+j] = s
		}
	}
	for i := range p {
		for j := range p {
			var s float32
			for k := range q {
				if c := l[j*q+k]; c != 0 {
					s += float32(t[i*q+k] * c)
				}
			}
			out[i*p+j] = s
		}
	}
}

// winoInputGo writes the transformed input tiles Bᵀ d B of the n images x (NHWC, shape
// in) under the windows g (5×5, stride 1) into v, position after position: the tiles'
// values at position ξ of the 6×6 transform, a row of in.C values per tile, make the
// matrix V[ξ] of a product, v[(ξ·tiles + tile)·C + c] for the tiles = n·th·tw tiles (see
// winoTilesOf). Each product then reads one block of memory, which a matrix product packs
// faster than rows 36 apart (14% faster for conv2's three products).
func winoInputGo(x []float32, n int, in Shape, g window, v []float32) {
	th, tw := winoTilesOf(g)
	tiles := n * th * tw
	var d, t, o [winoTiles]float32
	for tile := range tiles {
		b, ty, tx := tile/(th*tw), tile/tw%th, tile%tw
		img := x[b*in.Size() : (b+1)*in.Size()]
		top, left := ty*winoStep-g.PadTop, tx*winoStep-g.PadLeft
		for c := range in.C {
			for i := range winoTile {
				for j := range winoTile {
					d[i*winoTile+j] = 0
					if iy, ix := top+i, left+j; iy >= 0 && iy < in.H && ix >= 0 && ix < in.W {
						d[i*winoTile+j] = img[(iy*in.W+ix)*in.C+c]
					}
				}
			}
			winoSandwich(wino.bt, winoTile, winoTile, d[:], t[:], o[:])
			for xi, val := range o {
				v[(xi*tiles+tile)*in.C+c] = val
			}
		}
	}
}

// winoInputGradGo is the adjoint of winoInputGo: it folds the gradients dv of the
// transformed tiles (laid out as winoInputGo's v) back into the pixels, dx = Σ_tiles B dv Bᵀ
// inside the image, overwriting dx (NHWC, shape in), tile after tile.
func winoInputGradGo(dv []float32, n int, in Shape, g window, dx []float32) {
	th, tw := winoTilesOf(g)
	tiles := n * th * tw
	clear(dx[:n*in.Size()])
	var d, t, o [winoTiles]float32
	for tile := range tiles {
		b, ty, tx := tile/(th*tw), tile/tw%th, tile%tw
		img := dx[b*in.Size() : (b+1)*in.Size()]
		top, left := ty*winoStep-g.PadTop, tx*winoStep-g.PadLeft
		for c := range in.C {
			for xi := range d {
				d[xi] = dv[(xi*tiles+tile)*in.C+c]
			}
			winoSandwich(wino.b, winoTile, winoTile, d[:], t[:], o[:])
			for i := range winoTile {
				for j := range winoTile {
					if iy, ix := top+i, left+j; iy >= 0 && iy < in.H && ix >= 0 && ix < in.W {
						img[(iy*in.W+ix)*in.C+c] += o[i*winoTile+j]
					}
				}
			}
		}
	}
}

// winoOutputGo writes the outputs Aᵀ M A of the products m (laid out as winoInputGo's v,
// with out values a row: m[(ξ·tiles + tile)·out + o]) into y (NHWC: n images of g.OutH×g.OutW×out),
// dropping those of tiles that overhang the bottom or right edge.
func winoOutputGo(m []float32, n int, g window, out int, y []float32) {
	th, tw := winoTilesOf(g)
	tiles := n * th * tw
	var d [winoTiles]float32
	var t [winoOut * winoTile]float32
	var o [winoOut * winoOut]float32
	for tile := range tiles {
		b, ty, tx := tile/(th*tw), tile/tw%th, tile%tw
		for co := range out {
			for xi := range d {
				d[xi] = m[(xi*tiles+tile)*out+co]
			}
			winoSandwich(wino.at, winoOut, winoTile, d[:], t[:], o[:])
			for i := range winoOut {
				for j := range winoOut {
					if oy, ox := ty*winoOut+i, tx*winoOut+j; oy < g.OutH && ox < g.OutW {
						y[((b*g.OutH+oy)*g.OutW+ox)*out+co] = o[i*winoOut+j]
					}
				}
			}
		}
	}
}

// winoOutputGradGo is the adjoint of winoOutputGo: it writes the gradients A dY Aᵀ of the
// products, laid out as winoOutputGo's m, from the output gradients dy (laid out as its y;
// the outputs a tile overhangs count as zero) into dm.
func winoOutputGradGo(dy []float32, n int, g window, out int, dm []float32) {
	th, tw := winoTilesOf(g)
	tiles := n * th * tw
	var d [winoOut * winoOut]float32
	var t [winoTile * winoOut]float32
	var o [winoTiles]float32
	for tile := range tiles {
		b, ty, tx := tile/(th*tw), tile/tw%th, tile%tw
		for co := range out {
			for i := range winoOut {
				for j := range winoOut {
					d[i*winoOut+j] = 0
					if oy, ox := ty*winoOut+i, tx*winoOut+j; oy < g.OutH && ox < g.OutW {
						d[i*winoOut+j] = dy[((b*g.OutH+oy)*g.OutW+ox)*out+co]
					}
				}
			}
			winoSandwich(wino.a, winoTile, winoOut, d[:], t[:], o[:])
			for xi, val := range o {
				dm[(xi*tiles+tile)*out+co] = val
			}
		}
	}
}

// winoFilterGo writes the transformed kernels G w Gᵀ of the 5×5 weights wt (HWIO:
// wt[(tap·in + c)·out + o]) into u, 36 matrices of in×out values: u[(ξ·in + c)·out + o].
func winoFilterGo(wt []float32, in, out int, u []float32) {
	var d [winoTaps]float32
	var t [winoTile * winoK]float32
	var o [winoTiles]float32
	for c := range in {
		for co := range out {
			for k := range d {
				d[k] = wt[(k*in+c)*out+co]
			}
			winoSandwich(wino.g, winoTile, winoK, d[:], t[:], o[:])
			for xi, val := range o {
				u[(xi*in+c)*out+co] = val
			}
		}
	}
}

// winoFilterGradGo is the adjoint of winoFilterGo: it writes the weight gradients
// Gᵀ dU G of the gradients du (laid out as winoFilterGo's u) into dw (HWIO).
func winoFilterGradGo(du []float32, in, out int, dw []float32) {
	var d [winoTiles]float32
	var t [winoK * winoTile]float32
	var o [winoTaps]float32
	for c := range in {
		for co := range out {
			for xi := range d {
				d[xi] = du[(xi*in+c)*out+co]
			}
			winoSandwich(wino.gt, winoK, winoTile, d[:], t[:], o[:])
			for k, val := range o {
				dw[(k*in+c)*out+co] = val
			}
		}
	}
}

// winoMinIn is the fewest input channels a convolution runs as Winograd's F(2×2, 5×5)
// with. With fewer the 36 products over channels are too short to run well and the
// transforms of the outputs, whose cost does not shrink with the inputs, dominate: forward
// and backward over 25 images on a 2-core EPYC, Winograd took 1.4 to 3 times as long as
// im2col with 4, 6 or 8 input channels, 0.9 times with 16 and 0.7 times with conv2's 32.
// conv1's single channel keeps im2col (and its direct inference). A variable so that
// tests and benchmarks can turn the path off.
var winoMinIn = 16

// winogradFits reports whether a convolution of k×k kernels moved by stride over in
// channels runs as Winograd's F(2×2, 5×5): 5×5 kernels, stride 1, at least winoMinIn
// channels, either padding.
func winogradFits(k, stride, in int) bool {
	return k == winoK && stride == 1 && in >= winoMinIn
}

// winoChunk is how many examples the Winograd path transforms and multiplies at a time:
// their transformed tiles and products (680 KB for one of conv2's) stay in the processor's
// second-level cache from the transform to the products and on to the next transform.
// Over the whole batch they went out to memory and back (17 MB for 25 of conv2's), and
// with two workers side by side each waited on the other's traffic.
const winoChunk = 1

// winoBuffers are a convolution pass's buffers for the Winograd path, made by the first
// forward (du and ut by the first backward). With T = winoChunk·th·tw tiles (winoTilesOf):
type winoBuffers struct {
	x  []float32 // the last forward's inputs, which backward transforms again
	u  []float32 // 36×In×Out: the transformed kernels of the last forward
	ut []float32 // 36×Out×In: their transposes, for the input gradients
	du []float32 // 36×In×Out: the gradients of the transformed kernels
	v  []float32 // 36×T×In: a chunk's transformed input tiles, or their gradients
	m  []float32 // 36×T×Out: a chunk's products, or their gradients
}

// winogradForward computes the convolution of the n examples x into y (before bias and
// activation), winoChunk examples at a time: U = G w Gᵀ, V = Bᵀ d B, the 36 products
// M[ξ] = V[ξ]·U[ξ] (split over up to parts goroutines if they are large enough, see
// minSplitWork), then y = Aᵀ M A.
func (p *convPass) winogradForward(x []float32, n, parts int, y []float32) {
	c, w := p.layer, &p.wino
	th, tw := winoTilesOf(p.g)
	chunkTiles := winoChunk * th * tw
	w.x = x[:n*p.in.Size()]
	w.u = grow(w.u, winoTiles*c.In*c.Out)
	w.v = grow(w.v, winoTiles*chunkTiles*c.In)
	w.m = grow(w.m, winoTiles*chunkTiles*c.Out)
	winoFilterKernel(c.Weights.Value, c.In, c.Out, w.u)
	outSize := p.g.OutH * p.g.OutW * c.Out
	for b := 0; b < n; b += winoChunk {
		nb := min(winoChunk, n-b)
		tiles := nb * th * tw
		winoInputKernel(x[b*p.in.Size():], nb, p.in, p.g, w.v)
		if parts < 2 || winoTiles*tiles*c.In*c.Out < 2*minSplitWork {
			p.winogradProducts(0, winoTiles, tiles)
		} else { // a closure only here: a training step allocates nothing
			splitPositions(parts, func(lo, hi int) { p.winogradProducts(lo, hi, tiles) })
		}
		winoOutputKernel(w.m, nb, p.g, c.Out, y[b*outSize:])
	}
}

// winogradBackward takes dy, the gradient of the last forward's n outputs before bias
// (after the activation's derivative), and writes the weight gradient into dw, winoChunk
// examples at a time: dM = A dY Aᵀ, V = Bᵀ d B again, dU = Σ V[ξ]ᵀ·dM[ξ] over the chunks,
// then dw = Gᵀ dU G. If wantDx, it returns the input gradient: dV[ξ] = dM[ξ]·U[ξ]ᵀ,
// dx = Σ_tiles B dV Bᵀ; otherwise nil.
func (p *convPass) winogradBackward(dy []float32, n int, dw []float32, wantDx bool) []float32 {
	c, w := p.layer, &p.wino
	th, tw := winoTilesOf(p.g)
	w.du = grow(w.du, winoTiles*c.In*c.Out)
	var dx []float32
	if wantDx {
		w.ut = grow(w.ut, winoTiles*c.In*c.Out)
		for xi := range winoTiles {
			transposeInto(w.u[xi*c.In*c.Out:], c.Out, c.In, c.Out, w.ut[xi*c.In*c.Out:], c.In)
		}
		p.dx = grow(p.dx, p.batch*p.in.Size())
		dx = p.dx[:n*p.in.Size()]
	}
	outSize := p.g.OutH * p.g.OutW * c.Out
	if n == 0 {
		clear(w.du)
	}
	for b := 0; b < n; b += winoChunk {
		nb := min(winoChunk, n-b)
		tiles := nb * th * tw
		winoOutputGradKernel(dy[b*outSize:], nb, p.g, c.Out, w.m)
		winoInputKernel(w.x[b*p.in.Size():], nb, p.in, p.g, w.v)
		gemmBatch(winoTiles, true, b > 0, c.In, c.Out, tiles, w.v, w.m, w.du)
		if wantDx {
			gemmBatch(winoTiles, false, false, tiles, c.In, c.Out, w.m, w.ut, w.v)
			winoInputGradKernel(w.v, nb, p.in, p.g, dx[b*p.in.Size():])
		}
	}
	winoFilterGradKernel(w.du, c.In, c.Out, dw)
	return dx
}

// winogradProducts computes the forward's products at the positions [lo, hi) of the
// transformed tiles, M[ξ] = V[ξ]·U[ξ] (tiles×In · In×Out).
func (p *convPass) winogradProducts(lo, hi, tiles int) {
	c, w := p.layer, &p.wino
	gemmBatch(hi-lo, false, false, tiles, c.Out, c.In, w.v[lo*tiles*c.In:], w.u[lo*c.In*c.Out:], w.m[lo*tiles*c.Out:])
}

// splitPositions calls f for blocks [lo, hi) of the 36 positions of a transformed tile, up
// to parts blocks that run side by side on their own goroutines.
func splitPositions(parts int, f func(lo, hi int)) {
	parts = min(parts, winoTiles)
	var wg sync.WaitGroup
	for b := range parts {
		wg.Go(func() { f(b*winoTiles/parts, (b+1)*winoTiles/parts) })
	}
	wg.Wait()
}
