// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_fewout: convolution with few (1-3) output channels per group and several
// input channels, any kernel size, stride, dilation and padding mode:
//
//   y[co, o] = bias[co] + sum_{ci, t} x[ci, o*s - p + t*d] * w[co, ci, t]
//
// The GEMM microkernel (igemm_microkernel.h) wants blocks of kIgemmMR = 4 output channels,
// and the row path (simd_path.h) reads and writes the output row once per (input channel,
// tap). Here output pixels are in the vector lanes, as in the depthwise kernels, and the
// sum over input channels and taps stays in registers. A block of up to kFewOutRows output
// rows at a time: the input rows they read (every input channel's k_d planes of
// (rows - 1) * s_h + (k_h - 1) * d_h + 1 rows, their border materialised per the padding
// mode, zero rows included so that non-finite weights give NaN as in the reference; rows
// no tap reads skipped) are copied into a stack of rows, split into the stride's phases
// when stride_w > 1 (row_ops.h; only the phases a tap reads), so every tap reads a
// contiguous run of inputs for neighbouring outputs. One table of tap offsets into the
// stack serves every output row of the block (row r adds r * s_h rows), and the
// microkernel (conv_fewout_microkernel.h; 1 channel is dwconv_microkernel.h's) computes all
// the group's output channels, 2 or 3 at once, so each loaded input vector feeds 2-3
// multiply-adds. Rows whose stack would pass kFewOutBandFloats (many channels, or a long
// 1-D signal) go in bands of output columns, each band's stack holding only the padded
// columns its outputs read; the planner sends such shapes to the row path
// (conv_fewout_fits, fast_path.cc), but the kernel serves any geometry.
//
// Threads (row_tasks.h): the units are blocks of output rows of one band of one group of
// one image (band, block, depth plane, group, image, innermost first); a task builds each
// unit's stack in its own scratch, so every output comes from the same microkernel call on
// the same values whatever the thread count.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// A unit's stack of rows past this many floats (256 KiB, a quarter of L2) goes in bands.
inline constexpr int64_t kFewOutBandFloats = 65536;

// True when one output row's stack (every input channel's k_d * k_h rows, whole) fits
// kFewOutBandFloats: the planner's condition (fast_path.cc says why).
bool conv_fewout_fits(const ConvGeometry& g);

// Output rows computed from one stack: up to this many, as many as keep the stack within
// the band budget at the full width (one at least).
inline constexpr int64_t kFewOutRows = 8;
int64_t conv_fewout_block_rows(const ConvGeometry& g, int64_t band_floats = kFewOutBandFloats);

// The outputs per row of one band (out_w when there is one band).
int64_t conv_fewout_band_outputs(const ConvGeometry& g, int64_t band_floats = kFewOutBandFloats);

// `band_floats` is for tests: a small one makes many bands.
Status conv_fewout(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspaces* threads, int64_t band_floats = kFewOutBandFloats);

}  // namespace wasmconv::kernels
