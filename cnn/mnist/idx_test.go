package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// idxImages returns an IDX images file of n images of rows x cols pixels, pixel i being pix(i).
func idxImages(magic uint32, n, rows, cols int, pix func(i int) byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	for _, d := range []int{n, rows, cols} {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	for i := range n * rows * cols {
		b = append(b, pix(i))
	}
	return b
}

// idxLabels returns an IDX labels file holding labels.
func idxLabels(magic uint32, labels ...byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	b = binary.BigEndian.AppendUint32(b, uint32(len(labels)))
	return append(b, labels...)
}

// withCount returns a copy of an IDX file whose header claims n items.
func withCount(file []byte, n uint32) []byte {
	b := bytes.Clone(file)
	binary.BigEndian.PutUint32(b[4:], n)
	return b
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// ramp is the pixel pattern of the small test sets: byte i%256 at offset i.
func ramp(i int) byte { return byte(i) }

var (
	threeImages = idxImages(imagesMagic, 3, Rows, Cols, ramp)
	threeLabels = idxLabels(labelsMagic, 7, 0, 9)
)

func TestReadSetValid(t *testing.T) {
	for _, tc := range []struct {
		name           string
		images, labels []byte
	}{
		{"raw", threeImages, threeLabels},
		{"gzip", gzipped(threeImages), gzipped(threeLabels)},
		{"mixed", gzipped(threeImages), threeLabels},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSet(bytes.NewReader(tc.images), bytes.NewReader(tc.labels))
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != 3 || len(s.Images) != 3*Pixels {
				t.Fatalf("Len() = %d with %d values, want 3 with %d", s.Len(), len(s.Images), 3*Pixels)
			}
			if !bytes.Equal(s.Labels, []byte{7, 0, 9}) {
				t.Errorf("Labels = %v, want [7 0 9]", s.Labels)
			}
			for i, v := range s.Images {
				if want := float32(byte(i)) / 255; v != want {
					t.Fatalf("Images[%d] = %v, want %v", i, v, want)
				}
			}
			if got := s.Image(2)[0]; got != float32(ramp(2*Pixels))/255 {
				t.Errorf("Image(2)[0] = %v, want the value at offset %d", got, 2*Pixels)
			}
		})
	}
}

func TestReadSetEmpty(t *testing.T) {
	s, err := ReadSet(bytes.NewReader(idxImages(imagesMagic, 0, Rows, Cols, ramp)), bytes.NewReader(idxLabels(labelsMagic)))
	if err != nil || s.Len() != 0 || len(s.Images) != 0 {
		t.Fatalf("ReadSet of empty files = %v, %v; want an empty set", s, err)
	}
}

func TestReadSetInvalid(t *testing.T) {
	gzLabels := gzipped(threeLabels)
	badChecksum := gzipped(threeLabels)
	badChecksum[len(badChecksum)-8] ^= 0xff // the CRC-32 is the gzip trailer's first word
	for _, tc := range []struct {
		name           string
		images, labels []byte
		want           string // in the message
	}{
		{"empty labels", threeImages, nil, "labels: not a valid MNIST IDX file: truncated: expected 8 bytes of header, got 0"},
		{"short images header", threeImages[:10], threeLabels, "images: not a valid MNIST IDX file: truncated: expected 16 bytes of header, got 10"},
		{"truncated pixels", threeImages[:16+1000], threeLabels, "truncated: expected 2352 bytes of pixel data, got 1000"},
		{"truncated gzip pixels", gzipped(threeImages)[:500], threeLabels, "images: not a valid MNIST IDX file"},
		{"truncated labels", threeImages, threeLabels[:9], "truncated: expected 3 bytes of labels, got 1"},
		{"labels as images", threeLabels, threeLabels, "images: not a valid MNIST IDX file: magic number 0x00000801, want 0x00000803"},
		{"images as labels", threeImages, threeImages, "labels: not a valid MNIST IDX file: magic number 0x00000803, want 0x00000801"},
		{"32x32 images", idxImages(imagesMagic, 3, 32, 32, ramp), threeLabels, "images are 32x32, want 28x28"},
		{"28x14 images", idxImages(imagesMagic, 6, 28, 14, ramp), threeLabels, "images are 28x14, want 28x28"},
		{"more images", threeImages, idxLabels(labelsMagic, 1, 2), "header claims 3 images, but there are 2 labels"},
		{"4 billion images", withCount(threeImages, 0xffffffff), threeLabels, "header claims 4294967295 images, but there are 3 labels"},
		{"4 billion labels", threeImages, withCount(threeLabels, 0xffffffff), "header claims 4294967295 labels, more than the limit of 2097152"},
		{"label 10", threeImages, idxLabels(labelsMagic, 1, 10, 2), "label 1 is 10, want 0..9"},
		{"trailing pixel", append(bytes.Clone(threeImages), 0), threeLabels, "unexpected bytes after the 2352 bytes of pixel data"},
		{"trailing label", threeImages, append(bytes.Clone(threeLabels), 0), "unexpected bytes after the 3 bytes of labels"},
		{"gzip checksum", threeImages, badChecksum, "labels: not a valid MNIST IDX file: labels: gzip: invalid checksum"},
		{"gzip trailer", threeImages, gzLabels[:len(gzLabels)-3], "labels: not a valid MNIST IDX file: truncated: the gzip trailer after the labels is cut short"},
		{"gzip header", threeImages, []byte{0x1f, 0x8b, 0, 0}, "labels: not a valid MNIST IDX file: gzip header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSet(bytes.NewReader(tc.images), bytes.NewReader(tc.labels))
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("ReadSet = %v, %v; want an error matching ErrFormat", s, err)
			}
			if !strings.HasPrefix(err.Error(), "mnist: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not start with \"mnist: \" or lacks %q", err, tc.want)
			}
		})
	}
}

