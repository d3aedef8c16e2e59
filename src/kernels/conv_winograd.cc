// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Winograd F(m x m, 3 x 3) convolution (conv_winograd.h).
#include "kernels/conv_winograd.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/row_ops.h"
#include "kernels/winograd_matrices.h"

namespace wasmconv::kernels {
namespace {

constexpr int kM = 4;  // output tile; F(4x4, 3x3)
using W = Winograd<kM>;
constexpr int kA = W::kAlpha;
constexpr int kXi = kA * kA;
// Tiles per chunk (a task's share of the output, the N of its GEMMs): at most kChunkTiles,
// few enough for V and M to stay in cache-sized buffers; at least kMinChunkTiles, enough to
// fill the microkernel and to use each weight of U, which every chunk streams, 32 times.
constexpr int64_t kChunkTiles = 64;
constexpr int64_t kMinChunkTiles = kTileN > 32 ? kTileN : 32;
static_assert(kMinChunkTiles <= kChunkTiles, "a chunk holds at least one pixel tile");
// A run of at least kMinChunkJobs chunks runs a task per chunk; one of a single chunk (a
// small image with many channels: ResNet's 14x14 and 7x7 stages) runs its steps in passes,
// each split over the threads (see conv_winograd). Two chunks of whole tile rows cost the
// GEMM as many microkernel calls as one (R04's 7x7 tiles: 4 + 3 rows of 7, 32 lanes each
// on AVX-512), and one pass of the pool instead of three.
constexpr int64_t kMinChunkJobs = 2;
// Pieces of the input and of the output channels when a chunk's steps are split.
constexpr int64_t kStepPieces = 16;

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

// out = L * in and out = in * Rm^T for the constant matrices L and Rm (template arguments);
// T is float or Vec (one tile per lane). The sums are unrolled at compile time, so that zero
// coefficients vanish and coefficients of +-1 become plain adds whatever the compiler's
// unrolling limits (inside the larger task bodies of the threaded driver, GCC 12 stopped
// unrolling the loops that did this and compared every coefficient with zero at run time:
// C4 about 30% slower). Each element sums its terms in increasing k, starting from zero.

// Element (I, J) of L * in, in having KN rows: L[I][k] * in[k][J] over the nonzero L[I][k].
template <const auto& L, int I, int J, int K, int KN, class T, class In>
inline void left_terms(T& s, const In& in) {
  if constexpr (K < KN) {
    if constexpr (L[I][K] != 0) s += T(L[I][K]) * in[K][J];
    left_terms<L, I, J, K + 1, KN>(s, in);
  }
}
// Element (I, J) of in * Rm^T, in having KN columns: in[I][k] * Rm[J][k] over the nonzero
// Rm[J][k].
template <const auto& Rm, int I, int J, int K, int KN, class T, class In>
inline void right_terms(T& s, const In& in) {
  if constexpr (K < KN) {
    if constexpr (Rm[J][K] != 0) s += in[I][K] * T(Rm[J][K]);
    right_terms<Rm, I, J, K + 1, KN>(s, in);
  }
}
// Every element IJ = I * C + J of out (R x C).
template <const auto& L, int R, int K, int C, class T, size_t... IJ>
inline void left_multiply_at(const T (&in)[K][C], T (&out)[R][C], std::index_sequence<IJ...>) {
  ((out[IJ / C][IJ % C] =
        [&] {
          T s(0.0f);
          left_terms<L, static_cast<int>(IJ / C), static_cast<int>(IJ % C), 0, K>(s, in);
          return s;
        }()),
   ...);
}
template <const auto& Rm, int R, int K, int C, class T, size_t... IJ>
inline void right_multiply_at(const T (&in)[R][K], T (&out)[R][C], std::index_sequence<IJ...>) {
  ((out[IJ / C][IJ % C] =
        [&] {
          T s(0.0f);
          right_terms<Rm, static_cast<int>(IJ / C), static_cast<int>(IJ % C), 0, K>(s, in);
          return s;
        }()),
   ...);
}
// out (R x C) = L (R x K) * in (K x C).
template <const auto& L, int R, int K, int C, class T>
inline void left_multiply(const T (&in)[K][C], T (&out)[R][C]) {
  left_multiply_at<L, R, K, C, T>(in, out, std::make_index_sequence<R * C>());
}
// out (R x C) = in (R x K) * Rm^T, Rm being C x K.
template <const auto& Rm, int R, int K, int C, class T>
inline void right_multiply_transposed(const T (&in)[R][K], T (&out)[R][C]) {
  right_multiply_at<Rm, R, K, C, T>(in, out, std::make_index_sequence<R * C>());
}

// The geometry of the zero-padded image the tiles read: padding large enough for whole
// tiles on every sub-grid (sub-grid (a, b) reads padded rows a + d*(tile_row*m + i),
// i < alpha), stride 1.
ConvGeometry tile_padded_geometry(const ConvGeometry& g) {
  const int64_t d = g.dilation[1];
  ConvGeometry padded = g;
  for (int axis = 1; axis < 3; ++axis) {
    int64_t need = 0;
    for (int64_t a = 0; a < std::min(d, g.output[axis]); ++a) {
      const int64_t tiles = (phase_len(g.output[axis], d, a) + kM - 1) / kM;
      need = std::max(need, a + d * (tiles * kM + kA - 1) + 1);
    }
    const int64_t have = g.input[axis] + g.pad_begin[axis] + g.pad_end[axis];
    padded.pad_end[axis] += std::max<int64_t>(0, need - have);
    padded.stride[axis] = 1;
  }
  return padded;
}

// The tiles of one group in one output plane, in output-row order: tile row th (output rows
// d*m*th .. d*m*(th + 1) - 1, where the d x d sub-grids interleave), then sub-grid row sa,
// sub-grid column sb, tile column tw. Consecutive tiles write the same or neighbouring output
// rows, so tasks running at the same time (consecutive chunks) write different rows: chunks
// of one sub-grid at a time would write every d-th element of the same cache lines as the
// other sub-grids' (C4, dilation 2: 1.9 times the one-thread CPU time on two threads).
struct TileOrder {
  int64_t d = 1;
  std::vector<int64_t> rows, cols;  // tile rows of sub-grid row sa, tile columns of column sb
  std::vector<int64_t> col_start;   // first tile of sub-grid column sb within a sub-grid row
  std::vector<int64_t> row_start;   // first tile of tile row th
  int64_t total() const { return row_start.back(); }

