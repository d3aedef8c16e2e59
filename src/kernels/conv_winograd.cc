// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Winograd F(m x m, 3 x 3) convolution (conv_winograd.h).
#include "kernels/conv_winograd.h"

#include <algorithm>
#include <cmath>

#include "kernels/conv_igemm.h"
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
// Tiles per chunk: enough to fill the microkernel, few enough for V and M to stay in
// cache-sized buffers.
constexpr int64_t kChunkTiles = 64;

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

// out = L * in and out = in * R^T for small constant matrices; T is float or Vec (one tile
// per lane). Zero coefficients fold away once the loops are unrolled (the matrices are
// constexpr), and coefficients of +-1 become plain adds.
template <int R, int K, int C, class T>
inline void left_multiply(const float (&l)[R][K], const T (&in)[K][C], T (&out)[R][C]) {
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      T s(0.0f);
      for (int k = 0; k < K; ++k)
        if (l[i][k] != 0) s += T(l[i][k]) * in[k][j];
      out[i][j] = s;
    }
}
template <int R, int K, int C, class T>
inline void right_multiply_transposed(const T (&in)[R][K], const float (&r)[C][K], T (&out)[R][C]) {
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      T s(0.0f);
      for (int k = 0; k < K; ++k)
        if (r[j][k] != 0) s += in[i][k] * T(r[j][k]);
      out[i][j] = s;
    }
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

// Tile rows of sub-grid 0, the one with the most. Tile row th of every sub-grid reads
// padded rows d*m*th .. d*m*th + d*alpha - 1 (sub-grids interleave within them), so a band
// of `count` tile rows steps d*m rows and spans (count - 1)*d*m + d*alpha.
int64_t tile_rows(const ConvGeometry& g) {
  return (phase_len(g.output[1], g.dilation[1], 0) + kM - 1) / kM;
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

int64_t winograd_packed_size(const ConvGeometry& g) {
  return g.groups * kXi * blocks_per_group(g) * g.in_channels_per_group() * kIgemmMR;
}

void pack_winograd_weights(const ConvGeometry& g, const float* w, float* packed) {
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
          left_multiply(W::kG, kernel, gk);
          right_multiply_transposed(gk, W::kG, u);
        }
        // Layout [group][xi][block][c][MR].
        const int64_t b = co / kIgemmMR, m = co % kIgemmMR;
        for (int i = 0; i < kA; ++i)
          for (int j = 0; j < kA; ++j) {
            packed[(((grp * kXi + i * kA + j) * blocks + b) * cig + c) * kIgemmMR + m] = u[i][j];
          }
      }
}

int64_t winograd_band_tile_rows(const ConvGeometry& g) {
  const PaddedImage full = padded_image_layout(tile_padded_geometry(g));
  const int64_t all = tile_rows(g);
  const int64_t d = g.dilation[1];
  const int64_t row_bytes = g.in_channels * full.row_len * static_cast<int64_t>(sizeof(float));
  // A plane of up to 1 MiB padded is built whole: V and M (1.3 MB at 64 channels) fill L2
  // anyway, so bands give it no reuse, and their shared rows cost C2 1-3% (paired runs).
  constexpr int64_t kWholeImageBytes = 1024 * 1024;
  if (band_input_rows(all, d * kM, d * kA) * row_bytes <= kWholeImageBytes) return all;
  // Otherwise bands of kBandBytes, but of at least a chunk of tiles per sub-grid: every
  // chunk streams all of U, and bands of partial chunks would stream it more often.
  const int64_t tiles_w = (phase_len(g.output[2], d, 0) + kM - 1) / kM;
  const int64_t units = band_units(all, row_bytes, d * kM, d * kA);
  return std::min(all, std::max(units, (kChunkTiles + tiles_w - 1) / tiles_w));
}

