package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/internal/tr"
	"convscope/views"
	"convscope/viz"
)

var embedCommand = Command{Name: "embed", Summary: "map test images by a saved model's last hidden layer (PCA or t-SNE)", Run: interruptible(embed)}

// embedNeighbours is how many nearest neighbours in the map embed checks for the class of
// each image.
const embedNeighbours = 5

// embed is the embed command with the context that Ctrl-C cancels.
func embed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "embed"
	fs := newFlags(name, tr.T("embed -model FILE [-method pca|tsne] [-n 2000] -out DIR [flags]")+"\n\n"+
		tr.F(`Takes n test images, as many of each class, runs them through the model as far as its
last hidden layer (fc1 in the reference) and maps those activations to the plane:
by their first two principal components (pca), or by t-SNE (tsne, about a minute for
2,000 images). Writes %s and %s (x,y,label,predicted,index).`, "embedding.png", views.EmbeddingCSVFile), stderr)
	modelPath := fs.String("model", "", tr.T("model file saved by train or the app (required)"))
	method := fs.String("method", explain.MethodPCA, tr.T("how to map to the plane: pca or tsne"))
	n := fs.Int("n", cnn.EmbeddingImages, tr.T("test images to map, spread evenly over the classes"))
	out := fs.String("out", "convscope-embed", tr.T("folder to write the map into (created if missing)"))
	seed := fs.Uint64("seed", 1, tr.T("t-SNE's seed: the same seed draws the same map"))
	perplexity := fs.Float64("perplexity", 30, tr.T("t-SNE's perplexity: about how many neighbours each image keeps"))
	iterations := fs.Int("iterations", 1000, tr.T("t-SNE's gradient steps"))
	workers := fs.Int("workers", 0, tr.T("goroutines to compute with (0: all CPUs)"))
	scale := fs.Int("scale", 2, tr.T("picture scale: 1 for the screen, 2 or 4 for slides"))
	recorded := fs.Bool("recorded", false, tr.T("write the PCA frames the model's run recorded while it trained, embedding_STEP.png each, instead of mapping anew"))
	dataDir := dataFlag(fs)
	jsonOut := fs.Bool("json", false, tr.T("print the result as one JSON object"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *modelPath == "":
		return usageError(stderr, name, tr.T("-model FILE is required"))
	case *method != explain.MethodPCA && *method != explain.MethodTSNE:
		return usageError(stderr, name, tr.F("-method must be pca or tsne, got %q", *method))
	case *n < embedNeighbours+1:
		return usageError(stderr, name, tr.F("-n must be at least %d images, got %d", embedNeighbours+1, *n))
	case *perplexity <= 0 || *iterations < 1:
		return usageError(stderr, name, tr.F("-perplexity and -iterations must be positive, got %v and %d", *perplexity, *iterations))
	case *scale < 1 || *scale > 8:
		return usageError(stderr, name, tr.F("-scale must be between 1 and 8, got %d", *scale))
	case *workers < 0:
		return usageError(stderr, name, tr.F("-workers must be 0 (all CPUs) or more, got %d", *workers))
	}
	ck, test, err := openModel(*modelPath, *dataDir)
	if err != nil {
		return fail(stderr, name, err)
	}
	data := ck.Config.Data()
	if *recorded {
		return writeRecorded(ck, *out, *scale, *jsonOut, stdout, stderr)
	}
	if *n > test.Len() {
		return usageError(stderr, name, tr.F("-n %d is more than the %d test images", *n, test.Len()))
	}
	indices := cnn.BalancedSubset(test.Labels, *n)
	picked := test.Pick(indices)
	labels := picked.Labels
	ts := explain.TSNE{Perplexity: *perplexity, Iterations: *iterations, Seed: *seed, Workers: *workers,
		Progress: throttledProgress(stderr, "t-SNE")}
	start := time.Now()
	m, err := explain.MapImages(ctx, ck.Network, picked.Images, *method, ts)
	if err != nil {
		return fail(stderr, name, err)
	}
	seconds := time.Since(start).Seconds()
	agree, err := explain.NeighbourAgreement(m.Points, labels, embedNeighbours)
	if err != nil {
		return fail(stderr, name, err)
	}
	title := views.EmbeddingTitle(m.Layer, len(labels), explain.MethodName(m.Method), ck.Step)
	view := views.EmbeddingView(m.Points, labels, m.Predicted, data, title, viz.ScatterOptions{})
	if err := views.WriteAll(*out, []views.View{view}, *scale); err != nil {
		return fail(stderr, name, err)
	}
	csvPath := filepath.Join(*out, views.EmbeddingCSVFile)
	if err := views.WriteEmbeddingCSV(csvPath, m.Points, labels, m.Predicted, indices); err != nil {
		return fail(stderr, name, err)
	}
	files := []string{filepath.Join(*out, view.File), csvPath}
	if *jsonOut {
		return printJSON(stdout, stderr, name, map[string]any{"layer": m.Layer, "method": m.Method, "images": len(labels), "step": ck.Step,
			"neighbours": embedNeighbours, "neighbour_agreement": agree, "seconds": seconds, "files": files})
	}
	fmt.Fprintln(stdout, tr.F("%s: %d test images by %s in %.1f s; their %d nearest neighbours in the map share their class %.1f%% of the time; wrote %s and %s",
		m.Layer, len(labels), explain.MethodName(m.Method), seconds, embedNeighbours, 100*agree, files[0], files[1]))
	return exitOK
}

// throttledProgress returns a progress report that writes "method iteration done/total"
// to stderr at most once a second, and when done reaches total.
func throttledProgress(stderr io.Writer, method string) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		if done < total && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintln(stderr, tr.F("%s iteration %d/%d", method, done, total))
	}
}

// writeRecorded writes every frame of the embedding the model's run recorded into dir, as
// embedding_STEP.png, and says which.
func writeRecorded(ck *cnn.Checkpoint, dir string, scale int, jsonOut bool, stdout, stderr io.Writer) int {
	const name = "embed"
	e := ck.Recording.Embedding
	if len(e.Frames) == 0 {
		return fail(stderr, name, errors.New(tr.T("the model keeps no embedding frames (it was saved by an older ConvScope, or before training); map it anew without -recorded")))
	}
	vs := make([]views.View, len(e.Frames))
	files := make([]string, len(e.Frames))
	for i, f := range e.Frames {
		vs[i] = views.FrameView(e, i, ck.Config.Data())
		vs[i].File = fmt.Sprintf("embedding_%d.png", f.Step)
		files[i] = filepath.Join(dir, vs[i].File)
	}
	if err := views.WriteAll(dir, vs, scale); err != nil {
		return fail(stderr, name, err)
	}
	if jsonOut {
		return printJSON(stdout, stderr, name, map[string]any{"layer": e.Layer, "method": explain.MethodPCA, "images": len(e.Labels), "frames": len(files), "files": files})
	}
	fmt.Fprintln(stdout, tr.F("%s: wrote the %d frames recorded while training into %s", e.Layer, len(files), dir))
	return exitOK
}
