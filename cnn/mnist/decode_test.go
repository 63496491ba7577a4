package mnist

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// pngHeader returns the first bytes of a PNG whose header (IHDR) says it is w×h pixels of
// the given bit depth and colour type, with no pixels after it: the few dozen bytes that
// make an image bomb.
func pngHeader(w, h uint32, depth, colorType byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	b := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, uint32(len(ihdr)))...)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// jpegOfSize returns a small colour JPEG whose frame header (SOF0) is changed to say it is w×h
// pixels.
func jpegOfSize(t *testing.T, w, h uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	i := bytes.Index(b, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("the encoded JPEG has no SOF0 marker")
	}
	// Marker, length (2), precision (1), then height and width.
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestDecodeImageRefusesBombsBeforeDecoding(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"PNG of 60000x60000", "60000x60000 pixels, larger than the 8192x8192", pngHeader(60000, 60000, 8, 0)},
		{"PNG of 2^31x1", "2147483647x1 pixels", pngHeader(1<<31-1, 1, 8, 0)},
		{"16-bit RGBA PNG of 8192x8192", "needs about 1600 MB to read, more than the 1024 MB", pngHeader(8192, 8192, 16, 6)},
		{"JPEG of 60000x60000", "60000x60000 pixels", jpegOfSize(t, 60000, 60000)},
		{"JPEG of 8000x8000", "needs about", jpegOfSize(t, 8000, 8000)},
		{"not an image", "not a PNG or JPEG image", []byte("hello")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = DecodeImage(bytes.NewReader(tc.data)) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			// The header is a few dozen bytes; the decoders' tables a few kilobytes.
			if n > 1<<20 {
				t.Fatalf("refusing it allocated %d bytes", n)
			}
		})
	}
}

// TestImageMemoryBoundsWhatReadingTakes decodes pictures and turns them into inputs: what
// that allocates must stay within ImageMemory, the figure DecodeImage checks.
func TestImageMemoryBoundsWhatReadingTakes(t *testing.T) {
	const w, h = 1200, 900
	rgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	gray := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(255)
			if x > w/3 && x < w/2 {
				v = 0
			}
			rgba.Set(x, y, color.NRGBA{v, v, v, 255})
			gray.Pix[y*w+x] = v
		}
	}
	encode := map[string]func(*bytes.Buffer) error{
		"RGBA PNG": func(b *bytes.Buffer) error { return png.Encode(b, rgba) },
		"grey PNG": func(b *bytes.Buffer) error { return png.Encode(b, gray) },
		"JPEG":     func(b *bytes.Buffer) error { return jpeg.Encode(b, rgba, nil) },
	}
	for name, enc := range encode {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := enc(&buf); err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			var decodeErr, inputErr error
			n := allocated(func() {
				var img image.Image
				if img, decodeErr = DecodeImage(bytes.NewReader(buf.Bytes())); decodeErr == nil {
					_, inputErr = FromImage(img)
				}
			})
			if decodeErr != nil || inputErr != nil {
				t.Fatalf("decoding: %v; FromImage: %v", decodeErr, inputErr)
			}
			if bound := ImageMemory(format, cfg); n > bound {
				t.Fatalf("reading a %dx%d %s allocated %d bytes, more than ImageMemory's %d", w, h, name, n, bound)
			}
		})
	}
}

// FuzzDecodeImage feeds DecodeImage arbitrary bytes, and FromImage what it decodes: they
// must return an error or an input, never panic, and never allocate more than
// MaxImageMemory (make fuzz runs the fuzzers under a memory limit, which an allocation bomb
// exceeds).
func FuzzDecodeImage(f *testing.F) {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2)))
	f.Add(buf.Bytes())
	buf.Reset()
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 9, 9)), nil)
	f.Add(buf.Bytes())
	f.Add(pngHeader(60000, 60000, 8, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := DecodeImage(bytes.NewReader(data))
		if err != nil {
			return
		}
		if b := img.Bounds(); b.Dx() > maxSide || b.Dy() > maxSide {
			t.Fatalf("decoded a %v image", b.Size())
		}
		FromImage(img)
	})
}

func TestReadImageRefusesWhatIsNoImageFile(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o644)
	if _, err := ReadImage(text); !errors.Is(err, image.ErrFormat) {
		t.Fatalf("a text file: %v, want an error wrapping image.ErrFormat", err)
	}
	fifo := filepath.Join(dir, "pipe.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := ReadImage(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a FIFO: %v", err) // reading it would wait for a writer forever
	}
}
