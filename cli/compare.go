package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"convscope/internal/atomicfile"
	"convscope/internal/tr"
	"convscope/runs"
	"convscope/views"
	"convscope/viz"
)

var compareCommand = Command{Name: "compare", Summary: "draw the learning curves of several runs on one chart", Run: compare}

func compare(args []string, stdout, stderr io.Writer) int {
	const name = "compare"
	fs := newFlags(name, tr.T("compare -out FILE.png|FILE.svg [flags] RUN...\n\nRUN is a run folder, or the name of a run of the library"), stderr)
	out := fs.String("out", "", tr.T("the chart to write: a .png or .svg file"))
	xAxis := fs.String("x", "step", tr.T("the x axis: step, or time (seconds of wall-clock time)"))
	bands := fs.Bool("bands", false, tr.T("draw each group of runs that differ only in their seeds as its mean and the band from its lowest to its highest run"))
	csvOut := fs.String("csv", "", tr.T("also write the runs' metrics, merged, to this CSV file"))
	title := fs.String("title", "", tr.T("the chart's title (default: none)"))
	library := libraryFlag(fs)
	jsonOut := fs.Bool("json", false, tr.T("print the settings that differ and each run's results as one JSON object"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	format, err := chartFormat(*out)
	if err != nil {
		return usageError(stderr, name, err.Error())
	}
	if fs.NArg() == 0 {
		return usageError(stderr, name, tr.T("name the runs to compare: their folders, or their names in the run library"))
	}
	x := views.BySteps
	switch *xAxis {
	case "step":
	case "time":
		x = views.ByWallTime
	default:
		return usageError(stderr, name, tr.F("-x %q: use step or time", *xAxis))
	}
	dir, err := libraryDir(*library)
	if err != nil {
		return fail(stderr, name, err)
	}
	var compared []views.ComparedRun
	var dirs []string
	for _, arg := range fs.Args() {
		r, err := findRun(arg, dir)
		if err != nil {
			return fail(stderr, name, err)
		}
		h, err := runs.History(r.Dir)
		if err != nil {
			return fail(stderr, name, err)
		}
		compared = append(compared, views.ComparedRun{Record: r.Record, History: h})
		dirs = append(dirs, r.Dir)
	}
	c := views.Compare(compared, x, *bands)
	err = atomicfile.Write(*out, func(w io.Writer) error {
		return viz.WriteCompareChart(w, c.Curves, c.Options(*title, views.ExportScale), format)
	})
	if err != nil {
		return fail(stderr, name, err)
	}
	if *csvOut != "" {
		if err := atomicfile.Write(*csvOut, func(w io.Writer) error { return views.WriteComparisonCSV(w, compared) }); err != nil {
			return fail(stderr, name, err)
		}
	}
	if !*jsonOut {
		fmt.Fprintln(stdout, tr.F("wrote %s: %d runs, differing in %s", *out, len(compared), orNone(c.Differing)))
		return exitOK
	}
	settings := make([]runs.Settings, len(compared))
	for i, r := range compared {
		settings[i] = r.Record.Settings
	}
	labels := runs.EnglishDifferences(settings) // the chart's legend, in English for programs
	lines := make([]map[string]any, len(compared))
	for i, r := range compared {
		label := labels[i]
		if label == "" {
			label = r.Record.Name
		}
		line := map[string]any{"name": r.Record.Name, "dir": dirs[i], "label": label}
		if res := r.Record.Results; res != nil {
			line["best_accuracy"], line["best_step"] = res.BestAccuracy, res.BestStep
			line["final_accuracy"], line["mean_last8_accuracy"] = res.FinalAccuracy, res.MeanLast8
		}
		lines[i] = line
	}
	differing := c.Differing
	if differing == nil {
		differing = []string{}
	}
	return printJSON(stdout, stderr, name, map[string]any{"chart": *out, "differing": differing, "runs": lines})
}

// chartFormat returns the format of a chart file from its extension.
func chartFormat(path string) (viz.ChartFormat, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return viz.ChartPNG, nil
	case ".svg":
		return viz.ChartSVG, nil
	case "":
		return 0, tr.Errorf("give the chart to write with -out FILE.png or FILE.svg")
	}
	return 0, tr.Errorf("-out %s: the chart is written as .png or .svg", path)
}

// orNone returns the names joined by ", ", or "nothing", in the current language.
func orNone(names []string) string {
	if len(names) == 0 {
		return tr.T("nothing")
	}
	return strings.Join(names, ", ")
}
