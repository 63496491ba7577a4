package cnn

import "testing"

// The sizes of the buffers each pass holds, those made on first use included once made:
// what TrainingMemory's figures must add up to.
func (p *convPass) bytes() int {
	w := p.wino
	return 4 * (cap(p.cols) + cap(p.padded) + cap(p.y) + cap(p.dx) + cap(w.u) + cap(w.ut) + cap(w.du) + cap(w.v) + cap(w.m))
}
func (p *densePass) bytes() int   { return 4 * (cap(p.y) + cap(p.dx)) }
func (p *dropoutPass) bytes() int { return 4 * (cap(p.scale) + cap(p.y)) }
func (p *poolPass) bytes() int    { return 4 * (cap(p.y) + cap(p.argmax) + cap(p.dx)) }
func (p *avgPoolPass) bytes() int { return 4 * (cap(p.y) + cap(p.dx)) }

// bytes returns the size of the buffers of every layer's pass.
func (p *netPass) bytes() int {
	n := 0
	for _, l := range p.passes {
		n += l.(interface{ bytes() int }).bytes()
	}
	return n
}

// TestFiguresAreThePassesBuffers checks, for every preset and a network of every layer
// kind, that the figures TrainingMemory adds up, worked out from the shapes, are the
// buffers the passes hold after a training step and after an inference.
func TestFiguresAreThePassesBuffers(t *testing.T) {
	archs := []string{"conv 3x3x4 valid stride 2 tanh; avgpool 2 stride 1; conv 2x2x4 same sigmoid; maxpool 2; dropout 0.5; fc 6; fc 10",
		"fc 512 relu; fc 512 relu; fc 10"}
	for _, p := range Presets() {
		archs = append(archs, p.Spec)
	}
	for _, arch := range archs {
		cfg := DefaultConfig()
		cfg.Arch = arch
		want, ok := cfg.figures()
		net, err := cfg.NewNetwork()
		if !ok || err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
		var got figures
		grads := make([][]float32, len(net.Params()))
		for i, p := range net.Params() {
			got.params += 4 * len(p.Value)
			grads[i] = make([]float32, len(p.Value))
		}
		// A pass of two examples holds one example's buffers more than a pass of one.
		var train [3]int
		for n := 1; n <= 2; n++ {
			p := net.newPass(n)
			logits := p.forward(make([]float32, n*net.Input.Size()), n, &passContext{train: true})
			p.backward(logits, n, grads)
			train[n] = p.bytes()
		}
		got.trainExample, got.trainPass = train[2]-train[1], 2*train[1]-train[2]
		infer := net.newPass(inferenceChunk)
		infer.forward(make([]float32, inferenceChunk*net.Input.Size()), inferenceChunk, forwardOnly)
		got.inference = infer.bytes()
		if l, ok := net.EmbeddingLayer(); ok {
			got.embedding = 4 * l.Out.Size()
		}
		for _, sh := range sharedLayers(net, 1, 2) {
			got.sharedWeights += 4 * len(sh.layer.Weights.Value)
			got.sharedExample += 4 * (len(sh.x) + len(sh.y) + len(sh.dy) + len(sh.dyT) + len(sh.dxT) + len(sh.dx))
		}
		if got != want {
			t.Errorf("%s: the passes hold %+v, the figures say %+v", arch, got, want)
		}
	}
}
