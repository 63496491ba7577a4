package cnn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"convscope/cnn/mnist"
)

// savedCheckpoint trains two steps on synthetic data and returns the checkpoint, without
// the evolution its trainer recorded, and the saved file's bytes.
func savedCheckpoint(t testing.TB) (*Checkpoint, []byte) {
	t.Helper()
	cfg := smallConfig(2)
	cfg.EvalEvery = 1
	tr, err := NewTrainer(cfg, syntheticSet(100, 1), syntheticSet(50, 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	ck := tr.Checkpoint()
	ck.Evolution = Evolution{} // a model saved without a recording; see recorded for one with
	return ck, saveBytes(t, ck)
}

func TestCheckpointRoundTrip(t *testing.T) {
	ck, data := savedCheckpoint(t)
	got, err := DecodeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config != ck.Config || got.Step != 2 || got.Adam.T != 2 {
		t.Fatalf("decoded config %+v step %d t %d, want %+v step 2 t 2", got.Config, got.Step, got.Adam.T, ck.Config)
	}
	if d := maxDiff(paramsOf(got.Network), paramsOf(ck.Network)); d != 0 {
		t.Fatalf("weights differ by %g", d)
	}
	if d := maxDiff(got.Adam.M, ck.Adam.M) + maxDiff(got.Adam.V, ck.Adam.V); d != 0 {
		t.Fatalf("Adam moments differ by %g", d)
	}
	if len(got.History.Train) != 2 || len(got.History.Test) != 2 || got.History.Train[1] != ck.History.Train[1] || !reflect.DeepEqual(got.History.Test, ck.History.Test) {
		t.Fatalf("history %+v, want %+v", got.History, ck.History)
	}
	if p := got.History.Test[1]; len(p.PerClass) != Classes || slices.Max(p.PerClass) == 0 {
		t.Fatalf("the last evaluation read back with per-class accuracies %v", p.PerClass)
	}
}

// Sizes of an evolution frame of the reference network: conv1's 5×5×1×32 filters and
// conv2's 14×14×64 maps.
const (
	frameFilters = 5 * 5 * 32
	frameMaps    = 14 * 14 * 64
)

// recorded returns an evolution of frames at steps 0, 1 and 2 of the reference network's
// shapes (conv1's filters, conv2's maps) with seeded random values.
func recorded() Evolution {
	rng := rand.New(rand.NewPCG(1, 1))
	e := Evolution{Input: randomSlice(rng, mnist.Pixels, 0, 1)}
	for step := range 3 {
		e.Frames = append(e.Frames, EvolutionFrame{Step: step, FilterSize: 5, Filters: randomSlice(rng, frameFilters, -1, 1),
			Maps: Activation{Layer: "conv2", Shape: Shape{H: 14, W: 14, C: 64}, Data: randomSlice(rng, frameMaps, 0, 1)}})
	}
	return e
}

// saveBytes saves ck and returns the file's bytes.
func saveBytes(t testing.TB, ck *Checkpoint) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.ckpt")
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestCheckpointKeepsTheEvolution(t *testing.T) {
	ck, data := savedCheckpoint(t)
	if got, err := DecodeCheckpoint(data); err != nil || got.Evolution.Input != nil || got.Evolution.Frames != nil {
		t.Fatalf("a checkpoint saved without a recording read back with %+v, %v", got.Evolution, err)
	}
	ck.Evolution = recorded()
	got, err := DecodeCheckpoint(saveBytes(t, ck))
	if err != nil {
		t.Fatal(err)
	}
	want := ck.Evolution
	if !slices.Equal(got.Evolution.Input, want.Input) || len(got.Evolution.Frames) != len(want.Frames) {
		t.Fatalf("read back an input of %d values and %d frames, want %d and %d", len(got.Evolution.Input), len(got.Evolution.Frames), len(want.Input), len(want.Frames))
	}
	for i, f := range got.Evolution.Frames {
		w := want.Frames[i]
		if f.Step != w.Step || f.FilterSize != w.FilterSize || !slices.Equal(f.Filters, w.Filters) ||
			f.Maps.Layer != w.Maps.Layer || f.Maps.Shape != w.Maps.Shape || !slices.Equal(f.Maps.Data, w.Maps.Data) {
			t.Fatalf("frame %d read back as %+v, want %+v", i, f, w)
		}
	}
}

// asVersion1 returns the version 1 file of a checkpoint saved with no evolution: the same
// bytes without the evolution section's two zero counts, marked version 1.
func asVersion1(data []byte) []byte {
	v1 := slices.Clone(data[:len(data)-4-8])
	binary.LittleEndian.PutUint32(v1[len(checkpointMagic):], 1)
	return reseal(append(v1, 0, 0, 0, 0))
}

// withoutSections returns ck as an earlier ConvScope saved it: without the per-class
// accuracies, the times of the steps and the recording, which need sections, and the saved
// file's bytes.
func withoutSections(t *testing.T, ck *Checkpoint) (*Checkpoint, []byte) {
	t.Helper()
	c := *ck
	c.Recording = Recording{}
	c.History = ck.History.Clone()
	for i := range c.History.Test {
		c.History.Test[i].PerClass = nil
	}
	for i := range c.History.Train {
		c.History.Train[i].Seconds = 0
	}
	return &c, saveBytes(t, &c)
}

func TestCheckpointReadsVersion1(t *testing.T) {
	saved, _ := savedCheckpoint(t)
	ck, data := withoutSections(t, saved)
	if !slices.Equal(data[len(data)-12:len(data)-4], make([]byte, 8)) {
		t.Fatalf("a checkpoint without a recording does not end in two zero counts: % x", data[len(data)-12:])
	}
	got, err := DecodeCheckpoint(asVersion1(data))
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != ck.Step || maxDiff(paramsOf(got.Network), paramsOf(ck.Network)) != 0 || len(got.History.Train) != len(ck.History.Train) {
		t.Fatalf("version 1 read back at step %d with %d training points, want step %d with %d", got.Step, len(got.History.Train), ck.Step, len(ck.History.Train))
	}
	if got.Evolution.Input != nil || got.Evolution.Frames != nil {
		t.Fatalf("a version 1 file read back with an evolution: %+v", got.Evolution)
	}
}

// reseal recomputes the checksum of a checkpoint whose body was edited, so the test reaches
// the checks behind it.
func reseal(data []byte) []byte {
	body := data[:len(data)-4]
	return binary.LittleEndian.AppendUint32(append([]byte(nil), body...), crc32.Checksum(body, castagnoli))
}

func TestCheckpointErrors(t *testing.T) {
	_, good := savedCheckpoint(t)
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 1
	newer := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(newer[len(checkpointMagic):], checkpointVersion+1)
	// A checkpoint of another network: rename a parameter, keep the checksum valid.
	otherShape := []byte(strings.Replace(string(good), "conv2/weights", "conv9/weights", 1))

	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"empty", "not a ConvScope model file", nil},
		{"PNG", "not a ConvScope model file", []byte("\x89PNG\r\n\x1a\n....")},
		{"truncated", "truncated", good[:len(good)-1000]},
		{"header only", "truncated", good[:len(checkpointMagic)+4]},
		{"bit flip", "checksum mismatch", flipped},
		{"newer version", "version 5 is not supported", newer},
		{"other network", "conv9/weights", reseal(otherShape)},
		{"version 1 with an evolution", "unexpected bytes", reseal(withVersion(good, 1))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCheckpoint(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := DecodeCheckpoint([]byte("hello")); !errors.Is(err, ErrNotCheckpoint) {
		t.Fatalf("error %v does not match ErrNotCheckpoint", err)
	}
}

// withVersion returns a copy of data marked as format version v (without resealing it).
func withVersion(data []byte, v uint32) []byte {
	c := slices.Clone(data)
	binary.LittleEndian.PutUint32(c[len(checkpointMagic):], v)
	return c
}

// evolutionOffset returns the offset of the evolution section in data, a checkpoint saved
// from ck: the file ends with it, the sections (if any) and the checksum.
func evolutionOffset(t testing.TB, ck *Checkpoint, data []byte) int {
	t.Helper()
	size := 4 + 4*len(ck.Evolution.Input) + 4
	for _, f := range ck.Evolution.Frames {
		size += 26 + 4*len(f.Filters) + len(f.Maps.Layer) + 4*len(f.Maps.Data)
	}
	sections, err := ck.sections()
	if err != nil {
		t.Fatal(err)
	}
	if len(sections) > 0 {
		size += 4
		for _, s := range sections {
			size += 2 + len(s.name) + 4 + len(s.payload)
		}
	}
	return len(data) - 4 - size
}

func TestCheckpointEvolutionErrors(t *testing.T) {
	ck, _ := savedCheckpoint(t)
	ck.Evolution = recorded()
	good := saveBytes(t, ck)
	at := evolutionOffset(t, ck, good)
	frames := at + 4 + 4*mnist.Pixels // the frame count
	// The size of a frame of recorded(): 3 uint32s, the filter values, uint16 and "conv2",
	// 3 uint32s, the map values.
	const frameSize = 12 + 4*frameFilters + 2 + 5 + 12 + 4*frameMaps
	// edit returns good with the uint32 at offset off set to v, resealed.
	edit := func(off int, v uint32) []byte {
		c := slices.Clone(good)
		binary.LittleEndian.PutUint32(c[off:], v)
		return reseal(c)
	}
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"huge input count", "holds 4294967295 records", edit(at, 1<<32-1)},
		{"input of 5 values", "input has 5 values, not 784", edit(at, 5)},
		{"huge frame count", "holds 1000000 records", edit(frames, 1_000_000)},
		{"more frames than a run records", "more than the 200", edit(frames, 201)},
		{"huge filter count", "too short for them", edit(frames+4+8, 1<<31)},
		{"huge filter size", "too short for them", edit(frames+4+4, 1<<31)},
		{"frame after the model's step", "step 7, not one of the model's steps 0 to 2", edit(frames+4, 7)},
		{"frames out of order", "does not come after step 0", edit(frames+4+frameSize, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCheckpoint(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestSaveRefusesAnEvolutionItCannotReadBack(t *testing.T) {
	ck, _ := savedCheckpoint(t)
	for _, tc := range []struct {
		name, want string
		edit       func(e *Evolution)
	}{
		{"short input", "784", func(e *Evolution) { e.Input = e.Input[:10] }},
		{"frames without input", "no recorded input", func(e *Evolution) { e.Input = nil }},
		{"frame after the model's step", "step 3", func(e *Evolution) { e.Frames[2].Step = 3 }},
		{"maps of another shape", "maps of shape", func(e *Evolution) { e.Frames[1].Maps.Shape = Shape{H: 3, W: 2, C: 2} }},
		{"no filters", "not a whole number", func(e *Evolution) { e.Frames[0].FilterSize = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ck.Evolution = recorded()
			tc.edit(&ck.Evolution)
			path := filepath.Join(t.TempDir(), "model.ckpt")
			err := ck.Save(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("Save left a file: %v", err)
			}
		})
	}
}

func TestReadCheckpointNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(path, []byte("not a model"), 0o644)
	if _, err := ReadCheckpoint(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v does not name %s", err, path)
	}
	if _, err := ReadCheckpoint(filepath.Join(t.TempDir(), "missing.ckpt")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestSaveLeavesNoTemporaryFiles(t *testing.T) {
	ck, _ := savedCheckpoint(t)
	dir := t.TempDir()
	if err := ck.Save(filepath.Join(dir, "model.ckpt")); err != nil {
		t.Fatal(err)
	}
	if err := ck.Save(filepath.Join(dir, "missing-folder", "model.ckpt")); err == nil {
		t.Fatal("saving into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "model.ckpt" {
		t.Fatalf("folder holds %v, want only model.ckpt", entries)
	}
}

// FuzzDecodeCheckpoint feeds the decoder arbitrary bytes with their checksum fixed up
// after mutation, as a whole file and as the records (history, evolution, sections) after a
// valid model's parameters, which then go through the checks of what they hold against
// the model's step and network: it must return an error or a checkpoint, never panic or
// allocate beyond the input's size (make fuzz runs under a memory limit). A whole model is
// 40 MB, too large for the fuzzing engine, so the seed of a version 2 file with a frame is
// its records.
func FuzzDecodeCheckpoint(f *testing.F) {
	ck, good := savedCheckpoint(f)
	ck.Evolution = recorded()
	ck.Evolution.Frames = ck.Evolution.Frames[:1]
	withFrames := saveBytes(f, ck)
	net := NewReference(0, 1)
	records := evolutionOffset(f, ck, withFrames) - historySize(ck.History)
	f.Add(good[:200])
	f.Add([]byte(checkpointMagic))
	f.Add(withFrames[records : len(withFrames)-4])
	f.Fuzz(func(t *testing.T, data []byte) {
		DecodeCheckpoint(data)
		if len(data) > 8 {
			DecodeCheckpoint(reseal(data))
		}
		// The records (history, evolution, sections) hold most of a file's structure; fuzz them
		// without the 40 MB of parameters before them, which would make every run slow.
		d := &decoder{b: data}
		h, ev := d.records(checkpointVersion)
		ck := &Checkpoint{History: h, Evolution: ev}
		d.sections(ck)
		if d.err != nil || len(d.b) != 0 || h.check(MaxSteps) != nil || ev.checkNetwork(net) != nil || ev.check(MaxSteps) != nil {
			return
		}
		sections, err := ck.sections()
		if err != nil {
			t.Fatal(err)
		}
		var again bytes.Buffer
		e := &encoder{w: &again}
		e.records(h, ev)
		e.sections(sections)
		if !bytes.Equal(again.Bytes(), data) {
			t.Fatalf("records decoded from %d bytes encode to %d different bytes", len(data), again.Len())
		}
	})
}

// historySize returns the size of h in a checkpoint file.
func historySize(h History) int { return 4 + 12*len(h.Train) + 4 + 12*len(h.Test) }

func TestCheckpointOfAnArchitecture(t *testing.T) {
	cfg := smallConfig(2)
	cfg.Arch, cfg.Init = "conv 3x3x4 valid stride 2 tanh; avgpool 2; fc 16 sigmoid; dropout 0.5; fc 10", "xavier"
	ck := runSteps(t, cfg).Checkpoint()
	data := saveBytes(t, ck)
	if v := binary.LittleEndian.Uint32(data[len(checkpointMagic):]); v != checkpointVersion {
		t.Fatalf("a model of another architecture is saved in version %d, want %d", v, checkpointVersion)
	}
	got, err := DecodeCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Config != ck.Config || len(got.Network.Layers) != 5 || maxDiff(paramsOf(got.Network), paramsOf(ck.Network)) != 0 {
		t.Fatalf("read back %+v with %d layers", got.Config, len(got.Network.Layers))
	}
	if c := got.Network.Layers[0].(*Conv2D); c.K != 3 || c.Stride != 2 || c.Padding != Valid || c.Act != Tanh {
		t.Fatalf("conv1 read back as %dx%d stride %d %v %v", c.K, c.K, c.Stride, c.Padding, c.Act)
	}
	// The reference without sections is saved in version 2, which earlier ConvScopes read.
	saved, _ := savedCheckpoint(t)
	_, ref := withoutSections(t, saved)
	if v := binary.LittleEndian.Uint32(ref[len(checkpointMagic):]); v != referenceVersion {
		t.Fatalf("the reference is saved in version %d, want %d", v, referenceVersion)
	}
}

// TestCheckpointRefusesValuesThatMakeNoSense reads checkpoints whose checksum is right but
// whose values are not those of any run: each must be refused with the field at fault.
func TestCheckpointRefusesValuesThatMakeNoSense(t *testing.T) {
	base, _ := savedCheckpoint(t)
	nan := float32(math.NaN())
	for _, tc := range []struct {
		name, want string
		edit       func(ck *Checkpoint)
	}{
		{"step of 2^62", "step is 4611686018427387904, not between 0 and 1000000000", func(ck *Checkpoint) { ck.Step = 1 << 62; ck.Adam.T = 1 << 62 }},
		{"negative step", "step is -1", func(ck *Checkpoint) { ck.Step, ck.Adam.T, ck.Evolution = -1, -1, Evolution{} }},
		{"Adam's t behind the step", "t (Adam) is 1, not the model's step 2", func(ck *Checkpoint) { ck.Adam.T = 1 }},
		{"beta1 of 5", "beta1 of Adam is 5, not in [0, 1)", func(ck *Checkpoint) { ck.Adam.Beta1 = 5 }},
		{"beta2 of -3", "beta2 of Adam is -3, not in [0, 1)", func(ck *Checkpoint) { ck.Adam.Beta2 = -3 }},
		{"beta2 of 1", "beta2 of Adam is 1", func(ck *Checkpoint) { ck.Adam.Beta2 = 1 }},
		{"epsilon of 0", "epsilon of Adam is 0", func(ck *Checkpoint) { ck.Adam.Epsilon = 0 }},
		{"steps beyond the bound", "steps must be between 1 and 1000000000", func(ck *Checkpoint) { ck.Config.Steps = 1 << 40 }},
		{"batch of 0", "batch size", func(ck *Checkpoint) { ck.Config.Batch = 0 }},
		{"a NaN weight", "fc1/weights holds NaN at index 7", func(ck *Checkpoint) { ck.Network.Params()[4].Value[7] = nan }},
		{"an infinite bias", "conv1/bias holds +Inf at index 0", func(ck *Checkpoint) { ck.Network.Params()[1].Value[0] = float32(math.Inf(1)) }},
		{"a NaN moment", "Adam's m of conv2/weights holds NaN", func(ck *Checkpoint) { ck.Adam.M[2][3] = nan }},
		{"a negative second moment", "Adam's v of fc2/bias holds -1", func(ck *Checkpoint) { ck.Adam.V[7][0] = -1 }},
		{"a NaN loss", "training point 1 has loss NaN", func(ck *Checkpoint) { ck.History.Train[1].Loss = nan }},
		{"a test point after the step", "test point 0 is of step 9", func(ck *Checkpoint) { ck.History.Test[0].Step = 9 }},
		{"an accuracy above 1", "test point 1 has accuracy 2", func(ck *Checkpoint) { ck.History.Test[1].Accuracy = 2 }},
		{"one frame of 1x4,000,000 maps", "conv2 maps of shape 1x4000000x1, the network's are 14x14x64", func(ck *Checkpoint) {
			ck.Evolution.Frames = ck.Evolution.Frames[:1]
			f := &ck.Evolution.Frames[0]
			f.Maps.Shape, f.Maps.Data = Shape{H: 1, W: 4_000_000, C: 1}, make([]float32, 4_000_000)
		}},
		{"tiny frames", "conv2 maps of shape 1x1x1, the network's are 14x14x64", func(ck *Checkpoint) {
			for i := range ck.Evolution.Frames {
				f := &ck.Evolution.Frames[i]
				f.Maps.Shape, f.Maps.Data = Shape{H: 1, W: 1, C: 1}, []float32{0}
			}
		}},
		{"maps of a layer the network does not have", `maps of layer "conv7", which the network does not have`, func(ck *Checkpoint) {
			for i := range ck.Evolution.Frames {
				ck.Evolution.Frames[i].Maps.Layer = "conv7"
			}
		}},
		{"filters of another size", "which are not the network's first convolution's", func(ck *Checkpoint) {
			for i := range ck.Evolution.Frames {
				f := &ck.Evolution.Frames[i]
				f.FilterSize, f.Filters = 3, f.Filters[:3*3*32]
			}
		}},
		{"NaN maps", "evolution frame 2's maps holds NaN at index 5", func(ck *Checkpoint) { ck.Evolution.Frames[2].Maps.Data[5] = nan }},
		{"an input outside [0, 1]", "recorded input holds 7 at index 3", func(ck *Checkpoint) { ck.Evolution.Input[3] = 7 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ck := &Checkpoint{Config: base.Config, Step: base.Step, Network: base.Network.Clone(), Adam: base.Adam.clone(),
				History: base.History.Clone(), Evolution: recorded()}
			tc.edit(ck)
			_, err := DecodeCheckpoint(saveBytes(t, ck))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 200 {
				t.Fatalf("error of %d bytes is not one short line: %q", len(err.Error()), err)
			}
		})
	}
}

// TestCheckpointErrorsArePrintable reads checkpoints whose parameter name holds terminal
// escape codes or is 65,535 bytes long: the error must show neither raw nor whole.
func TestCheckpointErrorsArePrintable(t *testing.T) {
	_, good := savedCheckpoint(t)
	escaped := reseal([]byte(strings.Replace(string(good), "conv2/weights", "\x1b[31mconv2/w\x1b[", 1)))
	// The first parameter's name follows the magic, the version, the header's length and
	// the header, and the parameter count.
	header := int(binary.LittleEndian.Uint32(good[len(checkpointMagic)+4:]))
	at := len(checkpointMagic) + 8 + header + 4
	nameLen := int(binary.LittleEndian.Uint16(good[at:]))
	long := slices.Concat(good[:at], []byte{0xff, 0xff}, bytes.Repeat([]byte{'\a'}, 65535), good[at+2+nameLen:])
	for name, data := range map[string][]byte{"escape codes": escaped, "65,535-byte name": reseal(long)} {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeCheckpoint(data)
			if err == nil {
				t.Fatal("read a model with a bad parameter name")
			}
			msg := err.Error()
			if strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7f }) || len(msg) > 200 {
				t.Fatalf("error of %d bytes holds control characters or is too long: %q", len(msg), msg)
			}
		})
	}
}

func TestReadCheckpointRefusesAFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.ckpt")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := ReadCheckpoint(path); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotCheckpoint) || !strings.Contains(err.Error(), "FIFO") {
			t.Fatalf("error %v, want one saying it is a FIFO", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadCheckpoint of a FIFO still waits after 5 s")
	}
	if _, err := ReadCheckpoint(t.TempDir()); !errors.Is(err, ErrNotCheckpoint) || !strings.Contains(err.Error(), "folder") {
		t.Fatalf("reading a folder: %v", err)
	}
}

func TestCheckpointRefusesAnArchitectureTooLargeToRun(t *testing.T) {
	// A model file whose settings name a network with 50 MB of activations per image:
	// loading it must refuse before anything classifies a batch with it.
	ck, _ := savedCheckpoint(t)
	ck.Config.Arch = "conv 1x1x16384; maxpool 28; fc 10"
	header, err := json.Marshal(checkpointHeader{Config: ck.Config, Step: ck.Step, AdamT: ck.Adam.T, Beta1: ck.Adam.Beta1, Beta2: ck.Adam.Beta2, Epsilon: ck.Adam.Epsilon})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(checkpointMagic)
	binary.Write(&b, binary.LittleEndian, uint32(checkpointVersion))
	binary.Write(&b, binary.LittleEndian, uint32(len(header)))
	b.Write(header)
	_, err = DecodeCheckpoint(reseal(append(b.Bytes(), 0, 0, 0, 0)))
	if err == nil || !strings.Contains(err.Error(), "GB to classify 50 images") {
		t.Fatalf("error %v", err)
	}
}
