package app

import "convscope/cnn"

// evaluation is a classification of the whole test set, and the step of the model that
// made it.
type evaluation struct {
	*cnn.Evaluation
	Step int
}

// examples returns the indices, in order, of the first limit test images of true digit
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
