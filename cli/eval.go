package cli

import (
	"fmt"
	"io"
	"strings"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

var evalCommand = Command{Name: "eval", Summary: "measure a saved model's test accuracy and confusion matrix", Run: runEval}

func runEval(args []string, stdout, stderr io.Writer) int {
	const name = "eval"
	fs := newFlags(name, tr.T("eval -model FILE [flags]"), stderr)
	modelPath := fs.String("model", "", tr.T("model file saved by train or the app (required)"))
	dataDir := dataFlag(fs)
	workers := fs.Int("workers", 0, tr.T("goroutines to classify with (0: all CPUs)"))
	out := fs.String("out", "", tr.T("also write the confusion matrix as confusion.png into this folder"))
	jsonOut := fs.Bool("json", false, tr.T("print the result as one JSON object"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *modelPath == "" {
		return usageError(stderr, name, tr.T("-model FILE is required"))
	}
	ck, err := cnn.ReadCheckpoint(*modelPath)
	if err != nil {
		return fail(stderr, name, err)
	}
	_, test, _, err := loadData(ck.Config.Data(), *dataDir)
	if err != nil {
		return fail(stderr, name, err)
	}
	ev := ck.Network.Evaluate(test.Images, test.Labels, *workers)
	if *out != "" {
		if err := views.WriteAll(*out, []views.View{views.ConfusionView(ev, ck.Config.Data())}, 2); err != nil {
			return fail(stderr, name, err)
		}
	}
	if *jsonOut {
		confusion := make([][]int, cnn.Classes)
		for i := range confusion {
			confusion[i] = ev.Confusion[i][:]
		}
		return printJSON(stdout, stderr, name, map[string]any{"test_accuracy": ev.Accuracy(), "correct": ev.Correct, "total": ev.Total, "confusion": confusion})
	}
	fmt.Fprintf(stdout, "%s\n\n", tr.F("test accuracy %.2f%% (%d of %d) after %d steps", 100*ev.Accuracy(), ev.Correct, ev.Total, ck.Step))
	fmt.Fprint(stdout, formatConfusion(ev.Confusion, ck.Config.Data()))
	return exitOK
}

// formatConfusion lays out the confusion matrix as a text table: rows are true classes,
// columns predicted ones, by number; for a data set whose classes have names, a key of
// them follows.
func formatConfusion(m [cnn.Classes][cnn.Classes]int, d mnist.Dataset) string {
	var b strings.Builder
	corner := tr.T("true\\predicted")
	b.WriteString(corner)
	for j := range cnn.Classes {
		fmt.Fprintf(&b, "%6d", j)
	}
	b.WriteString("\n")
	for i, row := range m {
		fmt.Fprintf(&b, "%*d", displayWidth(corner), i)
		for _, n := range row {
			fmt.Fprintf(&b, "%6d", n)
		}
		b.WriteString("\n")
	}
	if d.Name != mnist.MNIST.Name {
		for i, c := range d.Classes {
			fmt.Fprintf(&b, "%d: %s\n", i, c)
		}
	}
	return b.String()
}
