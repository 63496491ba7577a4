//go:build !race

package cli

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"convscope/cnn"
	"convscope/cnn/explain"
)

func TestInspectWritesTheEdgeComparison(t *testing.T) {
	model := filepath.Join(trainedModel(t), modelFile)
	out, stdout := inspectedTestImage(t)
	var res struct {
		Edges []struct {
			Kernel  string
			Filters []explain.FilterMatch
		}
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	// The ranking printed is the model's: recompute it from the checkpoint.
	ck, err := cnn.ReadCheckpoint(model)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := explain.RankFirstConv(ck.Network, explain.HandMadeKernels())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Edges) != len(want) {
		t.Fatalf("%d rankings printed, want %d", len(res.Edges), len(want))
	}
	for i, r := range res.Edges {
		if r.Kernel != want[i].Kernel.Name || len(r.Filters) != 32 || r.Filters[0] != want[i].Filters[0] {
			t.Errorf("ranking %d: %s, %d filters, first %+v; want %s first %+v",
				i, r.Kernel, len(r.Filters), r.Filters[0], want[i].Kernel.Name, want[i].Filters[0])
		}
	}
	f, err := os.Open(filepath.Join(out, "edges.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("edges.png: %v", err)
	}
	// Seven rows of 56-pixel tiles make a picture several hundred pixels high.
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 7*56 {
		t.Errorf("edges.png is %v", b.Size())
	}
}
