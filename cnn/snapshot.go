package cnn

import "sync/atomic"

// Snapshot is a model as it was at one moment: a copy that nobody changes, so that any
// goroutine may read it (and Trace its network) while training goes on. It is what the
// app shows and what every analysis is computed from; a result computed from a snapshot
// keeps its Version, and is up to date while that version is the latest.
type Snapshot struct {
	// Version identifies the snapshot: unique in the process, and larger for a snapshot
	// made later. Two snapshots with the same version are the same snapshot.
	Version uint64
	Step    int    // steps the network has been trained
	Config  Config // the settings of its training
	Net     *Network
	History History
	// Evolution is the record of its features so far; its frames are shared and never
	// changed.
	Evolution Evolution
	// Recording is the record of its embedding and health so far, shared like Evolution.
	Recording Recording
}

// versions counts the snapshots made by the process: each takes the next number.
var versions atomic.Uint64

// NewSnapshot returns s with a Version of its own. The caller gives up s's network,
// history and evolution: nothing may change them afterwards.
func NewSnapshot(s Snapshot) *Snapshot {
	s.Version = versions.Add(1)
	return &s
}

// Snapshot returns a snapshot of the model saved in ck. It shares ck's network, history
// and evolution, which must not change afterwards.
func (ck *Checkpoint) Snapshot() *Snapshot {
	return NewSnapshot(Snapshot{Step: ck.Step, Config: ck.Config, Net: ck.Network, History: ck.History, Evolution: ck.Evolution, Recording: ck.Recording})
}
