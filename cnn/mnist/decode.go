package mnist

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg" // DecodeImage reads JPEG
	_ "image/png"  // DecodeImage reads PNG
	"io"
	"os"

	"convscope/internal/tr"
)

// MaxImageMemory bounds what reading one picture may take: ImageMemory of every picture
// DecodeImage decodes is at most this, 1 GiB. A photo of 24 megapixels needs about 600 MB.
const MaxImageMemory = 1 << 30

// fromImageBytes is what FromImage allocates per pixel of its input: an RGBA copy (4 bytes),
// the ink as float32 (4) and the cropped ink as grey (at most 1).
const fromImageBytes = 4 + 4 + 1

// ImageMemory returns an upper bound, in bytes, of the memory needed to decode a picture
// of the given format ("png", "jpeg", as image.DecodeConfig names them) with the header
// cfg and turn it into an input with FromImage. It is 0 for a picture without pixels.
func ImageMemory(format string, cfg image.Config) uint64 {
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0
	}
	return uint64(cfg.Width) * uint64(cfg.Height) * (decodeBytes(format, cfg.ColorModel) + fromImageBytes)
}

// decodeBytes returns the most bytes per pixel that decoding a picture of the format and
// colour model allocates: the decoded image and the decoder's own buffers.
func decodeBytes(format string, m color.Model) uint64 {
	switch format {
	case "png":
		// The decoded image, and as much again for an interlaced picture's passes.
		switch m {
		case color.GrayModel:
			return 2 * 1
		case color.Gray16Model:
			return 2 * 2
		case color.RGBAModel, color.NRGBAModel:
			return 2 * 4
		case color.RGBA64Model, color.NRGBA64Model:
			return 2 * 8
		}
		if _, ok := m.(color.Palette); ok {
			return 2 * 1
		}
	case "jpeg":
		// The decoded image, and a progressive picture's coefficients: an int32 per
		// component per pixel.
		switch m {
		case color.GrayModel:
			return 1 + 4
		case color.YCbCrModel:
			return 3 + 3*4
		case color.CMYKModel:
			return 2*4 + 4*4 // CMYK, through YCbCr and K planes
		}
	}
	return 2 * 8
}

// ReadImage reads the PNG or JPEG picture in the file at path through DecodeImage. It
// refuses a path that is not a regular file, which could block a reader forever (a FIFO).
// A file of another format gives an error wrapping image.ErrFormat.
func ReadImage(path string) (image.Image, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, tr.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DecodeImage(f)
}

// DecodeImage decodes a PNG or JPEG picture from r after checking its header: a picture
// whose header says it has no pixels, is larger than 8192x8192 pixels, or would need more
// than MaxImageMemory to decode and turn into an input (see ImageMemory) is refused before
// any of its pixels are read, with an error that says which and what to do. Every picture
// read for FromImage goes through DecodeImage, so that no file can make the program
// allocate more than MaxImageMemory for it.
func DecodeImage(r io.Reader) (image.Image, error) {
	var header bytes.Buffer
	cfg, format, err := image.DecodeConfig(io.TeeReader(r, &header))
	if err != nil {
		return nil, tr.Errorf("not a PNG or JPEG image: %w", err)
	}
	w, h := cfg.Width, cfg.Height
	switch {
	case w <= 0 || h <= 0:
		return nil, tr.Errorf("the %s image is %dx%d pixels: it has no pixels", format, w, h)
	case w > maxSide || h > maxSide:
		return nil, tr.Errorf("the %s image is %dx%d pixels, larger than the %dx%d ConvScope reads; scale it down", format, w, h, maxSide, maxSide)
	}
	if need := ImageMemory(format, cfg); need > MaxImageMemory {
		return nil, tr.Errorf("the %s image of %dx%d pixels needs about %d MB to read, more than the %d MB ConvScope allows for one image; scale it down",
			format, w, h, need>>20, MaxImageMemory>>20)
	}
	img, _, err := image.Decode(io.MultiReader(&header, r))
	if err != nil {
		return nil, tr.Errorf("bad %s image: %v", format, err)
	}
	return img, nil
}
