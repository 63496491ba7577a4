package viz

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteTrainingChartFormats(t *testing.T) {
	for _, h := range []History{trainingHistory(), {}} {
		var svg bytes.Buffer
		if err := WriteTrainingChart(&svg, h, ChartOptions{Title: "Training"}, ChartSVG); err != nil {
			t.Fatal(err)
		}
		checkSVG(t, svg.Bytes())
	}

	var pdf bytes.Buffer
	if err := WriteTrainingChart(&pdf, trainingHistory(), ChartOptions{}, ChartPDF); err != nil {
		t.Fatal(err)
	}
	if b := bytes.TrimRight(pdf.Bytes(), "\r\n"); !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(b, []byte("%%EOF")) {
		t.Errorf("PDF of %d bytes does not start with %%PDF- and end with %%%%EOF", pdf.Len())
	}

	var pngBuf bytes.Buffer
	if err := WriteTrainingChart(&pngBuf, History{}, ChartOptions{Width: 320, Height: 200}, ChartPNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&pngBuf)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 320 || got.Y != 200 {
		t.Errorf("PNG is %v, want 320x200", got)
	}
}

// checkSVG fails t unless b is well-formed XML with an svg root element.
func checkSVG(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("SVG root element is %q, want svg", root)
	}
}

func TestSavePNG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bars.png")
	img := ProbabilityBars(sevenProbabilities, BarsOptions{})
	if err := os.WriteFile(path, []byte("old contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SavePNG(path, img); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatalf("saved file does not decode: %v", err)
	}
	if msg := pixelDiff(toRGBA(img), toRGBA(got)); msg != "" {
		t.Errorf("saved picture differs: %s", msg)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o044 != 0o044 {
		t.Errorf("saved file mode %v (%v), want readable by group and others", fi.Mode(), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("folder holds %d entries (%v), want only the picture", len(entries), err)
	}

	if err := SavePNG(filepath.Join(dir, "missing", "x.png"), img); err == nil {
		t.Error("SavePNG into a missing folder succeeded, want an error")
	}
}
