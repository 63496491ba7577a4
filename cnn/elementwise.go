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

// maskReLU zeroes the gradient dy wherever the ReLU output y is not positive.
func maskReLU(dy, y []float32) {
	y = y[:len(dy)]
	for i, v := range y {
		if v <= 0 {
			dy[i] = 0
		}
	}
}

// sumRows writes the column sums of the matrix a (rows of len(sum) values) into sum.
func sumRows(a []float32, cols int, sum []float32) {
	sum = sum[:cols]
	clear(sum)
	for r := 0; r < len(a); r += cols {
		for i, v := range a[r : r+cols] {
			sum[i] += v
		}
	}
}
