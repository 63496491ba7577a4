//go:build !purego

package cnn

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int num_threads);
import "C"

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/netlib/blas/netlib"
)

// BLASBackend names the BLAS implementation the engine's matrix products run on.
const BLASBackend = "OpenBLAS"

func init() {
	blas32.Use(netlib.Implementation{})
	// The engine owns the parallelism: it splits every batch across goroutines, and each
	// goroutine's matrix products run single-threaded, so OpenBLAS must not start threads
	// of its own on top.
	C.openblas_set_num_threads(1)
}
