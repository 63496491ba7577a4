package mnist

import "fmt"

// Image geometry and label range of MNIST.
const (
	Rows    = 28          // image height in pixels
	Cols    = 28          // image width in pixels
	Pixels  = Rows * Cols // values per image
	Classes = 10          // labels are the digits 0..Classes-1
)

// Sizes of the two standard splits, which Load insists on.
const (
	TrainLen = 60000 // images in the training set
	TestLen  = 10000 // images in the test set
)

// Set is a labelled set of images. Labels holds one digit 0..9 per image; Images holds
// Len()*Pixels values in [0, 1], image after image, each row-major, 1 being ink (the MNIST byte
// divided by 255). The zero value is an empty set.
type Set struct {
	Images []float32
	Labels []uint8
}

// Len returns the number of images in s, which is len(s.Labels).
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the i-th image of s: Pixels values, row-major. The result shares memory with
// s.Images and has no spare capacity, so appending to it cannot overwrite the next image.
// If i is not in [0, s.Len()), Image panics.
func (s *Set) Image(i int) []float32 {
	if i < 0 || i >= s.Len() {
		panic(fmt.Sprintf("mnist: image index %d out of range [0, %d)", i, s.Len()))
	}
	return s.Images[i*Pixels : (i+1)*Pixels : (i+1)*Pixels]
}

// Pick returns a new set of the images of s at indices, in that order, with their labels
// (copied). It panics if an index is not in [0, s.Len()).
func (s *Set) Pick(indices []int) *Set {
	p := &Set{Images: make([]float32, 0, len(indices)*Pixels), Labels: make([]uint8, len(indices))}
	for i, j := range indices {
		p.Images = append(p.Images, s.Image(j)...)
		p.Labels[i] = s.Labels[j]
	}
	return p
}
