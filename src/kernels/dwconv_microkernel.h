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
        acc[r][v] += wt * Vec::load_unaligned(b + r * row_stride + v * kLanes);
  }
  for (int r = 0; r < R; ++r) {
    float* o = out + r * out_stride;
    if (n_valid == V * kLanes) {
      for (int v = 0; v < V; ++v) acc[r][v].store_unaligned(o + v * kLanes);
    } else {
      alignas(16) float tmp[V * kLanes];
      for (int v = 0; v < V; ++v) acc[r][v].store_unaligned(tmp + v * kLanes);
      for (int64_t j = 0; j < n_valid; ++j) o[j] = tmp[j];
    }
  }
}

// One full tile of R rows of V vectors (dwconv_f32_block without the partial store),
// inlined into dwconv_f32_tiles.
template <int R, int V>
__attribute__((always_inline)) inline void dwconv_f32_full_tile(int64_t taps, const int64_t* tap_offsets,
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
      for (int v = 0; v < V; ++v) acc[r][v] += wt * Vec::load_unaligned(b + r * row_stride + v * kLanes);
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
    dwconv_f32_full_tile<R, 4>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride);
  }
  if (ow + 2 * kLanes <= out_w) {
    dwconv_f32_full_tile<R, 2>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride);
    ow += 2 * kLanes;
  }
  return ow;
}

// dw3x3_vector<R>: one vector of R output rows of a 3x3 filter (stride 1, dilation 1):
//
//   acc[o][l] = init + sum_{i, t < 3} w[3i + t] * p[o + i][l + t]   (o < R, l < kLanes)
//
// p[r] points at the left tap's column of the vector's first output in input row r
// (r < R + 2). Each input row is loaded at three offsets once and feeds every output row
// it reaches (kernel row r - o of output row o). The nine taps are unrolled, so there is
// no tap table, no tap loop and only R accumulators; the weights come as nine pre-splat
// vectors, read at fixed offsets (loading scalars and splatting, clang emitted load-splats
// for which V8 kept nine address registers, and reloaded them from the stack).
//
// kEdge = kFirstVector zeroes lane 0 of each row's left-tap vector and kLastVector the lanes
// from last_lane of its right-tap vector: the padding columns at the row's two ends,
// when p points into the row itself (columns -1 and `width` then hold neighbouring data).
enum class Dw3x3Edge { kNone, kFirstVector, kLastVector };

template <int R, Dw3x3Edge kEdge = Dw3x3Edge::kNone>
__attribute__((always_inline)) inline void dw3x3_vector(const float* w_splat, const float* const* p,
                                                        float init, Vec* acc, int last_lane = 0) {
  for (int o = 0; o < R; ++o) acc[o] = Vec(init);
  for (int r = 0; r < R + 2; ++r) {
    Vec left = Vec::load_unaligned(p[r]);
    const Vec mid = Vec::load_unaligned(p[r] + 1);
    Vec right = Vec::load_unaligned(p[r] + 2);
    if (kEdge == Dw3x3Edge::kFirstVector) left = zero_lanes_before(left, 1);
    if (kEdge == Dw3x3Edge::kLastVector) right = zero_lanes_from(right, last_lane);
    for (int o = 0; o < R; ++o) {
      const int i = r - o;  // the kernel row that input row r is for output row o
      if (i < 0 || i > 2) continue;
      acc[o] += Vec::load_unaligned(w_splat + (3 * i) * kLanes) * left;
      acc[o] += Vec::load_unaligned(w_splat + (3 * i + 1) * kLanes) * mid;
      acc[o] += Vec::load_unaligned(w_splat + (3 * i + 2) * kLanes) * right;
    }
  }
}

