// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise / single-channel convolution, direct method (dwconv_direct.h).
#include "kernels/dwconv_direct.h"

#include <algorithm>

#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/dwconv_rows.h"
#include "kernels/padded_image.h"

namespace wasmconv::kernels {

Status dwconv_direct(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads) {
  if (dwconv_3x3s1_applies(g)) return dwconv_3x3s1(g, w, x, bias, y, threads);
  if (dwconv_3x3s2_applies(g)) return dwconv_3x3s2(g, w, x, bias, y, threads);
  if (dwconv_rows_applies(g)) return dwconv_rows(g, w, x, bias, y, threads);
  return dwconv_padded(g, w, x, bias, y, threads);
}

Status dwconv_padded(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads) {
  Workspace* ws = &threads->caller();
  // Every output channel reads one input channel, so the padded image is built one input
  // channel at a time: the scratch is one channel's padded volume, not the whole input's.
  ConvGeometry one = g;
  one.in_channels = 1;
  const PaddedImage layout = padded_image_layout(one);
  // The microkernel's tile is wider than the igemm one; reserve the extra over-read.
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(layout.size() + kDwTileN, "padded input"));
  const int64_t taps = g.kernel_spatial();
  layout.tap_offsets(g, &ws->offsets);
  const int64_t* offsets = ws->offsets.data();
  const int64_t multiplier = g.out_channels_per_group();
  const int64_t out_w = g.output[2], out_sp = g.output_spatial();
  float* image = ws->input.data();
  std::fill(image + layout.size(), image + layout.size() + kDwTileN, 0.0f);
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t ci = 0; ci < g.in_channels; ++ci) {
      fill_padded_image(one, layout, x + (n * g.in_channels + ci) * g.input_spatial(), image);
      for (int64_t co = ci * multiplier; co < (ci + 1) * multiplier; ++co) {
        const float* wc = w + co * taps;
        const float init = bias != nullptr ? bias[co] : 0.0f;
        float* yc = y + (n * g.out_channels + co) * out_sp;
        for (int64_t od = 0; od < g.output[0]; ++od)
          for (int64_t oh = 0; oh < g.output[1]; ++oh) {
            const float* row_base = image + layout.row_offset(od * g.stride[0], oh * g.stride[1]);
            float* yrow = yc + (od * g.output[1] + oh) * out_w;
            for (int64_t ow = 0; ow < out_w; ow += kDwTileN) {
              dwconv_f32_4v(taps, offsets, wc, row_base + ow, init, yrow + ow,
                            std::min<int64_t>(kDwTileN, out_w - ow));
            }
          }
      }
    }
  return Status();
}

}  // namespace wasmconv::kernels
