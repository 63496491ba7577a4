package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

var inspectCommand = Command{Name: "inspect", Summary: "write every picture of one input traced through a saved model", Run: runInspect}

func runInspect(args []string, stdout, stderr io.Writer) int {
	const name = "inspect"
	fs := newFlags(name, tr.T("inspect -model FILE (-image FILE | -test N) [flags]")+"\n\n"+
		tr.T(`The pictures of the strongest test patches search the test set of the model's data
set (MNIST or Fashion-MNIST), so inspect always needs its files (see -data).
evolution.png, how the features formed during training, needs a model saved by
train or the app in model format 2 or later: older models keep no recording of it.`), stderr)
	modelPath := fs.String("model", "", tr.T("model file saved by train or the app (required)"))
	imagePath := fs.String("image", "", tr.T("a PNG or JPEG of a digit, either polarity, any size"))
	testIndex := fs.Int("test", -1, tr.T("the index of a test image of the model's data set, 0 to 9999"))
	dataDir := dataFlag(fs)
	out := fs.String("out", "convscope-inspect", tr.T("folder to write the pictures into (created if missing)"))
	scale := fs.Int("scale", 2, tr.T("picture scale: 1 for the screen, 2 or 4 for slides"))
	jsonOut := fs.Bool("json", false, tr.T("print the result as one JSON object"))
	channel := fs.Int("channel", -1, tr.T("the channel of the last convolution to project back to pixel space (default: the strongest for the input)"))
	synthesisSteps := fs.Int("synthesis-steps", explain.DefaultSynthesisSteps, tr.T("steps of gradient ascent that make the inputs each channel and class responds to most (0: none)"))
	attackName := fs.String("attack", "iterated", tr.T("the adversarial attack: fgsm or iterated"))
	target := fs.Int("target", explain.Untargeted, tr.T("the class the adversarial attack aims for (default: any other than the predicted)"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *modelPath == "":
		return usageError(stderr, name, tr.T("-model FILE is required"))
	case (*imagePath == "") == (*testIndex < 0):
		return usageError(stderr, name, tr.T("give exactly one of -image FILE and -test N"))
	case *testIndex >= mnist.TestLen:
		return usageError(stderr, name, tr.F("-test %d is out of range: the test set has images 0 to %d", *testIndex, mnist.TestLen-1))
	case *scale < 1 || *scale > 8:
		return usageError(stderr, name, tr.F("-scale must be between 1 and 8, got %d", *scale))
	case *channel < -1:
		return usageError(stderr, name, tr.F("-channel must be a channel number, got %d", *channel))
	case *synthesisSteps < 0 || *synthesisSteps > maxSynthesisSteps:
		return usageError(stderr, name, tr.F("-synthesis-steps must be 0 to %d, got %d", maxSynthesisSteps, *synthesisSteps))
	case *target < explain.Untargeted || *target >= cnn.Classes:
		return usageError(stderr, name, tr.F("-target must be a class, 0 to %d, got %d", cnn.Classes-1, *target))
	}
	attack, ok := attacks[*attackName]
	if !ok {
		return usageError(stderr, name, tr.F("-attack must be fgsm or iterated, got %q", *attackName))
	}
	ck, test, err := openModel(*modelPath, *dataDir)
	if err != nil {
		return fail(stderr, name, err)
	}
	data := ck.Config.Data()
	var input []float32
	source, shown := *imagePath, *imagePath // the input as -json names it, and as a person reads it
	if *imagePath != "" {
		x, err := readInput(*imagePath)
		if err != nil {
			return fail(stderr, name, fmt.Errorf("%s: %w", *imagePath, err))
		}
		input = x[:]
	} else {
		input = test.Image(*testIndex)
		label := int(test.Labels[*testIndex])
		source = fmt.Sprintf("test image %d (label %d)", *testIndex, label)
		shown = tr.F("test image %d (label %d)", *testIndex, label)
		if name := data.Class(label); name != strconv.Itoa(label) {
			source = fmt.Sprintf("test image %d (label %d, %s)", *testIndex, label, name)
			shown = tr.F("test image %d (label %d, %s)", *testIndex, label, data.ClassLabel(label))
		}
	}

	if err := checkProbabilities(ck.Network.Trace(input).Probabilities[:]); err != nil {
		return fail(stderr, name, err)
	}
	tops, err := searchTops(context.Background(), ck.Network, test)
	if err != nil {
		return fail(stderr, name, err)
	}
	adv, err := explain.Adversary(context.Background(), ck.Network, input, explain.AdversarialOptions{Attack: attack, Targeted: *target >= 0, Target: *target})
	if err != nil {
		return fail(stderr, name, err)
	}
	syntheses, err := synthesizeAll(context.Background(), ck.Network, *synthesisSteps)
	if err != nil {
		return fail(stderr, name, err)
	}
	snap := ck.Snapshot()
	report, err := views.NewReport(snap, views.ReportOptions{
		Input: input, Occlusion: explain.OcclusionOptions{Class: explain.Predicted},
		Test: test, Tops: tops, Channel: *channel, Syntheses: syntheses, Adversarial: adv,
	})
	if err != nil {
		return fail(stderr, name, err)
	}
	for _, note := range report.Notes {
		fmt.Fprintf(stderr, "inspect: %s\n", note)
	}
	frames := snap.Evolution.Frames
	if len(frames) == 0 {
		fmt.Fprintf(stderr, "inspect: %s\n", tr.F("no evolution.png: %s keeps no recording of its training (saved by an older ConvScope, or before training)", *modelPath))
	}
	written, err := report.Write(*out, *scale)
	if err != nil {
		return fail(stderr, name, err)
	}
	files := make([]string, len(written))
	for i, f := range written {
		files[i] = filepath.Join(*out, f)
	}
	trace := report.Trace
	if *jsonOut {
		result := map[string]any{"input": source, "digit": trace.Digit, "class": data.Class(trace.Digit), "probabilities": trace.Probabilities[:], "files": files, "edges": edgeRankings(report.Edges), "channel": report.Projected, "evolution_frames": len(frames),
			"ig_completeness": igCompleteness(report.IntegratedGradients), "adversarial": adversarialResult(adv)}
		if p := classProbabilities(syntheses); p != nil {
			result["synthesis_class_probabilities"] = p
		}
		return printJSON(stdout, stderr, name, result)
	}
	fmt.Fprintln(stdout, tr.F("%s: predicted %s (%.1f%%); wrote %d pictures into %s", shown, data.ClassLabel(trace.Digit), 100*trace.Probabilities[trace.Digit], len(files), *out))
	ig := report.IntegratedGradients
	fmt.Fprintln(stdout, tr.F("integrated gradients: sum %.4f, logit difference %.4f (%.2f%% apart)", ig.Sum, ig.LogitDifference, 100*ig.CompletenessError()))
	fmt.Fprintln(stdout, tr.F("adversarial: %s", views.AdversarialTitle(adv, data)))
	if p := classProbabilities(syntheses); p != nil {
		fmt.Fprintln(stdout, tr.F("synthesised classes, the probability of their class: %s", formatProbabilities(p)))
	}
	return exitOK
}
