// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The microkernels of 3x3 filters with stride 2 and dilation 1 (the downsampling depthwise
// layer of MobileNet and EfficientNet), per channel, reading the input rows in place and
// taking every other column apart in registers (dwconv_3x3s2.h is the driver):
//
//   out[x] = init + sum_{i, t < 3} w[3i + t] * row_i[2x + t - pad_left]
//
// Output x's tap t reads input column 2x + c_t, c_t = t - pad_left, so a vector of outputs
// x .. x + L - 1 (L = kLanes) reads every other column for each tap. With a = -pad_left
// rounded down to an even number (0 for pad_left 0, -2 for 1 and 2), the 2L + 2 columns
// from 2x + a hold all three taps' columns, as two pairs of vectors
//   A = columns [2x + a, 2x + a + 2L),   B = columns [2x + a + 2, 2x + a + 2L + 2),
// and tap t is the even or the odd lanes (vec.h) of A or of B, by d_t = c_t - a:
//   pad_left 0 and 2 (d = 0, 1, 2): even(A), odd(A), even(B);
//   pad_left 1       (d = 1, 2, 3): odd(A), even(B), odd(B).
// So every input row costs 4 loads and 3 shuffles per vector of outputs, and no copy.
//
// Two output rows per block read five input rows, the middle one feeding both (kernel row
// 2 of the first, row 0 of the second), with the nine weights in registers. The cost model,
// per two output vectors (2 x kLanes outputs):
//   in registers (this kernel):   20 loads, 15 shuffles, 18 multiply-adds, 2 stores;
//   rows split into phases first: 23 loads,  8 shuffles, 18 multiply-adds, 10 stores
//     (each new input row deinterleaved once into a small ring of even / odd phase rows,
//     whose taps E[x], O[x], E[x + 1] are then plain unaligned loads);
//   the row ring of dwconv_rows.h (the path before this one): the same phase rows, each
//     padded row copied whole first and split by a loop that compiles to scalar loads and
//     lane inserts, then a tap-table microkernel: 18 loads per two output vectors (no
//     loaded row shared by two output rows), plus a tap offset load and a weight broadcast
//     per tap and tile of 8 vectors.
// The multiply-adds bound all three at 9 cycles on two FMA (or multiply and add) ports. On
// this project's machine (AMD Zen 5) the 15 shuffles issue beside them within those 9
// cycles, while the phase split adds its stores and a second pass over every row; a core
// with a single shuffle port (Intel cores up to Skylake) would spend 15 cycles on them,
// about even with the split's 9 + 8 store cycles (a model; not measured here).
//
// Measured in one process, call by call, against those alternatives (2026-12-06, the
// project's 2-core AMD EPYC (Zen 5) machine, Node 20, the four MobileNetV2 stride-2 layers
// 96x112x112, 144x56x56, 192x28x28 and 576x14x14, kernel time alone, medians of 40-60
// paired rounds): the row ring took 0.82-1.4, 0.40-0.44, 0.21-0.24 and 0.27-0.36 ms; the
// phase split with the weights in registers 0.36-0.39, 0.13-0.17, 0.066-0.070 and
// 0.065-0.077 ms (2.5-4.3x faster; with the weights loaded at each use up to 18% slower
// still); this kernel 0.31-0.37, 0.11-0.14, 0.042-0.049 and 0.044-0.051 ms (2.7-6.9x the
// ring, both wasm builds). Three or four output rows per block (7 or 9 input rows per
// block, fewer loads and shuffles per output) were 5-16% and 7-24% slower than two: V8
// spills the extra accumulators.
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/dwconv_3x3_microkernel.h"
#include "kernels/vec.h"

