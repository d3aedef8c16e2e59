// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution by indirect GEMM (conv_igemm.h).
#include "kernels/conv_igemm.h"

#include <algorithm>
#include <vector>

#include "kernels/conv_pointwise_strided.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"

namespace wasmconv::kernels {
namespace {

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

int64_t k_per_group(const ConvGeometry& g) {
  return g.in_channels_per_group() * g.kernel_spatial();
}

// Whether `channels` rows that are `stride` floats apart land on enough distinct L1 sets
// (64-byte lines, 4 KiB of sets: the L1 of current x86 and Arm cores) for a GEMM panel,
// which reads one line per channel, to stay in cache. Strides near a multiple of 4 KiB
// (a 32x32 or 64x64 image) do not: their panel is copied into a padded image instead.
bool channel_rows_spread(int64_t stride, int64_t channels) {
  constexpr int64_t kSets = 64, kLineBytes = 64;
  const int64_t rows = std::min<int64_t>(channels, kSets);
  bool seen[kSets] = {};
  int64_t distinct = 0;
  for (int64_t c = 0; c < rows; ++c) {
    const int64_t set = (c * stride * 4) % (kSets * kLineBytes) / kLineBytes;
    distinct += seen[set] ? 0 : 1;
    seen[set] = true;
  }
  return 2 * distinct >= rows;
}

// Padded rows that one output row reads: the kernel's dilated extent along H.
int64_t extent_h(const ConvGeometry& g) { return (g.kernel[1] - 1) * g.dilation[1] + 1; }

}  // namespace

int64_t igemm_band_cols(const ConvGeometry& g) {
  const PaddedImage full = padded_image_layout(g);
  if (full.depth != 1 || g.output[1] != 1) return g.output[2];
  // A column of the band: every channel's padded rows.
  const int64_t col_bytes = g.in_channels * full.height * static_cast<int64_t>(sizeof(float));
  const int64_t cols =
      band_units(g.output[2], col_bytes, g.stride[2], (g.kernel[2] - 1) * g.dilation[2] + 1);
  // Whole pixel tiles, so that no tile straddles two bands.
  return std::min(g.output[2], (cols + kTileN - 1) / kTileN * kTileN);
}

int64_t igemm_band_rows(const ConvGeometry& g) {
  const PaddedImage full = padded_image_layout(g);
  if (full.depth != 1) return g.output[1];
  const int64_t row_bytes = g.in_channels * full.row_len * static_cast<int64_t>(sizeof(float));
  return band_units(g.output[1], row_bytes, g.stride[1], extent_h(g));
}

int64_t igemm_packed_size(const ConvGeometry& g) {
  return g.groups * blocks_per_group(g) * k_per_group(g) * kIgemmMR;
}

void pack_igemm_weights(const ConvGeometry& g, const float* w, float* packed) {
  const int64_t cog = g.out_channels_per_group(), k_count = k_per_group(g);
  for (int64_t grp = 0; grp < g.groups; ++grp) {
    for (int64_t b = 0; b < blocks_per_group(g); ++b) {
      float* dst = packed + (grp * blocks_per_group(g) + b) * k_count * kIgemmMR;
      // Packed order is (tap, channel); conv weights are [C_out, C_in/groups, taps].
      const int64_t taps = g.kernel_spatial(), cig = g.in_channels_per_group();
      for (int64_t t = 0; t < taps; ++t) {
        for (int64_t c = 0; c < cig; ++c) {
          for (int m = 0; m < kIgemmMR; ++m) {
            const int64_t co = b * kIgemmMR + m;
            dst[(t * cig + c) * kIgemmMR + m] =
                co < cog ? w[((grp * cog + co) * cig + c) * taps + t] : 0.0f;
          }
        }
      }
    }
  }
}

Status conv_igemm(const ConvGeometry& g_in, const float* packed, const float* x, const float* bias,
                  float* y, Workspaces* threads) {
  Workspace* ws = &threads->caller();
  if (is_strided_pointwise(g_in)) return conv_pointwise_strided(g_in, packed, x, bias, y, threads);
  // A pointwise convolution (one tap, stride 1, no padding) maps pixel p to pixel p, so the
  // spatial dims can be flattened into one long row: no short rows, no partial tiles at
  // every row's end.
  ConvGeometry g = g_in;
  bool pointwise = g.kernel_spatial() == 1;
  for (int a = 0; a < 3; ++a) {
    pointwise = pointwise && g.stride[a] == 1 && g.pad_begin[a] == 0 && g.pad_end[a] == 0;
  }
  if (pointwise) {
    g.input = g.output = {1, 1, g_in.input_spatial()};
  }
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t k_count = k_per_group(g);
  const int64_t out_w = g.output[2], out_sp = g.output_spatial();
  // Pointwise on an image whose channel stride spreads over the cache reads x itself: the
  // GEMM's B matrix is the NCHW input as it is. Only the last, partial pixel tile (which
  // would over-read past x) goes through a small zero-padded panel.
  const bool direct = pointwise && channel_rows_spread(g.input_spatial(), cig);
  PaddedImage layout;
  // Output rows per band: the padded image is built a band of rows at a time (2-D), or a
  // ring of depth planes (3-D, `ring`; see below).
  int64_t band_out_rows = g.output[1], band_out_cols = out_w;
  bool ring = false;
  if (direct) {
    layout.width = layout.row_len = layout.channel_stride = g.input_spatial();
    layout.channels = g.in_channels;
    ws->offsets.assign(1, 0);
    WASMCONV_RETURN_IF_ERROR(ws->input.reserve(cig * kTileN, "pointwise tail panel"));
  } else {
    layout = padded_image_layout(g);
    if (layout.depth == 1 && g.output[1] == 1) {
      // One output row (1-D, or a 2-D image one output row tall): bands of output columns.
      band_out_cols = igemm_band_cols(g);
      layout = layout.columns(
          band_input_rows(band_out_cols, g.stride[2], (g.kernel[2] - 1) * g.dilation[2] + 1));
    } else if (layout.depth == 1) {
      band_out_rows = igemm_band_rows(g);
      layout = layout.slice(1, band_input_rows(band_out_rows, g.stride[1], extent_h(g)));
    } else {
      ring = true;
      layout = layout.slice(std::min(layout.depth, (g.kernel[0] - 1) * g.dilation[0] + 1),
                            layout.height);
    }
    WASMCONV_RETURN_IF_ERROR(ws->input.reserve(layout.size(), "padded input"));
    // Per tap, where output pixel (0, 0, 0) reads in the group's first channel; channel c
    // adds c * channel_stride. (3-D: recomputed for each output plane.)
    layout.tap_offsets(g, &ws->offsets);
  }
  const int64_t taps = g.kernel_spatial();
  const int64_t blocks = blocks_per_group(g), chunk = blocks_per_chunk(k_count * kIgemmMR, blocks);

  float discard[kIgemmMR][kTileN];
  // Output-channel blocks for the pixel tile starting at `ow` of output row `y_row`,
  // reading the B panel at `b_base` whose channels are `b_stride` apart.
  // Blocks b0 .. b1 - 1 (a weight chunk) of the pixel tile starting at `ow`.
  auto tile = [&](float* yn, int64_t grp, const float* b_base, std::ptrdiff_t b_stride,
                  int64_t y_row, int64_t ow, int64_t b0, int64_t b1) {
    const int64_t n_valid = std::min<int64_t>(kTileN, out_w - ow);
    for (int64_t b = b0; b < b1; ++b) {
      const float* wb = packed + (grp * blocks_per_group(g) + b) * k_count * kIgemmMR;
      const int64_t co0 = grp * cog + b * kIgemmMR;
      float init[kIgemmMR];
      float* out[kIgemmMR];
      block_rows<kIgemmMR>(bias, co0, cog - b * kIgemmMR, yn + co0 * out_sp + y_row + ow, out_sp,
                           discard, init, out);
      igemm_f32_mrx2v<kIgemmMR>(taps, ws->offsets.data(), cig, b_stride, wb, b_base, init, out,
                                n_valid);
    }
  };
  // The ring's planes are written row by row; the gaps between its channels are zeroed once.
  if (ring) zero_padded_gaps(layout, ws->input.data());
  std::vector<int64_t> held;  // the padded plane in each ring plane
  for (int64_t n = 0; n < g.batch; ++n) {
    const float* xn = x + n * g.in_channels * g.input_spatial();
    float* yn = y + n * g.out_channels * out_sp;
    if (direct) {
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const float* image = xn + grp * cig * layout.channel_stride;
        const int64_t full = out_w / kTileN * kTileN;
        float* panel = ws->input.data();
        if (full < out_w) {
          for (int64_t c = 0; c < cig; ++c) {
            const float* src = image + c * layout.channel_stride + full;
            std::copy(src, src + (out_w - full), panel + c * kTileN);
            std::fill(panel + c * kTileN + (out_w - full), panel + (c + 1) * kTileN, 0.0f);
          }
        }
        for (int64_t b0 = 0; b0 < blocks; b0 += chunk) {
          const int64_t b1 = std::min(blocks, b0 + chunk);
          for (int64_t ow = 0; ow < full; ow += kTileN) {
            tile(yn, grp, image + ow, layout.channel_stride, 0, ow, b0, b1);
          }
          if (full < out_w) tile(yn, grp, panel, kTileN, 0, full, b0, b1);
        }
      }
      continue;
    }
    // 2-D: the padded image is built a band of output rows at a time, so the scratch is one
    // band, not a copy of the input, and the GEMM reads rows written a moment before, still
    // in L2. Output rows oh0 .. oh1 - 1 read padded rows oh0 * s_h .. (oh1 - 1) * s_h +
    // (k_h - 1) * d_h.
    // 3-D: output plane od reads padded planes od * s_d + kd * d_d, all within a window of
    // e = (k_d - 1) * d_d + 1 planes; the layout is a ring of e planes, padded plane p in
    // ring plane p % e (the window's planes are distinct mod e), each built once, by the
    // first output plane that reads it (the windows that hold p are consecutive and come
    // before any that holds p + e). The ring is all the scratch.
    held.assign(ring ? static_cast<size_t>(layout.depth) : 0, -1);
    for (int64_t od = 0; od < g.output[0]; ++od) {
      if (ring) {
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
          const int64_t plane = od * g.stride[0] + kd * g.dilation[0], slot = plane % layout.depth;
          if (held[static_cast<size_t>(slot)] == plane) continue;
          fill_padded_plane(g, layout, xn, ws->input.data(), plane, slot);
          held[static_cast<size_t>(slot)] = plane;
        }
        layout.tap_offsets(g, &ws->offsets, od * g.stride[0]);
      }
      for (int64_t oh0 = 0; oh0 < g.output[1]; oh0 += band_out_rows)
        for (int64_t ow0 = 0; ow0 < out_w; ow0 += band_out_cols) {
          const int64_t oh1 = std::min(g.output[1], oh0 + band_out_rows),
                        ow1 = std::min(out_w, ow0 + band_out_cols);
          if (!ring) {
            fill_padded_image(g, layout, xn, ws->input.data(), oh0 * g.stride[1],
                              band_input_rows(oh1 - oh0, g.stride[1], extent_h(g)),
                              ow0 * g.stride[2]);
          }
          for (int64_t grp = 0; grp < g.groups; ++grp) {
            const float* image = ws->input.data() + grp * cig * layout.channel_stride;
            // Pixel tiles outside, output-channel blocks inside: the tile's input panel
            // (taps x channels x kTileN floats) stays in L1 while a chunk's weights stream.
            for (int64_t b0 = 0; b0 < blocks; b0 += chunk) {
              const int64_t b1 = std::min(blocks, b0 + chunk);
              for (int64_t oh = oh0; oh < oh1; ++oh) {
                const float* row_base = image + layout.row_offset(0, (oh - oh0) * g.stride[1]);
                const int64_t y_row = (od * g.output[1] + oh) * out_w;
                for (int64_t ow = ow0; ow < ow1; ow += kTileN) {
                  tile(yn, grp, row_base + (ow - ow0), layout.channel_stride, y_row, ow, b0, b1);
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
