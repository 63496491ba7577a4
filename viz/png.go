package viz

import (
	"fmt"
	"image"
	"image/png"
	"io"

	"convscope/internal/atomicfile"
)

// WritePNG encodes img as PNG to w.
func WritePNG(w io.Writer, img image.Image) error {
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("viz: encoding PNG: %w", err)
	}
	return nil
}

// SavePNG writes img as a PNG file at path through atomicfile.Write: path holds either
// its old content or the whole picture, never part of it.
func SavePNG(path string, img image.Image) error {
	return atomicfile.Write(path, func(w io.Writer) error { return WritePNG(w, img) })
}
