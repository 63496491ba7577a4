//go:build purego

package cnn

// BLASBackend names the BLAS implementation the engine's matrix products run on.
// Built with -tags purego, the engine uses gonum's pure-Go BLAS, which needs no C compiler
// and no OpenBLAS but runs the products several times slower.
const BLASBackend = "gonum (pure Go)"
