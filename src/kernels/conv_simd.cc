// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution on the SIMD path (method in simd_path.h): row axpys over contiguous runs,
// strided rows read through the phase layout of row_ops.h, one input channel prepared
// (padded, split into phases) at a time, and a channel of long rows (a 1-D signal) a band
// of columns at a time.
#include <algorithm>

#include "core/border.h"
#include "core/buffer.h"
#include "kernels/padded_image.h"
#include "kernels/row_ops.h"
#include "kernels/simd_path.h"

namespace wasmconv::kernels {

int64_t conv_simd_band_outputs(const ConvGeometry& g, int64_t band_floats) {
  const int64_t rows =
      (g.input[0] + g.pad_begin[0] + g.pad_end[0]) * (g.input[1] + g.pad_begin[1] + g.pad_end[1]);
  const int64_t padded_w = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  const int64_t out_w = g.output[2];
  if (rows * padded_w <= band_floats) return out_w;
  // Outputs [j0, j0 + n) read padded columns [j0 * s, (j0 + n - 1) * s + reach) of every
  // row: as many as fit the budget, and no fewer than min_band_outputs.
  const int64_t reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  const int64_t fit = (band_floats / rows - reach) / g.stride[2] + 1;
  return std::min(out_w, std::max(min_band_outputs(band_floats), fit));
}

namespace {

// Copies padded columns [c0, c0 + cols) of every row of input channel `xc` into `out`
// (rows `cols` apart), the geometry's padding materialised according to its padding mode;
// the result is a zero-padding-free channel (or band of one).
void pad_channel(const ConvGeometry& g, const float* xc, int64_t c0, int64_t cols, float* out) {
  const int64_t pd = g.input[0] + g.pad_begin[0] + g.pad_end[0];
  const int64_t ph = g.input[1] + g.pad_begin[1] + g.pad_end[1];
  for (int64_t d = 0; d < pd; ++d) {
    const int64_t sd = border_index(d - g.pad_begin[0], g.input[0], g.padding_mode);
    for (int64_t h = 0; h < ph; ++h) {
      const int64_t sh = border_index(h - g.pad_begin[1], g.input[1], g.padding_mode);
      float* dst = out + (d * ph + h) * cols;
      if (sd < 0 || sh < 0) {
        std::fill(dst, dst + cols, 0.0f);
      } else {
        fill_padded_row(g, xc + (sd * g.input[1] + sh) * g.input[2], c0, cols, dst);
      }
    }
  }
}

// Adds input channel `xc` (zero padding; each row either as is (stride_w == 1) or in
// phase layout, `row` floats apart), weighted by that channel's taps `wc` of one output
// channel, into that output channel's plane `yc` (rows `out_stride` apart).
void accumulate_channel(const ConvGeometry& g, const float* xc, int64_t row, const float* wc,
                        float* yc, int64_t out_stride) {
  const int64_t in_w = g.input[2], out_w = g.output[2], sw = g.stride[2];
  for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
      const float* wt = wc + (kd * g.kernel[1] + kh) * g.kernel[2];
      for (int64_t od = 0; od < g.output[0]; ++od) {
        const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
        if (id < 0 || id >= g.input[0]) continue;
        for (int64_t oh = 0; oh < g.output[1]; ++oh) {
          const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
          if (ih < 0 || ih >= g.input[1]) continue;
          const float* xrow = xc + (id * g.input[1] + ih) * row;
          float* yrow = yc + (od * g.output[1] + oh) * out_stride;
          for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
            // Output column ow reads input column ow*sw + offset.
            const StridedRun r = strided_run(out_w, in_w, sw, kw * g.dilation[2] - g.pad_begin[2]);
            if (r.hi > r.lo) axpy(wt[kw], xrow + r.partner, yrow + r.lo, r.hi - r.lo);
          }
        }
      }
    }
}

}  // namespace

Status conv_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                 int64_t band_floats) {
  // Each input channel is prepared once, into scratch of one channel: its border
  // materialised (zeros too: a tap on zero padding must still multiply its weight, so that
  // non-finite weights give NaN as in the reference), then its rows split into phases for
  // stride_w > 1. It is then added into every output channel of its group. Every output
  // still sums its input channels in order and each channel's taps in order, as a loop
  // over output channels outside would.
  ConvGeometry inner = g;
  bool any_padding = false;
  for (int a = 0; a < 3; ++a) any_padding = any_padding || g.pad_begin[a] != 0 || g.pad_end[a] != 0;
  if (any_padding) {
    for (int a = 0; a < 3; ++a) {
      inner.input[a] = g.input[a] + g.pad_begin[a] + g.pad_end[a];
      inner.pad_begin[a] = inner.pad_end[a] = 0;
    }
    inner.padding_mode = PaddingMode::kZeros;
  }
  const int64_t sw = inner.stride[2];
  const int64_t rows = inner.input[0] * inner.input[1];  // rows of one channel
  const int64_t out_w = g.output[2], reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  // A band of `band` outputs per row reads `cols` padded columns from column j0 * sw:
  // all of them when there is one band.
  const int64_t band = conv_simd_band_outputs(g, band_floats);
  auto band_cols = [&](int64_t n) { return n == out_w ? inner.input[2] : (n - 1) * sw + reach; };
  const int64_t max_cols = band_cols(band);
  FloatBuffer padded, phased;
  if (any_padding)
    WASMCONV_RETURN_IF_ERROR(padded.allocate(rows * max_cols, "padded input channel"));
  if (sw > 1) {
    WASMCONV_RETURN_IF_ERROR(
        phased.allocate(rows * phased_row_size(max_cols, sw), "strided input channel"));
  }

  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t k_sp = g.kernel_spatial(), out_sp = g.output_spatial();
  for (int64_t n = 0; n < g.batch; ++n) {
    float* yn = y + n * g.out_channels * out_sp;
    for (int64_t co = 0; co < g.out_channels; ++co) {
      std::fill(yn + co * out_sp, yn + (co + 1) * out_sp, bias != nullptr ? bias[co] : 0.0f);
    }
    for (int64_t j0 = 0; j0 < out_w; j0 += band) {
      ConvGeometry part = inner;
      part.output[2] = std::min(band, out_w - j0);
      const int64_t cols = band_cols(part.output[2]);
      part.input[2] = cols;
      const int64_t row = sw > 1 ? phased_row_size(cols, sw) : cols;
      for (int64_t ci = 0; ci < g.in_channels; ++ci) {
        // The band's rows, `stride` floats apart: in place, padded, or split into phases.
        const float* channel = x + (n * g.in_channels + ci) * g.input_spatial();
        int64_t stride = g.input[2];
        if (any_padding) {
          pad_channel(g, channel, j0 * sw, cols, padded.data());
          channel = padded.data();
          stride = cols;
        } else {
          channel += j0 * sw;  // without padding, band column 0 is input column j0 * sw
        }
        if (sw > 1) {
          for (int64_t r = 0; r < rows; ++r) {
            split_phases(channel + r * stride, cols, sw, phased.data() + r * row);
          }
          channel = phased.data();
          stride = row;
        }
        const int64_t group = ci / cig, c = ci % cig;
        for (int64_t co = group * cog; co < (group + 1) * cog; ++co) {
          accumulate_channel(part, channel, stride, w + (co * cig + c) * k_sp,
                             yn + co * out_sp + j0, out_w);
        }
      }
    }
  }
  return Status();
}

}  // namespace wasmconv::kernels
