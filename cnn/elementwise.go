package cnn

// addBiasActivate adds b to every row of y (rows of len(b) values) and, if relu, clamps the
// result at zero.
func addBiasActivate(y, b []float32, relu bool) {
	for r := 0; r < len(y); r += len(b) {
		row := y[r : r+len(b)]
		for i, v := range row {
			v += b[i]
			if relu && v < 0 {
				v = 0
			}
			row[i] = v
		}
	}
}

// activationGrad turns dy, the gradient with respect to a layer's output y (rows of
// len(db) values), into the gradient with respect to its pre-activation, zeroing it where
// y is not positive if relu, and writes the bias gradient, the column sums, into db.
func activationGrad(dy, y []float32, relu bool, db []float32) {
	clear(db)
	cols := len(db)
	y = y[:len(dy)]
	for r := 0; r < len(dy); r += cols {
		g, out := dy[r:r+cols], y[r:r+cols]
		for i := range g {
			if relu && out[i] <= 0 {
				g[i] = 0
			}
			db[i] += g[i]
		}
	}
}

// grow returns buf if it holds n values, else a new slice of n values: the buffers that only
// training needs are made on first use, so inference passes stay small.
func grow(buf []float32, n int) []float32 {
	if len(buf) >= n {
		return buf
	}
	return make([]float32, n)
}
