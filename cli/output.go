package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
)

// printJSON writes v as one line of JSON on stdout.
func printJSON(stdout, stderr io.Writer, name string, v any) int {
	if err := json.NewEncoder(stdout).Encode(v); err != nil {
		return fail(stderr, name, err)
	}
	return exitOK
}

// writeFileAtomic creates path with the content write produces, through a temporary file in
// the same folder that is renamed into place, so that path is never left half-written.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