  struct Tile {
    int64_t th, sa, sb, tw;
  };
  Tile tile(int64_t i) const {
    Tile t;
    t.th = std::upper_bound(row_start.begin(), row_start.end(), i) - row_start.begin() - 1;
    const int64_t j = i - row_start[static_cast<size_t>(t.th)], across = col_start.back();
    t.sa = j / across;
    const int64_t rem = j % across;
    t.sb = std::upper_bound(col_start.begin(), col_start.end(), rem) - col_start.begin() - 1;
    t.tw = rem - col_start[static_cast<size_t>(t.sb)];
    return t;
  }
};

TileOrder tile_order(const ConvGeometry& g) {
  TileOrder o;
  o.d = g.dilation[1];
  const int64_t out_h = g.output[1], out_w = g.output[2];
  for (int64_t sa = 0; sa < std::min(o.d, out_h); ++sa)
    o.rows.push_back((phase_len(out_h, o.d, sa) + kM - 1) / kM);
  o.col_start.push_back(0);
  for (int64_t sb = 0; sb < std::min(o.d, out_w); ++sb) {
    o.cols.push_back((phase_len(out_w, o.d, sb) + kM - 1) / kM);
    o.col_start.push_back(o.col_start.back() + o.cols.back());
  }
  // Sub-grid rows have as many tile rows as sub-grid 0 or one fewer (phase_len decreases).
  o.row_start.push_back(0);
  for (int64_t th = 0; th < o.rows[0]; ++th) {
    int64_t sub_rows = 0;
    for (int64_t r : o.rows) sub_rows += r > th ? 1 : 0;
    o.row_start.push_back(o.row_start.back() + sub_rows * o.col_start.back());
  }
  return o;
}

// The chunks of one (batch element, output plane, group): starts[k] .. starts[k + 1] - 1
// in tile order, at most `size` tiles, `count` over the run; `widest` the most tiles and
// `span` the most tile rows one chunk has.
struct ChunkSplit {
  int64_t size = kChunkTiles, count = 0, widest = 0, span = 0;
  std::vector<int64_t> starts;
  bool split_steps = false;
  int64_t per_plane() const { return static_cast<int64_t>(starts.size()) - 1; }
};

// Chunks of whole tile rows (as many as `size` holds; a row longer than `size` in pieces of
// `size`): tasks that run at the same time then write different output rows, where two
// chunks cut inside a tile row would both write the cache lines at the cut. (With 32-lane
// AVX-512 tiles, 2 rows of C2's 14 tiles take as many microkernel calls as 32 tiles.)
std::vector<int64_t> chunk_starts(const TileOrder& order, int64_t size) {
  std::vector<int64_t> starts{0};
  const int64_t rows = static_cast<int64_t>(order.row_start.size()) - 1;
  for (int64_t th = 0; th < rows;) {
    const int64_t first = order.row_start[static_cast<size_t>(th)];
    const int64_t row = order.row_start[static_cast<size_t>(th) + 1] - first;
    if (row >= size) {
      for (int64_t t = first + size; t < first + row; t += size) starts.push_back(t);
      starts.push_back(first + row);
      ++th;
      continue;
    }
    int64_t end = th + 1;
    while (end < rows && order.row_start[static_cast<size_t>(end) + 1] - first <= size) ++end;
    starts.push_back(order.row_start[static_cast<size_t>(end)]);
    th = end;
  }
  return starts;
}

// Chunks of whole tile rows, `k` of them, as even as the rows allow: the first R mod k
// chunks of the R rows one row longer than the others (the longer ones first, so that a
// pool handing tasks out in order ends on the short ones).
std::vector<int64_t> even_row_starts(const TileOrder& order, int64_t k) {
  const int64_t rows = static_cast<int64_t>(order.row_start.size()) - 1;
  std::vector<int64_t> starts{0};
  int64_t th = 0;
  for (int64_t j = 0; j < k; ++j) {
    th += rows / k + (j < rows % k ? 1 : 0);
    starts.push_back(order.row_start[static_cast<size_t>(th)]);
  }
  return starts;
}

// What a chunk costs beyond its tiles, in tile rows: its band's two halo rows built again
// and U streamed again. Measured: C2 (14 tile rows of 14 tiles) cut into 14 chunks instead
// of 7 took 5% longer on one thread, 1.4 tiles (0.1 of its rows) per extra chunk.
constexpr double kChunkCostRows = 0.1;

// The time, in tiles, that `threads` threads take for `planes` runs of the chunks `starts`
// when each takes the next task as it becomes free (thread_pool.h hands tasks out in order).
double chunks_makespan(const std::vector<int64_t>& starts, int64_t planes, int threads,
                       double chunk_cost) {
  std::vector<double> load(static_cast<size_t>(threads), 0.0);
  for (int64_t p = 0; p < planes; ++p)
    for (size_t k = 0; k + 1 < starts.size(); ++k) {
      *std::min_element(load.begin(), load.end()) +=
          static_cast<double>(starts[k + 1] - starts[k]) + chunk_cost;
    }
  return *std::max_element(load.begin(), load.end());
}

// `threads`: the pool the run will use. The cut above depends on the geometry alone; on a
// pool, where the chunks would leave threads idle at the end (C2's 7 chunks on 2 threads:
// 4 against 3), up to twice as many chunks of whole rows are tried and the one that the
// threads finish soonest is kept (C2 on 2 threads: 8 chunks, six of 2 rows and two of 1).
// Any cut gives every tile the same arithmetic, so the result does not change with it.
ChunkSplit chunk_split(const ConvGeometry& g, const TileOrder& order, int threads = 1) {
  ChunkSplit c;
  const int64_t planes = g.batch * g.output[0] * g.groups, tiles = order.total();
  // F(4x4, 3x3) does a quarter of the direct convolution's multiply-adds (36 products per 16
  // outputs instead of 144).
  const int64_t want = wanted_tasks(g.macs() / 4);
  c.size = std::clamp<int64_t>(((planes * tiles + want - 1) / want + kTileN - 1) / kTileN * kTileN,
                               kMinChunkTiles, kChunkTiles);
  c.starts = chunk_starts(order, c.size);
  c.split_steps = planes * c.per_plane() < kMinChunkJobs;
  if (c.split_steps) {
    c.size = kChunkTiles;
    c.starts = chunk_starts(order, c.size);
  }
  const int64_t rows = static_cast<int64_t>(order.row_start.size()) - 1;
  bool whole_rows = true;
  for (int64_t th = 0; th < rows; ++th) {
    whole_rows = whole_rows && order.row_start[static_cast<size_t>(th) + 1] -
                                       order.row_start[static_cast<size_t>(th)] <=
                                   c.size;
  }
  // Past 64 tasks a thread, the last task is under 2% of its share: not worth the search.
  if (!c.split_steps && threads > 1 && rows > 0 && whole_rows &&
      planes * c.per_plane() < 64 * threads) {
    const double cost = kChunkCostRows * static_cast<double>(order.row_start[1]);
    double best = chunks_makespan(c.starts, planes, threads, cost);
    for (int64_t k = c.per_plane() + 1; k <= std::min(rows, 2 * c.per_plane()); ++k) {
      std::vector<int64_t> starts = even_row_starts(order, k);
      const double time = chunks_makespan(starts, planes, threads, cost);
      if (time < best) {
        best = time;
        c.starts = std::move(starts);
      }
    }
  }
  c.count = planes * c.per_plane();
  for (int64_t k = 0; k < c.per_plane(); ++k) {
    const int64_t t0 = c.starts[static_cast<size_t>(k)], t1 = c.starts[static_cast<size_t>(k) + 1];
    c.widest = std::max(c.widest, t1 - t0);
    c.span = std::max(c.span, order.tile(t1 - 1).th - order.tile(t0).th + 1);
  }
  return c;
}

}  // namespace

bool all_finite(const float* p, int64_t n) {
  // x * 0 is 0 for finite x and NaN for Inf and NaN, so the sum stays 0 exactly when
  // every value is finite.
  const Vec zero(0.0f);
  Vec acc(0.0f);
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) acc += Vec::load_unaligned(p + i) * zero;
  alignas(16) float lanes[kLanes];
  acc.store_unaligned(lanes);
  float sum = 0;
  for (int j = 0; j < kLanes; ++j) sum += lanes[j];
  for (; i < n; ++i) sum += p[i] * 0.0f;
  return sum == 0.0f;
}

