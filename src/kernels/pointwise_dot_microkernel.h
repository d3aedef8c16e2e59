// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// pointwise_f32_dot_channels: one output pixel of a channels-last 1x1 convolution with 1-3
// output channels (conv_pointwise_channels_last.h), each output a dot product of the pixel's
// input channels with that output channel's weights:
//
//   out[co] = bias[co] + sum_{c < k} in[c] * w[co * k + c],  co < cout
//
// Input channels in the lanes, one accumulator per output channel, its lanes summed at the end
// (xsimd::hadd); the channels past the last whole vector one at a time. Where the GEMM
// microkernel would put the output channels in the lanes (gemm_rows_microkernel.h), one
// output channel fills 1 of its 2 x kLanes lanes: for a pixel that is 2 x k multiply-adds
// and k broadcasts against k / kLanes loads and multiply-adds per output channel here (the
// U-Net's 32 -> 1 output layer: about 3.5 x 32 operations per pixel against 34).
#pragma once

#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

// The sum of v's lanes, in a fixed order: the same whatever pixel or thread.
inline float lane_sum(const Vec& v) {
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  return xsimd::hadd(v);
#else
  return (v.v[0] + v.v[1]) + (v.v[2] + v.v[3]);
#endif
}

__attribute__((noinline)) inline void pointwise_f32_dot_channels(const float* in, const float* w,
                                                                 int64_t k, int64_t cout,
                                                                 const float* bias, float* out) {
  for (int64_t co = 0; co < cout; ++co) {
    const float* wc = w + co * k;
    Vec acc(0.0f);
    int64_t c = 0;
    for (; c + kLanes <= k; c += kLanes)
      acc = madd(Vec::load_unaligned(in + c), Vec::load_unaligned(wc + c), acc);
    float sum = lane_sum(acc);
#if defined(__clang__)
#pragma clang loop vectorize(disable) unroll(disable)
#endif
    for (; c < k; ++c) sum += in[c] * wc[c];
    out[co] = (bias != nullptr ? bias[co] : 0.0f) + sum;
  }
}

}  // namespace wasmconv::kernels