// Stores the first n (1 <= n <= kLanes) lanes of acc[o] at out + o * out_stride.
template <int R>
inline void dw3x3_store(const Vec* acc, float* out, int64_t out_stride, int64_t n) {
  for (int o = 0; o < R; ++o) {
    if (n == kLanes) {
      acc[o].store_unaligned(out + o * out_stride);
      continue;
    }
    alignas(64) float tmp[kLanes];
    acc[o].store_unaligned(tmp);
    for (int64_t k = 0; k < n; ++k) out[o * out_stride + k] = tmp[k];
  }
}

// dwconv_f32_3x3_padded<R>: R output rows of `out_w` outputs from padded rows `row_stride`
// apart starting at `base` (output j reads padded columns j .. j + 2). Reads up to
// kLanes + 1 floats past column out_w + 1 of each row.
template <int R>
__attribute__((noinline)) void dwconv_f32_3x3_padded(const float* w_splat, const float* base,
                                                     int64_t row_stride, float init, float* out,
                                                     int64_t out_stride, int64_t out_w) {
  const float* p[R + 2];
  Vec acc[R];
  for (int64_t j = 0; j < out_w; j += kLanes) {
    for (int r = 0; r < R + 2; ++r) p[r] = base + r * row_stride + j;
    dw3x3_vector<R>(w_splat, p, init, acc);
    dw3x3_store<R>(acc, out + j, out_stride, std::min<int64_t>(kLanes, out_w - j));
  }
}

// The vector of outputs j .. j + kLanes - 1 of dwconv_f32_3x3_direct that reaches a
// padding column: j = 0, or the last vector (j >= kLanes, n = width - j <= kLanes outputs).
// Each row's columns j - 1 .. j + kLanes go into a zeroed copy with whole-vector moves:
// row[0 .. kLanes) at copy offset 1 for the first; the row's last kLanes floats, which end
// at copy offset n, for the last (plus column j - 1 when n == kLanes). Needs width > kLanes.
template <int R>
__attribute__((noinline)) void dw3x3_edge_vector(const float* w_splat, const float* const* rows, float init,
                                                 float* out, int64_t out_stride, int64_t width, int64_t j) {
  alignas(64) float copy[R + 2][3 * kLanes];
  const float* p[R + 2];
  const int64_t n = std::min<int64_t>(kLanes, width - j);
  const Vec zero(0.0f);
  for (int r = 0; r < R + 2; ++r) {
    float* c = copy[r] + kLanes;  // c[k] = column j - 1 + k
    zero.store_unaligned(copy[r]);
    zero.store_unaligned(copy[r] + kLanes);
    zero.store_unaligned(copy[r] + 2 * kLanes);
    if (j == 0) {
      Vec::load_unaligned(rows[r]).store_unaligned(c + 1);
      c[kLanes + 1] = rows[r][kLanes];
    } else {
      Vec::load_unaligned(rows[r] + width - kLanes).store_unaligned(c + n + 1 - kLanes);
      if (n == kLanes) c[0] = rows[r][j - 1];
    }
    p[r] = c;
  }
  Vec acc[R];
  dw3x3_vector<R>(w_splat, p, init, acc);
  dw3x3_store<R>(acc, out + j, out_stride, n);
}

// The first or last vector of dwconv_f32_3x3_direct read in place, its padding columns
// masked (the rows' neighbouring floats, columns -1 and width .. width + kLanes - 1, must
// be readable).
template <int R>
__attribute__((always_inline)) inline void dw3x3_edge_in_place(const float* w_splat, const float* const* rows, float init,
                                                   float* out, int64_t out_stride, int64_t width, int64_t j) {
  const float* p[R + 2];
  for (int r = 0; r < R + 2; ++r) p[r] = rows[r] + (j - 1);
  Vec acc[R];
  const int64_t n = std::min<int64_t>(kLanes, width - j);
  if (j == 0) {
    dw3x3_vector<R, Dw3x3Edge::kFirstVector>(w_splat, p, init, acc);
  } else {
    // Output lane n - 1 is the row's last column: its right tap is the padding column.
    dw3x3_vector<R, Dw3x3Edge::kLastVector>(w_splat, p, init, acc, static_cast<int>(n - 1));
  }
  dw3x3_store<R>(acc, out + j, out_stride, n);
}

