// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Gathered pixel panels (pixel_panel.h).
#include "kernels/pixel_panel.h"

#include <algorithm>

#include "core/border.h"
#include "kernels/conv_igemm.h"  // kIgemmMR
#include "kernels/igemm_microkernel.h"
#include "kernels/row_ops.h"

namespace wasmconv::kernels {

int64_t pixel_panel_row(int64_t pixels) { return (pixels + kTileN - 1) / kTileN * kTileN; }

// A gathered float costs about as much as kGatherCost multiply-adds: a scalar load and
// store (~1 ns in the relaxed build) against the GEMM's ~25 multiply-adds per ns. With it, a
// panel pays when the idle lanes it saves, times the output channels (rounded up to blocks),
// exceed 16 per gathered float: e.g. an 11x11 output (11 of 16 lanes busy row by row) from
// 44 output channels on.
constexpr double kGatherCost = 16.0;

double pixel_panel_saving(int64_t rows, int64_t cols, int64_t taps, int64_t channels_per_group,
                          int64_t rows_per_group, int64_t groups) {
  const int64_t row_tiles = rows * pixel_panel_row(cols), panel_row = pixel_panel_row(rows * cols);
  const double k = static_cast<double>(taps * channels_per_group * groups);  // panel rows
  return static_cast<double>(row_tiles - panel_row) * k * static_cast<double>(rows_per_group) -
         kGatherCost * k * static_cast<double>(panel_row);
}

void gather_pixel_panel(const PixelPanel& pp, const float* x, int64_t channels, int64_t in_h,
                        int64_t in_w, PaddingMode mode, float* panel) {
  const int64_t row = pp.row(), sw = pp.step_w;
  float* dst = panel;
  for (int64_t t = 0; t < pp.taps(); ++t) {
    const int64_t dh = pp.dh[static_cast<size_t>(t)], dw = pp.dw[static_cast<size_t>(t)];
    // Columns c0 .. c1 - 1 read inside the input (c * sw + dw in [0, in_w)); the others
    // go through the border.
    const int64_t c0 = std::clamp<int64_t>((-dw + sw - 1) / sw, 0, pp.cols);
    const int64_t c1 = std::clamp<int64_t>((in_w - dw + sw - 1) / sw, c0, pp.cols);
    for (int64_t ch = 0; ch < channels; ++ch, dst += row) {
      const float* plane = x + ch * in_h * in_w;
      float* p = dst;
      for (int64_t r = 0; r < pp.rows; ++r, p += pp.cols) {
        const int64_t ih = border_index(r * pp.step_h + dh, in_h, mode);
        if (ih < 0) {
          std::fill(p, p + pp.cols, 0.0f);
          continue;
        }
        const float* src = plane + ih * in_w;
        auto border = [&](int64_t c) {
          const int64_t iw = border_index(c * sw + dw, in_w, mode);
          p[c] = iw < 0 ? 0.0f : src[iw];
        };
        for (int64_t c = 0; c < c0; ++c) border(c);
        // The inside run, sw apart.
        if (c1 > c0) copy_strided(src + c0 * sw + dw, sw, c1 - c0, in_w - (c0 * sw + dw), p + c0);
        for (int64_t c = c1; c < pp.cols; ++c) border(c);
      }
      std::fill(p, dst + row, 0.0f);
    }
  }
}

void pixel_panel_gemm(const PixelPanel& pp, const float* panel, int64_t channels, int64_t first,
                      int64_t cig, const float* w_group, const float* bias, int64_t co0,
                      int64_t cog, int64_t b0, int64_t b1, float* y, int64_t plane,
                      int64_t y_step_h, int64_t y_step_w, std::vector<int64_t>* offsets) {
  const int64_t row = pp.row(), pixels = pp.pixels(), taps = pp.taps();
  offsets->resize(static_cast<size_t>(taps));
  for (int64_t t = 0; t < taps; ++t) (*offsets)[static_cast<size_t>(t)] = t * channels * row;
  const float* base = panel + first * row;
  float discard[kIgemmMR][kTileN];
  alignas(16) float tile[kIgemmMR][kTileN];
  for (int64_t p0 = 0; p0 < pixels; p0 += kTileN) {
    const int64_t n_valid = std::min<int64_t>(kTileN, pixels - p0);
    for (int64_t b = b0; b < b1; ++b) {
      const int64_t valid = cog - b * kIgemmMR;
      float init[kIgemmMR];
      float* out[kIgemmMR];
      block_rows<kIgemmMR>(bias, co0 + b * kIgemmMR, valid, tile[0], kTileN, discard, init, out);
      igemm_f32_mrx2v<kIgemmMR>(taps, offsets->data(), cig, row,
                                w_group + b * taps * cig * kIgemmMR, base + p0, init, out, kTileN);
      for (int64_t m = 0; m < std::min<int64_t>(kIgemmMR, valid); ++m) {
        float* dst = y + (b * kIgemmMR + m) * plane;
        for (int64_t j = 0, p = p0; j < n_valid; ++j, ++p) {
          const int64_t r = p / pp.cols;
          dst[r * y_step_h + (p - r * pp.cols) * y_step_w] = tile[m][j];
        }
      }
    }
  }
}

}  // namespace wasmconv::kernels
