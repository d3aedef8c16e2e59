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
#include "kernels/row_tasks.h"
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

// Prepares padded rows [h0, h1) of every padded depth plane of input channel `xc` for the
// row axpys: padded columns [c0, c0 + cols) of each (the geometry's padding materialised
// according to its padding mode when `padded`, else the input's own columns), split into
// phases when sw > 1, as rows `row` floats apart, plane after plane. `tmp` holds one row of
// `cols` floats (used when padded and sw > 1).
void prepare_rows(const ConvGeometry& g, const float* xc, bool padded, int64_t c0, int64_t cols,
                  int64_t h0, int64_t h1, int64_t row, float* tmp, float* out) {
  const int64_t sw = g.stride[2], in_h = g.input[1], in_w = g.input[2];
  const int64_t pd = padded ? g.input[0] + g.pad_begin[0] + g.pad_end[0] : g.input[0];
  for (int64_t d = 0; d < pd; ++d)
    for (int64_t h = h0; h < h1; ++h) {
      float* dst = out + (d * (h1 - h0) + (h - h0)) * row;
      const float* src = nullptr;  // the row's `cols` floats, ready to split
      if (!padded) {
        src = xc + (d * in_h + h) * in_w + c0;
      } else {
        const int64_t sd = border_index(d - g.pad_begin[0], g.input[0], g.padding_mode);
        const int64_t sh = border_index(h - g.pad_begin[1], in_h, g.padding_mode);
        float* padded_row = sw > 1 ? tmp : dst;
        if (sd < 0 || sh < 0) {
          std::fill(padded_row, padded_row + cols, 0.0f);
        } else {
          fill_padded_row(g, xc + (sd * in_h + sh) * in_w, c0, cols, padded_row);
        }
        src = padded_row;
      }
      if (sw > 1) {
        split_phases(src, cols, sw, dst);
      } else if (src != dst) {
        std::copy(src, src + cols, dst);
      }
    }
}

