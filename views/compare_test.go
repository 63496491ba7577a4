package views

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"convscope/cnn"
	"convscope/runs"
)

// comparedRun returns a run of cfg named name whose two steps end at 1 s and 3 s, the
// second evaluated at acc.
func comparedRun(name string, cfg cnn.Config, acc float64) ComparedRun {
	h := cnn.History{
		Train: []cnn.TrainPoint{{Step: 1, Loss: 2, Accuracy: 0.1, Seconds: 1}, {Step: 2, Loss: 1, Accuracy: 0.5, Seconds: 3}},
		Test:  []cnn.TestPoint{{Step: 2, Accuracy: acc}},
	}
	return ComparedRun{Record: runs.NewRecord(name, cfg, time.Time{}), History: h}
}

func TestCompareLabelsWhatDiffersAndGroupsSeeds(t *testing.T) {
	var rs []ComparedRun
	for _, lr := range []float64{1e-3, 1e-4} {
		for seed := uint64(1); seed <= 3; seed++ {
			cfg := cnn.DefaultConfig()
			cfg.LearningRate, cfg.Seed = lr, seed
			rs = append(rs, comparedRun("run", cfg, 0.9))
		}
	}
	c := Compare(rs, ByWallTime, true)
	if c.Curves[0].Label != "lr 1e-3, seed 1" || c.Curves[5].Label != "lr 1e-4, seed 3" || strings.Join(c.Differing, ",") != "lr,seed" {
		t.Fatalf("labels %q and %q, differing %v", c.Curves[0].Label, c.Curves[5].Label, c.Differing)
	}
	if len(c.Groups) != 2 || c.Groups[0].Label != "lr 1e-3, 3 runs" || len(c.Groups[1].Members) != 3 || c.Groups[1].Members[0] != 3 {
		t.Fatalf("groups %+v", c.Groups)
	}
	// Against wall time, the evaluation of step 2 is at 3 s.
	if p := c.Curves[0].Accuracy[0]; p.X != 3 || p.Y != 0.9 || c.XLabel != "wall-clock time (s)" {
		t.Fatalf("the evaluation is drawn at %+v against %q", p, c.XLabel)
	}
	// Runs of the same settings are named by their names.
	same := Compare([]ComparedRun{comparedRun("morning", cnn.DefaultConfig(), 0.9), comparedRun("evening", cnn.DefaultConfig(), 0.8)}, BySteps, true)
	if same.Curves[1].Label != "evening" {
		t.Fatalf("runs of the same settings labelled %q, grouped %+v", same.Curves[1].Label, same.Groups)
	}
}

func TestWriteComparisonCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteComparisonCSV(&b, []ComparedRun{comparedRun("a", cnn.DefaultConfig(), 0.75)}); err != nil {
		t.Fatal(err)
	}
	if want := "run,step,seconds,loss,train_accuracy,test_accuracy\na,1,1,2,0.1,\na,2,3,1,0.5,0.75\n"; b.String() != want {
		t.Fatalf("CSV\n%s\nwant\n%s", b.String(), want)
	}
}