Status conv_winograd(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                     float* y, Workspaces* threads) {
  Workspace* ws = &threads->caller();
  const int64_t d = g.dilation[1];
  const ConvGeometry padded = tile_padded_geometry(g);
  // The padded image is built one depth plane (the kernel's depth is 1, its stride 1: output
  // plane od reads padded plane od) and one band of tile rows at a time: the scratch is one
  // band, and the transforms read rows written a moment before.
  const int64_t band_tiles = winograd_band_tile_rows(g);
  const PaddedImage layout =
      padded_image_layout(padded).slice(1, band_input_rows(band_tiles, d * kM, d * kA));
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(layout.size(), "padded input"));

  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t blocks = blocks_per_group(g);
  const int64_t tile_stride = kChunkTiles + kTileN;  // floats between channel rows of V and M
  WASMCONV_RETURN_IF_ERROR(
      ws->transformed.reserve(kXi * cig * tile_stride, "winograd input tiles"));
  WASMCONV_RETURN_IF_ERROR(
      ws->products.reserve(kXi * blocks * kIgemmMR * tile_stride, "winograd products"));
  float* const v = ws->transformed.data();
  float* const prod = ws->products.data();
  const int64_t zero_offset = 0;
  const float zeros[kIgemmMR] = {};
  const int64_t out_h = g.output[1], out_w = g.output[2];

  // The fills below write rows only; the gaps between channels stay as zeroed here.
  zero_padded_gaps(layout, ws->input.data());
  const int64_t all_tile_rows = tile_rows(g);
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t od = 0; od < g.output[0]; ++od)
      for (int64_t th0 = 0; th0 < all_tile_rows; th0 += band_tiles) {
        const float* xn = x + n * g.in_channels * g.input_spatial();
        fill_padded_plane(padded, layout, xn, ws->input.data(), od, 0, d * kM * th0, layout.height);
        for (int64_t grp = 0; grp < g.groups; ++grp) {
          const float* image = ws->input.data() + grp * cig * layout.channel_stride;
          const float* u = packed + grp * kXi * blocks * cig * kIgemmMR;
          for (int64_t sa = 0; sa < std::min(d, out_h); ++sa)
            for (int64_t sb = 0; sb < std::min(d, out_w); ++sb) {
              const int64_t sub_h = phase_len(out_h, d, sa), sub_w = phase_len(out_w, d, sb);
              const int64_t tiles_w = (sub_w + kM - 1) / kM;
              // This band's tile rows of the sub-grid (it may have one fewer than sub-grid 0).
              const int64_t th1 = std::min(th0 + band_tiles, (sub_h + kM - 1) / kM);
              const int64_t tiles = std::max<int64_t>(0, th1 - th0) * tiles_w;
              for (int64_t t0 = 0; t0 < tiles; t0 += kChunkTiles) {
                const int64_t count = std::min(kChunkTiles, tiles - t0);
                // Where each tile's patch starts in a band's channel plane, and where its
                // output block starts in an output plane; lanes past `count` repeat the
                // last tile.
                int64_t in_off[kChunkTiles + kLanes], out_row[kChunkTiles + kLanes],
                    out_col[kChunkTiles + kLanes];
                for (int64_t t = 0; t < count + kLanes; ++t) {
                  const int64_t tt = t0 + std::min(t, count - 1);
                  const int64_t th = th0 + tt / tiles_w, tw = tt % tiles_w;
                  in_off[t] = (sa + d * (th - th0) * kM) * layout.row_len + sb + d * tw * kM;
                  out_row[t] = th * kM;
                  out_col[t] = tw * kM;
                }
                // 1. V[xi][c][t] = (B^T d B)[xi], kLanes tiles at a time (one per lane).
                for (int64_t c = 0; c < cig; ++c) {
                  const float* plane = image + c * layout.channel_stride;
                  for (int64_t t = 0; t < count; t += kLanes) {
                    Vec patch[kA][kA], tmp[kA][kA], vt[kA][kA];
                    alignas(16) float lanes[kLanes];
                    for (int i = 0; i < kA; ++i)
                      for (int j = 0; j < kA; ++j) {
                        const int64_t at = d * (i * layout.row_len + j);
                        for (int l = 0; l < kLanes; ++l) lanes[l] = plane[in_off[t + l] + at];
                        patch[i][j] = Vec::load_unaligned(lanes);
                      }
                    left_multiply(W::kBT, patch, tmp);
                    right_multiply_transposed(tmp, W::kBT, vt);
                    float* vc = v + c * tile_stride + t;
                    for (int i = 0; i < kA; ++i)
                      for (int j = 0; j < kA; ++j)
                        vt[i][j].store_unaligned(vc + (i * kA + j) * cig * tile_stride);
                  }
                }
                // 2. M[xi] = U[xi] V[xi]: kXi GEMMs of (C_out x C_in) by (C_in x tiles).
                for (int xi = 0; xi < kXi; ++xi) {
                  const float* vx = v + xi * cig * tile_stride;
                  for (int64_t t = 0; t < count; t += kTileN) {
                    for (int64_t b = 0; b < blocks; ++b) {
                      float* out[kIgemmMR];
                      for (int m = 0; m < kIgemmMR; ++m) {
                        out[m] = prod + ((xi * blocks + b) * kIgemmMR + m) * tile_stride + t;
                      }
                      igemm_f32_mrx2v<kIgemmMR>(1, &zero_offset, cig, tile_stride,
                                                u + (xi * blocks + b) * cig * kIgemmMR, vx + t,
                                                zeros, out, kTileN);
                    }
                  }
                }
                // 3. Y = A^T M A (+ bias), kLanes tiles at a time, clipped to the sub-grid.
                const int64_t xi_stride = blocks * kIgemmMR * tile_stride;
                for (int64_t co = 0; co < cog; ++co) {
                  const int64_t oc = grp * cog + co;
                  const Vec b(bias != nullptr ? bias[oc] : 0.0f);
                  float* yc = y + ((n * g.out_channels + oc) * g.output[0] + od) * out_h * out_w;
                  const float* pc = prod + co * tile_stride;
                  for (int64_t t = 0; t < count; t += kLanes) {
                    Vec mt[kA][kA], tmp[kM][kA], yt[kM][kM];
                    for (int i = 0; i < kA; ++i)
                      for (int j = 0; j < kA; ++j)
                        mt[i][j] = Vec::load_unaligned(pc + (i * kA + j) * xi_stride + t);
                    left_multiply(W::kAT, mt, tmp);
                    right_multiply_transposed(tmp, W::kAT, yt);
                    alignas(16) float lanes[kM][kM][kLanes];
                    for (int i = 0; i < kM; ++i)
                      for (int j = 0; j < kM; ++j) (yt[i][j] + b).store_unaligned(lanes[i][j]);
                    for (int l = 0; l < kLanes && t + l < count; ++l) {
                      const int64_t rows = std::min<int64_t>(kM, sub_h - out_row[t + l]);
                      const int64_t cols = std::min<int64_t>(kM, sub_w - out_col[t + l]);
                      for (int i = 0; i < rows; ++i) {
                        float* row =
                            yc + (sa + d * (out_row[t + l] + i)) * out_w + sb + d * out_col[t + l];
                        for (int j = 0; j < cols; ++j) row[d * j] = lanes[i][j][l];
                      }
                    }
                  }
                }
              }
            }
        }
      }
  return Status();
}

}  // namespace wasmconv::kernels
