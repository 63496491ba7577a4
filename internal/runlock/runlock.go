// Package runlock keeps two processes from writing one run folder at the same time: a
// process that trains into a folder holds the folder's lock until it exits.
package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileName is the lock file that Acquire makes in a run folder.
const FileName = ".convscope.lock"

// Lock is a run folder's lock, held until Release or the end of the process.
type Lock struct {
	f *os.File
}

// ErrHeld is wrapped by Acquire's error when another process holds the folder's lock.
var ErrHeld = errors.New("the folder is in use")

// Acquire takes the lock of the folder dir, which must exist, and writes this process's id
// into the lock file. It does not wait: if another process holds the lock, the error
// (wrapping ErrHeld) names the folder and that process's id. The lock is an flock(2) on
// the lock file (on Windows, LockFileEx: lock_windows.go), which the kernel releases when
// the process ends however it ends, even by kill -9; the file itself stays in the folder.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", dir, err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, ErrHeld) {
			return nil, fmt.Errorf("%s is being trained into by process %s (%w): wait for it to finish or use another folder", dir, holder(path), ErrHeld)
		}
		return nil, fmt.Errorf("locking %s: %w", dir, err)
	}
	// The id is only for the message of a process refused: the lock holds without it.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// holder returns the process id written in the lock file at path, or "unknown".
func holder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
		return strconv.Itoa(pid)
	}
	return "unknown"
}

// Release gives the lock up. Calling it again does nothing.
func (l *Lock) Release() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the file releases the lock
	l.f = nil
	return err
}
