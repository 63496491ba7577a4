package cnn

// Training splits the batch over the workers, each with its own copy of the gradients,
// which are then summed: data parallelism. For a large dense layer that is a poor trade:
// its products do few operations per weight, so each worker streams all of fc1's 12.8 MB
// of weights for its share of the batch, writes a whole gradient of that size, and the sum
// reads both back. Such a layer is trained model-parallel instead, as Krizhevsky's "One
// weird trick for parallelizing convolutional neural networks" (2014) proposes: the
// workers meet at it, and each computes the products for the whole batch over its own
// share of the weights, reading and writing half of them (with two workers) and leaving a
// gradient that needs no sum. The layers around it stay data-parallel.

// minSharedWeights is the number of weights from which a dense layer is trained
// model-parallel: below it the layer's weights stay in the cache and the meetings cost
// more than they save.
const minSharedWeights = 1 << 18

// trainsModelParallel reports whether a dense layer from in to out values is trained
// model-parallel when a batch is split over several workers.
func trainsModelParallel(in, out int) bool { return in*out >= minSharedWeights }

// sharedDense is a dense layer that the workers train model-parallel, with its buffers
// for the whole batch. The workers' own passes of the layer go unused.
type sharedDense struct {
	layer *Dense
	index int // in Network.Layers
	param int // of the weights, in Network.Params; the bias is param+1
	batch int
	x     []float32 // batch×In: the inputs, each worker's examples in its rows
	y     []float32 // batch×Out: the outputs, before the bias and activation each worker adds to its rows
	dy    []float32 // batch×Out: the output gradients, after the activation's derivative
	// dyT (Out×batch) is dy transposed, and dxT (In×batch) the input gradients
	// transposed: dxT = W·dyT is a product whose right factor, 200 KB for fc1, stays in
	// the cache, which dx = dy·Wᵀ is not.
	dyT, dxT []float32
	dx       []float32 // batch×In: the input gradients, each worker's examples in its rows
}

// sharedLayers returns the dense layers of net that a batch split over workers trains
// model-parallel, in order: none with one worker.
func sharedLayers(net *Network, batch, workers int) []*sharedDense {
	if workers < 2 {
		return nil
	}
	var shared []*sharedDense
	param := 0
	for i, l := range net.Layers {
		if d, ok := l.(*Dense); ok && trainsModelParallel(d.In, d.Out) {
			shared = append(shared, &sharedDense{layer: d, index: i, param: param, batch: batch,
				x: make([]float32, batch*d.In), y: make([]float32, batch*d.Out),
				dy: make([]float32, batch*d.Out), dyT: make([]float32, d.Out*batch),
				dxT: make([]float32, d.In*batch), dx: make([]float32, batch*d.In)})
		}
		param += len(l.Params())
	}
	return shared
}

// rows returns the rows of a batch×width buffer that hold the n examples from first.
func rows(buf []float32, width, first, n int) []float32 {
	return buf[first*width : (first+n)*width]
}

// forwardPart computes part p of parts of the outputs' products, y = x·W, for the whole
// batch: the columns of y of the part's output units.
func (s *sharedDense) forwardPart(p, parts int) {
	d := s.layer
	lo, hi := p*d.Out/parts, (p+1)*d.Out/parts
	if lo == hi {
		return
	}
	gemmBlocks(false, false, s.batch, hi-lo, d.In, 1, s.x, d.In, d.Weights.Value[lo:], d.Out, 0, s.y[lo:], d.Out)
}

// backwardPart computes part p of parts of the gradients for the whole batch, the part's
// rows of the weights' gradient dW = xᵀ·dy into dw (In×Out) and, if wantDx, its rows of
// dxT = W·dyT: those of the part's input units.
func (s *sharedDense) backwardPart(p, parts int, dw []float32, wantDx bool) {
	d := s.layer
	lo, hi := p*d.In/parts, (p+1)*d.In/parts
	if lo == hi {
		return
	}
	gemmBlocks(true, false, hi-lo, d.Out, s.batch, 1, s.x[lo:], d.In, s.dy, d.Out, 0, dw[lo*d.Out:], d.Out)
	if wantDx {
		gemm(false, false, hi-lo, s.batch, d.Out, 1, d.Weights.Value[lo*d.Out:], s.dyT, 0, s.dxT[lo*s.batch:])
	}
}

// activate adds the bias to the outputs of the n examples from first and applies the
// activation, and returns them.
func (s *sharedDense) activate(first, n int) []float32 {
	y := rows(s.y, s.layer.Out, first, n)
	addBiasActivate(y, s.layer.Bias.Value, s.layer.Act)
	return y
}

// takeGradient copies dy, the output gradients of the n examples from first, into the
// batch's, applies the activation's derivative to them, writes their bias gradient into db
// and their columns of dyT.
func (s *sharedDense) takeGradient(dy []float32, first, n int, db []float32) {
	d := s.layer
	own := rows(s.dy, d.Out, first, n)
	copy(own, dy[:n*d.Out])
	activationGrad(own, rows(s.y, d.Out, first, n), d.Act, Gradient, db)
	transposeInto(own, d.Out, n, d.Out, s.dyT[first:], s.batch)
}

// inputGradient returns the input gradients of the n examples from first, their rows of
// dx, from their columns of dxT.
func (s *sharedDense) inputGradient(first, n int) []float32 {
	own := rows(s.dx, s.layer.In, first, n)
	transposeInto(s.dxT[first:], s.batch, s.layer.In, n, own, s.layer.In)
	return own
}

// transposeInto writes the transpose of the rows×cols matrix a, whose row i starts at
// a[i·lda], into t, whose row j starts at t[j·ldt]: t[j·ldt + i] = a[i·lda + j].
func transposeInto(a []float32, lda, rows, cols int, t []float32, ldt int) {
	for i := range rows {
		for j, v := range a[i*lda : i*lda+cols] {
			t[j*ldt+i] = v
		}
	}
}
