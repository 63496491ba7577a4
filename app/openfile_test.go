package app

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convscope/cnn"
)

func TestOpenFileOfAnImageClassifiesItOnTheDrawTab(t *testing.T) {
	path := filepath.Join(t.TempDir(), "one.png")
	img := image.NewGray(image.Rect(0, 0, 60, 60))
	for y := 10; y < 50; y++ {
		for x := 27; x < 33; x++ {
			img.SetGray(x, y, color.Gray{255}) // a white 1 on black
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, img)
	f.Close()
	h := newHarness(t, testSettings(), nil).loaded()
	h.w.openFile(path)
	h.q.until(t, "the image is the drawing, classified", func() bool { _, ok := h.w.draw.Input(); return ok && h.w.visible(h.w.draw) })
	x, _ := h.w.draw.Input()
	// As the network sees it: a vertical bar in the middle columns of 28.
	if x[14*28+14] < 0.5 || x[14*28+3] != 0 || h.w.shell.inspected.Index != -1 {
		t.Fatalf("the input has %v at the centre and %v at the left", x[14*28+14], x[14*28+3])
	}
}

func TestOpenFileOfAModelOpensIt(t *testing.T) {
	cfg := testSettings()
	if err := cfg.SetArch("conv 3x3x2 valid relu; maxpool 4; fc 10"); err != nil {
		t.Fatal(err)
	}
	cfg.Steps, cfg.EvalEvery = 2, 0
	fx := sharedFixture()
	tr, err := cnn.NewTrainer(cfg, fx.data.Train, fx.data.Test)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(t.TempDir(), "model.ckpt")
	if err := tr.Checkpoint().Save(model); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(junk, []byte("hello"), 0o644)

	h := newHarness(t, testSettings(), nil).loaded()
	h.w.openFile(model)
	h.q.until(t, "the model is open, its settings shown", func() bool {
		s := h.w.snapshot()
		return s != nil && s.Step == 2 && h.w.config.ArchText() == cfg.ArchText()
	})
	h.w.openFile(junk)
	h.q.until(t, "the refusal", func() bool { return strings.Contains(h.w.status.message.Text, "Could not open notes.txt") })
}
