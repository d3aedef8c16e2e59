// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The microkernels of 3x3 filters with stride 1 and dilation 1 (the common depthwise
// layer and image filter), per channel, streaming along the rows one vector at a time:
// dw3x3_vector computes one vector of R output rows with the nine taps unrolled;
// dwconv_f32_3x3_padded runs it over padded rows (the row ring of dwconv_rows.h),
// dwconv_f32_3x3_direct and dwconv_f32_3x3_direct_blocks over the input rows in place
// (dwconv_3x3.h), with the padding columns at the rows' ends masked or copied.
//
// Against the tap-table tiles of dwconv_microkernel.h, measured with bench/conv_bench:
// over the row ring C6 8-10% faster; read in place, C6 (128x56x56) 0.47 -> 0.29 ms and
// C1 (3x512x512) 0.75 -> 0.53 ms.
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/vec.h"

namespace wasmconv::kernels {

// The nine weights w[0 .. 8] of a 3x3 filter as the pre-splat vectors the kernels below
// read: w_splat[k * kLanes + l] = w[k].
inline void splat_3x3_weights(const float* w, float* w_splat) {
  for (int k = 0; k < 9; ++k) Vec(w[k]).store_unaligned(w_splat + k * kLanes);
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

// Tap k's weight vector: read from the pre-splat array at each use (dw3x3_vector's callers
// on the edges and the row ring), or a vector already in a register (dw3x3_vector over
// Vec w[9], which dwconv_f32_3x3_direct_blocks loads once per call: with the fused
// multiply-add no product needs a register of its own, so nine weights, two accumulators
// and three input vectors fit V8's 15 xmm registers. Paired in one process (2026-12-06):
// C6, C1 and two larger depthwise layers 3-6% faster in the relaxed-SIMD build, unchanged
// in the plain SIMD build).
inline Vec dw3x3_weight(const float* w_splat, int k) {
  return Vec::load_unaligned(w_splat + k * kLanes);
}
inline Vec dw3x3_weight(const Vec* w, int k) { return w[k]; }

template <int R, Dw3x3Edge kEdge = Dw3x3Edge::kNone, typename Weights>
__attribute__((always_inline)) inline void dw3x3_vector(Weights w, const float* const* p,
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
      acc[o] = madd(dw3x3_weight(w, 3 * i), left, acc[o]);
      acc[o] = madd(dw3x3_weight(w, 3 * i + 1), mid, acc[o]);
      acc[o] = madd(dw3x3_weight(w, 3 * i + 2), right, acc[o]);
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
// kLanes - 1 floats past each row's last padded column (out_w + 1).
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
__attribute__((noinline)) void dw3x3_edge_vector(const float* w_splat, const float* const* rows,
                                                 float init, float* out, int64_t out_stride,
                                                 int64_t width, int64_t j) {
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
__attribute__((always_inline)) inline void dw3x3_edge_in_place(const float* w_splat,
                                                               const float* const* rows, float init,
                                                               float* out, int64_t out_stride,
                                                               int64_t width, int64_t j) {
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
// block (C6, 56-wide rows: 17% faster). The block body repeats dwconv_f32_3x3_direct's
// on purpose: the two sharing one always-inline body measured 4-5% slower on C6 and C1
// (bench/conv_bench, same process order, three runs).
__attribute__((noinline)) inline void dwconv_f32_3x3_direct_blocks(
    const float* w_splat, const float* base, int64_t row_stride, int64_t blocks, float init,
    float* out, int64_t out_stride, int64_t width) {
  const float* rows[4];
  const float* p[4];
  Vec w[9];
  for (int k = 0; k < 9; ++k) w[k] = Vec::load_unaligned(w_splat + k * kLanes);
  for (int64_t b = 0; b < blocks; ++b) {
    for (int r = 0; r < 4; ++r) rows[r] = base + (2 * b + r) * row_stride;
    float* o = out + 2 * b * out_stride;
    dw3x3_edge_in_place<2>(w_splat, rows, init, o, out_stride, width, 0);
    int64_t j = kLanes;
    for (; j + kLanes + 1 <= width; j += kLanes) {
      for (int r = 0; r < 4; ++r) p[r] = rows[r] + (j - 1);
      Vec acc[2];
      dw3x3_vector<2>(w, p, init, acc);
      acc[0].store_unaligned(o + j);
      acc[1].store_unaligned(o + out_stride + j);
    }
    for (; j < width; j += kLanes)
      dw3x3_edge_in_place<2>(w_splat, rows, init, o, out_stride, width, j);
  }
}

}  // namespace wasmconv::kernels