// Adds input channel `xc` (zero padding; each row either as is (stride_w == 1) or in
// phase layout, `row` floats apart; the rows held are rows [h0, h0 + plane_rows) of each
// depth plane), weighted by that channel's taps `wc` of one output channel, into output
// rows [oh0, oh1) of each depth plane of that output channel's plane `yc` (rows
// `out_stride` apart). Every output row in the range reads only rows held.
void accumulate_channel(const ConvGeometry& g, const float* xc, int64_t row, int64_t h0,
                        int64_t plane_rows, const float* wc, float* yc, int64_t out_stride,
                        int64_t oh0, int64_t oh1) {
  const int64_t in_w = g.input[2], out_w = g.output[2], sw = g.stride[2];
  for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
      const float* wt = wc + (kd * g.kernel[1] + kh) * g.kernel[2];
      for (int64_t od = 0; od < g.output[0]; ++od) {
        const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
        if (id < 0 || id >= g.input[0]) continue;
        for (int64_t oh = oh0; oh < oh1; ++oh) {
          const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
          if (ih < 0 || ih >= g.input[1]) continue;
          const float* xrow = xc + (id * plane_rows + ih - h0) * row;
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
                 Workspaces* threads, int64_t band_floats) {
  // Each input channel is prepared once per task, into the task's scratch: its border
  // materialised (zeros too: a tap on zero padding must still multiply its weight, so that
  // non-finite weights give NaN as in the reference), then its rows split into phases for
  // stride_w > 1. It is then added into every output channel of its group. Every output
  // still sums its input channels in order and each channel's taps in order, as a loop
  // over output channels outside would.
  Workspaces serial;
  if (threads == nullptr) threads = &serial;
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
  const int64_t sw = inner.stride[2], sh = inner.stride[1];
  const int64_t out_h = g.output[1], out_w = g.output[2];
  const int64_t reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  const int64_t reach_h = (g.kernel[1] - 1) * g.dilation[1] + 1;
  // A band of `band` outputs per row reads `cols` padded columns from column j0 * sw:
  // all of them when there is one band.
  const int64_t band = conv_simd_band_outputs(g, band_floats);
  auto band_cols = [&](int64_t n) { return n == out_w ? inner.input[2] : (n - 1) * sw + reach; };
  // Rows are read in place unless they need padding or a phase split.
  const bool in_place = !any_padding && sw == 1;

  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t k_sp = g.kernel_spatial(), out_sp = g.output_spatial();
  // Units: output rows (oh, every depth plane) of one band of the output channels of one
  // group; in order, the rows of a band, the bands of a group, the groups of an image. A
  // task takes a run of them: it prepares, per input channel of the group, only the padded
  // rows its output rows read, and runs the same axpys over the same columns for each
  // output row as one run over the whole band does.
  const int64_t bands = (out_w + band - 1) / band;
  const int64_t units = g.batch * g.groups * bands * out_h;
  const int64_t tasks =
      row_task_count(units, g.output[0] * band * cog * cig * k_sp, threads->threads());
  // Scratch of a task: the prepared rows of one channel for its longest run of output rows,
  // and a padded row for the phase split.
  const int64_t most_rows = std::min(out_h, (units + tasks - 1) / std::max<int64_t>(1, tasks));
  const int64_t max_cols = band_cols(band);
  const int64_t max_row = sw > 1 ? phased_row_size(max_cols, sw) : max_cols;
  const int64_t held_rows = std::min(inner.input[1], (most_rows - 1) * sh + reach_h);
  const int64_t scratch =
      in_place ? 0 : inner.input[0] * held_rows * max_row + (any_padding && sw > 1 ? max_cols : 0);
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& ws) {
    if (errors.failed() || !errors.check(ws.input.reserve(scratch, "prepared input rows"))) return;
    const TaskRange r = row_task_range(t, tasks, units);
    for (int64_t u = r.begin; u < r.end;) {
      const int64_t run = u / out_h, oh0 = u % out_h, oh1 = std::min(out_h, oh0 + (r.end - u));
      const int64_t j0 = run % bands * band, group = run / bands % g.groups;
      const int64_t n = run / bands / g.groups;
      ConvGeometry part = inner;
      part.output[2] = std::min(band, out_w - j0);
      const int64_t cols = band_cols(part.output[2]);
      part.input[2] = cols;
      const int64_t row = sw > 1 ? phased_row_size(cols, sw) : cols;
      float* yn = y + n * g.out_channels * out_sp;
      for (int64_t co = group * cog; co < (group + 1) * cog; ++co) {
        const float init = bias != nullptr ? bias[co] : 0.0f;
        for (int64_t od = 0; od < g.output[0]; ++od)
          for (int64_t oh = oh0; oh < oh1; ++oh) {
            float* yrow = yn + co * out_sp + (od * out_h + oh) * out_w + j0;
            std::fill(yrow, yrow + part.output[2], init);
          }
      }
      // Padded rows [h0, h1) of each plane hold what output rows [oh0, oh1) read.
      const int64_t h0 = oh0 * sh, h1 = std::min(inner.input[1], (oh1 - 1) * sh + reach_h);
      for (int64_t c = 0; c < cig; ++c) {
        const int64_t ci = group * cig + c;
        const float* channel = x + (n * g.in_channels + ci) * g.input_spatial();
        int64_t stride = g.input[2], first = 0, plane_rows = g.input[1];
        if (in_place) {
          channel += j0;  // without padding, band column 0 is input column j0 * sw
        } else {
          prepare_rows(g, channel, any_padding, j0 * sw, cols, h0, h1, row,
                       ws.input.data() + inner.input[0] * held_rows * max_row, ws.input.data());
          channel = ws.input.data();
          stride = row;
          first = h0;
          plane_rows = h1 - h0;
        }
        for (int64_t co = group * cog; co < (group + 1) * cog; ++co) {
          accumulate_channel(part, channel, stride, first, plane_rows, w + (co * cig + c) * k_sp,
                             yn + co * out_sp + j0, out_w, oh0, oh1);
        }
      }
      u += oh1 - oh0;
    }
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
