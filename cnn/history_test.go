package cnn

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestHistoryCSVRoundTrip(t *testing.T) {
	perClass := []float64{0.9, 1, 0.8, 0.7, 0.95, 0.85, 0.9, 0.75, 0.6, 0.5}
	h := History{
		Train: []TrainPoint{{Step: 1, Loss: 2.25, Accuracy: 0.125, Seconds: 0.5}, {Step: 2, Loss: 1.5, Accuracy: 0.25, Seconds: 1.25}, {Step: 3, Loss: 1, Accuracy: 0.5}},
		Test:  []TestPoint{{Step: 2, Accuracy: 0.8, PerClass: perClass}, {Step: 3, Accuracy: 0.75}},
	}
	var b bytes.Buffer
	if err := h.WriteCSV(&b, 50, 100); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if want := "step,epoch,loss,train_accuracy,seconds,test_accuracy,test_accuracy_0,"; !strings.HasPrefix(lines[0], want) || !strings.HasSuffix(lines[0], ",test_accuracy_9") {
		t.Fatalf("header %q", lines[0])
	}
	if want := "2,1,1.5,0.25,1.25,0.8,0.9,1,0.8,0.7,0.95,0.85,0.9,0.75,0.6,0.5"; lines[2] != want {
		t.Fatalf("the row of an evaluated step is %q, want %q", lines[2], want)
	}
	got, err := ReadCSV(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, h) {
		t.Fatalf("read back %+v, want %+v", got, h)
	}
}

func TestReadCSVOfAnEarlierConvScope(t *testing.T) {
	got, err := ReadCSV(strings.NewReader("step,epoch,loss,train_accuracy,test_accuracy\n1,0.1,2.5,0.25,\n2,0.2,2,0.5,0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := History{Train: []TrainPoint{{Step: 1, Loss: 2.5, Accuracy: 0.25}, {Step: 2, Loss: 2, Accuracy: 0.5}}, Test: []TestPoint{{Step: 2, Accuracy: 0.5}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read %+v, want %+v", got, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	const header = "step,epoch,loss,train_accuracy,test_accuracy\n"
	for _, tc := range []struct{ name, csv, want string }{
		{"empty", "", "reading the header"},
		{"no loss", "step,epoch,train_accuracy,test_accuracy\n", "no loss column"},
		{"a word for a loss", header + "1,0,high,0.5,\n", `line 2: loss "high" is not a number`},
		{"NaN", header + "1,0,NaN,0.5,\n", `loss "NaN" is not a number`},
		{"steps out of order", header + "2,0,1,0.5,\n1,0,1,0.5,\n", `line 3: step "1" does not follow`},
		{"a fractional step", header + "1.5,0,1,0.5,\n", `step "1.5" does not follow`},
		{"an accuracy above 1", header + "1,0,1,0.5,3\n", "test point 0 has accuracy 3"},
		{"a short row", header + "1,0\n", "wrong number of fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.csv))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// FuzzReadCSV feeds ReadCSV arbitrary text: it must return an error or a history that
// passes a model's checks and writes back to a CSV it reads the same, never panic.
func FuzzReadCSV(f *testing.F) {
	var b bytes.Buffer
	h := History{Train: []TrainPoint{{Step: 1, Loss: 2, Accuracy: 0.5, Seconds: 1}, {Step: 2, Loss: 1, Accuracy: 0.75, Seconds: 2}},
		Test: []TestPoint{{Step: 2, Accuracy: 0.5, PerClass: []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}}}}
	h.WriteCSV(&b, 50, 100)
	f.Add(b.String())
	f.Add("step,epoch,loss,train_accuracy,test_accuracy\n1,0,2,0.5,\n")
	f.Fuzz(func(t *testing.T, text string) {
		h, err := ReadCSV(strings.NewReader(text))
		if err != nil {
			return
		}
		if err := h.check(MaxSteps); err != nil {
			t.Fatalf("ReadCSV returned a history that fails the checks: %v", err)
		}
		var again bytes.Buffer
		if err := h.WriteCSV(&again, 50, 100); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(&again)
		if err != nil || !reflect.DeepEqual(back, h) {
			t.Fatalf("a history read from CSV reads back as %+v (%v), want %+v", back, err, h)
		}
	})
}
