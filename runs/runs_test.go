package runs

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"convscope/cnn"
)

// history returns a history of steps 1..n with evaluations of the given accuracies at
// the last len(acc) steps, the step ending at step seconds.
func history(n int, acc ...float64) cnn.History {
	var h cnn.History
	for s := 1; s <= n; s++ {
		h.Train = append(h.Train, cnn.TrainPoint{Step: s, Loss: 1, Accuracy: 0.5, Seconds: float32(s)})
	}
	for i, a := range acc {
		h.Test = append(h.Test, cnn.TestPoint{Step: n - len(acc) + 1 + i, Accuracy: a})
	}
	return h
}

func TestRecordRoundTrip(t *testing.T) {
	cfg := cnn.DefaultConfig()
	cfg.LearningRate = 1e-3
	r := NewRecord("first", cfg, time.Date(2026, 12, 4, 14, 2, 5, 700, time.UTC))
	r.Note = "Adam at ten times the reference's rate"
	r.Sweep = "sweep lr=1e-3,1e-4"
	r.Update(history(10, 0.5, 0.9, 0.8), Finished)
	dir := t.TempDir()
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("read back %+v, want %+v", got, r)
	}
	if s := got.Settings; s.Preset != "reference" || s.Dataset != "mnist" || s.Optimizer != "adam" || s.LearningRate != 1e-3 || s.Batch != 50 {
		t.Fatalf("settings %+v", s)
	}
	// 10 steps of 50 images in 10 s; evaluations 0.5, 0.9, 0.8 at steps 8, 9, 10.
	acc := []float64{0.5, 0.9, 0.8}
	want := Results{FinalAccuracy: 0.8, BestAccuracy: 0.9, BestStep: 9, MeanLast8: (acc[0] + acc[1] + acc[2]) / 3, Evaluations: 3}
	if got.StepsDone != 10 || got.WallSeconds != 10 || got.ImagesPerSecond != 50 || *got.Results != want {
		t.Fatalf("progress %d steps, %v s, %v images/s, results %+v; want 10, 10, 50, %+v", got.StepsDone, got.WallSeconds, got.ImagesPerSecond, *got.Results, want)
	}
}

func TestResultsMeanOfTheLastEight(t *testing.T) {
	r := ResultsOf(history(10, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0.2))
	if r.MeanLast8 != 0.9 || r.FinalAccuracy != 0.2 || r.BestStep != 3 {
		t.Fatalf("results %+v: want the mean of the last eight 0.9, final 0.2, best first reached at step 3", r)
	}
	if ResultsOf(history(3)) != nil {
		t.Fatal("results of a run without evaluations")
	}
}

func TestStatusOf(t *testing.T) {
	cfg := cnn.DefaultConfig()
	cfg.Steps = 10
	for _, tc := range []struct {
		h    cnn.History
		err  error
		want Status
	}{
		{history(10), nil, Finished},
		{history(4), nil, Paused},
		{history(4), &cnn.DivergedError{Step: 5}, Diverged},
	} {
		if got := StatusOf(cfg, tc.h, tc.err); got != tc.want {
			t.Errorf("status of %d steps ending with %v: %s, want %s", len(tc.h.Train), tc.err, got, tc.want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not JSON", "hello", "run.json: not a run record"},
		{"unknown field", `{"name":"a","status":"finished","colour":"red"}`, `unknown field "colour"`},
		{"no name", `{"status":"finished"}`, "no name"},
		{"status", `{"name":"a","status":"sleeping"}`, `unknown status "sleeping"`},
		{"accuracy", `{"name":"a","status":"finished","results":{"final_accuracy":7}}`, "accuracy of 7"},
		{"more after it", `{"name":"a","status":"finished"} {"name":"b"}`, "goes on after the record"},
		{"ten centuries", `{"name":"a","status":"finished","wall_seconds":3e10}`, "out of range"},
		{"large", `{"name":"` + strings.Repeat("a", maxRecordSize) + `"}`, "larger than any run record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, RecordFile), []byte(tc.json), 0o644)
			_, err := Read(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), RecordFile) {
				t.Fatalf("error %v, want one naming %s and containing %q", err, RecordFile, tc.want)
			}
		})
	}
}

func TestReadRefusesAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, RecordFile), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, MetricsFile), 0o644); err != nil {
		t.Fatal(err)
	}
	// Reading either would wait for a writer forever.
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Read of a FIFO: %v", err)
	}
	if _, err := History(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("History of a FIFO: %v", err)
	}
}

func TestSpeedCountsOnlyTimedSteps(t *testing.T) {
	h := history(10) // steps 1..10 end at 1..10 s
	for i := range 8 {
		h.Train[i].Seconds = 0 // trained by an earlier ConvScope, which kept no times
	}
	r := NewRecord("old", cnn.DefaultConfig(), time.Time{})
	r.Update(h, Paused)
	// 2 timed steps of 50 images in 10 s.
	if r.ImagesPerSecond != 10 {
		t.Fatalf("images/s %v, want 10", r.ImagesPerSecond)
	}
}

