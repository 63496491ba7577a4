// Command jsonclose compares two files of JSON values (the -json output of a convscope command,
// one value per result) and reports whether they are the same up to rounding: numbers may
// differ by -tol relative to the larger (or absolute, below 1), keys named by -ignore are left
// out, and strings are compared with '\' read as '/', so Windows paths match. It exits 0 when
// they are the same, 1 when they differ (listing the first differences), 2 on bad input.
// scripts/windows-check.sh runs it.
//
// Usage: go run ./scripts/jsonclose [-tol 1e-4] [-ignore KEY,...] A.json B.json
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

func main() {
	tol := flag.Float64("tol", 1e-4, "the largest difference allowed between two numbers, relative to the larger when it is above 1")
	ignore := flag.String("ignore", "", "comma-separated keys whose values are not compared (timings)")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsonclose [-tol 1e-4] [-ignore KEY,...] A.json B.json")
		os.Exit(2)
	}
	a, err := readValues(flag.Arg(0))
	if err == nil {
		var b []any
		b, err = readValues(flag.Arg(1))
		if err == nil {
			c := comparer{tol: *tol, ignore: strings.Split(*ignore, ",")}
			c.compare("", a, b)
			os.Exit(c.report(os.Stdout, flag.Arg(0), flag.Arg(1)))
		}
	}
	fmt.Fprintln(os.Stderr, "jsonclose:", err)
	os.Exit(2)
}

// readValues returns the JSON values of the file at path, in order.
func readValues(path string) ([]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	var values []any
	for {
		var v any
		if err := dec.Decode(&v); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		values = append(values, v)
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("%s: no JSON value", path)
	}
	return values, nil
}

// comparer collects the differences of a comparison and its largest numeric difference.
type comparer struct {
	tol         float64
	ignore      []string
	differences []string
	numbers     int
	largest     float64
	largestAt   string
}

func (c *comparer) differ(path, format string, args ...any) {
	c.differences = append(c.differences, fmt.Sprintf("%s: ", path)+fmt.Sprintf(format, args...))
}

// compare records how a differs from b at path.
func (c *comparer) compare(path string, a, b any) {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok {
			c.differ(path, "an object against %v", b)
			return
		}
		for k := range a {
			if _, ok := b[k]; !ok && !slices.Contains(c.ignore, k) {
				c.differ(path+"."+k, "only in the first")
			}
		}
		for k, bv := range b {
			av, ok := a[k]
			switch {
			case slices.Contains(c.ignore, k):
			case !ok:
				c.differ(path+"."+k, "only in the second")
			default:
				c.compare(path+"."+k, av, bv)
			}
		}
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			c.differ(path, "%d values against %v", len(a), b)
			return
		}
		for i := range a {
			c.compare(fmt.Sprintf("%s[%d]", path, i), a[i], b[i])
		}
	case json.Number:
		b, ok := b.(json.Number)
		x, errA := a.Float64()
		y, errB := b.Float64()
		if !ok || errA != nil || errB != nil {
			c.differ(path, "%v against %v", a, b)
			return
		}
		c.numbers++
		d := math.Abs(x - y)
		if scale := math.Max(math.Abs(x), math.Abs(y)); scale > 1 {
			d /= scale
		}
		if d > c.largest {
			c.largest, c.largestAt = d, path
		}
		if d > c.tol {
			c.differ(path, "%v against %v", a, b)
		}
	case string:
		b, ok := b.(string)
		if !ok || strings.ReplaceAll(a, `\`, "/") != strings.ReplaceAll(b, `\`, "/") {
			c.differ(path, "%q against %v", a, b)
		}
	default: // bool or null
		if a != b {
			c.differ(path, "%v against %v", a, b)
		}
	}
}

// report writes the outcome and returns the exit code.
func (c *comparer) report(w io.Writer, a, b string) int {
	if len(c.differences) == 0 {
		fmt.Fprintf(w, "jsonclose: %s and %s agree: %d numbers, the largest difference %.3g", a, b, c.numbers, c.largest)
		if c.largest > 0 {
			fmt.Fprintf(w, " (at %s)", c.largestAt)
		}
		fmt.Fprintln(w)
		return 0
	}
	slices.Sort(c.differences)
	fmt.Fprintf(w, "jsonclose: %s and %s differ in %d places (tolerance %g):\n", a, b, len(c.differences), c.tol)
	for i, d := range c.differences {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(c.differences)-i)
			break
		}
		fmt.Fprintln(w, "  "+d)
	}
	return 1
}
