// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution by indirect GEMM (conv_igemm.h).
#include "kernels/conv_igemm.h"

#include <algorithm>

#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"

namespace wasmconv::kernels {
namespace {

int64_t blocks_per_group(const ConvGeometry& g) {
  return (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
}

int64_t k_per_group(const ConvGeometry& g) { return g.in_channels_per_group() * g.kernel_spatial(); }

}  // namespace

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
                  float* y, Workspace* ws) {
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
  const PaddedImage layout = padded_image_layout(g);
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(layout.size(), "padded input"));
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t k_count = k_per_group(g);

  // Per tap, where output pixel (0, 0, 0) reads in the group's first channel; channel c
  // adds c * channel_stride.
  const int64_t taps = g.kernel_spatial();
  layout.tap_offsets(g, &ws->offsets);
  const int64_t* offsets = ws->offsets.data();

  const int64_t out_w = g.output[2], out_sp = g.output_spatial();
  float discard[kIgemmMR][kTileN];
  for (int64_t n = 0; n < g.batch; ++n) {
    fill_padded_image(g, layout, x + n * g.in_channels * g.input_spatial(), ws->input.data());
    float* yn = y + n * g.out_channels * out_sp;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      const float* image = ws->input.data() + grp * cig * layout.channel_stride;
      // Pixel tiles outside, output-channel blocks inside: the tile's input panel
      // (taps x channels x kTileN floats) stays in L1 while every block's weights stream.
      for (int64_t od = 0; od < g.output[0]; ++od)
        for (int64_t oh = 0; oh < g.output[1]; ++oh) {
          const float* row_base = image + layout.row_offset(od * g.stride[0], oh * g.stride[1]);
          const int64_t y_row = (od * g.output[1] + oh) * out_w;
          for (int64_t ow = 0; ow < out_w; ow += kTileN) {
            const int64_t n_valid = std::min<int64_t>(kTileN, out_w - ow);
            for (int64_t b = 0; b < blocks_per_group(g); ++b) {
              const float* wb = packed + (grp * blocks_per_group(g) + b) * k_count * kIgemmMR;
              const int64_t co0 = grp * cog + b * kIgemmMR;
              float init[kIgemmMR];
              float* out[kIgemmMR];
              block_rows<kIgemmMR>(bias, co0, cog - b * kIgemmMR, yn + co0 * out_sp + y_row + ow, out_sp,
                                   discard, init, out);
              igemm_f32_mrx2v<kIgemmMR>(taps, offsets, cig, layout.channel_stride, wb,
                                         row_base + ow, init, out, n_valid);
            }
          }
        }
    }
  }
  return Status();
}

}  // namespace wasmconv::kernels
