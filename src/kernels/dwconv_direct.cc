// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise / single-channel convolution, direct method (dwconv_direct.h).
#include "kernels/dwconv_direct.h"

#include <algorithm>

#include "kernels/dwconv_1x1.h"
#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_channel_lanes.h"
#include "kernels/dwconv_channels_last.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/dwconv_rows.h"
#include "kernels/padded_image.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {

Status dwconv_direct(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads, const float* taps_packed) {
  // Channels-last data comes here as given only where this kernel applies; otherwise it was
  // transposed channels-first before (kernels::reads_channels_last, fast_path.h).
  if (dwconv_channels_last_applies(g))
    return dwconv_channels_last(g, taps_packed, x, bias, y, threads);
  if (dwconv_1x1_applies(g)) return dwconv_1x1(g, w, x, bias, y, threads);
  if (dwconv_channel_lanes_preferred(g))
    return dwconv_channel_lanes(g, taps_packed, x, bias, y, threads);
  if (dwconv_3x3s1_applies(g)) return dwconv_3x3s1(g, w, x, bias, y, threads);
  if (dwconv_3x3s2_applies(g)) return dwconv_3x3s2(g, w, x, bias, y, threads);
  if (dwconv_rows_applies(g)) return dwconv_rows(g, w, x, bias, y, threads);
  return dwconv_padded(g, w, x, bias, y, threads);
}

Status dwconv_padded(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads) {
  // Every output channel reads one input channel, so the padded image is built one input
  // channel at a time: the scratch is one channel's padded volume, not the whole input's.
  ConvGeometry one = g;
  one.in_channels = 1;
  const PaddedImage layout = padded_image_layout(one);
  // The microkernel's tile is wider than the igemm one; keep the extra over-read zero.
  const int64_t image_len = layout.size() + kDwTileN;
  const int64_t taps = g.kernel_spatial();
  Workspace* ws = &threads->caller();
  layout.tap_offsets(g, &ws->offsets);  // read by every task
  const int64_t* offsets = ws->offsets.data();
  const int64_t multiplier = g.out_channels_per_group();
  const int64_t out_w = g.output[2], out_sp = g.output_spatial();
  const int64_t rows = g.output[0] * g.output[1];  // output rows of a plane
  const int64_t channels = g.batch * g.in_channels;
  // Output rows [r0, r1) of the `multiplier` output channels of (image, input channel) nc,
  // from its padded image.
  auto channel_rows = [&](const float* image, int64_t nc, int64_t r0, int64_t r1) {
    const int64_t n = nc / g.in_channels, ci = nc % g.in_channels;
    for (int64_t co = ci * multiplier; co < (ci + 1) * multiplier; ++co) {
      const float* wc = w + co * taps;
      const float init = bias != nullptr ? bias[co] : 0.0f;
      float* yc = y + (n * g.out_channels + co) * out_sp;
      for (int64_t r = r0; r < r1; ++r) {
        const int64_t od = r / g.output[1], oh = r % g.output[1];
        const float* row_base = image + layout.row_offset(od * g.stride[0], oh * g.stride[1]);
        float* yrow = yc + r * out_w;
        for (int64_t ow = 0; ow < out_w; ow += kDwTileN) {
          dwconv_f32_4v(taps, offsets, wc, row_base + ow, init, yrow + ow,
                        std::min<int64_t>(kDwTileN, out_w - ow));
        }
      }
    }
  };
  auto build = [&](int64_t nc, float* image) {
    std::fill(image + layout.size(), image + image_len, 0.0f);
    fill_padded_image(one, layout, x + nc * g.input_spatial(), image);
  };
  const int64_t row_macs = out_w * multiplier * taps;
  // Many channels: tasks of whole channels, each padding its channels into its thread's
  // scratch. Few (fewer than four per thread would leave threads idle at the end): each
  // channel padded once, here, then its rows split into tasks that only read it. A row is
  // computed by the same tile calls either way.
  if (threads->threads() == 1 || channels >= 4 * threads->threads()) {
    const int64_t tasks = row_task_count(channels, rows * row_macs, threads->threads());
    TaskErrors errors;
    threads->parallel_for(tasks, [&](int64_t t, Workspace& task_ws) {
      if (errors.failed() || !errors.check(task_ws.input.reserve(image_len, "padded input")))
        return;
      const TaskRange r = row_task_range(t, tasks, channels);
      for (int64_t nc = r.begin; nc < r.end; ++nc) {
        build(nc, task_ws.input.data());
        channel_rows(task_ws.input.data(), nc, 0, rows);
      }
    });
    return errors.take();
  }
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(image_len, "padded input"));
  const float* image = ws->input.data();
  const int64_t tasks = row_task_count(rows, row_macs, threads->threads());
  for (int64_t nc = 0; nc < channels; ++nc) {
    build(nc, ws->input.data());
    threads->parallel_for(tasks, [&](int64_t t, Workspace&) {
      const TaskRange r = row_task_range(t, tasks, rows);
      channel_rows(image, nc, r.begin, r.end);
    });
  }
  return Status();
}

}  // namespace wasmconv::kernels
