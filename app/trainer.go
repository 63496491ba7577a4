package app

import (
	"context"
	"time"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// trainer is what a Session needs of a *cnn.Trainer; tests substitute a fake. Except for
// Snapshot, its methods wait for the training step in progress, so the UI goroutine calls
// none of them while a run is going on.
type trainer interface {
	Run(ctx context.Context, report func(cnn.Progress)) error
	Snapshot() *cnn.Network
	History() cnn.History
	Step() int
	Checkpoint() *cnn.Checkpoint
	Evaluate() *cnn.Evaluation
	// Watch has fn called on the training goroutine with the network after every step s
	// for which due(s) holds, and at once for the current step (see cnn.Trainer.Watch).
	Watch(due func(step int) bool, fn func(step int, net *cnn.Network))
}

var _ trainer = (*cnn.Trainer)(nil)

// makeTrainer returns a trainer for cfg on data: of a fresh network, or continuing the run
// saved in ck if ck is not nil.
type makeTrainer func(cfg cnn.Config, ck *cnn.Checkpoint, data *dataset) (trainer, error)

// newCNNTrainer is the makeTrainer of the app: cnn.NewTrainer or cnn.Resume.
func newCNNTrainer(cfg cnn.Config, ck *cnn.Checkpoint, data *dataset) (trainer, error) {
	var tr *cnn.Trainer
	var err error
	if ck == nil {
		tr, err = cnn.NewTrainer(cfg, data.Train, data.Test)
	} else {
		tr, err = cnn.Resume(ck, cfg, data.Train, data.Test)
	}
	if err != nil {
		return nil, err
	}
	return tr, nil
}

// dataset is the MNIST data the app trains and evaluates on, and the folder it came from.
type dataset struct {
	Dir         string
	Train, Test *mnist.Set
	Took        time.Duration // how long loading took
}

// loadMNIST locates and loads the MNIST files: those in dir, or, when dir is "", those in
// the places mnist.Locate searches. Its errors match mnist.ErrNotFound or mnist.ErrFormat
// and say how to fix the problem.
func loadMNIST(dir string) (*dataset, error) {
	start := time.Now()
	dir, err := mnist.Locate(dir)
	if err != nil {
		return nil, err
	}
	train, test, err := mnist.Load(dir)
	if err != nil {
		return nil, err
	}
	return &dataset{Dir: dir, Train: train, Test: test, Took: time.Since(start)}, nil
}
