// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// 3x3 stride-1 depthwise filters straight from the input (dwconv_3x3.h).
#include "kernels/dwconv_3x3.h"

#include <algorithm>

#include "kernels/dwconv_3x3_microkernel.h"

namespace wasmconv::kernels {
namespace {

// Called through this table so that Binaryen cannot inline the kernels into the loop
// below (it inlines every function with one caller), where V8 would have too few
// registers left for the kernel's loop. Indexed by rows - 1.
using Dw3x3Direct = void (*)(const float*, const float* const*, bool, float, float*, int64_t,
                             int64_t);
constexpr Dw3x3Direct kDw3x3Direct[] = {dwconv_f32_3x3_direct<1>, dwconv_f32_3x3_direct<2>};

}  // namespace

bool dwconv_3x3s1_applies(const ConvGeometry& g) {
  return g.op == Op::kConv && g.in_channels_per_group() == 1 &&
         g.padding_mode == PaddingMode::kZeros && g.kernel[0] == 1 && g.kernel[1] == 3 &&
         g.kernel[2] == 3 && g.stride[1] == 1 && g.stride[2] == 1 && g.dilation[1] == 1 &&
         g.dilation[2] == 1 && g.pad_begin[0] == 0 && g.pad_end[0] == 0 && g.pad_begin[1] <= 1 &&
         g.pad_end[1] <= 1 && g.pad_begin[2] == 1 && g.pad_end[2] == 1 && g.input[2] > kLanes;
}

Status dwconv_3x3s1(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                    float* y, Workspaces* threads) {
  Workspace* ws = &threads->caller();
  const int64_t in_h = g.input[1], width = g.input[2], top = g.pad_begin[1];
  const int64_t out_d = g.output[0], out_h = g.output[1];
  // The zero row has kLanes of zeros on both sides, so reading around it is in bounds.
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(width + 2 * kLanes, "zero row"));
  std::fill(ws->input.data(), ws->input.data() + width + 2 * kLanes, 0.0f);
  const float* const zero_row = ws->input.data() + kLanes;
  // The kernel's edge vectors read a float before each row and kLanes after it in place
  // when those lie inside the input tensor (all rows but its first and last).
  const float* const x_end = x + g.batch * g.in_channels * g.input_spatial();
  auto readable_around = [&](const float* row) {
    return row == zero_row || (row > x && row + width + kLanes <= x_end);
  };
  const int64_t multiplier = g.out_channels_per_group();
  alignas(64) float w_splat[9 * kLanes];
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < g.out_channels; ++co) {
      splat_3x3_weights(w + co * 9, w_splat);
      const float init = bias != nullptr ? bias[co] : 0.0f;
      const float* channel = x + (n * g.in_channels + co / multiplier) * g.input_spatial();
      float* yc = y + (n * g.out_channels + co) * g.output_spatial();
      for (int64_t od = 0; od < out_d; ++od) {
        const float* plane = channel + od * g.stride[0] * in_h * width;
        float* out_plane = yc + od * out_h * width;
        // Blocks of two rows whose four input rows are all image rows with readable
        // surroundings go in runs through one call.
        auto interior = [&](int64_t oh) {
          const int64_t ih = oh - top;
          return oh + 2 <= out_h && ih >= 0 && ih + 3 < in_h &&
                 readable_around(plane + ih * width) && readable_around(plane + (ih + 3) * width);
        };
        for (int64_t oh = 0; oh < out_h;) {
          if (interior(oh)) {
            int64_t end = oh + 2;
            while (interior(end)) end += 2;
            dwconv_f32_3x3_direct_blocks(w_splat, plane + (oh - top) * width, width, (end - oh) / 2,
                                         init, out_plane + oh * width, width, width);
            oh = end;
            continue;
          }
          const int64_t rows = std::min<int64_t>(2, out_h - oh);
          // Output row oh + o reads input rows oh + o - top + i (i < 3).
          const float* in[4];
          bool over_read = true;
          for (int64_t r = 0; r < rows + 2; ++r) {
            const int64_t ih = oh - top + r;
            in[r] = ih >= 0 && ih < in_h ? plane + ih * width : zero_row;
            over_read = over_read && readable_around(in[r]);
          }
          kDw3x3Direct[rows - 1](w_splat, in, over_read, init, out_plane + oh * width, width,
                                 width);
          oh += rows;
        }
      }
    }
  return Status();
}

}  // namespace wasmconv::kernels
