package cnn

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// savedCheckpoint trains two steps on synthetic data and returns the saved file's bytes.
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
	path := filepath.Join(t.TempDir(), "model.ckpt")
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ck, data
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
	if len(got.History.Train) != 2 || len(got.History.Test) != 2 || got.History.Train[1] != ck.History.Train[1] || got.History.Test[1] != ck.History.Test[1] {
		t.Fatalf("history %+v, want %+v", got.History, ck.History)
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
	binary.LittleEndian.PutUint32(newer[len(checkpointMagic):], 2)
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
		{"newer version", "version 2 is not supported", newer},
		{"other network", "conv9/weights", reseal(otherShape)},
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

// FuzzDecodeCheckpoint feeds the decoder arbitrary bytes, and valid checkpoints with their
// checksum fixed up after mutation: it must return an error or a checkpoint, never panic or
// allocate beyond the input's size.
func FuzzDecodeCheckpoint(f *testing.F) {
	_, good := savedCheckpoint(f)
	f.Add(good[:200])
	f.Add([]byte(checkpointMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		DecodeCheckpoint(data)
		if len(data) > 8 {
			DecodeCheckpoint(reseal(data))
		}
	})
}
