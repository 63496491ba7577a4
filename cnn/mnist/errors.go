package mnist

import "convscope/internal/tr"

var (
	// ErrNotFound is matched (with errors.Is) by the errors of Locate and Load when no folder
	// holds the four MNIST files, or a file is missing from the folder given.
	ErrNotFound error = sentinel(0)

	// ErrFormat is matched by the errors of ReadSet and Load when a file is not a valid MNIST
	// IDX file: truncated, corrupt, wrong magic number, dimensions or count, or a label
	// outside 0..9.
	ErrFormat error = sentinel(1)

	// ErrEmptyImage is returned by FromImage for a picture with no ink: empty, uniform, or
	// with too little contrast to tell strokes from paper.
	ErrEmptyImage error = sentinel(2)
)

// sentinel is an error of the package that callers match with errors.Is. Its message is
// in the user's language of the moment it is shown, which a package-level errors.New,
// made before the language is set, could not be.
type sentinel int

func (e sentinel) Error() string {
	switch e {
	case 0:
		return tr.T("MNIST data not found")
	case 1:
		return tr.T("not a valid MNIST IDX file")
	}
	return tr.T("mnist: the image has no ink (it is empty or of one colour)")
}

// FileError reports a missing, unreadable or invalid file of a data set. Path is the file's
// full path; Err is the cause, which matches ErrNotFound for a missing file and ErrFormat for
// invalid content; Fix says how to get intact files. The message names the file and says
// how to fix it.
type FileError struct {
	Path string
	Err  error
	Fix  string
}

func (e *FileError) Error() string { return tr.F("mnist: %s: %v; %s", e.Path, e.Err, e.Fix) }

// Unwrap returns e.Err.
func (e *FileError) Unwrap() error { return e.Err }
