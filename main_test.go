package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestVersionIsFyneAppTOMLs checks that -version prints the name and version that a TOML
// parser (the one `fyne package` uses) reads from FyneApp.toml.
func TestVersionIsFyneAppTOMLs(t *testing.T) {
	var meta struct {
		Details struct{ Name, Version string }
	}
	if _, err := toml.DecodeFile("FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := printVersion(&stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Fatalf("printVersion = %d, stderr %q", code, stderr.String())
	}
	want := meta.Details.Name + " " + meta.Details.Version + "\n"
	if stdout.String() != want || meta.Details.Version == "" {
		t.Fatalf("-version prints %q, FyneApp.toml says %q", stdout.String(), want)
	}
	if file, err := os.ReadFile("FyneApp.toml"); err != nil || string(file) != fyneAppTOML {
		t.Fatalf("the embedded FyneApp.toml is not the file (%v)", err)
	}
}

func TestAppVersionReadsOnlyDetails(t *testing.T) {
	name, version, err := appVersion("Version = \"9\"\n[Details]\nName = \"A\"\nVersion = \"1.2.3\"\n[Other]\nVersion = \"7\"\n")
	if err != nil || name != "A" || version != "1.2.3" {
		t.Fatalf("appVersion = %q, %q, %v; want A, 1.2.3", name, version, err)
	}
	for _, bad := range []string{"", "[Details]\nName = \"A\"\n", "[Details]\nName = \"A\"\nVersion = 1\n"} {
		if _, _, err := appVersion(bad); err == nil || !strings.Contains(err.Error(), "FyneApp.toml") {
			t.Errorf("appVersion(%q) error = %v, want one naming FyneApp.toml", bad, err)
		}
	}
}

func TestIsVersionFlag(t *testing.T) {
	for args, want := range map[string]bool{"-version": true, "--version": true, "-version x": false, "version": false, "-v": false} {
		if got := isVersionFlag(strings.Fields(args)); got != want {
			t.Errorf("isVersionFlag(%q) = %v, want %v", args, got, want)
		}
	}
}
