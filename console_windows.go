package main

import (
	"os"
	"syscall"
)

// The Windows build is one executable for the app and the headless commands, linked as a GUI
// program (-H windowsgui, as `fyne package` links it) so that starting the app from Explorer
// opens no console window. Windows then gives the program no standard output unless the one
// who started it redirected it (`convscope eval ... > out.txt`, a pipe, Wine): a command run
// from cmd.exe or PowerShell would print nothing. useParentConsole fixes that by attaching to
// the console of the process that started it.
//
// cmd.exe does not wait for a GUI program, so the prompt comes back at once and the command's
// output follows it; `start /wait convscope ...` waits (README, Windows).

// attachParentProcess is ATTACH_PARENT_PROCESS, the argument of AttachConsole that names the
// parent process's console.
const attachParentProcess = ^uintptr(0)

var procAttachConsole = syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")

// useParentConsole points os.Stdout and os.Stderr, where Windows gave the program none, at the
// console of the parent process, if it has one; it changes nothing that was redirected.
func useParentConsole() {
	stdout, stderr := hasHandle(syscall.STD_OUTPUT_HANDLE), hasHandle(syscall.STD_ERROR_HANDLE)
	if stdout && stderr {
		return
	}
	if ok, _, _ := procAttachConsole.Call(attachParentProcess); ok == 0 {
		return // no parent console (started from Explorer): there is nowhere to write
	}
	console, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !stdout {
		os.Stdout = console
	}
	if !stderr {
		os.Stderr = console
	}
}

// hasHandle reports whether the process has a standard handle of the kind std.
func hasHandle(std int) bool {
	h, err := syscall.GetStdHandle(std)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
