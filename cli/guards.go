package cli

import (
	"convscope/cnn"
	"convscope/internal/tr"
)

// checkResume returns an error if continuing the run saved in ck with the settings cfg
// would train nothing: cfg.Steps at or below the saved step. Settings that change the run
// are left to cnn.Resume, which refuses them.
func checkResume(ck *cnn.Checkpoint, cfg cnn.Config) error {
	if cfg.Steps <= ck.Step && !ck.Config.NeedsNewNetwork(cfg) {
		return tr.Errorf("the model is already at step %d: give -steps above %d to continue it", ck.Step, ck.Step)
	}
	return nil
}
