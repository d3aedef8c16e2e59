// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_f32_block<R, V>: the microkernel of per-channel (depthwise and single-channel)
// filters, for R output rows of V * kLanes neighbouring outputs:
//
//   out[r*os + j] = init + sum_{t < taps} w[t] * base[r*rs + tap_offsets[t] + j]
//   for r < R, j < V * kLanes (os = out_stride, rs = row_stride)
//
// One input channel, one output channel; the R*V vector accumulators stay in registers
// across all taps, so each output is stored once. The tap loop is a runtime loop with one
// broadcast, one offset load and R*V loads and multiply-adds per tap: every loaded vector
// feeds exactly one multiply, so clang keeps each load next to its use and V8 keeps the
// loop in registers (R*V <= 8). Fully unrolled kernels that share loaded input vectors
// between output rows made clang hoist the loads and V8 spill (measured: 1.5-2x slower).
// Reads of V * kLanes floats at every tap offset of every row must be in bounds; only the
// first `n_valid` outputs of each row are stored.
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

inline constexpr int kDwTileN = 4 * kLanes;

// Not inlined: V8 then compiles the tap loop as a small function of its own and keeps
// the loop's pointers in registers; inlined into the row loops it ran up to 14% slower
// (C7, measured in one process against the inlined build).
template <int R, int V>
__attribute__((noinline)) void dwconv_f32_block(int64_t taps, const int64_t* tap_offsets,
                                                const float* w, const float* base,
                                                int64_t row_stride, float init, float* out,
                                                int64_t out_stride, int64_t n_valid) {
  Vec acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = Vec(init);
  for (int64_t t = 0; t < taps; ++t) {
    const float* b = base + tap_offsets[t];
    const Vec wt(w[t]);
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v)
        acc[r][v] = madd(wt, Vec::load_unaligned(b + r * row_stride + v * kLanes), acc[r][v]);
  }
  for (int r = 0; r < R; ++r) store_tile_row<V>(acc[r], out + r * out_stride, n_valid);
}

// One full tile of R rows of V vectors (dwconv_f32_block without the partial store),
// inlined into dwconv_f32_tiles.
template <int R, int V>
__attribute__((always_inline)) inline void dwconv_f32_full_tile(int64_t taps,
                                                                const int64_t* tap_offsets,
                                                                const float* w, const float* base,
                                                                int64_t row_stride, float init,
                                                                float* out, int64_t out_stride) {
  Vec acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = Vec(init);
      // Rolled: V8 unrolls this loop by two itself; clang's unrolling on top of that spilled
      // more accumulators (C6 3-4% and C1 1-2% slower, measured with bench/conv_bench).
#if defined(__clang__)
#pragma clang loop unroll(disable)
#endif
  for (int64_t t = 0; t < taps; ++t) {
    const float* b = base + tap_offsets[t];
    const Vec wt(w[t]);
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v)
        acc[r][v] = madd(wt, Vec::load_unaligned(b + r * row_stride + v * kLanes), acc[r][v]);
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v].store_unaligned(out + r * out_stride + v * kLanes);
}

// All full 4-vector tiles of R rows of `out_w` outputs, then one full 2-vector tile if
// that much is left (C6: 3 tiles of 16 and one of 8), in one call: with 3x3 filters a
// call per tile added 5-10% to C1 and C6. kTaps > 0 fixes the tap count at compile time;
// 0 takes `taps`. Returns the outputs done.
template <int R, int kTaps>
__attribute__((noinline)) int64_t dwconv_f32_tiles(int64_t taps, const int64_t* tap_offsets,
                                                   const float* w, const float* base,
                                                   int64_t row_stride, float init, float* out,
                                                   int64_t out_stride, int64_t out_w) {
  if (kTaps > 0) taps = kTaps;
  int64_t ow = 0;
  for (; ow + 4 * kLanes <= out_w; ow += 4 * kLanes) {
    dwconv_f32_full_tile<R, 4>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow,
                               out_stride);
  }
  if (ow + 2 * kLanes <= out_w) {
    dwconv_f32_full_tile<R, 2>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow,
                               out_stride);
    ow += 2 * kLanes;
  }
  return ow;
}

inline void dwconv_f32_4v(int64_t taps, const int64_t* tap_offsets, const float* w,
                          const float* base, float init, float* out, int64_t n_valid) {
  dwconv_f32_block<1, 4>(taps, tap_offsets, w, base, 0, init, out, 0, n_valid);
}

// R output rows of `out_w` outputs: 4-vector tiles, then a 2- or 1-vector tile for what
// is left (a partial last tile stores only its valid outputs).
template <int R>
inline void dwconv_f32_rows(int64_t taps, const int64_t* tap_offsets, const float* w,
                            const float* base, int64_t row_stride, float init, float* out,
                            int64_t out_stride, int64_t out_w) {
  // 3x3 filters take the one-call tile loop; longer tap lists (C7's 49) measured 3% slower
  // there, so they keep a call per tile.
  int64_t ow = 0;
  if (taps == 9) {
    ow = dwconv_f32_tiles<R, 9>(taps, tap_offsets, w, base, row_stride, init, out, out_stride,
                                out_w);
  } else {
    for (; ow + 4 * kLanes <= out_w; ow += 4 * kLanes) {
      dwconv_f32_block<R, 4>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow,
                             out_stride, 4 * kLanes);
    }
  }
  const int64_t left = out_w - ow;
  if (left > 2 * kLanes) {
    dwconv_f32_block<R, 4>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride,
                           left);
  } else if (left > kLanes) {
    dwconv_f32_block<R, 2>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride,
                           left);
  } else if (left > 0) {
    dwconv_f32_block<R, 1>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride,
                           left);
  }
}

}  // namespace wasmconv::kernels
