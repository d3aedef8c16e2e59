// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The first SIMD path: one xsimd implementation of convolution and transposed
// convolution for any geometry (1-D, 2-D, 3-D, strides, dilations, groups, padding
// modes). It is correct everywhere and simple; specialised fast kernels come later.
//
// Method. Both ops reduce to "row axpy": for a fixed (output channel, input channel, tap
// (kd, kh)) pair of rows, a contiguous run of outputs along W is updated by a weight
// times a contiguous run of inputs along W.
//  - conv reads input column iw = ow*sw - pw + kw*dw. With sw > 1 the input row is first
//    split into its sw phases (row_p[j] = row[j*sw + p]), so iw = (ow + q)*sw + p with
//    p = (kw*dw - pw) mod sw, q = floor((kw*dw - pw) / sw) becomes row_p[ow + q]:
//    contiguous again, no gathers.
//  - transposed writes output column ow = iw*sw - pw + kw*dw; the output row is kept split
//    into sw phases the same way and interleaved once its output channel is complete.
// Padding (of any mode) is materialised into a scratch copy of one input channel at a
// time, so scratch is one channel (conv) or one output plane (transposed), whatever the
// channel counts. A conv channel, or a transposed output plane, of long rows (a 1-D
// signal is one row) goes a band of output columns at a time instead, so that its scratch
// stays near kSimdBandFloats and the band's outputs stay in cache across the taps.
//
// Threads (`threads`, optional: Backend::kSimd runs on the caller's thread alone). The work
// is cut along the outputs only (row_tasks.h): a task is a run of output rows of one band
// of one group's output channels (conv) or of one output channel (transposed), so each
// output gets the same axpys over the same columns, in the same order, from one task. A
// conv task prepares only the padded rows its output rows read (the rows two tasks share
// are prepared by both: (k_h - 1) * d_h + 1 - s_h rows per task); a transposed task
// accumulates its rows' phase layout in its own scratch. The row path rarely serves large
// layers (the planner sends them to the GEMM paths); its largest benchmark layer, U15 (a
// 1x1 convolution 32 -> 1 at 256x256, read in place), is bound by memory: measured in
// docs/performance.md and in the thr-dw report.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// A conv channel whose padded rows pass this many floats (256 KiB), or a transposed
// output plane whose phase-layout rows do, goes in bands of output columns.
inline constexpr int64_t kSimdBandFloats = 65536;

// The fewest outputs per row of a band: a sixteenth of the budget (4096 at the default).
// Each band runs every tap's axpy over its part of every row, so narrow bands of a tall
// image would trade long runs for many short ones (a 16x384x384 k2 s3 transposed layer
// in bands of 256 columns took 1.7-1.9x as long); its one-channel copy or one-plane
// scratch is 1 / channels of the tensor anyway.
inline int64_t min_band_outputs(int64_t band_floats) {
  return band_floats / 16 > 1 ? band_floats / 16 : 1;
}

// The outputs per row of one band of conv_simd (out_w when there is one band).
int64_t conv_simd_band_outputs(const ConvGeometry& g, int64_t band_floats = kSimdBandFloats);

// `threads`: the pool and per-thread scratch to run on (null: the caller's thread, with
// scratch of the call's own). `band_floats` is for tests: a small one makes many bands.
Status conv_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                 Workspaces* threads = nullptr, int64_t band_floats = kSimdBandFloats);
Status conv_transpose_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                           float* y, Workspaces* threads = nullptr,
                           int64_t band_floats = kSimdBandFloats);

// The output columns per band of conv_transpose_simd with stride_w > 1 (out_w when there is
// one band): its phase-layout plane of one output channel is kept within band_floats.
int64_t conv_transpose_simd_band_outputs(const ConvGeometry& g,
                                         int64_t band_floats = kSimdBandFloats);
bool simd_compiled();
const char* simd_arch_name();

}  // namespace wasmconv::kernels
