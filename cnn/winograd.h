// The transforms of Winograd's F(2×2, 5×5) convolution (winograd.go), vectorised over
// channels. Each function does exactly the arithmetic of its Go twin (the function of the
// same name in camel case ending in Go, in package cnn) in the same order, so the two give
// bit-identical results; winograd_test.go holds them to that. Tiles and layouts are as the
// twins' comments say: tile (ty, tx) of th×tw per image, th = ⌈g.oh/2⌉, tw = ⌈g.ow/2⌉,
// reads the 6×6 input pixels from row 2ty − g.pad_top, column 2tx − g.pad_left, and makes
// the outputs [2ty, 2ty+2)×[2tx, 2tx+2); transformed tiles are stored tile after tile, 36
// rows of channels each.

#ifndef CONVSCOPE_WINOGRAD_H
#define CONVSCOPE_WINOGRAD_H

#include "kernels.h"

// cs_wino_input writes Bᵀ d B of every tile of the n images x (h×w×c each) into v.
void cs_wino_input(const float *x, long n, long h, long w, long c, cs_window g, float *v);

// cs_wino_input_grad folds B dv Bᵀ of every tile back into the pixels of dx (n images of
// h×w×c values), overwriting dx.
void cs_wino_input_grad(const float *dv, long n, long h, long w, long c, cs_window g,
                        float *dx);

// cs_wino_output writes Aᵀ M A of every tile of the products m into y (n images of
// g.oh×g.ow×out values), dropping outputs that overhang the edges.
void cs_wino_output(const float *m, long n, cs_window g, long out, float *y);

// cs_wino_output_grad writes A dY Aᵀ of every tile of the output gradients dy (as cs_wino_output's
// y; overhanging outputs count as zero) into dm.
void cs_wino_output_grad(const float *dy, long n, cs_window g, long out, float *dm);

// cs_wino_filter writes G w Gᵀ of the 5×5 HWIO weights wt (in×out kernels) into u, 36
// matrices of in×out values.
void cs_wino_filter(const float *wt, long in, long out, float *u);

// cs_wino_filter_grad writes Gᵀ dU G of du (laid out as cs_wino_filter's u) into dw (HWIO).
void cs_wino_filter_grad(const float *du, long in, long out, float *dw);

// cs_wino_matrices copies the transforms the functions above use, row-major, into bt
// (Bᵀ, 6×6), at (Aᵀ, 2×6) and g (G, 6×5).
void cs_wino_matrices(float *bt, float *at, float *g);

#endif
