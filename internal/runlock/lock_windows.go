package runlock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockOffsetHigh places the locked byte at 2^62, far past the lock file's end: Windows' locks
// are mandatory, and a lock on the file's content would keep a refused process from reading
// the holder's process id in it.
const lockOffsetHigh = 1 << 30

// tryLock takes an exclusive LockFileEx lock on f without waiting; it returns ErrHeld if
// another open file holds it. Windows releases it when the file is closed or the process
// ends.
func tryLock(f *os.File) error {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, &windows.Overlapped{OffsetHigh: lockOffsetHigh})
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return ErrHeld
	}
	return err
}
