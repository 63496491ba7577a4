package main

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// fyneAppTOML is FyneApp.toml, the one place the app's name and version are written: `fyne
// package` reads them from it too.
//
//go:embed FyneApp.toml
var fyneAppTOML string

// isVersionFlag reports whether args ask for the version: -version or --version alone.
func isVersionFlag(args []string) bool {
	return len(args) == 1 && (args[0] == "-version" || args[0] == "--version")
}

// printVersion writes "NAME VERSION" from FyneApp.toml to stdout and returns the exit code.
func printVersion(stdout, stderr io.Writer) int {
	name, version, err := appVersion(fyneAppTOML)
	if err != nil {
		fmt.Fprintf(stderr, "convscope: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, name, version)
	return 0
}

// appVersion returns the Name and Version of the [Details] table of a FyneApp.toml. It reads
// the file's own simple form, `Key = "value"` lines under table headers, not all of TOML.
func appVersion(toml string) (name, version string, err error) {
	table := ""
	for line := range strings.Lines(toml) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			table = strings.TrimSpace(strings.Trim(line, "[]"))
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if table != "Details" || !ok || (key != "Name" && key != "Version") {
			continue
		}
		s, err := strconv.Unquote(strings.TrimSpace(value))
		if err != nil {
			return "", "", fmt.Errorf("FyneApp.toml: [Details] %s is not a quoted string: %s", key, strings.TrimSpace(value))
		}
		if key == "Name" {
			name = s
		} else {
			version = s
		}
	}
	if name == "" || version == "" {
		return "", "", fmt.Errorf("FyneApp.toml: [Details] lacks a Name or a Version")
	}
	return name, version, nil
}
