package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"convscope/internal/tr"
)

// Command is one headless subcommand of convscope.
type Command struct {
	// Name is the word that selects the command, e.g. "train".
	Name string
	// Summary is one line, without a final period, that usage shows next to Name.
	Summary string
	// Run executes the command with the arguments that follow its name and returns the
	// process exit code. It writes results to stdout and diagnostics to stderr.
	Run func(args []string, stdout, stderr io.Writer) int
}

// commands lists every headless command, in the order usage shows them. Adding a
// command means adding its entry here.
var commands = []Command{trainCommand, evalCommand, classifyCommand, inspectCommand, presetsCommand, runsCommand, compareCommand, sweepCommand, embedCommand}

// AppFile returns the file that the arguments ask the desktop app to open, and true: a
// single argument that names no command and no flag, but an existing file (a model or an
// image, as a file manager passes it). Otherwise it returns false: the arguments are a
// command's (Main), or none.
func AppFile(args []string) (string, bool) {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") || args[0] == "help" {
		return "", false
	}
	for _, c := range commands {
		if c.Name == args[0] {
			return "", false
		}
	}
	if st, err := os.Stat(args[0]); err != nil || st.IsDir() {
		return "", false
	}
	return args[0], true
}

// Main runs the command named by args[0] with the rest of args and returns its exit
// code. "-h", "-help", "--help" and "help" print usage to stdout and return 0. An empty
// args prints usage to stderr and returns 2; an unknown command prints a one-line error
// to stderr and returns 2.
func Main(args []string, stdout, stderr io.Writer) int {
	return dispatch(commands, args, stdout, stderr)
}

// dispatch is Main over an explicit command table.
func dispatch(table []Command, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr, table)
		return 2
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help", "help":
		printUsage(stdout, table)
		return 0
	default:
		for _, c := range table {
			if c.Name == name {
				return c.Run(args[1:], stdout, stderr)
			}
		}
		fmt.Fprintln(stderr, tr.F("convscope: unknown command %q (run convscope -h)", name))
		return 2
	}
}

// printUsage writes the program's usage, listing the commands of table, to w.
func printUsage(w io.Writer, table []Command) {
	fmt.Fprintf(w, "%s\n\n%s\n", tr.T("ConvScope shows a convolutional network learning to read handwritten digits."), tr.T("Usage:"))
	writeTable(w, [][]string{
		{"  convscope", tr.T("open the desktop app")},
		{"  convscope FILE", tr.T("open the desktop app with a model, or an image on its Draw tab")},
		{"  " + tr.T("convscope COMMAND [flags]"), tr.T("run a command without a window")},
		{"  convscope -version", tr.T("print the version")},
	}, 6, false)
	fmt.Fprintf(w, "\n%s\n", tr.T("Commands:"))
	rows := make([][]string, len(table))
	for i, c := range table {
		rows[i] = []string{"  " + c.Name, tr.T(c.Summary)}
	}
	writeTable(w, rows, 3, false)
	fmt.Fprintf(w, "\n%s\n", tr.T(`Run "convscope COMMAND -h" for the flags of a command.`))
}
