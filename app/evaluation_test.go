package app

import (
	"reflect"
	"testing"

	"convscope/cnn"
)

func TestEvaluationExamples(t *testing.T) {
	labels := []uint8{4, 4, 9, 4, 4, 1}
	e := &evaluation{Evaluation: &cnn.Evaluation{Predicted: []uint8{9, 4, 9, 9, 9, 1}}}
	indices, total := e.examples(labels, 4, 9, 2)
	if !reflect.DeepEqual(indices, []int{0, 3}) || total != 3 {
		t.Errorf("fours taken for nines: %v of %d, want [0 3] of 3", indices, total)
	}
	if indices, total := e.examples(labels, 1, 7, 10); indices != nil || total != 0 {
		t.Errorf("ones taken for sevens: %v of %d, want none", indices, total)
	}
}

func TestNextMisclassified(t *testing.T) {
	labels := []uint8{0, 1, 2, 3}
	e := &evaluation{Evaluation: &cnn.Evaluation{Predicted: []uint8{0, 7, 2, 5}}}
	for _, tt := range []struct{ after, want int }{{-1, 1}, {1, 3}, {2, 3}, {3, 1}} {
		if got := e.nextMisclassified(labels, tt.after); got != tt.want {
			t.Errorf("nextMisclassified after %d = %d, want %d", tt.after, got, tt.want)
		}
	}
	right := &evaluation{Evaluation: &cnn.Evaluation{Predicted: []uint8{0, 1, 2, 3}}}
	if got := right.nextMisclassified(labels, -1); got != -1 {
		t.Errorf("nextMisclassified of a perfect evaluation = %d, want -1", got)
	}
}
