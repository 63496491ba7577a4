package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"convscope/cnn"
	"convscope/cnn/mnist"
)

// Exit codes of every command.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed: bad data, unreadable model, ...
	exitUsage = 2 // the command line itself is wrong
)

// newFlags returns a flag set for the command name whose -h output starts with usage.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: convscope %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
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
	return fs.String("data", "", "folder with the data set's four files (default: $"+mnist.DataEnv+
		", then for MNIST the Go module cache, for Fashion-MNIST "+mnist.FashionDir+")")
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
func usageError(stderr io.Writer, name, format string, args ...any) int {
	fmt.Fprintf(stderr, "convscope %s: %s\n", name, fmt.Sprintf(format, args...))
	return exitUsage
}
