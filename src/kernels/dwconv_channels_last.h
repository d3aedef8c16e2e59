// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_nhwc_f32_taps: 2-D depthwise convolution (one input channel per group, multiplier 1,
// zero padding; any kernel, stride and dilation) on channels-last data, read and written in
// place. Each pixel's channels are one contiguous row, so an output pixel is
//
//   y[p][c] = bias[c] + sum over taps t of x[pixel under t][c] * w[c][t]
//
// computed for all its channels at once, channels in the lanes: the pixel's taps become
// pointers to input rows (a tap in the padding points to a row of zeros), then every block of
// channels runs down those pointers (dwconv_channels_last_microkernel.h). Working out the
// taps once per pixel and walking the channels inside is what keeps the integer work per
// multiply-add small; the weights are laid out [tap][C] once per layer, so that a block reads
// each tap's weights as vectors too. A 3x3 kernel's inner pixels (every tap inside the input)
// go along the row instead, a vector of channels at a time with its nine weights in registers,
// two output rows at once where they share input rows (dwconv_3x3_channels_last_microkernel.h):
// one load per multiply-add (or 2/3) instead of two. No transpose of the input or the output,
// which is what channels-last data costs the channels-first depthwise kernels
// (core/channels_last.h).
//
// Threads (row_tasks.h): tasks are runs of output rows (over the batch); each output is the
// same microkernel call on any thread count.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when the fast paths run `g` here: channels-last data, a 2-D depthwise convolution with
// multiplier 1 and zero padding (dwconv_channel_lanes_applies), at least kLanes channels (the
// measurements in the .cc).
bool dwconv_channels_last_applies(const ConvGeometry& g);

// The weights [C][1][kh][kw] laid out [tap][C], as the kernel reads them, once per layer
// (PackedConv); wanted by every run of `g` that dwconv_taps_read says.
bool dwconv_taps_read(const ConvGeometry& g);  // this kernel or dwconv_channel_lanes runs g
int64_t dwconv_taps_packed_size(const ConvGeometry& g);
void pack_dwconv_taps(const ConvGeometry& g, const float* w, float* packed);

// `taps_packed`: pack_dwconv_taps's layout of the weights.
Status dwconv_channels_last(const ConvGeometry& g, const float* taps_packed, const float* x,
                            const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