func TestListKeepsTheGoodRunsAndNamesTheBadOnes(t *testing.T) {
	lib := t.TempDir()
	cfg := cnn.DefaultConfig()
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for i, name := range []string{"later", "earlier"} {
		dir, err := NewFolder(lib, name)
		if err != nil {
			t.Fatal(err)
		}
		Write(dir, NewRecord(name, cfg, start.Add(time.Duration(1-i)*time.Hour)))
	}
	os.Mkdir(filepath.Join(lib, "not a run"), 0o755)
	broken, _ := NewFolder(lib, "broken")
	os.WriteFile(filepath.Join(broken, RecordFile), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(lib, "notes.txt"), nil, 0o644)

	runs, err := List(lib)
	if err == nil || !strings.Contains(err.Error(), broken) {
		t.Fatalf("error %v, want one naming %s", err, broken)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.Record.Name)
	}
	if !slices.Equal(names, []string{"earlier", "later"}) {
		t.Fatalf("listed %v, want earlier, later", names)
	}
	if runs, err := List(filepath.Join(lib, "missing")); runs != nil || err != nil {
		t.Fatalf("a library not made yet lists %v, %v", runs, err)
	}
}

func TestNewFolderNeverReusesAFolder(t *testing.T) {
	lib := t.TempDir()
	a, err1 := NewFolder(lib, "reference mnist adam lr 1e-4 14:02:05")
	b, err2 := NewFolder(lib, "reference mnist adam lr 1e-4 14:02:05")
	if err1 != nil || err2 != nil || a == b {
		t.Fatalf("folders %s and %s (%v, %v)", a, b, err1, err2)
	}
	if filepath.Base(a) != "reference-mnist-adam-lr-1e-4-14-02-05" || filepath.Base(b) != filepath.Base(a)+"-2" {
		t.Fatalf("folders named %s and %s", filepath.Base(a), filepath.Base(b))
	}
}

func TestDefaultLibrary(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if dir, _ := DefaultLibrary(); dir != "/data/convscope/runs" {
		t.Fatalf("with XDG_DATA_HOME: %s", dir)
	}
	t.Setenv("XDG_DATA_HOME", "relative") // not absolute: ignored, as the specification says
	t.Setenv("HOME", "/home/ada")
	if dir, _ := DefaultLibrary(); dir != "/home/ada/.local/share/convscope/runs" {
		t.Fatalf("without XDG_DATA_HOME: %s", dir)
	}
}

func TestDifferencesNameOnlyWhatDiffers(t *testing.T) {
	base := SettingsOf(cnn.DefaultConfig())
	fast, lenet := base, base
	fast.LearningRate = 1e-3
	lenet.LearningRate, lenet.Preset = 1e-3, "lenet5"
	if got := Differences([]Settings{base, fast}); !slices.Equal(got, []string{"lr 1e-4", "lr 1e-3"}) {
		t.Fatalf("two learning rates: %q", got)
	}
	if got := Differences([]Settings{base, lenet}); !slices.Equal(got, []string{"reference, lr 1e-4", "lenet5, lr 1e-3"}) {
		t.Fatalf("two architectures and learning rates: %q", got)
	}
	if got := DifferingSettings([]Settings{base, fast, lenet}); !slices.Equal(got, []string{"arch", "lr"}) {
		t.Fatalf("differing settings %q", got)
	}
	if got := Differences([]Settings{base, base}); !slices.Equal(got, []string{"", ""}) {
		t.Fatalf("the same settings: %q", got)
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{1e-4: "1e-4", 3e-4: "3e-4", 0.5: "0.5", 0.001: "1e-3", 20000: "20000", 1e-10: "1e-10"} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %s, want %s", v, got, want)
		}
	}
}

func TestParseAxis(t *testing.T) {
	for text, want := range map[string]Axis{
		"lr=1e-3, 3e-4,1e-4":     {"lr", []string{"1e-3", "3e-4", "1e-4"}},
		"seed=1..3":              {"seed", []string{"1", "2", "3"}},
		"preset=reference,tiny,": {"preset", []string{"reference", "tiny"}},
	} {
		if got, err := ParseAxis(text); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseAxis(%q) = %+v, %v; want %+v", text, got, err, want)
		}
	}
	for text, want := range map[string]string{
		"lr":           "is not NAME=V1,V2",
		"colour=red":   `cannot vary "colour"`,
		"seed=5..1":    "not a range",
		"seed=1..1000": "not a range",
		"lr=":          "lr has no values",
	} {
		if _, err := ParseAxis(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseAxis(%q): error %v, want one containing %q", text, err, want)
		}
	}
}

