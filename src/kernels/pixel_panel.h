// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Gathered pixel panels: the GEMM microkernel (igemm_microkernel.h) over the outputs of a
// small image taken as one run of pixels rather than row by row.
//
// The GEMM paths tile each output row in kTileN pixels, so a row of w outputs fills
// w / round_up(w, kTileN) of the microkernel's lanes: 4 of 8 on DCGAN's 4x4 stride-2
// transposed layer (each of its phases is a 4x4 image), 11 of 16 on an 11x11 output. A
// PixelPanel numbers the outputs of a rows x cols grid p = r * cols + c and gathers, for
// every tap t and channel, the input each output reads into one panel row of
// round_up(rows * cols, kTileN) floats: [tap][channel][pixel]. The microkernel reads it as
// a stride-1 image (tap offsets t * channels * row, channel stride row), every tile full but
// the last, and each tile's outputs go to their places through a tile buffer.
//
// Output (r, c) reads input row r * step_h + dh[t] and column c * step_w + dw[t] through
// tap t, read through the padding mode's border (zeros, reflect, replicate, circular).
// A convolution: steps = its strides, (dh, dw) = tap * dilation - pad_begin. One phase of
// a transposed convolution (conv_transpose_subpixel.h): steps 1, (dh, dw) = the phase's
// input offsets.
//
// It pays where the lanes it fills outweigh the gathering (pixel_panel_saving), and the
// panel is built once per image, before the tasks, which then split output channels only.
// Its size (im2col's: taps x channels x pixels) is bounded by kPixelPanelFloats, 1 MB, half
// of a 2 MB L2: every weight chunk reads the whole panel again. Measured (conv_bench, relaxed
// build, paired runs): a 363 -> 109 3x3 stride-2 layer with an 11x11 output fills 1.37x the
// lanes on its 1.6 MB panel and ran no faster (1.00x); ResNet-18's 128 -> 256 stride-2 layer
// (0.9 MB panel) 1.11x, a 134 -> 233 4x4 stride-2 one (0.34 MB) 1.14x, DCGAN's 512 -> 256
// transposed layer (0.5 MB) 1.77x.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmconv/params.h"

namespace wasmconv::kernels {

inline constexpr int64_t kPixelPanelFloats = 256 * 1024;

// Floats per (tap, channel) row of a panel of `pixels` outputs: whole pixel tiles.
int64_t pixel_panel_row(int64_t pixels);

struct PixelPanel {
  int64_t rows = 0, cols = 0;      // the output grid
  int64_t step_h = 1, step_w = 1;  // input rows / columns between neighbouring outputs
  std::vector<int64_t> dh, dw;     // per tap: the input row / column output (0, 0) reads

  int64_t taps() const { return static_cast<int64_t>(dh.size()); }
  int64_t pixels() const { return rows * cols; }
  // Floats per (tap, channel) row of the panel: the pixels rounded up to whole tiles.
  int64_t row() const { return pixel_panel_row(pixels()); }
  // The whole panel for `channels` channels.
  int64_t floats(int64_t channels) const { return taps() * channels * row(); }
};

// Multiply-adds a panel of a rows x cols output with `taps` taps saves over row-by-row
// tiles (idle lanes not computed, for `channels_per_group` input channels and
// `rows_per_group` microkernel rows, i.e. output channels rounded up to blocks, times
// `groups`) minus what gathering it costs, in multiply-adds. Positive: gather. (From the
// sizes alone, so that a planner builds a PixelPanel only when it takes one.)
double pixel_panel_saving(int64_t rows, int64_t cols, int64_t taps, int64_t channels_per_group,
                          int64_t rows_per_group, int64_t groups);

// Writes the panel for image `x` (channel c's plane at x + c * in_h * in_w; 2-D).
void gather_pixel_panel(const PixelPanel& pp, const float* x, int64_t channels, int64_t in_h,
                        int64_t in_w, PaddingMode mode, float* panel);

// Output-channel blocks b0 .. b1 - 1 of one group, whose first output channel is co0 and
// whose block b's packed weights are at w_group + b * taps * cig * kIgemmMR (the GEMM
// paths' packing), reading the panel's channels from `first` on (of `channels`); output
// pixel (r, c) of channel co0 + j is y[j * plane + r * y_step_h + c * y_step_w].
void pixel_panel_gemm(const PixelPanel& pp, const float* panel, int64_t channels, int64_t first,
                      int64_t cig, const float* w_group, const float* bias, int64_t co0,
                      int64_t cog, int64_t b0, int64_t b1, float* y, int64_t plane,
                      int64_t y_step_h, int64_t y_step_w, std::vector<int64_t>* offsets);

}  // namespace wasmconv::kernels
