package cli

import (
	"encoding/json"
	"io"
)

// printJSON writes v as one line of JSON on stdout.
func printJSON(stdout, stderr io.Writer, name string, v any) int {
	if err := json.NewEncoder(stdout).Encode(v); err != nil {
		return fail(stderr, name, err)
	}
	return exitOK
}
