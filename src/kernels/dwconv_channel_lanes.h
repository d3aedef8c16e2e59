// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_nchw_f32_channel_lanes: 2-D depthwise convolution (one input channel per group,
// one output channel per input channel) with the channels, not the pixels, in the vector
// lanes. The other depthwise kernels (dwconv_direct.h) put neighbouring output pixels of one
// channel in the lanes: on a small plane (MobileNetV2's 7x7 and 14x14 stages) a row of 7 or
// 14 outputs leaves lanes idle at its end, and each channel pays its own set-up (weights
// splatted, edge rows, a call per row) for a few hundred multiply-adds.
//
// Here the input is turned channels-last ([N][H*W][C], transpose_channels.h's blocked
// transpose), runs on the channels-last depthwise kernel (dwconv_channels_last.h: every output
// pixel's taps worked out once, then all its channels in vectors, a tap in the zero padding
// multiplying zeros), and the [N][OH*OW][C] result is turned back. Each output is its taps
// summed in tap order from the bias, whatever the thread count.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// Channels below which the lanes would mostly multiply zeros (the rule in the .cc).
inline constexpr int64_t kChannelLanesBlock = 16;

// True for a 2-D depthwise convolution (multiplier 1, zero padding) whatever its kernel,
// stride, dilation and padding.
bool dwconv_channel_lanes_applies(const ConvGeometry& g);

// True when the cost model prefers channels in the lanes to pixels in the lanes for `g`
// (the rule and its measurement are in dwconv_channel_lanes.cc).
bool dwconv_channel_lanes_preferred(const ConvGeometry& g);

// y = depthwise conv of x + bias, NCHW, with the weights laid out [tap][C] (taps_packed:
// pack_dwconv_taps, dwconv_channels_last.h); g must satisfy dwconv_channel_lanes_applies.
Status dwconv_channel_lanes(const ConvGeometry& g, const float* taps_packed, const float* x,
                            const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
