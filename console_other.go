//go:build !windows

package main

// useParentConsole does nothing here: only Windows starts a program without its standard
// output (see console_windows.go).
func useParentConsole() {}
