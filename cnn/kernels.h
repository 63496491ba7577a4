// The training step's memory-bound loops, vectorised. Each function does exactly the
// arithmetic of its Go twin (the function of the same name ending in Go, in package cnn),
// in the same order, so the two give bit-identical results; kernels_test.go holds them to
// that. Arrays are float32, activations NHWC (channels last).

#ifndef CONVSCOPE_KERNELS_H
#define CONVSCOPE_KERNELS_H

#include <stdint.h>

// cs_adam applies one Adam step with step size alpha to theta[0:n], updating the moments m
// and v from the gradient g, and returns the largest magnitude of the new values of theta,
// m and v, or NaN if one is not finite.
float cs_adam(float *theta, const float *g, float *m, float *v, long n,
              float b1, float b2, float eps, float alpha);

// cs_adam_probe computes what cs_adam would make of theta, m and v without changing them,
// and returns the sum of every new value times zero: 0 if they are all finite, NaN
// otherwise (summed in another order than in Go, which gives the same 0 or NaN).
float cs_adam_probe(const float *theta, const float *g, const float *m, const float *v, long n,
                    float b1, float b2, float eps, float alpha);

// cs_accumulate adds g[0:n] into sum[0:n] and returns the largest magnitude of the new
// values, or NaN if one is not finite.
float cs_accumulate(float *sum, const float *g, long n);

// cs_magnitude returns the largest magnitude of x[0:n], or NaN if one is not finite.
float cs_magnitude(const float *x, long n);

// cs_bias_relu adds b[0:cols] to each of the rows of y and, if relu, sets the values below
// zero, and -0, to +0.
void cs_bias_relu(float *y, const float *b, long rows, long cols, int relu);

// cs_relu_grad zeroes the gradient g where the ReLU's output y is zero (all bits clear)
// and writes the column sums of the result into db[0:cols]; g and y hold rows×cols values.
void cs_relu_grad(float *g, const float *y, long rows, long cols, float *db);

// cs_window is where a layer's sliding windows lie over an h×w input: k×k windows moved by
// stride pixels, the first one pad_top rows above and pad_left columns left of the input's
// corner, oh×ow of them.
typedef struct {
	long k, stride, pad_top, pad_left, oh, ow;
} cs_window;

// cs_maxpool pools the n images of x (h×w×c each) over the windows g (without padding; a
// window that overhangs the bottom or right edge covers what it can) into y (g.oh × g.ow
// × c each): a window's first pixel, then each pixel that is greater. If argmax is not
// NULL, it receives for each output the index in x of the winner.
void cs_maxpool(const float *x, long n, long h, long w, long c, cs_window g, float *y,
                int32_t *argmax);

// cs_conv_single convolves the n single-channel images of x (h×w each) with the k×k
// kernels wt (k*k rows of out values: HWIO with one input channel) over the windows g,
// writing n*g.oh*g.ow rows of out values into y: each output is the sum, in the kernel's
// row order, of the taps inside the image.
void cs_conv_single(const float *x, long n, long h, long w, cs_window g, const float *wt,
                    long out, float *y);

// cs_im2col writes, for every window g places over the n images of x (h*w*c values each),
// its k×k×c patch (zero outside the image) as one row of cols, copying each image with its
// zeros into padded first (ph×pw×c values, ph = (oh−1)·stride + k, pw likewise).
void cs_im2col(const float *x, long n, long h, long w, long c, cs_window g, float *cols,
               float *padded);

// cs_col2im sums the patch rows of cols (n*g.oh*g.ow rows of k*k*c values) back into the
// pixels of dx (n images of h*w*c values) they were copied from, overwriting dx.
void cs_col2im(const float *cols, long n, long h, long w, long c, cs_window g, float *dx);

#endif