bool winograd_applies(const ConvGeometry& g) {
  return g.op == Op::kConv && g.kernel[0] == 1 && g.kernel[1] == 3 && g.kernel[2] == 3 &&
         g.stride[0] == 1 && g.stride[1] == 1 && g.stride[2] == 1 &&
         g.dilation[1] == g.dilation[2] && g.padding_mode == PaddingMode::kZeros;
}

bool winograd_channels_last_applies(const ConvGeometry& g) {
  return g.channels_last() && g.groups == 1;
}

int64_t winograd_packed_size(const ConvGeometry& g) {
  return g.groups * kXi * blocks_per_group(g) * g.in_channels_per_group() * kIgemmMR;
}

WASMCONV_SET_UP void pack_winograd_weights(const ConvGeometry& g, const float* w, float* packed) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t blocks = blocks_per_group(g);
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t co = 0; co < blocks * kIgemmMR; ++co)
      for (int64_t c = 0; c < cig; ++c) {
        float u[kA][kA] = {};
        if (co < cog) {
          const float* k = w + ((grp * cog + co) * cig + c) * 9;
          const float kernel[3][3] = {{k[0], k[1], k[2]}, {k[3], k[4], k[5]}, {k[6], k[7], k[8]}};
          float gk[kA][3];
          left_multiply<W::kG>(kernel, gk);
          right_multiply_transposed<W::kG>(gk, u);
        }
        // Layout [group][xi][block][c][MR].
        const int64_t b = co / kIgemmMR, m = co % kIgemmMR;
        for (int i = 0; i < kA; ++i)
          for (int j = 0; j < kA; ++j) {
            packed[(((grp * kXi + i * kA + j) * blocks + b) * cig + c) * kIgemmMR + m] = u[i][j];
          }
      }
}

