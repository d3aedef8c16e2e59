// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_transpose_nhwc_f32_pointwise: a transposed convolution whose kernel equals its stride
// on every axis (no padding, no dilation, no output padding, one group: U-Net's 2x2 stride-2
// upsampling) on channels-last data, read and written in place. Such a layer gives every
// output exactly one tap: input pixel i writes the s_d x s_h x s_w block of outputs at
// s * i, output (s * i + a) taking tap a, so it is one GEMM over the input pixels,
//
//   Y[s * i + (kd, kh, kw), co] = bias[co] + sum_ci X[i, ci] * W[ci, co, kd, kh, kw]
//
// with an input pixel's channels one contiguous row. For each (kd, kh) the outputs of
// consecutive kw are neighbouring pixels, so (kw, co) is one run of k_w x C_out floats: the
// GEMM's columns are cut into k_d x k_h segments of k_w x C_out, each run as the channels-last
// pointwise kernel runs its GEMM (conv_pointwise_channels_last.h; gemm_rows_microkernel.h:
// pixels in the microkernel's rows, columns in its lanes), its rows written at the segment's
// places. Against the transposes that
// channels-last data costs the channels-first sub-pixel kernel (two passes over the input and
// two over an output s_d x s_h x s_w times larger) it reads and writes each value once. Its
// sums are the sub-pixel kernel's (bias, then the input channels in order): the results are
// bit for bit the transpose of the channels-first ones.
//
// Packed weights: per segment, per block of kTileN columns (the last one padded with zero
// columns), ci-major: packed[((a * blocks + b) * C_in + ci) * kTileN + j] is column
// b * kTileN + j = kw * C_out + co of segment a = kd * k_h + kh.
//
// Threads (gemm_tasks.h): segments x pieces of the pixels x pieces of the blocks, one pass
// of the pool, no scratch.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True for a channels-last transposed convolution with kernel == stride on every axis, no
// padding, dilation or output padding, one group, whose segments fill the blocks of kTileN
// lanes about as well as the sub-pixel kernel fills its blocks of kIgemmMR output channels.
bool transpose_pointwise_channels_last_applies(const ConvGeometry& g);

int64_t transpose_pointwise_packed_size(const ConvGeometry& g);
void pack_transpose_pointwise_weights(const ConvGeometry& g, const float* w, float* packed);

Status conv_transpose_pointwise_channels_last(const ConvGeometry& g, const float* packed,
                                              const float* x, const float* bias, float* y,
                                              Workspaces* threads);

}  // namespace wasmconv::kernels
