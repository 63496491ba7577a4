//go:build !purego

#include <string.h>

#include "kernels.h"

// Most kernels have a scalar loop and, on x86-64 processors with AVX2, a loop over 8 values
// at a time (conv_single: 32 or 8) that does a leading share (the *_avx2 functions return how
// many values they did); im2col only copies. No kernel fuses a multiply and an add, so all
// round exactly as the Go code does; fast-math would break that and the NaN probe.
#include "simd.h"

#ifdef AVX2
// reduce adds the lanes of p to *probe and raises *largest to big's largest lane.
AVX2 static void reduce(__m256 p, __m256 big, float *probe, float *largest) {
	float lanes[8];
	_mm256_storeu_ps(lanes, p);
	for (int j = 0; j < 8; j++)
		*probe += lanes[j];
	_mm256_storeu_ps(lanes, big);
	for (int j = 0; j < 8; j++)
		*largest = lanes[j] > *largest ? lanes[j] : *largest;
}

AVX2 static long adam_avx2(float *theta, const float *g, float *m, float *v, long n,
                           float b1, float b2, float eps, float alpha, float *probe, float *largest) {
	const __m256 vb1 = _mm256_set1_ps(b1), vc1 = _mm256_set1_ps(1 - b1);
	const __m256 vb2 = _mm256_set1_ps(b2), vc2 = _mm256_set1_ps(1 - b2);
	const __m256 veps = _mm256_set1_ps(eps), valpha = _mm256_set1_ps(alpha);
	const __m256 zero = _mm256_setzero_ps(), sign = _mm256_set1_ps(-0.0f);
	__m256 p = zero, big = zero;
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 gi = _mm256_loadu_ps(g + i);
		__m256 mi = _mm256_add_ps(_mm256_mul_ps(vb1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(vc1, gi));
		__m256 vi = _mm256_add_ps(_mm256_mul_ps(vb2, _mm256_loadu_ps(v + i)),
		                          _mm256_mul_ps(_mm256_mul_ps(vc2, gi), gi));
		_mm256_storeu_ps(m + i, mi);
		_mm256_storeu_ps(v + i, vi);
		__m256 step = _mm256_div_ps(_mm256_mul_ps(valpha, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), veps));
		__m256 ti = _mm256_sub_ps(_mm256_loadu_ps(theta + i), step);
		_mm256_storeu_ps(theta + i, ti);
		p = _mm256_add_ps(p, _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(mi, zero), _mm256_mul_ps(vi, zero)),
		                                   _mm256_mul_ps(ti, zero)));
		big = _mm256_max_ps(big, _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, mi), vi),
		                                       _mm256_andnot_ps(sign, ti)));
	}
	reduce(p, big, probe, largest);
	return i;
}

AVX2 static long adam_probe_avx2(const float *theta, const float *g, const float *m, const float *v, long n,
                                 float b1, float b2, float eps, float alpha, float *probe) {
	const __m256 vb1 = _mm256_set1_ps(b1), vc1 = _mm256_set1_ps(1 - b1);
	const __m256 vb2 = _mm256_set1_ps(b2), vc2 = _mm256_set1_ps(1 - b2);
	const __m256 veps = _mm256_set1_ps(eps), valpha = _mm256_set1_ps(alpha);
	const __m256 zero = _mm256_setzero_ps();
	__m256 p = zero;
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 gi = _mm256_loadu_ps(g + i);
		__m256 mi = _mm256_add_ps(_mm256_mul_ps(vb1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(vc1, gi));
		__m256 vi = _mm256_add_ps(_mm256_mul_ps(vb2, _mm256_loadu_ps(v + i)),
		                          _mm256_mul_ps(_mm256_mul_ps(vc2, gi), gi));
		__m256 step = _mm256_div_ps(_mm256_mul_ps(valpha, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), veps));
		__m256 ti = _mm256_sub_ps(_mm256_loadu_ps(theta + i), step);
		p = _mm256_add_ps(p, _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(mi, zero), _mm256_mul_ps(vi, zero)),
		                                   _mm256_mul_ps(ti, zero)));
	}
	float lanes[8];
	_mm256_storeu_ps(lanes, p);
	for (int j = 0; j < 8; j++)
		*probe += lanes[j];
	return i;
}

