// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_fewout_block<M, V>: the microkernel of convolutions with M = 2 or 3 output channels
// per group (conv_fewout.h), for V * kLanes neighbouring outputs of one output row of each
// of the M channels:
//
//   out[m * out_stride + j] = init[m] + sum_{t < taps} w[m * w_stride + t] * base[tap_offsets[t] +
//   j] for m < M, j < V * kLanes
//
// The taps run over (input channel, kernel position) in the weights' own order, so `w` is
// the weights as given and w_stride one output channel's weights. Output pixels are in the
// lanes: each tap loads V input vectors and each feeds M multiply-adds, one per output
// channel, into M * V accumulators that stay in registers across all taps. The loop is
// the depthwise microkernel's (dwconv_microkernel.h, which serves M = 1): a runtime tap
// loop, one offset load and M broadcasts per tap, each loaded vector used right away, so
// V8 keeps the loop in registers (M * V + M + 1 <= 11 vectors: <2, 4> and <3, 2>).
// Reads of V * kLanes floats at every tap offset must be in bounds; only the first
// `n_valid` outputs of each row are stored.
//
// conv_fewout_row and split_used_phases (conv_fewout_microkernel.cc) are the hot parts of
// conv_fewout.cc, compiled at -O3 in a file of their own, so that the rest, which runs once
// per block of rows, can be compiled for size (CMakeLists.txt).
#pragma once

#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

template <int M, int V>
__attribute__((noinline)) void conv_fewout_block(int64_t taps, const int64_t* tap_offsets,
                                                 const float* w, int64_t w_stride,
                                                 const float* base, const float* init, float* out,
                                                 int64_t out_stride, int64_t n_valid) {
  Vec acc[M][V];
  for (int m = 0; m < M; ++m)
    for (int v = 0; v < V; ++v) acc[m][v] = Vec(init[m]);
  for (int64_t t = 0; t < taps; ++t) {
    const float* b = base + tap_offsets[t];
    Vec wt[M];
    for (int m = 0; m < M; ++m) wt[m] = Vec(w[m * w_stride + t]);
    for (int v = 0; v < V; ++v) {
      const Vec xv = Vec::load_unaligned(b + v * kLanes);
      for (int m = 0; m < M; ++m) acc[m][v] = madd(wt[m], xv, acc[m][v]);
    }
  }
  for (int m = 0; m < M; ++m) store_tile_row<V>(acc[m], out + m * out_stride, n_valid);
}

// m (1-3) output channels of `n` outputs of one row each (channels out_stride apart), their
// weights `taps` floats apart from w: tiles of 4 vectors (m = 1, dwconv_f32_rows), 4 (m = 2)
// or 2 (m = 3); a partial last tile stores its valid outputs.
void conv_fewout_row(int64_t m, int64_t taps, const int64_t* tap_offsets, const float* w,
                     const float* base, const float* init, float* out, int64_t out_stride,
                     int64_t n);

// The phases of `row` (`cols` floats) that the bits of `phases` name (all of them when
// `all`), into the phase layout of row_ops.h at dst; the other phases are not written.
void split_used_phases(const float* row, int64_t cols, int64_t s, uint32_t phases, bool all,
                       float* dst);

}  // namespace wasmconv::kernels