func TestPlanEveryCombination(t *testing.T) {
	base := cnn.DefaultConfig()
	variants, err := Plan(base, []Axis{{"preset", []string{"reference", "tiny"}}, {"seed", []string{"1", "2", "3"}}})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, v := range variants {
		labels = append(labels, v.Label)
	}
	want := []string{"preset=reference seed=1", "preset=reference seed=2", "preset=reference seed=3", "preset=tiny seed=1", "preset=tiny seed=2", "preset=tiny seed=3"}
	if !slices.Equal(labels, want) {
		t.Fatalf("variants %q, want %q", labels, want)
	}
	if v := variants[4]; PresetOf(v.Config) != "tiny" || v.Config.Seed != 2 || v.Config.LearningRate != base.LearningRate {
		t.Fatalf("variant %s has preset %q, seed %d, lr %v", v.Label, PresetOf(v.Config), v.Config.Seed, v.Config.LearningRate)
	}
	if got := VariantFolder("/lib", "sweep x", variants[1]); !strings.HasPrefix(got, "/lib/sweep-x-preset=reference-seed=2-") {
		t.Fatalf("the folder of variant %s is %s", variants[1].Label, got)
	}
	// Thirty seeds, whose labels differ only past the length a folder name keeps, get
	// thirty folders.
	if _, err := Plan(base, []Axis{{"seed", strings.Fields(strings.Repeat("x ", 30))}}); err == nil || !strings.Contains(err.Error(), "seed has the value x twice") {
		t.Fatalf("duplicate values planned: %v", err)
	}
	axis, _ := ParseAxis("seed=1..30")
	seeds, err := Plan(base, []Axis{axis})
	folders := map[string]bool{}
	for _, v := range seeds {
		folders[VariantFolder("/lib", strings.Repeat("a long sweep name ", 10), v)] = true
	}
	if err != nil || len(folders) != 30 {
		t.Fatalf("30 variants in %d folders (%v)", len(folders), err)
	}
}

func TestPlanErrors(t *testing.T) {
	base := cnn.DefaultConfig()
	many := Axis{"seed", nil}
	for s := range 11 {
		many.Values = append(many.Values, FormatNumber(float64(s)))
	}
	for _, tc := range []struct {
		axes []Axis
		want string
	}{
		{nil, "needs a setting to vary"},
		{[]Axis{{"lr", []string{"1e-3"}}, {"lr", []string{"1e-4"}}}, "lr is given twice"},
		{[]Axis{many, {"batch", many.Values[1:]}}, "more than 100 runs"},
		{[]Axis{{"lr", []string{"1e-3", "fast"}}}, `run lr=fast: "fast" is not a number`},
		{[]Axis{{"batch", []string{"0"}}}, "run batch=0:"},
		{[]Axis{{"optimizer", []string{"rmsprop"}}}, `unknown optimizer "rmsprop"`},
	} {
		if _, err := Plan(base, tc.axes); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Plan(%v): error %v, want one containing %q", tc.axes, err, tc.want)
		}
	}
}

func TestWriteMetrics(t *testing.T) {
	path := filepath.Join(t.TempDir(), MetricsFile)
	h := cnn.History{Train: []cnn.TrainPoint{{Step: 1, Loss: 2, Accuracy: 0.5}}, Test: []cnn.TestPoint{{Step: 1, Accuracy: 0.25}}}
	if err := WriteMetrics(path, h, 50); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	// 1 step of 50 of the 60,000 training images is epoch 50/60000.
	const header = "step,epoch,loss,train_accuracy,seconds,test_accuracy,test_accuracy_0,test_accuracy_1,test_accuracy_2,test_accuracy_3,test_accuracy_4,test_accuracy_5,test_accuracy_6,test_accuracy_7,test_accuracy_8,test_accuracy_9\n"
	if want := header + "1,0.000833333,2,0.5,,0.25,,,,,,,,,,\n"; string(got) != want {
		t.Fatalf("metrics\n%s\nwant\n%s", got, want)
	}
}

// FuzzDecodeRecord feeds the reader of run.json arbitrary bytes: it must return an error
// or a record that encodes to JSON it reads the same, never panic.
func FuzzDecodeRecord(f *testing.F) {
	r := NewRecord("first", cnn.DefaultConfig(), time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC))
	r.Update(history(10, 0.5, 0.9), Finished)
	data, err := encodeRecord(r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"name":"a","status":"paused"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decodeRecord(data)
		if err != nil {
			return
		}
		again, err := encodeRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeRecord(again)
		if err != nil || !reflect.DeepEqual(back, r) {
			t.Fatalf("a record read back as %+v (%v), want %+v", back, err, r)
		}
	})
}
