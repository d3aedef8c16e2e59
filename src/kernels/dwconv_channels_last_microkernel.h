// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_f32_taps_channels: the microkernel of dwconv_channels_last.h, one output pixel of a
// depthwise convolution on channels-last data:
//
//   out[c] = bias[c] + sum_{t < taps} in[t][c] * w[t * channels + c],  c < channels
//
// in blocks of four vectors of channels (four accumulators beside an input and a weight
// vector), then single vectors, then single channels. Each output is its taps summed in
// order from the bias.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

template <int V>
inline void dwconv_f32_taps_block(int64_t taps, const float* const* in, const float* w,
                                  std::ptrdiff_t channels, std::ptrdiff_t c, const float* bias,
                                  float* out) {
  Vec acc[V];
  for (int v = 0; v < V; ++v) acc[v] = Vec::load_unaligned(bias + c + v * kLanes);
  const float* wt = w + c;
#if defined(__clang__)
#pragma clang loop unroll(disable)
#endif
  for (int64_t t = 0; t < taps; ++t, wt += channels) {
    const float* xt = in[t] + c;
    for (int v = 0; v < V; ++v) {
      acc[v] =
          madd(Vec::load_unaligned(xt + v * kLanes), Vec::load_unaligned(wt + v * kLanes), acc[v]);
    }
  }
  for (int v = 0; v < V; ++v) acc[v].store_unaligned(out + c + v * kLanes);
}

// Not inlined: one copy of its three loops serves every pixel (inlined into the task loop,
// the link-time optimiser's copies cost about 5 KB of .wasm).
__attribute__((noinline)) inline void dwconv_f32_taps_channels(int64_t taps, const float* const* in,
                                                               const float* w,
                                                               std::ptrdiff_t channels,
                                                               const float* bias, float* out) {
  std::ptrdiff_t c = 0;
  for (; c + 4 * kLanes <= channels; c += 4 * kLanes)
    dwconv_f32_taps_block<4>(taps, in, w, channels, c, bias, out);
  for (; c + kLanes <= channels; c += kLanes)
    dwconv_f32_taps_block<1>(taps, in, w, channels, c, bias, out);
  for (; c < channels; ++c) {
    float acc = bias[c];
#if defined(__clang__)
#pragma clang loop vectorize(disable) unroll(disable)
#endif
    for (int64_t t = 0; t < taps; ++t) acc += in[t][c] * w[t * channels + c];
    out[c] = acc;
  }
}

}  // namespace wasmconv::kernels
