// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_pointwise_strided: a 1x1 convolution with a stride above 1 and no padding
// (ResNet's downsampling shortcuts), as the GEMM
//
//   Y[co, p] = bias[co] + sum_ci W[co, ci] * X[ci, sample(p)],  sample(p) = p's (d, h, w) * stride
//
// over the output pixels p flattened into one run. The sampled pixels are gathered into a
// band of at most kBandBytes (channels x pixels, pixel tiles zero-padded), so the GEMM reads
// a compact panel: the general igemm path would build a phase-split padded image of every
// input pixel (stride_h * stride_w times what the GEMM reads) and end each short output row
// with a partial pixel tile (7 of 8 lanes wasted on a 7-wide row).
//
// Uses conv_igemm's packed weights (one tap: w_packed[ci*MR + m] = W[co0 + m, ci]).
//
// Threads (gemm_tasks.h): one pass of the pool, tasks of whole pixel tiles (at most a band)
// times pieces of the output-channel blocks; each task gathers its own pixels into its
// thread's workspace. ResNet's shortcuts (R05, R08, R11: 13 MFLOP, 0.15-0.25 ms) run
// 1.47x, 1.49x and 0.89x on two threads (conv_bench, medians of 5 runs): the pool's
// wake-up (50-60 us) is a third of such a run.
#pragma once

#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// A 1x1(x1) convolution with no padding and some stride above 1.
bool is_strided_pointwise(const ConvGeometry& g);

// Output pixels per gathered band: whole pixel tiles, at least one.
int64_t strided_pointwise_band_pixels(const ConvGeometry& g);
// The tasks a run of `g` is cut into (gemm_tasks.h): pieces of the output pixels (whole
// tiles, at most a band) times pieces of the output-channel blocks; each task gathers its
// own pixels.
GemmTasks strided_pointwise_tasks(const ConvGeometry& g, int threads = 1);

Status conv_pointwise_strided(const ConvGeometry& g, const float* packed, const float* x,
                              const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
