package runs

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"convscope/cnn"
	"convscope/internal/tr"
)

// DefaultLibrary returns the folder of the app's runs: $XDG_DATA_HOME/convscope/runs, or
// ~/.local/share/convscope/runs when XDG_DATA_HOME is not set (or not absolute, which the
// XDG specification says to ignore).
func DefaultLibrary() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "convscope", "runs"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", tr.Errorf("finding the folder of the runs: %w; set XDG_DATA_HOME or give -runs", err)
	}
	return filepath.Join(home, ".local", "share", "convscope", "runs"), nil
}

// Run is a run folder and its record.
type Run struct {
	Dir    string
	Record Record
}

// List returns the runs of the library folder dir, oldest first (by start time, then by
// folder): every folder in dir that holds a run.json. A folder whose record cannot be read
// is left out and named in the error, which joins one error per such folder; the runs
// that could be read are returned with it. A library that does not exist yet has no runs.
func List(dir string) ([]Run, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, tr.Errorf("listing the runs in %s: %w", dir, err)
	}
	var runs []Run
	var errs []error
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		folder := filepath.Join(dir, e.Name())
		r, err := Read(folder)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue // not a run folder
		case err != nil:
			errs = append(errs, err)
			continue
		}
		runs = append(runs, Run{Dir: folder, Record: r})
	}
	slices.SortStableFunc(runs, func(a, b Run) int {
		if c := a.Record.Started.Compare(b.Record.Started); c != 0 {
			return c
		}
		return strings.Compare(a.Dir, b.Dir)
	})
	return runs, errors.Join(errs...)
}

// maxMetricsSize bounds the metrics.csv that History reads, and so the memory its
// history takes (about 40 bytes a row, some 30 MB at most): a row is 40 to 150 bytes, and
// the reference run of 20,000 steps writes about 1.5 MB.
const maxMetricsSize = 64 << 20

// History reads the history of the run folder dir from its metrics.csv.
func History(dir string) (cnn.History, error) {
	path := filepath.Join(dir, MetricsFile)
	f, err := openRegular(path)
	if err != nil {
		return cnn.History{}, tr.Errorf("reading the history of %s: %w", dir, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > maxMetricsSize {
		return cnn.History{}, tr.Errorf("%s is larger than any run's history (%d bytes)", path, st.Size())
	}
	h, err := cnn.ReadCSV(f)
	if err != nil {
		return cnn.History{}, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// Name returns the name of a run of cfg started at t: its preset (or "custom"), data set,
// optimizer and learning rate, and the time, e.g. "reference mnist adam lr 1e-4 14:02:05".
func Name(cfg cnn.Config, t time.Time) string {
	preset := PresetOf(cfg)
	if preset == "" {
		preset = "custom"
	}
	opt := cnn.OptimizerAdam
	if cfg.Optimizer != "" {
		opt = cfg.Optimizer
	}
	return fmt.Sprintf("%s %s %s lr %s %s", preset, cfg.Data().Name, opt, FormatNumber(cfg.LearningRate), t.Format("15:04:05"))
}

// FormatNumber writes v as it reads back, a small number (under 0.01) briefly in powers of
// ten: 0.0001 as 1e-4, 0.5 as 0.5, 20000 as 20000.
func FormatNumber(v float64) string {
	if v != 0 && math.Abs(v) < 0.01 {
		return strings.Replace(strconv.FormatFloat(v, 'e', -1, 64), "e-0", "e-", 1)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// unsafeInFolderName matches the runs of characters a folder name gets rid of.
var unsafeInFolderName = regexp.MustCompile(`[^A-Za-z0-9._=+-]+`)

// NewFolder creates, in the library folder dir (made if missing), a new empty run folder
// named after name, and returns its path. It never returns a folder that exists: a name
// taken already gets a number.
func NewFolder(dir, name string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", tr.Errorf("making the folder of the runs: %w", err)
	}
	base := folderName(name)
	for i := 1; ; i++ {
		path := filepath.Join(dir, base)
		if i > 1 {
			path += "-" + strconv.Itoa(i)
		}
		err := os.Mkdir(path, 0o755)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, fs.ErrExist) || i == 1000 {
			return "", tr.Errorf("making a run folder in %s: %w", dir, err)
		}
	}
}
