package mnist

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound is matched (with errors.Is) by the errors of Locate and Load when no folder
	// holds the four MNIST files, or a file is missing from the folder given.
	ErrNotFound = errors.New("MNIST data not found")

	// ErrFormat is matched by the errors of ReadSet and Load when a file is not a valid MNIST
	// IDX file: truncated, corrupt, wrong magic number, dimensions or count, or a label
	// outside 0..9.
	ErrFormat = errors.New("not a valid MNIST IDX file")

	// ErrEmptyImage is returned by FromImage for a picture with no ink: empty, uniform, or
	// with too little contrast to tell strokes from paper.
	ErrEmptyImage = errors.New("mnist: the image has no ink (it is empty or of one colour)")
)

// FileError reports a missing, unreadable or invalid file of a data set. Path is the file's
// full path; Err is the cause, which matches ErrNotFound for a missing file and ErrFormat for
// invalid content; Fix says how to get intact files. The message names the file and says
// how to fix it.
type FileError struct {
	Path string
	Err  error
	Fix  string
}

func (e *FileError) Error() string { return fmt.Sprintf("mnist: %s: %v; %s", e.Path, e.Err, e.Fix) }

// Unwrap returns e.Err.
func (e *FileError) Unwrap() error { return e.Err }
