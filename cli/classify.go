package cli

import (
	"fmt"
	"image"
	"io"
	"strings"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
)

var classifyCommand = Command{Name: "classify", Summary: "predict the digits drawn in PNG or JPEG images", Run: runClassify}

func runClassify(args []string, stdout, stderr io.Writer) int {
	const name = "classify"
	fs := newFlags(name, tr.T("classify -model FILE [flags] IMAGE..."), stderr)
	modelPath := fs.String("model", "", tr.T("model file saved by train or the app (required)"))
	jsonOut := fs.Bool("json", false, tr.T("print one JSON object per image"))
	raw := fs.Bool("raw", false, tr.T("take each image, a 28x28 grey PNG such as inspect's adversarial_input.png, as the network's input exactly (pixel/255), without scaling or centring"))
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *modelPath == "" {
		return usageError(stderr, name, tr.T("-model FILE is required"))
	}
	if fs.NArg() == 0 {
		return usageError(stderr, name, tr.T("name at least one image to classify"))
	}
	ck, err := cnn.ReadCheckpoint(*modelPath)
	if err != nil {
		return fail(stderr, name, err)
	}
	code := exitOK
	for _, path := range fs.Args() {
		probs, err := classifyFile(ck.Network, path, *raw)
		if err != nil {
			code = exitError
			if *jsonOut {
				printJSON(stdout, stderr, name, map[string]any{"file": path, "error": err.Error()})
			} else {
				fmt.Fprintln(stdout, tr.F("%s: error: %v", path, err))
			}
			continue
		}
		digit, class := cnn.Argmax(probs), ck.Config.Data().Class(cnn.Argmax(probs))
		if *jsonOut {
			code = max(code, printJSON(stdout, stderr, name, map[string]any{"file": path, "digit": digit, "class": class, "probabilities": probs}))
			continue
		}
		fmt.Fprintf(stdout, "%s: %s (%.1f%%)  %s\n", path, ck.Config.Data().ClassLabel(digit), 100*probs[digit], formatProbabilities(probs))
	}
	return code
}

// classifyFile returns net's probabilities for the image at path, taken as the input as it
// is if raw is set (mnist.FromRaw) and preprocessed as the drawing pad does otherwise, or
// an error if the image cannot be read or the probabilities are not finite numbers.
func classifyFile(net *cnn.Network, path string, raw bool) ([]float32, error) {
	toInput := mnist.FromImage
	if raw {
		toInput = mnist.FromRaw
	}
	input, err := readImage(path, toInput)
	if err != nil {
		return nil, err
	}
	probs := net.Classify(input[:], 1)
	if err := checkProbabilities(probs); err != nil {
		return nil, err
	}
	return probs, nil
}

// readInput decodes the image at path and preprocesses it as the drawing pad does.
func readInput(path string) ([mnist.Pixels]float32, error) { return readImage(path, mnist.FromImage) }

// readImage decodes the image at path with mnist.DecodeImage, which refuses a picture too
// large to read before decoding it, and turns it into an input with toInput. A path that
// is not a regular file (a FIFO would block) is an error.
func readImage(path string, toInput func(image.Image) ([mnist.Pixels]float32, error)) ([mnist.Pixels]float32, error) {
	img, err := mnist.ReadImage(path)
	if err != nil {
		return [mnist.Pixels]float32{}, err
	}
	return toInput(img)
}

func formatProbabilities(p []float32) string {
	parts := make([]string, len(p))
	for d, v := range p {
		parts[d] = fmt.Sprintf("%d:%.3f", d, v)
	}
	return strings.Join(parts, " ")
}
