package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"regexp"
	"strings"
	"syscall"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

// Exit codes of every command.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed: bad data, unreadable model, ...
	exitUsage = 2 // the command line itself is wrong
)

// newFlags returns a flag set for the command name whose -h output starts with usage.
// Its usage and the flag package's complaints are in the current language.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(flagErrors{stderr})
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\n%s\n", tr.F("Usage: convscope %s", usage), tr.T("Flags:"))
		printDefaults(stderr, fs)
	}
	return fs
}

// printDefaults writes the flags of fs and their usage to w as fs.PrintDefaults does,
// with "(default ...)" in the current language.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		typ, usage := flag.UnquoteUsage(f)
		if typ != "" {
			b.WriteString(" " + typ)
		}
		if b.Len() <= 4 { // a one-letter boolean flag: its usage on the same line
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(usage, "\n", "\n    \t"))
		if !isZeroValue(f) {
			if g, ok := f.Value.(flag.Getter); ok {
				if _, isString := g.Get().(string); isString {
					b.WriteString(tr.F(" (default %q)", f.DefValue))
					fmt.Fprintln(w, b.String())
					return
				}
			}
			b.WriteString(tr.F(" (default %v)", f.DefValue))
		}
		fmt.Fprintln(w, b.String())
	})
}

// isZeroValue reports whether f's default is the zero value of its type, which
// PrintDefaults does not show.
func isZeroValue(f *flag.Flag) bool {
	typ := reflect.TypeOf(f.Value)
	var z reflect.Value
	if typ.Kind() == reflect.Pointer {
		z = reflect.New(typ.Elem())
	} else {
		z = reflect.Zero(typ)
	}
	v, ok := z.Interface().(flag.Value)
	return ok && f.DefValue == v.String()
}

// flagErrors writes to w the complaints of the flag package about a command line, each
// one line, translated into the current language.
type flagErrors struct{ w io.Writer }

func (e flagErrors) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, translateFlagError(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// The complaints of the flag package, as its Parse prints them.
var (
	flagNotDefined = regexp.MustCompile(`^flag provided but not defined: -(.*)\n$`)
	flagNoArgument = regexp.MustCompile(`^flag needs an argument: -(.*)\n$`)
	flagBadValue   = regexp.MustCompile(`^invalid value (".*") for flag -(\S+): (.*)\n$`)
	flagBadBool    = regexp.MustCompile(`^invalid boolean value (".*") for -(\S+): (.*)\n$`)
	flagBadSyntax  = regexp.MustCompile(`^bad flag syntax: (.*)\n$`)
)

// translateFlagError returns the line that the flag package printed in the current
// language, or as it is if it is not one of its complaints.
func translateFlagError(line string) string {
	if m := flagNotDefined.FindStringSubmatch(line); m != nil {
		return tr.F("flag provided but not defined: -%s", m[1]) + "\n"
	}
	if m := flagNoArgument.FindStringSubmatch(line); m != nil {
		return tr.F("flag needs an argument: -%s", m[1]) + "\n"
	}
	if m := flagBadValue.FindStringSubmatch(line); m != nil {
		return tr.F("invalid value %s for flag -%s: %s", m[1], m[2], flagValueError(m[3])) + "\n"
	}
	if m := flagBadBool.FindStringSubmatch(line); m != nil {
		return tr.F("invalid boolean value %s for -%s: %s", m[1], m[2], flagValueError(m[3])) + "\n"
	}
	if m := flagBadSyntax.FindStringSubmatch(line); m != nil {
		return tr.F("bad flag syntax: %s", m[1]) + "\n"
	}
	return line
}

// flagValueError returns the flag package's reason for refusing a value in the current
// language; the reasons of other Values (a sweep's -set) are translated already.
func flagValueError(reason string) string {
	switch reason {
	case "parse error":
		return tr.T("parse error")
	case "value out of range":
		return tr.T("value out of range")
	}
	return reason
}

// parseFlags parses args into fs. It returns the exit code to stop with and false when the
// command must not go on: 0 after -h, 2 after a bad flag (the flag package has already
// printed the problem and the usage).
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp):
		return exitOK, false
	case err != nil:
		return exitUsage, false
	}
	return exitOK, true
}

// dataFlag defines the -data flag every command that reads a data set takes.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", "", tr.F("folder with the data set's four files (default: $%s, then for MNIST the Go module cache, for Fashion-MNIST %s)", mnist.DataEnv, mnist.FashionDir))
}

// loadData finds and reads the sets of d as -data says; the error names the file and the
// fix.
func loadData(d mnist.Dataset, dataDir string) (train, test *mnist.Set, dir string, err error) {
	if dir, err = d.Locate(dataDir); err != nil {
		return nil, nil, "", err
	}
	train, test, err = d.Load(dir)
	return train, test, dir, err
}

// interruptible returns cmd as a Command's Run, with a context that Ctrl-C (or SIGTERM)
// cancels.
func interruptible(cmd func(ctx context.Context, args []string, stdout, stderr io.Writer) int) func([]string, io.Writer, io.Writer) int {
	return func(args []string, stdout, stderr io.Writer) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return cmd(ctx, args, stdout, stderr)
	}
}

// openModel reads the model at path and the test set of its data set, found as -data
// says.
func openModel(path, dataDir string) (*cnn.Checkpoint, *mnist.Set, error) {
	ck, err := cnn.ReadCheckpoint(path)
	if err != nil {
		return nil, nil, err
	}
	_, test, _, err := loadData(ck.Config.Data(), dataDir)
	if err != nil {
		return nil, nil, err
	}
	return ck, test, nil
}

// fail prints the one-line error "convscope NAME: err" and returns exitError.
func fail(stderr io.Writer, name string, err error) int {
	fmt.Fprintf(stderr, "convscope %s: %v\n", name, err)
	return exitError
}

// usageError prints the one-line error "convscope NAME: msg" and returns exitUsage.
func usageError(stderr io.Writer, name, msg string) int {
	fmt.Fprintf(stderr, "convscope %s: %s\n", name, msg)
	return exitUsage
}
