// Package cli runs ConvScope's headless commands (train, eval, classify, inspect) from
// the command line.
//
// Main picks the command named by the first argument from a single table, commands in
// cli.go, and runs it with the remaining arguments. Each command parses its own flags,
// writes results to stdout and diagnostics to stderr, and returns the process exit code:
// 0 on success, 1 when the work failed, 2 on a usage error.
package cli
