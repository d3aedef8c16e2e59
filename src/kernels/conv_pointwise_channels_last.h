// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nhwc_f32_pointwise: a 1x1(x1) convolution with one group and no padding on
// channels-last data (NHWC, NLC, NDHWC), read and written in place as the GEMM
//
//   Y[p, co] = bias[co] + sum_ci X[sample(p), ci] * W[co, ci]
//
// over the output pixels p of the whole batch, where sample(p) is the input pixel p reads
// (the same index at stride 1; the output position times the strides otherwise). Each pixel's
// input channels are one contiguous row and its output channels another, so the microkernel
// (gemm_rows_microkernel.h) puts output channels in the lanes and pixels in its rows: no
// transpose of the input or the output, which is what channels-last data costs every other
// kernel (core/channels_last.h: two passes over the input and two over the output, around a
// 1x1 layer that reads each input value only a few dozen times).
//
// With 1-3 output channels, each output is a dot product over the input channels instead,
// input channels in the lanes (pointwise_dot_microkernel.h), from the weights as given.
//
// Packed weights: per block of kTileN output channels (the last block padded with zero
// columns), ci-major: packed[(b * C_in + ci) * kTileN + j] = W[b * kTileN + j, ci]. The
// same functions pack for the im2col kernel (conv_im2col_channels_last.h), whose reduction
// is taps x C_in, tap-major.
//
// Threads (gemm_tasks.h): one pass of the pool; tasks are pieces of the pixels (whole
// groups of kIgemmMR) times pieces of the blocks, cut first at the weight chunks, each read
// in place: a task needs no scratch.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when conv_pointwise_channels_last runs `g`: a channels-last convolution with a
// 1x1(x1) kernel, no padding and one group, whose lanes left idle by a partial last block of
// output channels cost less than the transposes around the channels-first kernels would.
bool pointwise_channels_last_applies(const ConvGeometry& g);

// The channels-last GEMM's reduction length (taps x C_in), packing and tasks, for this
// kernel and the im2col one.
int64_t channels_last_gemm_depth(const ConvGeometry& g);
int64_t channels_last_gemm_packed_size(const ConvGeometry& g);
void pack_channels_last_gemm_weights(const ConvGeometry& g, const float* w, float* packed);
GemmTasks channels_last_gemm_tasks(const ConvGeometry& g, int threads = 1);
// The bias in whole blocks of lanes, zeros past the last channel (all zeros without one).
std::vector<float> channels_last_bias_lanes(const ConvGeometry& g, const float* bias);

// `w`: the weights as given ([C_out][C_in]), read where C_out < kIgemmMR.
Status conv_pointwise_channels_last(const ConvGeometry& g, const float* packed, const float* w,
                                    const float* x, const float* bias, float* y,
                                    Workspaces* threads);

}  // namespace wasmconv::kernels
