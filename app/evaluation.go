package app

import (
	"convscope/cnn"
	"convscope/cnn/mnist"
)

// evaluation is a classification of the whole test set by the model of one snapshot.
type evaluation struct {
	*cnn.Evaluation
	Version uint64 // the snapshot's: the evaluation is of the model as it is while it is current
	Step    int    // the step of the model evaluated
}

// examples returns the indices, in order, of the first limit test images of true class
// truth that were predicted as predicted, and how many such images there are in all.
// labels are the test set's labels, in the order of e.Predicted.
func (e *evaluation) examples(labels []uint8, truth, predicted, limit int) (indices []int, total int) {
	for i, p := range e.Predicted {
		if int(labels[i]) == truth && int(p) == predicted {
			if total < limit {
				indices = append(indices, i)
			}
			total++
		}
	}
	return indices, total
}

// nextMisclassified returns the index of the first misclassified test image after index
// after, going round to the start of the set, or -1 if every image was classified
// correctly. after may be -1 to start at the beginning.
func (e *evaluation) nextMisclassified(labels []uint8, after int) int {
	n := len(e.Predicted)
	for k := 1; k <= n; k++ {
		i := ((after+k)%n + n) % n
		if e.Predicted[i] != labels[i] {
			return i
		}
	}
	return -1
}

// evaluator classifies the test set with a snapshot's network off the UI goroutine, one
// evaluation at a time, and keeps the latest of the current model. Its methods belong to
// the UI goroutine.
type evaluator struct {
	jobs    latest
	log     *eventLog
	workers int
	// OnEvaluated is called on the UI goroutine with every evaluation kept.
	OnEvaluated func(e *evaluation)

	running bool
	latest  *evaluation // of the current model, or nil
}

// Evaluate classifies test with the network of s. It returns false, and does nothing,
// while an evaluation is going on.
func (e *evaluator) Evaluate(s *cnn.Snapshot, test *mnist.Set) bool {
	if e.running || s == nil || test == nil {
		return false
	}
	e.running = true
	e.jobs.Submit(func(j job) {
		ev := &evaluation{Evaluation: s.Net.Evaluate(test.Images, test.Labels, e.workers), Version: s.Version, Step: s.Step}
		j.Show(func() {
			e.running = false
			e.latest = ev
			e.log.Printf("evaluated step=%d accuracy=%.4f", ev.Step, ev.Accuracy())
			if e.OnEvaluated != nil {
				e.OnEvaluated(ev)
			}
		})
	})
	return true
}

// Forget drops the evaluations of the model, kept or under way: a new model has come.
func (e *evaluator) Forget() {
	e.jobs.Drop()
	e.running, e.latest = false, nil
}

// Latest returns the latest evaluation of the current model, or nil.
func (e *evaluator) Latest() *evaluation { return e.latest }

// Running reports whether an evaluation is going on.
func (e *evaluator) Running() bool { return e.running }
