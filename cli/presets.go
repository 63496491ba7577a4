package cli

import (
	"fmt"
	"io"
	"strconv"

	"convscope/cnn"
	"convscope/internal/tr"
)

var presetsCommand = Command{Name: "presets", Summary: "list the preset architectures with their size and cost", Run: runPresets}

// presetInfo is one preset as presets prints it.
type presetInfo struct {
	Name     string `json:"name"`
	Spec     string `json:"spec"`
	Params   int    `json:"params"`
	MultAdds int    `json:"mult_adds"` // per image
	Teaches  string `json:"teaches"`   // in English, as the JSON's other values
	// description is Teaches in the language of the text output.
	description string
}

func runPresets(args []string, stdout, stderr io.Writer) int {
	const name = "presets"
	fs := newFlags(name, tr.T("presets [-json]\n\nEach preset is an architecture that train takes with -preset NAME; -arch takes one\nwritten out, in the same words."), stderr)
	jsonOut := fs.Bool("json", false, tr.T("print one JSON object per preset"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, name, tr.F("unexpected argument %q", fs.Arg(0)))
	}
	var infos []presetInfo
	for _, p := range cnn.Presets() {
		spec, err := cnn.ParseSpec(p.Spec)
		if err != nil {
			return fail(stderr, name, err)
		}
		sums, err := spec.Summary(cnn.Shape{H: 28, W: 28, C: 1}, cnn.Classes)
		if err != nil {
			return fail(stderr, name, err)
		}
		info := presetInfo{Name: p.Name, Spec: p.Spec, Teaches: p.Teaches, description: p.Description()}
		for _, s := range sums {
			info.Params += s.Params
			info.MultAdds += s.MultAdds
		}
		infos = append(infos, info)
	}
	if *jsonOut {
		for _, info := range infos {
			if code := printJSON(stdout, stderr, name, info); code != exitOK {
				return code
			}
		}
		return exitOK
	}
	rows := [][]string{{tr.T("name"), tr.T("parameters"), tr.T("multiply-adds per image"), ""}}
	for _, info := range infos {
		rows = append(rows, []string{info.Name, strconv.Itoa(info.Params), strconv.Itoa(info.MultAdds), ""})
	}
	writeTable(stdout, rows, 2, true)
	for _, info := range infos {
		fmt.Fprintf(stdout, "\n%s: %s\n  %s\n", info.Name, info.Spec, info.description)
	}
	return exitOK
}
