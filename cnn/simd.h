// simd.h is the preamble of the engine's C kernels (kernels.c, winograd.c): it refuses
// fast-math, keeps the compiler from fusing multiplies and adds, so that every kernel
// gives the same bits as its Go twin, and declares AVX2 and AVX-512 code, chosen at run time.
#ifndef CONVSCOPE_SIMD_H
#define CONVSCOPE_SIMD_H

#if defined(__FAST_MATH__)
#error "the C kernels must not be built with -ffast-math: it changes results"
#endif
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx512f")))
static int use_avx2(void) { return __builtin_cpu_supports("avx2"); }
static int use_avx512(void) { return __builtin_cpu_supports("avx512f"); }
#else
static int use_avx2(void) { return 0; }
static int use_avx512(void) { return 0; }
#endif

// NO_LOOP_CALLS keeps GCC from turning a function's short copy loops into calls to memcpy.
#if defined(__GNUC__) && !defined(__clang__)
#define NO_LOOP_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LOOP_CALLS
#endif

#endif
