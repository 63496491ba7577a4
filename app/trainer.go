package app

import (
	"context"

	"convscope/cnn"
	"convscope/cnn/explain"
)

// trainer is what a Session needs of a *cnn.Trainer; tests substitute a fake. Except for
// Snapshot, its methods wait for the training step in progress, so the UI goroutine calls
// none of them while a run is going on.
type trainer interface {
	Run(ctx context.Context, report func(cnn.Progress)) error
	// Snapshot returns the latest snapshot of the model; it never waits.
	Snapshot() *cnn.Snapshot
	Step() int
	Checkpoint() *cnn.Checkpoint
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
	tr.Project = explain.ProjectPCA
	// The tabs look at the model when they refresh, at most every liveSpacing: a snapshot
	// copies the network (13 MB for the reference), so more would cost training time and
	// show nothing more.
	tr.SnapshotInterval = liveSpacing
	return tr, nil
}