// dwconv_f32_3x3_direct<R>: R output rows of a 3x3 filter with one column of zero padding
// on each side, read straight from the input rows rows[0 .. R + 1] (each `width` floats;
// a row of zeros stands for a padding row). Output j reads columns j - 1 .. j + 1, so the
// vectors from j = kLanes while j + kLanes + 1 <= width load the rows in place. The first
// and the last vectors reach a padding column: when `over_read` says the floats around
// every row are readable (column -1 and kLanes past the end: inside the input tensor),
// they are read in place with the padding lanes masked, else from small padded copies.
// Copying every row into a padded buffer first cost C1 a quarter of its time, and copying
// the edges of each row for each block a tenth of C6's. Needs width > kLanes.
template <int R>
__attribute__((noinline)) void dwconv_f32_3x3_direct(const float* w_splat, const float* const* rows,
                                                     bool over_read, float init, float* out,
                                                     int64_t out_stride, int64_t width) {
  if (over_read) {
    dw3x3_edge_in_place<R>(w_splat, rows, init, out, out_stride, width, 0);
  } else {
    dw3x3_edge_vector<R>(w_splat, rows, init, out, out_stride, width, 0);
  }
  int64_t j = kLanes;
  const float* p[R + 2];
  for (; j + kLanes + 1 <= width; j += kLanes) {
    for (int r = 0; r < R + 2; ++r) p[r] = rows[r] + (j - 1);
    Vec acc[R];
    dw3x3_vector<R>(w_splat, p, init, acc);
    for (int o = 0; o < R; ++o) acc[o].store_unaligned(out + o * out_stride + j);
  }
  for (; j < width; j += kLanes) {
    if (over_read) {
      dw3x3_edge_in_place<R>(w_splat, rows, init, out, out_stride, width, j);
    } else {
      dw3x3_edge_vector<R>(w_splat, rows, init, out, out_stride, width, j);
    }
  }
}

// dwconv_f32_3x3_direct_blocks: `blocks` blocks of two output rows of
// dwconv_f32_3x3_direct over contiguous input rows `row_stride` apart, block b reading
// rows base + (2b + r) * row_stride (r < 4) and writing out + 2b * out_stride, with every
// row's surroundings readable: the interior of an image in one call instead of one per
// block (C6's 56-wide rows: 8% faster).
__attribute__((noinline)) inline void dwconv_f32_3x3_direct_blocks(const float* w_splat, const float* base,
                                                                   int64_t row_stride, int64_t blocks, float init,
                                                                   float* out, int64_t out_stride, int64_t width) {
  const float* rows[4];
  const float* p[4];
  for (int64_t b = 0; b < blocks; ++b) {
    for (int r = 0; r < 4; ++r) rows[r] = base + (2 * b + r) * row_stride;
    float* o = out + 2 * b * out_stride;
    dw3x3_edge_in_place<2>(w_splat, rows, init, o, out_stride, width, 0);
    int64_t j = kLanes;
    for (; j + kLanes + 1 <= width; j += kLanes) {
      for (int r = 0; r < 4; ++r) p[r] = rows[r] + (j - 1);
      Vec acc[2];
      dw3x3_vector<2>(w_splat, p, init, acc);
      acc[0].store_unaligned(o + j);
      acc[1].store_unaligned(o + out_stride + j);
    }
    for (; j < width; j += kLanes) dw3x3_edge_in_place<2>(w_splat, rows, init, o, out_stride, width, j);
  }
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
    ow = dwconv_f32_tiles<R, 9>(taps, tap_offsets, w, base, row_stride, init, out, out_stride, out_w);
  } else {
    for (; ow + 4 * kLanes <= out_w; ow += 4 * kLanes) {
      dwconv_f32_block<R, 4>(taps, tap_offsets, w, base + ow, row_stride, init, out + ow, out_stride,
                             4 * kLanes);
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