WASMCONV_SET_UP WinogradTasks winograd_tasks(const ConvGeometry& g, int threads) {
  const ChunkSplit c = chunk_split(g, tile_order(g), threads);
  return {c.widest, c.per_plane(), c.split_steps};
}

int64_t winograd_band_tile_rows(const ConvGeometry& g) {
  return chunk_split(g, tile_order(g)).span;
}

Status conv_winograd(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                     float* y, Workspaces* threads) {
  const int64_t d = g.dilation[1];
  const ConvGeometry padded = tile_padded_geometry(g);
  const TileOrder order = tile_order(g);
  const ChunkSplit split = chunk_split(g, order, threads->threads());
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t blocks = blocks_per_group(g);
  const int64_t out_h = g.output[1], out_w = g.output[2];
  // Floats between channel rows of V and M: the widest chunk in whole pixel tiles, and one
  // more tile for the microkernel's over-reads.
  const int64_t tile_stride = (split.widest + kTileN - 1) / kTileN * kTileN + kTileN;
  const int64_t v_floats = kXi * cig * tile_stride;
  // A chunk's band: the padded rows of its tile rows, of its group's channels, as a layout
  // of (at most) that many rows (its channel stride depends on the rows).
  const PaddedImage full = padded_image_layout(padded);
  auto band_layout = [&](int64_t tile_rows) {
    PaddedImage b = full.slice(1, band_input_rows(tile_rows, d * kM, d * kA));
    b.channels = cig;
    return b;
  };
  const int64_t band_floats = band_layout(split.span).size();
  const int64_t zero_offset = 0;
  const float zeros[kIgemmMR] = {};

  // Chunk c: tiles t0 .. t0 + count - 1 of group grp in output plane od of batch element
  // n, spanning tile rows th0 .. (its band starts at padded row d*m*th0). Per tile (lanes
  // past `count` repeat the last one): where its patch starts in a channel of the band,
  // where its output block starts in an output plane, and how much of the block is inside.
  struct Chunk {
    int64_t n, od, grp, t0, count, th0, rows;
    PaddedImage layout;
    int64_t in_off[kChunkTiles + kLanes], out_at[kChunkTiles + kLanes];
    int rows_in[kChunkTiles + kLanes], cols_in[kChunkTiles + kLanes];
  };
  auto place = [&](int64_t c, Chunk& ch) {
    const int64_t plane = c / split.per_plane(), k = c % split.per_plane();
    ch.grp = plane % g.groups;
    ch.od = plane / g.groups % g.output[0];
    ch.n = plane / (g.groups * g.output[0]);
    ch.t0 = split.starts[static_cast<size_t>(k)];
    ch.count = split.starts[static_cast<size_t>(k) + 1] - ch.t0;
    ch.th0 = order.tile(ch.t0).th;
    ch.rows = order.tile(ch.t0 + ch.count - 1).th - ch.th0 + 1;
    ch.layout = band_layout(ch.rows);
    for (int64_t t = 0; t < ch.count + kLanes; ++t) {
      const TileOrder::Tile tile = order.tile(ch.t0 + std::min(t, ch.count - 1));
      ch.in_off[t] =
          (tile.sa + d * (tile.th - ch.th0) * kM) * ch.layout.row_len + tile.sb + d * tile.tw * kM;
      const int64_t row = tile.th * kM, col = tile.tw * kM;
      ch.out_at[t] = (tile.sa + d * row) * out_w + tile.sb + d * col;
      ch.rows_in[t] = static_cast<int>(std::min<int64_t>(kM, phase_len(out_h, d, tile.sa) - row));
      ch.cols_in[t] = static_cast<int>(std::min<int64_t>(kM, phase_len(out_w, d, tile.sb) - col));
    }
  };
  // Channels-last data read in place. (Channels-last data of other layers, grouped ones,
  // reaches the kernel transposed, its geometry still saying channels-last: the test is
  // the planner's, not data_layout alone.)
  const bool in_place = winograd_channels_last_applies(g);
  // The chunk's band of input channels c0 .. c1 - 1 of its group into `band`.
  auto fill = [&](const Chunk& ch, int64_t c0, int64_t c1, float* band) {
    PaddedImage part_layout = ch.layout;
    part_layout.channels = c1 - c0;
    if (in_place) {
      fill_padded_plane_channels_last(
          padded, part_layout, x + ch.n * g.input_spatial() * g.in_channels + ch.grp * cig + c0,
          g.in_channels, band + c0 * ch.layout.channel_stride, ch.od, d * kM * ch.th0,
          ch.layout.height);
      return;
    }
    ConvGeometry part = padded;
    part.in_channels = c1 - c0;
    fill_padded_plane(
        part, part_layout, x + (ch.n * g.in_channels + ch.grp * cig + c0) * g.input_spatial(),
        band + c0 * ch.layout.channel_stride, ch.od, 0, d * kM * ch.th0, ch.layout.height);
  };
  // 1. V[xi][c][t] = (B^T d B)[xi] for channels c0 .. c1 - 1, kLanes tiles at a time (one
  // per lane).
  auto transform_input = [&](const Chunk& ch, int64_t c0, int64_t c1, const float* band, float* v) {
    for (int64_t c = c0; c < c1; ++c) {
      const float* plane = band + c * ch.layout.channel_stride;
      for (int64_t t = 0; t < ch.count; t += kLanes) {
        Vec patch[kA][kA], tmp[kA][kA], vt[kA][kA];
        alignas(16) float lanes[kLanes];
        for (int i = 0; i < kA; ++i)
          for (int j = 0; j < kA; ++j) {
            const int64_t at = d * (i * ch.layout.row_len + j);
            for (int l = 0; l < kLanes; ++l) lanes[l] = plane[ch.in_off[t + l] + at];
            patch[i][j] = Vec::load_unaligned(lanes);
          }
        left_multiply<W::kBT>(patch, tmp);
        right_multiply_transposed<W::kBT>(tmp, vt);
        float* vc = v + c * tile_stride + t;
        for (int i = 0; i < kA; ++i)
          for (int j = 0; j < kA; ++j)
            vt[i][j].store_unaligned(vc + (i * kA + j) * cig * tile_stride);
      }
    }
  };
  // 2. M[xi] = U[xi] V[xi] for frequencies xi0 .. xi1 - 1 and blocks b0 .. b1 - 1: GEMMs of
  // (their output channels x C_in) by (C_in x tiles).
  const int64_t xi_stride = blocks * kIgemmMR * tile_stride;  // between frequencies of M
  auto multiply = [&](const Chunk& ch, int xi0, int xi1, int64_t b0, int64_t b1, const float* v,
                      float* prod) __attribute__((noinline)) {
    const float* u = packed + ch.grp * kXi * blocks * cig * kIgemmMR;
    for (int xi = xi0; xi < xi1; ++xi) {
      const float* vx = v + xi * cig * tile_stride;
      for (int64_t t = 0; t < ch.count; t += kTileN) {
        for (int64_t b = b0; b < b1; ++b) {
          float* out[kIgemmMR];
          for (int m = 0; m < kIgemmMR; ++m) {
            out[m] = prod + xi * xi_stride + (b * kIgemmMR + m) * tile_stride + t;
          }
          igemm_f32_mrx2v<kIgemmMR>(1, &zero_offset, cig, tile_stride,
                                    u + (xi * blocks + b) * cig * kIgemmMR, vx + t, zeros, out,
                                    kTileN);
        }
      }
    }
  };
  // 3. Y = A^T M A (+ bias) for the output channels of blocks b0 .. b1 - 1, kLanes tiles at
  // a time, clipped to the output.
  // Channels-last output: pixels g.out_channels floats apart, channel oc at offset oc.
  const int64_t px = in_place ? g.out_channels : 1;
  auto transform_output = [&](const Chunk& ch, int64_t b0, int64_t b1, const float* prod) {
    for (int64_t co = b0 * kIgemmMR; co < std::min(cog, b1 * kIgemmMR); ++co) {
      const int64_t oc = ch.grp * cog + co;
      const Vec bv(bias != nullptr ? bias[oc] : 0.0f);
      float* yc = in_place
                      ? y + (ch.n * g.output[0] + ch.od) * out_h * out_w * px + oc
                      : y + ((ch.n * g.out_channels + oc) * g.output[0] + ch.od) * out_h * out_w;
      const float* pc = prod + co * tile_stride;
      for (int64_t t = 0; t < ch.count; t += kLanes) {
        Vec mt[kA][kA], tmp[kM][kA], yt[kM][kM];
        for (int i = 0; i < kA; ++i)
          for (int j = 0; j < kA; ++j)
            mt[i][j] = Vec::load_unaligned(pc + (i * kA + j) * xi_stride + t);
        left_multiply<W::kAT>(mt, tmp);
        right_multiply_transposed<W::kAT>(tmp, yt);
        alignas(16) float lanes[kM][kM][kLanes];
        for (int i = 0; i < kM; ++i)
          for (int j = 0; j < kM; ++j) (yt[i][j] + bv).store_unaligned(lanes[i][j]);
        for (int l = 0; l < kLanes && t + l < ch.count; ++l) {
          for (int i = 0; i < ch.rows_in[t + l]; ++i) {
            float* row = yc + (ch.out_at[t + l] + i * d * out_w) * px;
            for (int j = 0; j < ch.cols_in[t + l]; ++j) row[d * j * px] = lanes[i][j][l];
          }
        }
      }
    }
  };

  TaskErrors errors;
  if (!split.split_steps) {
    // A task per chunk: its band, V and M in its own scratch, all in one pass of the pool.
    threads->parallel_for(split.count, [&](int64_t c, Workspace& ws) {
      const Status s = [&]() -> Status {
        WASMCONV_RETURN_IF_ERROR(ws.input.reserve(band_floats, "padded input"));
        WASMCONV_RETURN_IF_ERROR(ws.transformed.reserve(v_floats, "winograd input tiles"));
        WASMCONV_RETURN_IF_ERROR(
            ws.products.reserve(kXi * blocks * kIgemmMR * tile_stride, "winograd products"));
        Chunk ch;
        place(c, ch);
        fill(ch, 0, cig, ws.input.data());
        transform_input(ch, 0, cig, ws.input.data(), ws.transformed.data());
        multiply(ch, 0, kXi, 0, blocks, ws.transformed.data(), ws.products.data());
        transform_output(ch, 0, blocks, ws.products.data());
        return Status();
      }();
      errors.record(s);
    });
    return errors.take();
  }
  // Few chunks: each in three passes of the pool, through the caller's scratch: its band
  // and V by pieces of the input channels; the kXi GEMMs, one frequency a task (each reads
  // its U[xi] and V[xi] once: pieces of the output channels would each read all of V, and
  // R10's 512 channels make V 4.7 MB); the output transform by pieces of the output
  // channels.
  Workspace& caller = threads->caller();
  WASMCONV_RETURN_IF_ERROR(caller.input.reserve(band_floats, "padded input"));
  WASMCONV_RETURN_IF_ERROR(caller.transformed.reserve(v_floats, "winograd input tiles"));
  WASMCONV_RETURN_IF_ERROR(
      caller.products.reserve(kXi * blocks * kIgemmMR * tile_stride, "winograd products"));
  float* const band = caller.input.data();
  float* const v = caller.transformed.data();
  float* const prod = caller.products.data();
  const Pieces in_pieces = cut(cig, kStepPieces), out_pieces = cut(blocks, kStepPieces);
  auto chunk = std::make_unique<Chunk>();
  for (int64_t c = 0; c < split.count; ++c) {
    place(c, *chunk);
    const Chunk& ch = *chunk;
    threads->parallel_for(in_pieces.count, [&](int64_t i, Workspace&) {
      fill(ch, in_pieces.begin(i), in_pieces.end(i), band);
      transform_input(ch, in_pieces.begin(i), in_pieces.end(i), band, v);
    });
    threads->parallel_for(kXi, [&](int64_t xi, Workspace&) {
      multiply(ch, static_cast<int>(xi), static_cast<int>(xi) + 1, 0, blocks, v, prod);
    });
    threads->parallel_for(out_pieces.count, [&](int64_t i, Workspace&) {
      transform_output(ch, out_pieces.begin(i), out_pieces.end(i), prod);
    });
  }
  return Status();
}

}  // namespace wasmconv::kernels
