package mnist

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"slices"

	"convscope/internal/tr"
)

const (
	imagesMagic = 0x00000803 // unsigned bytes, 3 dimensions
	labelsMagic = 0x00000801 // unsigned bytes, 1 dimension

	// maxLen bounds the number of items a header may claim: far more than the 60,000 of the
	// largest MNIST file, and little enough that a corrupt header cannot ask for terabytes.
	maxLen = 1 << 21

	// chunkSize is the size of the buffers data is read into.
	chunkSize = 1 << 20
)

// inkOfByte maps an MNIST pixel byte to its float32 value, byte/255.
var inkOfByte = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()

// ReadSet reads a labelled set from an IDX images stream and an IDX labels stream (see the
// package documentation for the format). Each stream may be gzip-compressed or raw, which is
// told by the gzip magic bytes, not by a name. The streams must hold the same number of items,
// at most 2,097,152, and nothing after the data. Errors about the content match ErrFormat and
// say which stream is at fault ("mnist: images: ..." or "mnist: labels: ...").
func ReadSet(images, labels io.Reader) (*Set, error) {
	l, err := readLabels(labels)
	if err != nil {
		return nil, tr.Errorf("mnist: labels: %w", err)
	}
	pix, err := readImages(images, len(l))
	if err != nil {
		return nil, tr.Errorf("mnist: images: %w", err)
	}
	return &Set{Images: pix, Labels: l}, nil
}

// readLabels reads an IDX labels stream and checks every label is a digit.
func readLabels(r io.Reader) ([]uint8, error) {
	r, err := decompress(r)
	if err != nil {
		return nil, err
	}
	dims, err := readHeader(r, labelsMagic, 1)
	if err != nil {
		return nil, err
	}
	if dims[0] > maxLen {
		return nil, tr.Errorf("%w: header claims %d labels, more than the limit of %d", ErrFormat, dims[0], maxLen)
	}
	chunks, err := readRest(r, int(dims[0]), tr.T("labels"))
	if err != nil {
		return nil, err
	}
	labels := slices.Concat(chunks...)
	for i, l := range labels {
		if l >= Classes {
			return nil, tr.Errorf("%w: label %d is %d, want 0..%d", ErrFormat, i, l, Classes-1)
		}
	}
	return labels, nil
}

// readImages reads an IDX images stream that must hold n images of Rows x Cols pixels and
// returns their Pixels*n values.
func readImages(r io.Reader, n int) ([]float32, error) {
	r, err := decompress(r)
	if err != nil {
		return nil, err
	}
	dims, err := readHeader(r, imagesMagic, 3)
	if err != nil {
		return nil, err
	}
	if dims[1] != Rows || dims[2] != Cols {
		return nil, tr.Errorf("%w: images are %dx%d, want %dx%d", ErrFormat, dims[1], dims[2], Rows, Cols)
	}
	if dims[0] != uint32(n) {
		return nil, tr.Errorf("%w: header claims %d images, but there are %d labels", ErrFormat, dims[0], n)
	}
	chunks, err := readRest(r, n*Pixels, tr.T("pixel data"))
	if err != nil {
		return nil, err
	}
	pix := make([]float32, n*Pixels)
	rest := pix
	for _, chunk := range chunks {
		dst := rest[:len(chunk)] // of the chunk's length, so the loop needs no bounds checks
		for i, b := range chunk {
			dst[i] = inkOfByte[b]
		}
		rest = rest[len(chunk):]
	}
	return pix, nil
}

// decompress returns a reader of the content of r, inflating it if it starts with the gzip
// magic bytes 0x1f 0x8b.
func decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil // raw; a stream too short for the header is reported by readHeader
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, tr.Errorf("%w: gzip header: %w", ErrFormat, err)
	}
	return zr, nil
}

// readHeader reads an IDX header: the magic number, which must be magic, then ndim sizes. A
// wrong magic number is reported even in a file too short for the sizes.
func readHeader(r io.Reader, magic uint32, ndim int) ([]uint32, error) {
	buf := make([]byte, 4*(1+ndim))
	n, err := io.ReadFull(r, buf)
	if got := binary.BigEndian.Uint32(buf); n >= 4 && got != magic {
		return nil, tr.Errorf("%w: magic number 0x%08x, want 0x%08x", ErrFormat, got, magic)
	}
	if err != nil {
		return nil, readError(err, "header", len(buf), n)
	}
	dims := make([]uint32, ndim)
	for i := range dims {
		dims[i] = binary.BigEndian.Uint32(buf[4+4*i:])
	}
	return dims, nil
}

// readRest reads the rest of r, which must be exactly n bytes of what, and returns them in
// chunks of at most chunkSize bytes. Chunks are allocated as data arrives, so a header claiming
// more data than the stream holds costs memory in proportion to the stream, not to the claim,
// and no byte is copied twice. Reading to the end also makes gzip verify its checksum.
func readRest(r io.Reader, n int, what string) ([][]byte, error) {
	var chunks [][]byte
	for got := 0; got < n; {
		chunk := make([]byte, min(n-got, chunkSize))
		m, err := io.ReadFull(r, chunk)
		got += m
		if err != nil {
			return nil, readError(err, what, n, got)
		}
		chunks = append(chunks, chunk)
	}
	var extra [1]byte
	switch _, err := io.ReadFull(r, extra[:]); {
	case err == nil:
		return nil, tr.Errorf("%w: unexpected bytes after the %d bytes of %s", ErrFormat, n, what)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, tr.Errorf("%w: truncated: the gzip trailer after the %s is cut short", ErrFormat, what)
	case err != io.EOF:
		return nil, readError(err, what, n, n)
	}
	return chunks, nil
}

// readError describes err, met while reading want bytes of what after got bytes arrived:
// an early end is a truncated file, a gzip or deflate failure a corrupt one, and anything else
// (an I/O error) is returned as it is.
func readError(err error, what string, want, got int) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return tr.Errorf("%w: truncated: expected %d bytes of %s, got %d", ErrFormat, want, what, got)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, &corrupt):
		return tr.Errorf("%w: %s: %w", ErrFormat, what, err)
	}
	return err
}
