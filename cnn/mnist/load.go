package mnist

import (
	"cmp"
	"io"
	"os"
	"path/filepath"

	"convscope/internal/tr"
)

// Names of the four MNIST files; each may also carry a .gz suffix.
const (
	trainImagesFile = "train-images-idx3-ubyte"
	trainLabelsFile = "train-labels-idx1-ubyte"
	testImagesFile  = "t10k-images-idx3-ubyte"
	testLabelsFile  = "t10k-labels-idx1-ubyte"
)

// fileNames lists the four MNIST files in the order errors mention them.
var fileNames = [...]string{trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile}

// Load reads MNIST's training and test sets from dir: MNIST.Load.
func Load(dir string) (train, test *Set, err error) { return MNIST.Load(dir) }

// Load reads the training set (TrainLen images) and the test set (TestLen images) from the
// data set's four files in dir, as returned by Locate. Each file may be raw or
// gzip-compressed; the raw one is used if both exist. A missing, unreadable or invalid file
// is a *FileError naming it and saying how to fix it; it matches ErrNotFound or ErrFormat as
// the case may be.
func (d Dataset) Load(dir string) (train, test *Set, err error) {
	// The two sets are read side by side: inflating and converting them takes most of a
	// second on one core. An error of the training set is the one reported if both fail.
	var testErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		test, testErr = d.loadSet(dir, testImagesFile, testLabelsFile, TestLen)
	}()
	train, err = d.loadSet(dir, trainImagesFile, trainLabelsFile, TrainLen)
	<-done
	if err = cmp.Or(err, testErr); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// loadSet reads the set of want images stored in the named files of dir. It reads the small
// labels file first, so a count mismatch is found before the images are read.
func (d Dataset) loadSet(dir, imagesName, labelsName string, want int) (*Set, error) {
	labelsPath, err := d.findFile(dir, labelsName)
	if err != nil {
		return nil, err
	}
	labels, err := readFileAs(d, labelsPath, readLabels)
	if err != nil {
		return nil, err
	}
	if len(labels) != want {
		return nil, d.fileError(labelsPath, tr.Errorf("%w: %d labels, want %d", ErrFormat, len(labels), want))
	}
	imagesPath, err := d.findFile(dir, imagesName)
	if err != nil {
		return nil, err
	}
	images, err := readFileAs(d, imagesPath, func(r io.Reader) ([]float32, error) { return readImages(r, want) })
	if err != nil {
		return nil, err
	}
	return &Set{Images: images, Labels: labels}, nil
}

// findFile returns the path of the regular file name or name.gz in dir, preferring the first,
// or a *FileError matching ErrNotFound if neither exists.
func (d Dataset) findFile(dir, name string) (string, error) {
	raw := filepath.Join(dir, name)
	for _, path := range []string{raw, raw + ".gz"} {
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			return path, nil
		}
	}
	return "", d.fileError(raw, tr.Errorf("%w: no such file, with or without .gz", ErrNotFound))
}

// readFileAs opens path and decodes it with read, returning any failure as a *FileError
// of the data set d.
func readFileAs[T any](d Dataset, path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, d.fileError(path, err)
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, d.fileError(path, err)
	}
	return v, nil
}

// fileError returns a *FileError of the data set's file path with the cause err.
func (d Dataset) fileError(path string, err error) *FileError {
	return &FileError{Path: path, Err: err, Fix: d.fix()}
}