AVX2 static long accumulate_avx2(float *sum, const float *g, long n, float *probe, float *largest) {
	const __m256 zero = _mm256_setzero_ps(), sign = _mm256_set1_ps(-0.0f);
	__m256 p = zero, big = zero;
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 x = _mm256_add_ps(_mm256_loadu_ps(g + i), _mm256_loadu_ps(sum + i));
		_mm256_storeu_ps(sum + i, x);
		p = _mm256_add_ps(p, _mm256_mul_ps(x, zero));
		big = _mm256_max_ps(big, _mm256_andnot_ps(sign, x));
	}
	reduce(p, big, probe, largest);
	return i;
}

AVX2 static long magnitude_avx2(const float *x, long n, float *probe, float *largest) {
	const __m256 zero = _mm256_setzero_ps(), sign = _mm256_set1_ps(-0.0f);
	__m256 p = zero, big = zero;
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 xi = _mm256_loadu_ps(x + i);
		p = _mm256_add_ps(p, _mm256_mul_ps(xi, zero));
		big = _mm256_max_ps(big, _mm256_andnot_ps(sign, xi));
	}
	reduce(p, big, probe, largest);
	return i;
}

AVX2 static long bias_relu_avx2(float *y, const float *b, long n, int relu) {
	const __m256 zero = _mm256_setzero_ps();
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 x = _mm256_add_ps(_mm256_loadu_ps(y + i), _mm256_loadu_ps(b + i));
		if (relu) // max_ps(0, x) is 0 > x ? 0 : x, the Go code's test; + 0 turns -0 into +0
			x = _mm256_add_ps(_mm256_max_ps(zero, x), zero);
		_mm256_storeu_ps(y + i, x);
	}
	return i;
}

AVX2 static long relu_grad_avx2(float *g, const float *y, long n, float *db) {
	const __m256i zero = _mm256_setzero_si256();
	long i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256i closed = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(y + i)), zero);
		__m256 gi = _mm256_andnot_ps(_mm256_castsi256_ps(closed), _mm256_loadu_ps(g + i));
		_mm256_storeu_ps(g + i, gi);
		_mm256_storeu_ps(db + i, _mm256_add_ps(_mm256_loadu_ps(db + i), gi));
	}
	return i;
}

// maxpool_avx2 pools channels [0, 8·⌊c/8⌋) of one window whose first pixel is at x[first],
// with rows pixels down and cols across.
AVX2 static long maxpool_avx2(const float *x, long first, long rows, long cols, long w, long c,
                              float *y, int32_t *argmax) {
	const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
	long ch = 0;
	for (; ch + 8 <= c; ch += 8) {
		__m256 m = _mm256_loadu_ps(x + first + ch);
		__m256i a = _mm256_add_epi32(_mm256_set1_epi32((int32_t)(first + ch)), lanes);
		for (long py = 0; py < rows; py++) {
			for (long px = 0; px < cols; px++) {
				long i = first + (py * w + px) * c + ch;
				__m256 v = _mm256_loadu_ps(x + i);
				__m256 greater = _mm256_cmp_ps(v, m, _CMP_GT_OQ);
				m = _mm256_blendv_ps(m, v, greater);
				__m256i ai = _mm256_add_epi32(_mm256_set1_epi32((int32_t)i), lanes);
				a = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(a),
				                                         _mm256_castsi256_ps(ai), greater));
			}
		}
		_mm256_storeu_ps(y + ch, m);
		if (argmax)
			_mm256_storeu_si256((__m256i *)(argmax + ch), a);
	}
	return ch;
}

