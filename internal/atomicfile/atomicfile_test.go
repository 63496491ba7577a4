package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteCreatesAndReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metrics.csv")
	for _, content := range []string{"first", "second, longer than the first"} {
		if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, content); return err }); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read %q (%v), want %q", got, err, content)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644", info.Mode().Perm())
		}
	}
	assertOnly(t, filepath.Dir(path), "metrics.csv")
}

func TestWriteFailureKeepsTheOldFileAndNoTemporary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.ckpt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk full")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 1<<20)) // more than the buffer: part reaches the file
		return broken
	})
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want one wrapping %v and naming %s", err, broken, path)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("the old file became %d bytes", len(got))
	}
	assertOnly(t, dir, "model.ckpt")
}

func TestWriteIntoAMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "a.png")
	err := Write(path, func(io.Writer) error { return nil })
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want a not-exist error naming %s", err, path)
	}
}

// assertOnly fails unless dir holds exactly the named files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
}

func TestWriteThroughASymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "runs", "model-v3.ckpt")
	os.Mkdir(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "model.ckpt")
	if err := os.Symlink(filepath.Join("runs", "model-v3.ckpt"), link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link: %v", link, err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("the link's target holds %q, want %q", got, "new")
	}
}

// temporaries makes files named like Write's temporaries in dir, and others that are not,
// with the modification time of old, and returns dir.
func temporaries(t *testing.T, old time.Time, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		path := filepath.Join(dir, n)
		if err := os.WriteFile(path, []byte("part of a model"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWriteRemovesItsStaleTemporaries(t *testing.T) {
	names := []string{".model.ckpt.123456.tmp", ".model.ckpt.bak.99.tmp", ".metrics.csv.42.tmp", "model.ckpt.7.tmp", ".notes.tmp"}
	dir := temporaries(t, time.Now().Add(-StaleAge-time.Minute), names...)
	if err := Write(filepath.Join(dir, "model.ckpt"), func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	// Only the stale temporary of model.ckpt itself goes.
	assertOnly(t, dir, ".metrics.csv.42.tmp", ".model.ckpt.bak.99.tmp", ".notes.tmp", "model.ckpt", "model.ckpt.7.tmp")

	fresh := temporaries(t, time.Now(), ".model.ckpt.123456.tmp")
	if err := Write(filepath.Join(fresh, "model.ckpt"), func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, fresh, ".model.ckpt.123456.tmp", "model.ckpt") // it may be another writer's, in progress
}

func TestRemoveTemporaries(t *testing.T) {
	dir := temporaries(t, time.Now(), ".model.ckpt.123456.tmp", ".training.png.5.tmp", "model.ckpt", ".notes.tmp")
	removed := RemoveTemporaries(dir)
	if strings.Join(removed, ",") != ".model.ckpt.123456.tmp,.training.png.5.tmp" {
		t.Fatalf("removed %v", removed)
	}
	assertOnly(t, dir, ".notes.tmp", "model.ckpt")
}
