package cnn

import "fmt"

// Shape is the shape of one example's activations: H rows, W columns and C channels,
// stored channels last. A flat vector of n values has Shape{1, 1, n}.
type Shape struct {
	H, W, C int
}

// Size returns the number of values in one example, H*W*C.
func (s Shape) Size() int { return s.H * s.W * s.C }

// String formats the shape as HxWxC.
func (s Shape) String() string { return fmt.Sprintf("%dx%dx%d", s.H, s.W, s.C) }
