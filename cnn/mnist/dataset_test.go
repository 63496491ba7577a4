package mnist

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDatasetNamed(t *testing.T) {
	for name, want := range map[string]string{"": "MNIST", "mnist": "MNIST", "fashion": "Fashion-MNIST"} {
		if d, err := DatasetNamed(name); err != nil || d.Title != want {
			t.Errorf("%q: %s, %v", name, d.Title, err)
		}
	}
	if _, err := DatasetNamed("cifar"); err == nil || !strings.Contains(err.Error(), "use mnist or fashion") {
		t.Errorf("cifar: %v", err)
	}
	if Fashion.Class(9) != "Ankle boot" || MNIST.Class(7) != "7" || Fashion.Class(10) != "10" {
		t.Errorf("class names: %q, %q, %q", Fashion.Class(9), MNIST.Class(7), Fashion.Class(10))
	}
}

// TestLoadFashion reads the Fashion-MNIST files that scripts/deps.sh installs from Debian's
// dataset-fashion-mnist package.
func TestLoadFashion(t *testing.T) {
	if os.Getenv(DataEnv) != "" {
		t.Skipf("%s is set; this test checks the installed copy", DataEnv)
	}
	dir, err := Fashion.Locate("")
	if err != nil {
		t.Fatalf("%v (make test installs the package)", err)
	}
	train, test, err := Fashion.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != TrainLen || test.Len() != TestLen {
		t.Fatalf("%d training and %d test images", train.Len(), test.Len())
	}
	// Fashion-MNIST's classes are balanced: 1,000 test images of each. Its first test
	// image is an ankle boot (class 9), MNIST's a 7.
	counts := make([]int, len(Fashion.Classes))
	for _, l := range test.Labels {
		counts[l]++
	}
	for c, n := range counts {
		if n != 1000 {
			t.Errorf("%d test images of %s, want 1000", n, Fashion.Class(c))
		}
	}
	if test.Labels[0] != 9 {
		t.Errorf("the first test image is a %s, want an ankle boot", Fashion.Class(int(test.Labels[0])))
	}
}

func TestFashionLocateSaysHowToInstall(t *testing.T) {
	_, err := Fashion.Locate(t.TempDir())
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "dataset-fashion-mnist") || !strings.Contains(err.Error(), "(-data) lacks train-images-idx3-ubyte") {
		t.Errorf("an empty -data folder for Fashion-MNIST: %v", err)
	}
}
