// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// 3x3 stride-2 depthwise filters straight from the input (dwconv_3x3s2.h).
#include "kernels/dwconv_3x3s2.h"

#include <algorithm>

#include "kernels/dwconv_3x3_microkernel.h"
#include "kernels/dwconv_3x3s2_microkernel.h"

namespace wasmconv::kernels {
namespace {

// Called through these tables, indexed by pad_left, so that Binaryen cannot inline the
// plane kernels into the loop below (it inlines every function with one caller), where V8
// would have too few registers left for the kernel's loop.
using Dw3x3s2PlaneKernel = void (*)(const Dw3x3s2Plane&, const Dw3x3s2Columns&);
constexpr Dw3x3s2PlaneKernel kDw3x3s2Plane[] = {
    dwconv_f32_3x3s2_plane<0>, dwconv_f32_3x3s2_plane<1>, dwconv_f32_3x3s2_plane<2>};
constexpr Dw3x3s2PlaneKernel kDw3x3s2PlaneEdges[] = {dwconv_f32_3x3s2_plane_edges<0>,
                                                     dwconv_f32_3x3s2_plane_edges<1>,
                                                     dwconv_f32_3x3s2_plane_edges<2>};

}  // namespace

bool dwconv_3x3s2_applies(const ConvGeometry& g) {
  return g.op == Op::kConv && g.in_channels_per_group() == 1 &&
         g.padding_mode == PaddingMode::kZeros && g.kernel[0] == 1 && g.kernel[1] == 3 &&
         g.kernel[2] == 3 && g.stride[1] == 2 && g.stride[2] == 2 && g.dilation[1] == 1 &&
         g.dilation[2] == 1 && g.pad_begin[0] == 0 && g.pad_end[0] == 0 && g.pad_begin[1] <= 2 &&
         g.pad_end[1] <= 2 && g.pad_begin[2] <= 2 && g.pad_end[2] <= 2;
}

Status dwconv_3x3s2(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                    float* y, Workspaces* threads) {
  Workspace* ws = &threads->caller();
  const int64_t in_h = g.input[1], in_w = g.input[2];
  const int64_t out_d = g.output[0], out_h = g.output[1], out_w = g.output[2];
  // The zero row, with kDw3x3s2ZeroMargin zeros on both sides.
  const int64_t zero_len = in_w + 2 * kDw3x3s2ZeroMargin;
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(zero_len, "zero row"));
  std::fill(ws->input.data(), ws->input.data() + zero_len, 0.0f);
  Dw3x3s2Plane plane;
  alignas(64) float w_splat[9 * kLanes];
  plane.w_splat = w_splat;
  plane.zero = ws->input.data() + kDw3x3s2ZeroMargin;
  plane.begin = x;
  plane.end = x + g.input_size();
  plane.in_h = in_h;
  plane.in_w = in_w;
  plane.pad_top = g.pad_begin[1];
  plane.pad_left = g.pad_begin[2];
  plane.out_h = out_h;
  plane.out_w = out_w;
  const Dw3x3s2PlaneKernel kernel = kDw3x3s2Plane[plane.pad_left];
  const Dw3x3s2PlaneKernel edges = kDw3x3s2PlaneEdges[plane.pad_left];
  const Dw3x3s2Columns columns = dw3x3s2_columns(in_w, out_w, dw3x3s2_first_column(plane.pad_left));
  const int64_t multiplier = g.out_channels_per_group();
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t ci = 0; ci < g.in_channels; ++ci) {
      const float* channel = x + (n * g.in_channels + ci) * g.input_spatial();
      for (int64_t m = 0; m < multiplier; ++m) {
        const int64_t co = ci * multiplier + m;
        splat_3x3_weights(w + co * 9, w_splat);
        plane.init = bias != nullptr ? bias[co] : 0.0f;
        float* yc = y + (n * g.out_channels + co) * g.output_spatial();
        for (int64_t od = 0; od < out_d; ++od) {
          plane.rows = channel + od * g.stride[0] * in_h * in_w;
          plane.first_in_place = plane.rows - x >= 2;
          plane.out = yc + od * out_h * out_w;
          kernel(plane, columns);
          if (dw3x3s2_has_edges(plane, columns)) edges(plane, columns);
        }
      }
    }
  return Status();
}

}  // namespace wasmconv::kernels
