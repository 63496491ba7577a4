package cnn

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// firstTwo is a Projector that keeps each feature vector's first two values: the points
// are the features themselves, so a test knows where they must be.
func firstTwo(features []float32, n, dim int, _ []float32) ([]float32, error) {
	p := make([]float32, 2*n)
	for i := range n {
		copy(p[2*i:2*i+2], features[i*dim:i*dim+2])
	}
	return p, nil
}

func TestRecordingSurvivesSaveAndOpen(t *testing.T) {
	cfg := smallConfig(4)
	cfg.EvalEvery = 2
	tr, err := NewTrainer(cfg, syntheticSet(200, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	w0 := InitialWeights(tr.Checkpoint().Network)
	tr.Project = firstTwo
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	ck := tr.Checkpoint()
	rec := ck.Recording
	// W0 is the untrained network's, and it is not the trained one's; a network built
	// afresh from the same settings has it too, so W0 can be rebuilt for a model saved
	// without it.
	if !reflect.DeepEqual(rec.W0, w0) || reflect.DeepEqual(InitialWeights(ck.Network), w0) {
		t.Fatal("the recording's W0 is not the weights of step 0")
	}
	if again, err := cfg.NewNetwork(); err != nil || !reflect.DeepEqual(InitialWeights(again), w0) {
		t.Fatalf("a network built again from the settings (%v) has another W0", err)
	}
	// Steps 0, 2 and 4 (the evaluations and the last step) are recorded.
	var steps []int
	for _, f := range rec.Embedding.Frames {
		steps = append(steps, f.Step)
	}
	if !slices.Equal(steps, []int{0, 2, 4}) || len(rec.Health) != 3 || rec.Health[2].Step != 4 {
		t.Fatalf("embedding frames at %v and %d health records; want steps 0, 2 and 4", steps, len(rec.Health))
	}
	// 50 test images: 5 of each class, at most, of the synthetic labels.
	if n := len(rec.Embedding.Indices); n != 50 || len(rec.Embedding.Frames[0].Points) != 2*n {
		t.Fatalf("%d images embedded", n)
	}
	// The last frame's points are the embedding layer's features of the final network.
	features, dim, predicted, err := ck.Network.Embed(syntheticSet(50, 2).Images, 1)
	if err != nil {
		t.Fatal(err)
	}
	last := rec.Embedding.Frames[2]
	want, _ := firstTwo(features, 50, dim, nil)
	if !slices.Equal(last.Points, want) || !slices.Equal(last.Predicted, predicted) {
		t.Fatal("the last frame is not the final network's embedding")
	}
	if r := rec.Health[2].Layers[0].UpdateRatio; !(r > 0) || rec.Health[0].Layers[0].Updated {
		t.Fatalf("update ratios %v at step 4 and %v at step 0; want > 0 and none",
			r, rec.Health[0].Layers[0].UpdateRatio)
	}

	path := filepath.Join(t.TempDir(), "model.ckpt")
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Recording, rec) {
		t.Fatal("the recording read back differs from the one saved")
	}
}

func TestRecordStepIsBounded(t *testing.T) {
	cfg := DefaultConfig() // 20,000 steps, an evaluation every 500
	count := func(c Config) int {
		n := 0
		for s := range c.Steps + 1 {
			if c.RecordStep(s) {
				n++
			}
		}
		return n
	}
	if n := count(cfg); n != 41 || !cfg.RecordStep(500) || cfg.RecordStep(250) {
		t.Fatalf("%d steps recorded at the defaults; want 0 and the 40 evaluations", n)
	}
	cfg.EvalEvery = 1
	if n := count(cfg); n > MaxEmbeddingFrames {
		t.Fatalf("%d steps recorded with an evaluation every step, more than %d", n, MaxEmbeddingFrames)
	}
	cfg.EvalEvery = 0
	if n := count(cfg); n != 101 {
		t.Fatalf("%d steps recorded with no evaluation; want 101", n)
	}
	cfg.Steps = 420
	if n := count(cfg); n != 10 || !cfg.RecordStep(50) || cfg.RecordStep(4) {
		t.Fatalf("%d steps of 420 recorded with no evaluation; want 0, every %dth and the last: 10", n, MinRecordSpacing)
	}
}

// TestSnapshotsShareTheRecordingSafely reads the recording of every snapshot while the
// trainer records more: run with -race, a write to anything a snapshot shares fails it.
func TestSnapshotsShareTheRecordingSafely(t *testing.T) {
	cfg := smallConfig(6)
	cfg.EvalEvery = 1
	tr, err := NewTrainer(cfg, syntheticSet(100, 1), syntheticSet(30, 2))
	if err != nil {
		t.Fatal(err)
	}
	tr.Project = firstTwo
	tr.SnapshotInterval = 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for tr.Step() < cfg.Steps {
			rec := tr.Snapshot().Recording
			for _, f := range rec.Embedding.Frames {
				_ = f.Points[0] + float32(f.Predicted[0])
			}
			for _, h := range rec.Health {
				_ = h.Layers[0].Weights.Percentiles[4]
			}
		}
	}()
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	<-done
	if n := len(tr.Snapshot().Recording.Health); n != cfg.Steps+1 {
		t.Fatalf("%d health records of %d steps, want one a step and step 0", n, cfg.Steps)
	}
}