namespace wasmconv::kernels {

// a, the first column that the vector of outputs from 0 reads.
constexpr int64_t dw3x3s2_first_column(int64_t pad_left) { return pad_left == 0 ? 0 : -2; }

// The three tap vectors of one input row, p pointing at column 2x + a (see above).
template <int kPadLeft>
__attribute__((always_inline)) inline void dw3x3s2_taps(const float* p, Vec* t) {
  const Vec a0 = Vec::load_unaligned(p);
  const Vec a1 = Vec::load_unaligned(p + kLanes);
  const Vec b0 = Vec::load_unaligned(p + 2);
  const Vec b1 = Vec::load_unaligned(p + 2 + kLanes);
  if (kPadLeft == 1) {
    t[0] = odd_lanes(a0, a1);
    t[1] = even_lanes(b0, b1);
    t[2] = odd_lanes(b0, b1);
  } else {
    t[0] = even_lanes(a0, a1);
    t[1] = odd_lanes(a0, a1);
    t[2] = even_lanes(b0, b1);
  }
}

// How dw3x3s2_vector treats the taps' lanes: kNone reads them as they are; kFirstVector
// zeroes lane 0 of the taps that read column -1 or -2 (tap 0 for pad_left 1, taps 0 and 1
// for pad_left 2: lane 0 is output 0); kMasked keeps lanes [lo[t], hi[t]) of tap t and
// zeroes the others.
enum class Dw3x3s2Edge { kNone, kFirstVector, kMasked };

// One vector of R output rows: acc[o] = init + sum_{i, t} w[3i + t] * tap t of row p[2o + i].
template <int R, int kPadLeft, Dw3x3s2Edge kEdge = Dw3x3s2Edge::kNone, typename Weights>
__attribute__((always_inline)) inline void dw3x3s2_vector(Weights w, const float* const* p,
                                                          float init, Vec* acc,
                                                          const int* lo = nullptr,
                                                          const int* hi = nullptr) {
  for (int o = 0; o < R; ++o) acc[o] = Vec(init);
  for (int r = 0; r < 2 * R + 1; ++r) {
    Vec t[3];
    dw3x3s2_taps<kPadLeft>(p[r], t);
    if (kEdge == Dw3x3s2Edge::kFirstVector) {
      t[0] = zero_lanes_before(t[0], 1);
      if (kPadLeft == 2) t[1] = zero_lanes_before(t[1], 1);
    }
    if (kEdge == Dw3x3s2Edge::kMasked) {
      for (int k = 0; k < 3; ++k) t[k] = zero_lanes_from(zero_lanes_before(t[k], lo[k]), hi[k]);
    }
    for (int o = 0; o < R; ++o) {
      const int i = r - 2 * o;  // the kernel row that input row r is for output row o
      if (i < 0 || i > 2) continue;
      acc[o] = madd(dw3x3_weight(w, 3 * i), t[0], acc[o]);
      acc[o] = madd(dw3x3_weight(w, 3 * i + 1), t[1], acc[o]);
      acc[o] = madd(dw3x3_weight(w, 3 * i + 2), t[2], acc[o]);
    }
  }
}

// One output plane's geometry for the kernels below. Input row h of the plane (padded
// coordinates: h - pad_top is the image row) is `rows` + (h - pad_top) * in_w, or `zero`
// outside the image; reads around a row are in bounds when they fall in [begin, end) (the
// input tensor), or in the zero row, which has 2 * kLanes + 4 zeros on each side.
struct Dw3x3s2Plane {
  const float* w_splat;  // the nine weights, splat (splat_3x3_weights)
  float init;            // bias
  const float* rows;     // the plane's first image row
  const float* zero;     // a row of zeros
  const float* begin;    // the input tensor
  const float* end;
  int64_t in_h, in_w, pad_top, pad_left;
  bool first_in_place;  // the plane's first image row can be read from 2 floats before it
  float* out;           // the output plane
  int64_t out_h, out_w;
};

inline constexpr int64_t kDw3x3s2ZeroMargin = 2 * kLanes + 4;

// True when the n floats from row + first lie in the input tensor (compared as addresses:
// row + first may point before the tensor, and C++ pointers may not).
inline bool dw3x3s2_readable(const Dw3x3s2Plane& g, const float* row, int64_t first, int64_t n) {
  const auto at = [](const float* p) {
    return static_cast<int64_t>(reinterpret_cast<uintptr_t>(p));
  };
  const int64_t lo = at(row) + first * static_cast<int64_t>(sizeof(float));
  return lo >= at(g.begin) && lo + n * static_cast<int64_t>(sizeof(float)) <= at(g.end);
}

// The vector of outputs x .. x + n - 1 (n = min(kLanes, out_w - x)) of R rows that reaches
// past a row's ends: its taps' lanes outside the image columns are zeroed. Rows are read in
// place when the 2 * kLanes + 2 floats from column 2x + a are in bounds (see
// Dw3x3s2Plane), else from a zero-padded copy of those columns.
template <int R, int kPadLeft>
__attribute__((noinline)) void dw3x3s2_edge_vector(const Dw3x3s2Plane& g, const float* const* rows,
                                                   float* out, int64_t x) {
  constexpr int64_t kSpan = 2 * kLanes + 2;
  constexpr int64_t a = dw3x3s2_first_column(kPadLeft);
  const int64_t first = 2 * x + a;  // the first column read
  alignas(64) float copy[2 * R + 1][kSpan];
  const float* p[2 * R + 1];
  for (int r = 0; r < 2 * R + 1; ++r) {
    const float* row = rows[r];
    if (row == g.zero || dw3x3s2_readable(g, row, first, kSpan)) {
      p[r] = row + first;
      continue;
    }
    for (int64_t k = 0; k < kSpan; ++k) {
      const int64_t col = first + k;
      copy[r][k] = col >= 0 && col < g.in_w ? row[col] : 0.0f;
    }
    p[r] = copy[r];
  }
  // Tap t's lane l reads column 2(x + l) + t - pad_left: kept for columns in [0, in_w).
  int lo[3], hi[3];
  for (int t = 0; t < 3; ++t) {
    const int64_t c = 2 * x + t - kPadLeft;  // lane 0's column
    lo[t] = c >= 0 ? 0 : static_cast<int>(std::min<int64_t>(kLanes, (1 - c) / 2));
    const int64_t last = g.in_w - 1 - c;  // lane l is inside while 2l <= last
    hi[t] = last < 0 ? 0 : static_cast<int>(std::min<int64_t>(kLanes, last / 2 + 1));
  }
  Vec acc[R];
  dw3x3s2_vector<R, kPadLeft, Dw3x3s2Edge::kMasked>(g.w_splat, p, g.init, acc, lo, hi);
  dw3x3_store<R>(acc, out + x, g.out_w, std::min<int64_t>(kLanes, g.out_w - x));
}

// The vectors of an output row step by kLanes from x = 0, the last one ending at out_w and
// overlapping its neighbour (recomputing a few outputs costs less than a partial store).
// Each is computed in place from the rows or, where its reads would leave a row, through
// dw3x3s2_edge_vector. Which vectors are which is the same in every block of rows:
// - the first, when pad_left > 0 (a = -2), reads columns -2 and -1: in place with its lane
//   0 masked (Dw3x3s2Edge::kFirstVector) when it reaches no further than the row's end and
//   the floats before each row are readable, which they are in every block but the first
//   of the input tensor (first_in_place);
// - then the vectors whose 2 * kLanes + 2 columns from 2x + a lie in the row, in place and
//   unmasked, up to x = interior_end;
// - the others, from interior_end to out_w (every one in rows narrower than a vector),
//   are edge vectors.
struct Dw3x3s2Columns {
  bool first_fits;       // the first vector, pad_left > 0, reads no further than the row
  int64_t interior_end;  // where the unmasked in-place vectors stop
};

inline Dw3x3s2Columns dw3x3s2_columns(int64_t in_w, int64_t out_w, int64_t a) {
  Dw3x3s2Columns c{a + 2 * kLanes + 2 <= in_w, 0};
  if (out_w < kLanes || (a < 0 && !c.first_fits)) return c;
  int64_t x = a < 0 ? kLanes : 0;
  while (x < out_w) {
    const int64_t xv = std::min(x, out_w - kLanes);
    if (2 * xv + a + 2 * kLanes + 2 > in_w) break;
    x = xv + kLanes;
  }
  c.interior_end = std::min(x, out_w);
  return c;
}

// The rows of the block of R output rows from oh (rows[r] is padded row 2oh + r).
template <int R>
__attribute__((always_inline)) inline void dw3x3s2_block_rows(const Dw3x3s2Plane& g, int64_t oh,
                                                              const float** rows) {
  const int64_t ih0 = 2 * oh - g.pad_top;
  const float* const row0 = g.rows + ih0 * g.in_w;
  for (int r = 0; r < 2 * R + 1; ++r) {
    const bool inside = static_cast<uint64_t>(ih0 + r) < static_cast<uint64_t>(g.in_h);
    rows[r] = inside ? row0 + r * g.in_w : g.zero;
  }
}

// The in-place vectors of the block of R output rows from oh.
template <int R, int kPadLeft>
__attribute__((always_inline)) inline void dw3x3s2_block(const Dw3x3s2Plane& g,
                                                         const Dw3x3s2Columns& c, const Vec* w,
                                                         int64_t oh) {
  // What the loops read is copied into locals: the vector stores may alias any memory
  // (xsimd stores through the SSE intrinsics' may_alias type), and V8's code reloaded the
  // fields read through `g` and an escaping row table after every store.
  constexpr int64_t a = dw3x3s2_first_column(kPadLeft);
  const float init = g.init;
  const int64_t out_w = g.out_w, end = c.interior_end;
  const float* rows[2 * R + 1];
  dw3x3s2_block_rows<R>(g, oh, rows);
  float* out = g.out + oh * out_w;
  const float* p[2 * R + 1];
  Vec acc[R];
  int64_t x = 0;
  if (a < 0 && end > 0) {
    if (oh > 0 || g.first_in_place) {
      for (int r = 0; r < 2 * R + 1; ++r) p[r] = rows[r] + a;
      dw3x3s2_vector<R, kPadLeft, Dw3x3s2Edge::kFirstVector>(w, p, init, acc);
      for (int o = 0; o < R; ++o) acc[o].store_unaligned(out + o * out_w);
    }
    x = kLanes;
  }
  while (x < end) {
    const int64_t xv = std::min(x, out_w - kLanes);
    for (int r = 0; r < 2 * R + 1; ++r) p[r] = rows[r] + 2 * xv + a;
    dw3x3s2_vector<R, kPadLeft>(w, p, init, acc);
    for (int o = 0; o < R; ++o) acc[o].store_unaligned(out + o * out_w + xv);
    x = xv + kLanes;
  }
}

// The edge vectors of the block of R output rows from oh.
template <int R, int kPadLeft>
__attribute__((always_inline)) inline void dw3x3s2_block_edges(const Dw3x3s2Plane& g,
                                                               const Dw3x3s2Columns& c,
                                                               int64_t oh) {
  constexpr int64_t a = dw3x3s2_first_column(kPadLeft);
  const float* rows[2 * R + 1];
  dw3x3s2_block_rows<R>(g, oh, rows);
  float* out = g.out + oh * g.out_w;
  // An output row at a time (rows 2o .. 2o + 2 for row o: the same sums as R rows at once):
  // edge vectors are a few per row, and one instance per padding instead of one per R and
  // padding keeps 7 KB out of the .wasm (docs/performance.md, "Kernel == stride transposed
  // convolutions on channels-last data").
  auto edge = [&](int64_t x) {
    for (int o = 0; o < R; ++o)
      dw3x3s2_edge_vector<1, kPadLeft>(g, rows + 2 * o, out + o * g.out_w, x);
  };
  if (a < 0 && c.interior_end > 0 && oh == 0 && !g.first_in_place) edge(0);
  for (int64_t x = c.interior_end; x < g.out_w;) {
    const int64_t xv = std::max<int64_t>(0, std::min(x, g.out_w - kLanes));
    edge(xv);
    x = xv + kLanes;
  }
}

// One output plane's in-place vectors, two rows per block (the last alone when out_h is
// odd), the nine weights loaded once into registers. The edge vectors are left to
// dwconv_f32_3x3s2_plane_edges, so that this function's loops make no calls (V8 saves
// every vector register around one): with the edge calls in the blocks, the four
// MobileNetV2 layers ran 6-13% slower (paired, both builds).
template <int kPadLeft>
__attribute__((noinline)) void dwconv_f32_3x3s2_plane(const Dw3x3s2Plane& g,
                                                      const Dw3x3s2Columns& c) {
  Vec w[9];
  for (int k = 0; k < 9; ++k) w[k] = Vec::load_unaligned(g.w_splat + k * kLanes);
  int64_t oh = 0;
  for (; oh + 2 <= g.out_h; oh += 2) dw3x3s2_block<2, kPadLeft>(g, c, w, oh);
  if (oh < g.out_h) dw3x3s2_block<1, kPadLeft>(g, c, w, oh);
}

// True when a plane has edge vectors (the same in every block but the tensor's first).
inline bool dw3x3s2_has_edges(const Dw3x3s2Plane& g, const Dw3x3s2Columns& c) {
  const bool first_edge = g.pad_left > 0 && c.interior_end > 0 && !g.first_in_place;
  return first_edge || c.interior_end < g.out_w;
}

template <int kPadLeft>
__attribute__((noinline)) void dwconv_f32_3x3s2_plane_edges(const Dw3x3s2Plane& g,
                                                            const Dw3x3s2Columns& c) {
  int64_t oh = 0;
  for (; oh + 2 <= g.out_h; oh += 2) dw3x3s2_block_edges<2, kPadLeft>(g, c, oh);
  if (oh < g.out_h) dw3x3s2_block_edges<1, kPadLeft>(g, c, oh);
}

}  // namespace wasmconv::kernels
