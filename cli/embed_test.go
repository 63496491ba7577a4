//go:build !race

package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convscope/runs"
	"convscope/views"
)

func embedCmd(args []string, o, e *bytes.Buffer) int { return embed(context.Background(), args, o, e) }

// readCSV returns the rows of the CSV file at path.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestTrainWritesTheHealthAndTheEmbedding(t *testing.T) {
	out := trainedModel(t)
	// Steps 0, 2 and 3 are recorded (the start, the evaluations): 4 layers with weights each.
	rows := readCSV(t, filepath.Join(out, runs.HealthFile))
	if len(rows) != 1+3*4 || rows[0][0] != "step" || rows[1][1] != "conv1" || rows[12][0] != "3" || rows[12][1] != "fc2" {
		t.Fatalf("health.csv has %d rows: %v", len(rows), rows[:min(3, len(rows))])
	}
	for _, name := range []string{"distributions.png", "health.png", "embedding.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Fatalf("train wrote no %s: %v", name, err)
		}
	}
}

func TestEmbedWritesTheMapAndItsTable(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	for _, method := range []string{"pca", "tsne"} {
		out := t.TempDir()
		code, stdout, stderr := run(embedCmd,
			"-model", model, "-method", method, "-n", "100", "-perplexity", "10", "-iterations", "50", "-out", out, "-json")
		if code != 0 {
			t.Fatalf("%s: embed exited %d: %s", method, code, stderr)
		}
		var res struct {
			Layer     string
			Images    int
			Agreement float64 `json:"neighbour_agreement"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Layer != "fc1" || res.Images != 100 || res.Agreement < 0 || res.Agreement > 1 {
			t.Fatalf("%s: embed printed %q (%v)", method, stdout, err)
		}
		rows := readCSV(t, filepath.Join(out, views.EmbeddingCSVFile))
		if len(rows) != 101 || strings.Join(rows[0], ",") != "x,y,label,predicted,index" {
			t.Fatalf("%s: embedding.csv has %d rows, header %v", method, len(rows), rows[0])
		}
		perClass := map[string]int{}
		for _, r := range rows[1:] {
			perClass[r[2]]++
		}
		for c, n := range perClass {
			if n != 10 {
				t.Fatalf("%s: %d images of class %s, want 10 of each", method, n, c)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "embedding.png")); err != nil {
			t.Fatalf("%s: no embedding.png: %v", method, err)
		}
	}
}

func TestEmbedWritesTheRecordedFrames(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := run(embedCmd, "-model", filepath.Join(trainedModel(t), modelFile), "-recorded", "-out", out)
	if code != 0 || !strings.Contains(stdout, "the 3 frames recorded") {
		t.Fatalf("embed -recorded exited %d: %s %s", code, stdout, stderr)
	}
	for _, step := range []string{"0", "2", "3"} {
		if _, err := os.Stat(filepath.Join(out, "embedding_"+step+".png")); err != nil {
			t.Fatalf("no frame of step %s: %v", step, err)
		}
	}
}

func TestEmbedRefusesBadFlags(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	for _, args := range [][]string{
		{"-model", model, "-method", "umap"},
		{"-model", model, "-n", "3"},
		{"-model", model, "-n", "20000"},
		{"-method", "pca"},
	} {
		code, _, stderr := run(embedCmd, append(args, "-out", t.TempDir())...)
		if code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "convscope embed: ") {
			t.Errorf("%v: exited %d with %q, want a one-line error", args, code, stderr)
		}
	}
}
