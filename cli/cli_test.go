package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakeTable is a command table whose commands record how they were called.
type fakeTable struct {
	calls []string // "name arg1 arg2 ..." per call
}

func (f *fakeTable) commands() []Command {
	run := func(name string, code int) func([]string, io.Writer, io.Writer) int {
		return func(args []string, stdout, stderr io.Writer) int {
			f.calls = append(f.calls, strings.Join(append([]string{name}, args...), " "))
			io.WriteString(stdout, name+" out\n")
			io.WriteString(stderr, name+" err\n")
			return code
		}
	}
	return []Command{
		{Name: "train", Summary: "train the network", Run: run("train", 0)},
		{Name: "eval", Summary: "measure test accuracy", Run: run("eval", 1)},
	}
}

func TestDispatchRunsNamedCommandWithItsArguments(t *testing.T) {
	tests := []struct {
		args       []string
		wantCall   string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{[]string{"train"}, "train", 0, "train out\n", "train err\n"},
		{[]string{"train", "-epochs", "2", "-h"}, "train -epochs 2 -h", 0, "train out\n", "train err\n"},
		{[]string{"eval", "-model", "m.ckpt"}, "eval -model m.ckpt", 1, "eval out\n", "eval err\n"},
	}
	for _, tt := range tests {
		var f fakeTable
		var stdout, stderr bytes.Buffer
		code := dispatch(f.commands(), tt.args, &stdout, &stderr)
		if code != tt.wantCode {
			t.Errorf("%q: exit code %d, want %d", tt.args, code, tt.wantCode)
		}
		if want := []string{tt.wantCall}; !reflect.DeepEqual(f.calls, want) {
			t.Errorf("%q: calls %q, want %q", tt.args, f.calls, want)
		}
		if stdout.String() != tt.wantStdout || stderr.String() != tt.wantStderr {
			t.Errorf("%q: stdout %q, stderr %q; want %q, %q",
				tt.args, stdout.String(), stderr.String(), tt.wantStdout, tt.wantStderr)
		}
	}
}

func TestDispatchHelpListsEveryCommand(t *testing.T) {
	for _, flag := range []string{"-h", "-help", "--help", "help"} {
		var f fakeTable
		var stdout, stderr bytes.Buffer
		if code := dispatch(f.commands(), []string{flag}, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit code %d, want 0", flag, code)
		}
		if stderr.Len() != 0 {
			t.Errorf("%s: wrote %q to stderr, want nothing", flag, stderr.String())
		}
		if len(f.calls) != 0 {
			t.Errorf("%s: ran commands %q, want none", flag, f.calls)
		}
		for _, c := range f.commands() {
			if !containsLine(stdout.String(), c.Name, c.Summary) {
				t.Errorf("%s: usage has no line with %q and %q:\n%s", flag, c.Name, c.Summary, stdout.String())
			}
		}
	}
}

func TestDispatchWithoutArgumentsPrintsUsageToStderr(t *testing.T) {
	var f fakeTable
	var stdout, stderr bytes.Buffer
	if code := dispatch(f.commands(), nil, &stdout, &stderr); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	if stdout.Len() != 0 || !strings.Contains(stderr.String(), "Usage:") {
		t.Errorf("stdout %q, stderr %q; want usage on stderr only", stdout.String(), stderr.String())
	}
}

func TestDispatchUnknownCommandIsOneLineError(t *testing.T) {
	for _, name := range []string{"x", "Train", "-json", ""} {
		var f fakeTable
		var stdout, stderr bytes.Buffer
		if code := dispatch(f.commands(), []string{name, "train"}, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit code %d, want 2", name, code)
		}
		want := `convscope: unknown command "` + name + `" (run convscope -h)` + "\n"
		if stderr.String() != want || stdout.Len() != 0 || len(f.calls) != 0 {
			t.Errorf("%q: stderr %q, stdout %q, calls %q; want stderr %q only",
				name, stderr.String(), stdout.String(), f.calls, want)
		}
	}
}

func TestCommandTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		switch {
		case c.Name == "" || strings.HasPrefix(c.Name, "-") || strings.ContainsAny(c.Name, " \t"):
			t.Errorf("command name %q must be one word not starting with '-'", c.Name)
		case seen[c.Name]:
			t.Errorf("command %q is listed twice", c.Name)
		case c.Name == "help":
			t.Errorf("command name %q is reserved for usage", c.Name)
		}
		seen[c.Name] = true
		if c.Summary == "" || strings.HasSuffix(c.Summary, ".") {
			t.Errorf("command %q: summary %q must be one line without a final period", c.Name, c.Summary)
		}
		if c.Run == nil {
			t.Errorf("command %q has no Run function", c.Name)
		}
	}
}

func TestMainUsesCommandTable(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("Main -h: exit code %d, want 0", code)
	}
	if !strings.Contains(stdout.String(), "Usage:") {
		t.Errorf("Main -h printed no usage:\n%s", stdout.String())
	}
	for _, c := range commands {
		if !containsLine(stdout.String(), c.Name, c.Summary) {
			t.Errorf("Main -h does not list %q:\n%s", c.Name, stdout.String())
		}
	}
}

// containsLine reports whether some line of text holds every one of parts, in order.
func containsLine(text string, parts ...string) bool {
	for line := range strings.Lines(text) {
		rest, found := line, true
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				found = false
				break
			}
			rest = rest[i+len(p):]
		}
		if found {
			return true
		}
	}
	return false
}

func TestAppFile(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.ckpt")
	os.WriteFile(model, []byte("x"), 0o644)
	// A file named like a command is still the command.
	t.Chdir(dir)
	os.WriteFile("train", []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{model}, true},
		{[]string{"train"}, false},
		{[]string{"-h"}, false},
		{[]string{filepath.Join(dir, "missing.ckpt")}, false},
		{[]string{dir}, false},
		{[]string{model, model}, false},
		{nil, false},
	} {
		if path, ok := AppFile(tc.args); ok != tc.want || ok && path != tc.args[0] {
			t.Errorf("AppFile(%q) = %q, %v; want %v", tc.args, path, ok, tc.want)
		}
	}
}
