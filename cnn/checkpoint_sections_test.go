package cnn

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

// withSections runs f while the checkpoint's section table is sections.
func withSections(t *testing.T, sections []checkpointSection, f func()) {
	t.Helper()
	saved := checkpointSections
	checkpointSections = sections
	defer func() { checkpointSections = saved }()
	f()
}

// rawSection is a section that writes payload whatever the checkpoint holds, and reads
// nothing.
func rawSection(name string, payload ...byte) checkpointSection {
	return checkpointSection{name: name,
		write: func(e *encoder, _ *Checkpoint) bool { e.bytes(payload); return true },
		read:  func(d *decoder, _ *Checkpoint) { d.bytes(len(d.b)) }}
}

func TestCheckpointSectionsVersion(t *testing.T) {
	_, data := savedCheckpoint(t)
	// The evaluations of a run keep their per-class accuracies, which need version 4.
	if v := binary.LittleEndian.Uint32(data[len(checkpointMagic):]); v != sectionsVersion {
		t.Fatalf("a model with per-class accuracies is saved in version %d, want %d", v, sectionsVersion)
	}
}

func TestCheckpointSkipsUnknownSections(t *testing.T) {
	ck, _ := savedCheckpoint(t)
	var data []byte
	withSections(t, append([]checkpointSection{rawSection("from a later ConvScope", 1, 2, 3)}, checkpointSections...), func() {
		data = saveBytes(t, ck)
	})
	got, err := DecodeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if p := got.History.Test[1].PerClass; !slices.Equal(p, ck.History.Test[1].PerClass) {
		t.Fatalf("the known section after an unknown one read back as %v, want %v", p, ck.History.Test[1].PerClass)
	}
}

func TestCheckpointSectionErrors(t *testing.T) {
	ck, _ := savedCheckpoint(t)
	badCount := checkpointSection{name: "test_per_class", read: readTestPerClass,
		write: func(e *encoder, ck *Checkpoint) bool {
			e.u32(uint32(len(ck.History.Test)))
			for range ck.History.Test {
				e.u8(7)
			}
			return true
		}}
	longer := checkpointSection{name: "test_per_class", read: readTestPerClass,
		write: func(e *encoder, ck *Checkpoint) bool { writeTestPerClass(e, ck); e.u8(0); return true }}
	for _, tc := range []struct {
		name, want string
		sections   []checkpointSection
		edit       func(*Checkpoint)
	}{
		{"a section twice", `section "test_per_class" is in the file twice`,
			[]checkpointSection{checkpointSections[0], checkpointSections[0]}, nil},
		{"a count of per-class accuracies", "test point 0 has 7 per-class accuracies",
			[]checkpointSection{badCount}, nil},
		{"bytes after a section's records", "section test_per_class: 1 unexpected bytes",
			[]checkpointSection{longer}, nil},
		{"an accuracy above 1", "test point 1 has accuracy 1.5 on class 3", checkpointSections,
			func(ck *Checkpoint) { ck.History.Test[1].PerClass = []float64{0, 0, 0, 1.5, 0, 0, 0, 0, 0, 0} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *ck
			c.History = ck.History.Clone()
			if tc.edit != nil {
				tc.edit(&c)
			}
			var data []byte
			withSections(t, tc.sections, func() { data = saveBytes(t, &c) })
			_, err := DecodeCheckpoint(data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestEvaluationClassAccuracy(t *testing.T) {
	e := &Evaluation{}
	e.Confusion[0][0], e.Confusion[0][1] = 3, 1 // class 0: 3 of 4 right
	e.Confusion[2][2] = 5                       // class 2: all right; the others have no examples
	want := []float64{0.75, 0, 1, 0, 0, 0, 0, 0, 0, 0}
	if got := e.ClassAccuracy(); !slices.Equal(got, want) {
		t.Fatalf("ClassAccuracy() = %v, want %v", got, want)
	}
}