// conv_single_avx2 computes output channels [0, 8·⌊out/8⌋) of the pixel whose window's
// rows [ky0, ky1) and columns [kx0, kx1) are inside the image; img[corner] is the window's
// top-left corner, whose index may lie outside.
AVX2 static long conv_single_avx2(const float *img, long corner, long w, long k, long ky0,
                                  long ky1, long kx0, long kx1, const float *wt, long out,
                                  float *y) {
	long co = 0;
	for (; co + 32 <= out; co += 32) { // four registers of sums at a time
		__m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
		for (long ky = ky0; ky < ky1; ky++) {
			for (long kx = kx0; kx < kx1; kx++) {
				const __m256 v = _mm256_set1_ps(img[corner + ky * w + kx]);
				const float *t = wt + (ky * k + kx) * out + co;
				s0 = _mm256_add_ps(s0, _mm256_mul_ps(v, _mm256_loadu_ps(t)));
				s1 = _mm256_add_ps(s1, _mm256_mul_ps(v, _mm256_loadu_ps(t + 8)));
				s2 = _mm256_add_ps(s2, _mm256_mul_ps(v, _mm256_loadu_ps(t + 16)));
				s3 = _mm256_add_ps(s3, _mm256_mul_ps(v, _mm256_loadu_ps(t + 24)));
			}
		}
		_mm256_storeu_ps(y + co, s0);
		_mm256_storeu_ps(y + co + 8, s1);
		_mm256_storeu_ps(y + co + 16, s2);
		_mm256_storeu_ps(y + co + 24, s3);
	}
	for (; co + 8 <= out; co += 8) {
		__m256 s = _mm256_setzero_ps();
		for (long ky = ky0; ky < ky1; ky++)
			for (long kx = kx0; kx < kx1; kx++)
				s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(img[corner + ky * w + kx]),
				                                   _mm256_loadu_ps(wt + (ky * k + kx) * out + co)));
		_mm256_storeu_ps(y + co, s);
	}
	return co;
}

AVX2 static long add_avx2(float *d, const float *s, long n) {
	long i = 0;
	for (; i + 8 <= n; i += 8)
		_mm256_storeu_ps(d + i, _mm256_add_ps(_mm256_loadu_ps(d + i), _mm256_loadu_ps(s + i)));
	return i;
}
#endif

// magnitude returns largest if the probe is 0, else NaN.
static float magnitude(float probe, float largest) { return probe == 0 ? largest : __builtin_nanf(""); }

float cs_adam(float *theta, const float *g, float *m, float *v, long n,
              float b1, float b2, float eps, float alpha) {
	float probe = 0, largest = 0;
	long i = 0;
#ifdef AVX2
	if (use_avx2())
		i = adam_avx2(theta, g, m, v, n, b1, b2, eps, alpha, &probe, &largest);
#endif
	for (; i < n; i++) {
		float gi = g[i];
		float mi = b1 * m[i] + (1 - b1) * gi;
		float vi = b2 * v[i] + (1 - b2) * gi * gi;
		m[i] = mi;
		v[i] = vi;
		float ti = theta[i] - alpha * mi / (__builtin_sqrtf(vi) + eps);
		theta[i] = ti;
		probe += mi * 0 + vi * 0 + ti * 0;
		largest = __builtin_fabsf(mi) > largest ? __builtin_fabsf(mi) : largest;
		largest = vi > largest ? vi : largest;
		largest = __builtin_fabsf(ti) > largest ? __builtin_fabsf(ti) : largest;
	}
	return magnitude(probe, largest);
}

float cs_adam_probe(const float *theta, const float *g, const float *m, const float *v, long n,
                    float b1, float b2, float eps, float alpha) {
	float probe = 0;
	long i = 0;
#ifdef AVX2
	if (use_avx2())
		i = adam_probe_avx2(theta, g, m, v, n, b1, b2, eps, alpha, &probe);
#endif
	for (; i < n; i++) {
		float gi = g[i];
		float mi = b1 * m[i] + (1 - b1) * gi;
		float vi = b2 * v[i] + (1 - b2) * gi * gi;
		float ti = theta[i] - alpha * mi / (__builtin_sqrtf(vi) + eps);
		probe += mi * 0 + vi * 0 + ti * 0;
	}
	return probe;
}

