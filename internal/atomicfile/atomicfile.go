// Package atomicfile writes files so that no reader, and no crash, ever sees one half
// written: every file ConvScope writes (models, metrics, pictures, charts, exports) goes
// through Write. The temporary files of writes that a crash cut short are removed by later
// writes (and by RemoveTemporaries).
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// StaleAge is how old a temporary file of Write must be for a later Write of the same
// file to take it for the leftover of a process that died while writing, and remove it.
// Writing a file takes seconds at most.
const StaleAge = 10 * time.Minute

// Write creates or replaces the file at path, with mode 0644, holding what write writes to
// the writer it is given. The content goes to a temporary file in path's folder
// (".<name>.<digits>.tmp"), which is flushed to disk (fsync) and then renamed over path,
// so path holds either its old content or the whole new one. On every error, from write
// or from the file system, the temporary file is removed, path is left as it was, and the
// error names path. If path is a symbolic link, the file it leads to is replaced and the
// link kept. Temporary files of path older than StaleAge, left by a process killed while
// writing, are removed first.
func Write(path string, write func(w io.Writer) error) (err error) {
	if st, err := os.Lstat(path); err == nil && st.Mode()&os.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		path = target
	}
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeTemporaries(dir, func(n string) bool { return isDigits(strings.TrimSuffix(strings.TrimPrefix(n, "."+name+"."), ".tmp")) }, StaleAge)
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// temporaryName matches the names of Write's temporary files: ".<name>.<digits>.tmp".
var temporaryName = regexp.MustCompile(`^\..+\.[0-9]+\.tmp$`)

// RemoveTemporaries removes every temporary file of Write in dir, left there by processes
// that died while writing, and returns the names of those it removed. Call it only when no
// other process can be writing into dir (when holding a lock on it): the temporary file of
// a Write in progress would go too.
func RemoveTemporaries(dir string) []string {
	return removeTemporaries(dir, func(string) bool { return true }, 0)
}

// removeTemporaries removes the temporary files of Write in dir whose names match also
// said and that are at least age old, and returns their names. Errors are ignored: a file
// that cannot be removed is left for the next time.
func removeTemporaries(dir string, also func(name string) bool, age time.Duration) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !temporaryName.MatchString(e.Name()) || !also(e.Name()) {
			continue
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < age {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

// isDigits reports whether s is one or more decimal digits.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