// TestReadSetIOError checks that a failing reader's error comes through as it is, not as a
// format error.
func TestReadSetIOError(t *testing.T) {
	failure := errors.New("disk on fire")
	r := io.MultiReader(bytes.NewReader(threeImages[:100]), iotest.ErrReader(failure))
	_, err := ReadSet(r, bytes.NewReader(threeLabels))
	if !errors.Is(err, failure) || errors.Is(err, ErrFormat) {
		t.Errorf("ReadSet = %v, want the reader's error and not ErrFormat", err)
	}
}

// TestReadSetBoundsMemory checks that headers claiming far more data than the files hold do not
// make ReadSet allocate for the claim.
func TestReadSetBoundsMemory(t *testing.T) {
	const claim = maxLen // 2,097,152 items: 2 MiB of labels, 1.5 GiB of pixels
	labels := append(binary.BigEndian.AppendUint32(nil, labelsMagic), make([]byte, 4+claim)...)
	binary.BigEndian.PutUint32(labels[4:], claim)
	images := withCount(threeImages, claim)
	for _, tc := range []struct {
		name           string
		images, labels []byte
		limit          uint64 // bytes ReadSet may allocate
	}{
		{"labels", threeImages, withCount(threeLabels, claim), 2 << 20},
		{"pixels", images, labels, 8 << 20}, // holds the 2 MiB of labels, read in full
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadSet(bytes.NewReader(tc.images), bytes.NewReader(tc.labels))
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "truncated") {
				t.Fatalf("ReadSet = %v, want a truncation error", err)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > tc.limit {
				t.Errorf("ReadSet allocated %d bytes, want at most %d", got, tc.limit)
			}
		})
	}
}

func FuzzReadSet(f *testing.F) {
	twoImages := idxImages(imagesMagic, 2, Rows, Cols, ramp)
	twoLabels := idxLabels(labelsMagic, 3, 9)
	f.Add(twoImages, twoLabels)
	f.Add(gzipped(twoImages), gzipped(twoLabels))
	f.Add(twoImages[:100], twoLabels)
	f.Add(idxImages(imagesMagic, 0, Rows, Cols, ramp), idxLabels(labelsMagic))
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		s, err := ReadSet(bytes.NewReader(images), bytes.NewReader(labels))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not match ErrFormat", err)
			}
			return
		}
		if len(s.Images) != s.Len()*Pixels {
			t.Fatalf("%d values for %d images", len(s.Images), s.Len())
		}
		for i, l := range s.Labels {
			if l >= Classes {
				t.Fatalf("label %d is %d", i, l)
			}
		}
		for i, v := range s.Images {
			if v < 0 || v > 1 {
				t.Fatalf("value %d is %v", i, v)
			}
		}
	})
}