float cs_accumulate(float *sum, const float *g, long n) {
	float probe = 0, largest = 0;
	long i = 0;
#ifdef AVX2
	if (use_avx2())
		i = accumulate_avx2(sum, g, n, &probe, &largest);
#endif
	for (; i < n; i++) {
		float x = g[i] + sum[i];
		sum[i] = x;
		probe += x * 0;
		largest = __builtin_fabsf(x) > largest ? __builtin_fabsf(x) : largest;
	}
	return magnitude(probe, largest);
}

float cs_magnitude(const float *x, long n) {
	float probe = 0, largest = 0;
	long i = 0;
#ifdef AVX2
	if (use_avx2())
		i = magnitude_avx2(x, n, &probe, &largest);
#endif
	for (; i < n; i++) {
		probe += x[i] * 0;
		largest = __builtin_fabsf(x[i]) > largest ? __builtin_fabsf(x[i]) : largest;
	}
	return magnitude(probe, largest);
}

void cs_bias_relu(float *y, const float *b, long rows, long cols, int relu) {
	const int avx2 = use_avx2();
	for (long r = 0; r < rows; r++, y += cols) {
		long i = 0;
#ifdef AVX2
		if (avx2)
			i = bias_relu_avx2(y, b, cols, relu);
#endif
		for (; i < cols; i++) {
			float x = y[i] + b[i];
			y[i] = relu ? (x < 0 ? 0 : x) + 0.0f : x;
		}
	}
}

void cs_relu_grad(float *g, const float *y, long rows, long cols, float *db) {
	const int avx2 = use_avx2();
	memset(db, 0, sizeof(float) * cols);
	for (long r = 0; r < rows; r++, g += cols, y += cols) {
		long i = 0;
#ifdef AVX2
		if (avx2)
			i = relu_grad_avx2(g, y, cols, db);
#endif
		for (; i < cols; i++) {
			uint32_t bits;
			memcpy(&bits, &y[i], sizeof bits);
			if (bits == 0)
				g[i] = 0;
			db[i] += g[i];
		}
	}
}

void cs_maxpool(const float *x, long n, long h, long w, long c, cs_window g, float *y,
                int32_t *argmax) {
	const int avx2 = use_avx2();
	const long oh = g.oh, ow = g.ow;
	for (long b = 0; b < n; b++) {
		for (long oy = 0; oy < oh; oy++) {
			for (long ox = 0; ox < ow; ox++) {
				const long y0 = oy * g.stride, x0 = ox * g.stride;
				const long rows = y0 + g.k <= h ? g.k : h - y0, cols = x0 + g.k <= w ? g.k : w - x0;
				const long first = ((b * h + y0) * w + x0) * c;
				const long o = ((b * oh + oy) * ow + ox) * c;
				int32_t *arg = argmax ? argmax + o : NULL;
				long ch = 0;
#ifdef AVX2
				if (avx2)
					ch = maxpool_avx2(x, first, rows, cols, w, c, y + o, arg);
#endif
				for (; ch < c; ch++) {
					float m = x[first + ch];
					int32_t a = (int32_t)(first + ch);
					for (long py = 0; py < rows; py++) {
						for (long px = 0; px < cols; px++) {
							long i = first + (py * w + px) * c + ch;
							if (x[i] > m) {
								m = x[i];
								a = (int32_t)i;
							}
						}
					}
					y[o + ch] = m;
					if (arg)
						arg[ch] = a;
				}
			}
		}
	}
}

