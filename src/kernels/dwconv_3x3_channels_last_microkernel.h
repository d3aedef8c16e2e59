// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_f32_3x3_rows_channels<R>: the row microkernel of dwconv_channels_last.h for 3x3
// kernels, a run of output pixels of R = 1 or 2 consecutive output rows whose nine taps are
// all inside the input, output row i reading input rows i, i + 1, i + 2:
//
//   out_i[p][c] = bias[c] + sum_{k, j < 3} row_{i+k}[p * pixel_step + j * tap_step + c]
//                                          * w[(3k + j) * channels + c]
//
// (row_k: input row k at the run's first pixel; pixel_step = stride * channels, tap_step =
// dilation * channels; rows 1 apart by the dilation, so R = 2 needs stride == dilation down
// the rows). One vector of channels at a time, its nine weights and its bias held in
// registers while it walks the run's pixels: one input load per multiply-add for R = 1, 2/3
// for R = 2, where dwconv_f32_taps_channels loads a weight vector beside each input vector.
// The next vector of channels reads the same cache lines (four vectors share one), so a run
// is kept short enough for its R + 2 input rows' lines to stay in L1 (the caller's
// kRowRunInputPixels).
// The taps are summed in the same order from the bias as in dwconv_f32_taps_channels, with the
// same multiply-add: the outputs are bitwise those of the pixel microkernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

template <int R>
__attribute__((noinline)) void dwconv_f32_3x3_rows_channels(
    const float* const* rows, std::ptrdiff_t tap_step, std::ptrdiff_t pixel_step, int64_t pixels,
    const float* w, std::ptrdiff_t channels, const float* bias, float* const* outs) {
  std::ptrdiff_t c = 0;
  for (; c + kLanes <= channels; c += kLanes) {
    Vec wv[9];
    for (int t = 0; t < 9; ++t) wv[t] = Vec::load_unaligned(w + t * channels + c);
    const Vec b = Vec::load_unaligned(bias + c);
    const float* r[R + 2];
    for (int k = 0; k < R + 2; ++k) r[k] = rows[k] + c;
    float* o[R];
    for (int i = 0; i < R; ++i) o[i] = outs[i] + c;
#if defined(__clang__)
#pragma clang loop unroll(disable)
#endif
    for (int64_t p = 0; p < pixels; ++p) {
      Vec acc[R];
      for (int i = 0; i < R; ++i) acc[i] = b;
      // Input row k is tap row k - i of output row i: each load serves every output row it
      // is a tap of, each output's taps still summed in order.
      for (int k = 0; k < R + 2; ++k) {
        for (int j = 0; j < 3; ++j) {
          const Vec x = Vec::load_unaligned(r[k] + j * tap_step);
          for (int i = 0; i < R; ++i) {
            if (k - i >= 0 && k - i < 3) acc[i] = madd(x, wv[3 * (k - i) + j], acc[i]);
          }
        }
        r[k] += pixel_step;
      }
      for (int i = 0; i < R; ++i) {
        acc[i].store_unaligned(o[i]);
        o[i] += channels;
      }
    }
  }
  // The channels past the last whole vector, one at a time in the same order.
  for (; c < channels; ++c) {
    for (int i = 0; i < R; ++i) {
      for (int64_t p = 0; p < pixels; ++p) {
        const std::ptrdiff_t at = p * pixel_step + c;
        float acc = bias[c];
#if defined(__clang__)
#pragma clang loop vectorize(disable) unroll(disable)
#endif
        for (int t = 0; t < 9; ++t)
          acc += rows[i + t / 3][at + (t % 3) * tap_step] * w[t * channels + c];
        outs[i][p * channels + c] = acc;
      }
    }
  }
}

}  // namespace wasmconv::kernels
