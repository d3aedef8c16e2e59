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
#include "kernels/row_tasks.h"
#include "kernels/simd_path.h"

namespace wasmconv::kernels {

int64_t conv_transpose_simd_band_outputs(const ConvGeometry& g, int64_t band_floats) {
  const int64_t rows = g.output[0] * g.output[1], out_w = g.output[2], sw = g.stride[2];
  if (sw == 1 || rows * phased_row_size(out_w, sw) <= band_floats) return out_w;
  return std::min(out_w, std::max(min_band_outputs(band_floats), band_floats / rows));
}

namespace {

// The first i >= 0 with i * s + offset >= lo (s > 0).
inline int64_t first_reaching(int64_t lo, int64_t offset, int64_t s) {
  const int64_t v = lo - offset;
  return v <= 0 ? 0 : (v + s - 1) / s;
}

// Output columns [j0, j0 + n) of output rows [oh0, oh1) (every depth plane) of output
// channel `co` of one image, n = band_w. `yc` holds output row (od, oh) at
// (od * plane_rows + oh - oh0) * row, either as is (stride_w == 1; then j0 = 0, n = out_w)
// or in the phase layout of an n-column row of its own: input column iw writes band column
// iw*sw + offset - j0, whatever j0 is. Each output gets its input channels, then its taps,
// in the same order whatever part of the plane is computed.
void conv_transpose_channel(const ConvGeometry& g, const float* x, const float* w,
                            const float* bias, int64_t co, int64_t j0, int64_t band_w, int64_t oh0,
                            int64_t oh1, float* yc, int64_t plane_rows, int64_t row) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t in_w = g.input[2], out_w = band_w, sw = g.stride[2], sh = g.stride[1];
  const int64_t k_sp = g.kernel_spatial();
  for (int64_t od = 0; od < g.output[0]; ++od) {
    float* plane = yc + od * plane_rows * row;
    std::fill(plane, plane + (oh1 - oh0) * row, bias != nullptr ? bias[co] : 0.0f);
  }
  const int64_t group = co / cog, co_in_group = co % cog;
  for (int64_t c = 0; c < cig; ++c) {
    const int64_t ci = group * cig + c;
    const float* xc = x + ci * g.input_spatial();
    const float* wc = w + (ci * cog + co_in_group) * k_sp;
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
        const float* wt = wc + (kd * g.kernel[1] + kh) * g.kernel[2];
        // Input row ih writes output row ih*sh + offset_h: the rows that land in [oh0, oh1).
        const int64_t offset_h = kh * g.dilation[1] - g.pad_begin[1];
        const int64_t ih_lo = first_reaching(oh0, offset_h, sh);
        const int64_t ih_hi = std::min(g.input[1], first_reaching(oh1, offset_h, sh));
        for (int64_t id = 0; id < g.input[0]; ++id) {
          const int64_t od = id * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
          if (od < 0 || od >= g.output[0]) continue;
          for (int64_t ih = ih_lo; ih < ih_hi; ++ih) {
            const int64_t oh = ih * sh + offset_h;
            const float* xrow = xc + (id * g.input[1] + ih) * in_w;
            float* yrow = yc + (od * plane_rows + oh - oh0) * row;
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
                           float* y, Workspaces* threads, int64_t band_floats) {
  Workspaces serial;
  if (threads == nullptr) threads = &serial;
  const int64_t sw = g.stride[2], out_d = g.output[0], out_h = g.output[1], out_w = g.output[2];
  const int64_t band = conv_transpose_simd_band_outputs(g, band_floats);
  // Units: output rows (oh, every depth plane) of one band of one output channel; in order,
  // the rows of a band, the bands of a channel, the channels of an image. Every output is
  // accumulated by the one task that holds its row, in the one-thread order (scatter-adds
  // from several input rows meet only within an output row).
  const int64_t bands = (out_w + band - 1) / band;
  const int64_t units = g.batch * g.out_channels * bands * out_h;
  int64_t taps_per_output = g.in_channels_per_group() * g.kernel_spatial();
  for (int a = 0; a < 3; ++a) taps_per_output /= std::max<int64_t>(1, g.stride[a]);
  const int64_t tasks = row_task_count(units, out_d * band * std::max<int64_t>(1, taps_per_output),
                                       threads->threads());
  // Scratch of a task (stride_w > 1): its longest run of rows of one band, in phase layout.
  const int64_t most_rows = std::min(out_h, (units + tasks - 1) / std::max<int64_t>(1, tasks));
  const int64_t scratch = sw > 1 ? out_d * most_rows * phased_row_size(band, sw) : 0;
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& ws) {
    if (errors.failed() || !errors.check(ws.input.reserve(scratch, "strided output rows"))) return;
    const TaskRange r = row_task_range(t, tasks, units);
    for (int64_t u = r.begin; u < r.end;) {
      const int64_t run = u / out_h, oh0 = u % out_h, oh1 = std::min(out_h, oh0 + (r.end - u));
      const int64_t j0 = run % bands * band, co = run / bands % g.out_channels;
      const int64_t n = run / bands / g.out_channels;
      const float* image = x + n * g.in_channels * g.input_spatial();
      float* out = y + (n * g.out_channels + co) * g.output_spatial();
      if (sw == 1) {
        conv_transpose_channel(g, image, w, bias, co, 0, out_w, oh0, oh1, out + oh0 * out_w, out_h,
                               out_w);
      } else {
        const int64_t cols = std::min(band, out_w - j0), row = phased_row_size(cols, sw);
        float* phased = ws.input.data();
        conv_transpose_channel(g, image, w, bias, co, j0, cols, oh0, oh1, phased, oh1 - oh0, row);
        for (int64_t od = 0; od < out_d; ++od)
          for (int64_t oh = oh0; oh < oh1; ++oh) {
            merge_phases(phased + (od * (oh1 - oh0) + oh - oh0) * row, cols, sw,
                         out + (od * out_h + oh) * out_w + j0);
          }
      }
      u += oh1 - oh0;
    }
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