void cs_conv_single(const float *x, long n, long h, long w, cs_window g, const float *wt,
                    long out, float *y) {
	const int avx2 = use_avx2();
	const long k = g.k;
	for (long b = 0; b < n; b++) {
		const float *img = x + b * h * w;
		for (long oy = 0; oy < g.oh; oy++) {
			for (long ox = 0; ox < g.ow; ox++, y += out) {
				const long top = oy * g.stride - g.pad_top, left = ox * g.stride - g.pad_left;
				// The window's rows and columns inside the image: [ky0, ky1), [kx0, kx1).
				const long ky0 = -top > 0 ? -top : 0, ky1 = h - top < k ? h - top : k;
				const long kx0 = -left > 0 ? -left : 0, kx1 = w - left < k ? w - left : k;
				const long corner = top * w + left;
				long co = 0;
#ifdef AVX2
				if (avx2)
					co = conv_single_avx2(img, corner, w, k, ky0, ky1, kx0, kx1, wt, out, y);
#endif
				for (; co < out; co++) {
					float s = 0;
					for (long ky = ky0; ky < ky1; ky++)
						for (long kx = kx0; kx < kx1; kx++)
							s += img[corner + ky * w + kx] * wt[(ky * k + kx) * out + co];
					y[co] = s;
				}
			}
		}
	}
}

// cs_im2col copies every patch from the image padded with its zeros, so that each row of a
// patch is one run of k·c values with no edge to test; short runs (a first layer's, 5
// values for a 5×5 kernel on one channel) are copied in a loop, not by a call to memcpy.
NO_LOOP_CALLS void cs_im2col(const float *x, long n, long h, long w, long c, cs_window g,
                             float *cols, float *padded) {
	const long k = g.k, run = k * c, size = h * w * c;
	const long ph = (g.oh - 1) * g.stride + k, pw = (g.ow - 1) * g.stride + k;
	// The image's rows and columns that the windows reach (the padding is never negative).
	const long rows = h < ph - g.pad_top ? h : ph - g.pad_top;
	const long fit = w < pw - g.pad_left ? w : pw - g.pad_left;
	float *dst = cols;
	for (long b = 0; b < n; b++) {
		const float *img = x + b * size;
		memset(padded, 0, sizeof(float) * ph * pw * c);
		for (long iy = 0; iy < rows; iy++)
			memcpy(padded + ((iy + g.pad_top) * pw + g.pad_left) * c, img + iy * w * c,
			       sizeof(float) * fit * c);
		for (long oy = 0; oy < g.oh; oy++)
			for (long ox = 0; ox < g.ow; ox++) {
				const float *corner = padded + (oy * g.stride * pw + ox * g.stride) * c;
				for (long ky = 0; ky < k; ky++, dst += run) {
					const float *src = corner + ky * pw * c;
					if (run > 32)
						memcpy(dst, src, sizeof(float) * run);
					else
						for (long i = 0; i < run; i++)
							dst[i] = src[i];
				}
			}
	}
}

// add adds s[0:n] into d[0:n].
static void add(float *d, const float *s, long n, int avx2) {
	long i = 0;
#ifdef AVX2
	if (avx2)
		i = add_avx2(d, s, n);
#endif
	for (; i < n; i++)
		d[i] += s[i];
}

void cs_col2im(const float *cols, long n, long h, long w, long c, cs_window g, float *dx) {
	const int avx2 = use_avx2();
	const long k = g.k, patch = k * k * c, size = h * w * c;
	memset(dx, 0, sizeof(float) * n * size);
	const float *src = cols;
	for (long b = 0; b < n; b++) {
		float *img = dx + b * size;
		for (long oy = 0; oy < g.oh; oy++) {
			for (long ox = 0; ox < g.ow; ox++, src += patch) {
				const long top = oy * g.stride - g.pad_top, left = ox * g.stride - g.pad_left;
				// The patch's columns inside the image: kx in [kx0, kx1).
				const long kx0 = -left > 0 ? -left : 0;
				const long kx1 = w - left < k ? w - left : k;
				if (kx0 >= kx1)
					continue;
				for (long ky = 0; ky < k; ky++) {
					const long iy = top + ky;
					if (iy >= 0 && iy < h)
						add(img + (iy * w + left + kx0) * c, src + (ky * k + kx0) * c,
						    (kx1 - kx0) * c, avx2);
				}
			}
		}
	}
}
