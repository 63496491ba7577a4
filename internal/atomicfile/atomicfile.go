// Package atomicfile writes files so that no reader, and no crash, ever sees one half
// written: every file ConvScope writes (models, metrics, pictures, charts, exports) goes
// through Write.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write creates or replaces the file at path, with mode 0644, holding what write writes to
// the writer it is given. The content goes to a temporary file in path's folder
// (".<name>.*.tmp"), which is flushed to disk (fsync) and then renamed over path, so path
// holds either its old content or the whole new one. On every error, from write or from
// the file system, the temporary file is removed, path is left as it was, and the error
// names path.
func Write(path string, write func(w io.Writer) error) (err error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
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
