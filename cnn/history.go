package cnn

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"convscope/internal/tr"
)

// TrainPoint records one training step: the mean loss and the accuracy on its batch.
type TrainPoint struct {
	Step     int
	Loss     float32
	Accuracy float32
	// Seconds is the wall-clock time of the run when the step ended: the seconds since
	// its start, evaluations included, summed over the runs that trained the model
	// (pauses excluded); 0 for a step recorded without it (by an earlier ConvScope).
	Seconds float32
}

// TestPoint records one evaluation on the test set after Step steps.
type TestPoint struct {
	Step     int
	Accuracy float64
	// PerClass holds the accuracy on the test examples of each class (Classes values),
	// or is nil for an evaluation recorded without it (by an earlier ConvScope). It is
	// never changed once recorded, so copies of the point may share it.
	PerClass []float64
}

// History is the record of a run: every training step and every test evaluation, in order.
type History struct {
	Train []TrainPoint
	Test  []TestPoint
}

// Clone returns a copy of h that shares no memory with it.
func (h History) Clone() History {
	return History{Train: append([]TrainPoint(nil), h.Train...), Test: append([]TestPoint(nil), h.Test...)}
}

// hasPerClass reports whether any test point has its per-class accuracies.
func (h History) hasPerClass() bool {
	for _, p := range h.Test {
		if p.PerClass != nil {
			return true
		}
	}
	return false
}

// LatestTest returns the most recent test evaluation, or false if there has been none.
func (h History) LatestTest() (TestPoint, bool) {
	if len(h.Test) == 0 {
		return TestPoint{}, false
	}
	return h.Test[len(h.Test)-1], true
}

// csvHeader is the header of the CSV that WriteCSV writes: the fields of every step, then
// those of the evaluated steps, then test_accuracy_0 to test_accuracy_9, the accuracy on
// the test examples of each class.
var csvHeader = append([]string{"step", "epoch", "loss", "train_accuracy", "seconds", "test_accuracy"}, classColumns()...)

func classColumns() []string {
	cols := make([]string, Classes)
	for c := range cols {
		cols[c] = "test_accuracy_" + strconv.Itoa(c)
	}
	return cols
}

// WriteCSV writes the history as CSV with the header
// step,epoch,loss,train_accuracy,seconds,test_accuracy,test_accuracy_0,…,test_accuracy_9:
// one row per training step, with the test accuracies in the rows of the steps that were
// evaluated and empty elsewhere (and wherever they were not recorded). trainSize is the
// number of training examples and batch the examples per step, to compute epochs.
func (h History) WriteCSV(w io.Writer, batch, trainSize int) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	test := make(map[int]TestPoint, len(h.Test))
	for _, tp := range h.Test {
		test[tp.Step] = tp
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	row := make([]string, len(csvHeader))
	for _, tp := range h.Train {
		clear(row)
		row[0], row[1], row[2], row[3] = strconv.Itoa(tp.Step), f(float64(tp.Step*batch)/float64(trainSize)), f(float64(tp.Loss)), f(float64(tp.Accuracy))
		if tp.Seconds > 0 {
			row[4] = f(float64(tp.Seconds))
		}
		if e, ok := test[tp.Step]; ok {
			row[5] = f(e.Accuracy)
			for c, a := range e.PerClass {
				row[6+c] = f(a)
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads a history written by WriteCSV, or by earlier ConvScopes (whose files have
// the first five columns, without seconds or per-class accuracies). The error names the
// line and the field at fault; the history it returns passes the checks of a model's
// records (steps in order, losses and accuracies in range).
func ReadCSV(r io.Reader) (History, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return History{}, tr.Errorf("reading the header: %w", err)
	}
	col := make(map[string]int, len(header))
	for i, name := range header {
		col[name] = i
	}
	for _, name := range []string{"step", "loss", "train_accuracy", "test_accuracy"} {
		if _, ok := col[name]; !ok {
			return History{}, tr.Errorf("the header has no %s column", name)
		}
	}
	var h History
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return History{}, err
		}
		row := csvRow{fields: rec, col: col, line: line}
		step := row.number("step")
		if step != math.Trunc(step) || step < 1 || step > MaxSteps || len(h.Train) > 0 && int(step) <= h.Train[len(h.Train)-1].Step {
			row.fail("step", tr.T("does not follow the step before"))
		}
		p := TrainPoint{Step: int(step), Loss: float32(row.number("loss")),
			Accuracy: float32(row.number("train_accuracy")), Seconds: float32(row.number("seconds"))}
		h.Train = append(h.Train, p)
		if row.has("test_accuracy") {
			test := TestPoint{Step: p.Step, Accuracy: row.number("test_accuracy")}
			for c, name := range classColumns() {
				if row.has(name) {
					if test.PerClass == nil {
						test.PerClass = make([]float64, Classes)
					}
					test.PerClass[c] = row.number(name)
				}
			}
			h.Test = append(h.Test, test)
		}
		if row.err != nil {
			return History{}, row.err
		}
	}
	if err := h.check(MaxSteps); err != nil {
		return History{}, err
	}
	return h, nil
}

// csvRow reads the numbers of one row of a history's CSV and remembers the first error.
type csvRow struct {
	fields []string
	col    map[string]int // column of each name in the header
	line   int
	err    error
}

// has reports whether the row has a value in the column name.
func (r *csvRow) has(name string) bool {
	i, ok := r.col[name]
	return ok && i < len(r.fields) && r.fields[i] != ""
}

// number returns the finite number in the column name, or 0 if it is empty or missing.
func (r *csvRow) number(name string) float64 {
	if !r.has(name) {
		return 0
	}
	v, err := strconv.ParseFloat(r.fields[r.col[name]], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail(name, tr.T("is not a number"))
		return 0
	}
	return v
}

// fail records that the value in the column name is wrong, as what says.
func (r *csvRow) fail(name, what string) {
	if r.err == nil {
		value := ""
		if i, ok := r.col[name]; ok && i < len(r.fields) {
			value = r.fields[i]
		}
		r.err = tr.Errorf("line %d: %s %s %s", r.line, name, Printable(value), what)
	}
}
