// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Transposed convolution on the SIMD path (method in simd_path.h): scatter-add as row
// axpys; with stride_w > 1 each output channel's rows are accumulated in phase layout
// (row_ops.h), where every tap writes a contiguous run, and interleaved into the output
// before the next channel, so the scratch is one output plane, not the whole output, or
// for long rows (a 1-D signal) one band of columns of it.
#include <algorithm>

#include "core/buffer.h"
#include "kernels/row_ops.h"
#include "kernels/simd_path.h"

namespace wasmconv::kernels {

int64_t conv_transpose_simd_band_outputs(const ConvGeometry& g, int64_t band_floats) {
  const int64_t rows = g.output[0] * g.output[1], out_w = g.output[2], sw = g.stride[2];
  if (sw == 1 || rows * phased_row_size(out_w, sw) <= band_floats) return out_w;
  return std::min(out_w, std::max(min_band_outputs(band_floats), band_floats / rows));
}

namespace {

// Output columns [j0, j0 + n) of output channel `co` of one image, n = band_w. `yc` holds
// their rows either as is (stride_w == 1; then j0 = 0, n = out_w) or in the phase layout
// of an n-column row of their own, `row` floats apart: input column iw writes band column
// iw*sw + offset - j0, whatever j0 is.
void conv_transpose_channel(const ConvGeometry& g, const float* x, const float* w,
                            const float* bias, int64_t co, int64_t j0, int64_t band_w, float* yc,
                            int64_t row) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t in_w = g.input[2], out_w = band_w, sw = g.stride[2];
  const int64_t plane = g.output[0] * g.output[1] * row;
  const int64_t k_sp = g.kernel_spatial();
  std::fill(yc, yc + plane, bias != nullptr ? bias[co] : 0.0f);
  const int64_t group = co / cog, co_in_group = co % cog;
  for (int64_t c = 0; c < cig; ++c) {
    const int64_t ci = group * cig + c;
    const float* xc = x + ci * g.input_spatial();
    const float* wc = w + (ci * cog + co_in_group) * k_sp;
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
        const float* wt = wc + (kd * g.kernel[1] + kh) * g.kernel[2];
        for (int64_t id = 0; id < g.input[0]; ++id) {
          const int64_t od = id * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
          if (od < 0 || od >= g.output[0]) continue;
          for (int64_t ih = 0; ih < g.input[1]; ++ih) {
            const int64_t oh = ih * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
            if (oh < 0 || oh >= g.output[1]) continue;
            const float* xrow = xc + (id * g.input[1] + ih) * in_w;
            float* yrow = yc + (od * g.output[1] + oh) * row;
            for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
              // Input column iw writes output column iw*sw + offset.
              const StridedRun r =
                  strided_run(in_w, out_w, sw, kw * g.dilation[2] - g.pad_begin[2] - j0);
              if (r.hi > r.lo) axpy(wt[kw], xrow + r.lo, yrow + r.partner, r.hi - r.lo);
            }
          }
        }
      }
  }
}

}  // namespace

Status conv_transpose_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                           float* y, int64_t band_floats) {
  const int64_t sw = g.stride[2], out_w = g.output[2];
  const int64_t rows = g.output[0] * g.output[1];  // rows of one output channel
  const int64_t band = conv_transpose_simd_band_outputs(g, band_floats);
  FloatBuffer phased;
  if (sw > 1) {
    WASMCONV_RETURN_IF_ERROR(
        phased.allocate(rows * phased_row_size(band, sw), "strided output plane"));
  }
  for (int64_t n = 0; n < g.batch; ++n) {
    const float* image = x + n * g.in_channels * g.input_spatial();
    for (int64_t co = 0; co < g.out_channels; ++co) {
      float* out = y + (n * g.out_channels + co) * g.output_spatial();
      if (sw == 1) {
        conv_transpose_channel(g, image, w, bias, co, 0, out_w, out, out_w);
        continue;
      }
      for (int64_t j0 = 0; j0 < out_w; j0 += band) {
        const int64_t cols = std::min(band, out_w - j0), row = phased_row_size(cols, sw);
        conv_transpose_channel(g, image, w, bias, co, j0, cols, phased.data(), row);
        for (int64_t r = 0; r < rows; ++r) {
          merge_phases(phased.data() + r * row, cols, sw, out + r * out_w + j0);
        }
      }
    }
  }
  return Status();
}

}  // namespace wasmconv::kernels
