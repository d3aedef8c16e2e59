// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_f32_channel_lanes_block: the microkernel of dwconv_channel_lanes.h. One block of
// kChannelLanesBlock channels, channels-last: every output pixel as kChannelLanesBlock /
// kLanes vector accumulators, started from the bias and summed over its taps in order, a
// tap in the zero padding multiplying zeros (so an Inf weight there gives NaN, as in the
// reference).
// Its own file so that it is compiled at -O3 while the block's set-up around it is at -Os
// (CMakeLists.txt: the single-threaded .wasm's size budget).
#pragma once

#include <cstdint>

namespace wasmconv::kernels {

// Channels per block: four vectors of the wasm builds, so that a pixel's accumulators stay in
// registers beside the loaded input and weight vectors.
inline constexpr int64_t kChannelLanesBlock = 16;

// The geometry of a 2-D depthwise convolution as the block sees it.
struct ChannelLanesShape {
  int64_t in_h, in_w, out_h, out_w, k_h, k_w;
  int64_t stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

// yt[p][c] = bt[c] + sum over taps t of x(p, t)[c] * wt[t][c] (x: xt's pixel under the tap, or 0
// in the padding), for
// p < out_h * out_w and c < kChannelLanesBlock (xt: in_h * in_w pixels, wt: k_h * k_w taps,
// each kChannelLanesBlock floats).
void dwconv_f32_channel_lanes_block(const ChannelLanesShape& s, const float* xt, const float* wt,
                                    const float* bt, float* yt);

}  // namespace wasmconv::kernels
