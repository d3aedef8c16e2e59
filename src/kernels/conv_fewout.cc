// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Convolution with few output channels per group, output pixels in the lanes
// (conv_fewout.h).
#include "kernels/conv_fewout.h"

#include <algorithm>

#include "core/border.h"
#include "kernels/conv_fewout_microkernel.h"
#include "kernels/dwconv_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/row_ops.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {
namespace {

// What every task of one call reads, copied into a local by each task (as dwconv_rows.cc
// does: a compiler must reload what it reads through the pool's pointer after each call).
struct FewOutPlan {
  const float *x, *w, *bias;
  float* y;
  const int64_t* offsets;  // the tap offsets of a full band, then of the last band
  int64_t cig, cog, taps, stack_rows, row_len, band, bands, out_w, padded_w, reach;
  uint32_t phases;  // bit p: a tap reads phase p (stride_w > 1)
  bool all_phases;  // every phase is read (or stride_w > 32): split them all
};

// M output channels, `n` outputs of one row each (channels out_stride apart), in tiles of
// V vectors; a partial last tile stores its valid outputs.
template <int M, int V>
void fewout_row(int64_t taps, const int64_t* offsets, const float* w, const float* stack,
                const float* init, float* out, int64_t out_stride, int64_t n) {
  for (int64_t ow = 0; ow < n; ow += V * kLanes) {
    conv_fewout_block<M, V>(taps, offsets, w, taps, stack + ow, init, out + ow, out_stride,
                            std::min<int64_t>(V * kLanes, n - ow));
  }
}

// The phases of `row` (`cols` floats) that `phases` names, into the phase layout at dst.
void split_used_phases(const float* row, int64_t cols, int64_t s, uint32_t phases, bool all,
                       float* dst) {
  if (all) {
    split_phases(row, cols, s, dst);
    return;
  }
  const int64_t stride = phase_stride(cols, s);
  for (int64_t p = 0; p < phase_count(cols, s); ++p) {
    if ((phases >> p & 1) == 0) continue;
    float* out = dst + p * stride;
    for (int64_t j = 0, c = p; c < cols; ++j, c += s) out[j] = row[c];
  }
}

// Units [r.begin, r.end) (conv_fewout.h), with `stack` (stack_rows * row_len floats and a
// tile of slack, then a row of the band's width for the phase split) as scratch.
void fewout_task(const ConvGeometry& g, const FewOutPlan& plan, TaskRange r, float* stack) {
  const FewOutPlan p = plan;
  const int64_t sw = g.stride[2];
  float* const tmp = stack + p.stack_rows * p.row_len + kDwTileN;
  const int64_t out_sp = g.output_spatial(), in_sp = g.input_spatial();
  const int64_t in_d = g.input[0], in_h = g.input[1], in_w = g.input[2];
  UnitCursor<5> at({g.batch, g.groups, g.output[0], g.output[1], p.bands}, r.begin);
  for (int64_t u = r.begin; u < r.end; ++u, at.next()) {
    const int64_t n = at[0], group = at[1], od = at[2], oh = at[3];
    const int64_t j0 = at[4] * p.band, outs = std::min(p.band, p.out_w - j0);
    const int64_t cols = outs == p.out_w ? p.padded_w : (outs - 1) * sw + p.reach;
    const int64_t* offsets = p.offsets + (outs == p.band ? 0 : p.taps);
    // The stack: row (ci, kd, kh) holds padded row (od*s_d + kd*d_d, oh*s_h + kh*d_h) of
    // input channel ci of the group, its columns [j0 * s_w, j0 * s_w + cols).
    float* dst = stack;
    for (int64_t ci = 0; ci < p.cig; ++ci) {
      const float* xc = p.x + (n * g.in_channels + group * p.cig + ci) * in_sp;
      for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
        const int64_t sd = border_index(od * g.stride[0] + kd * g.dilation[0] - g.pad_begin[0],
                                        in_d, g.padding_mode);
        for (int64_t kh = 0; kh < g.kernel[1]; ++kh, dst += p.row_len) {
          const int64_t sh = border_index(oh * g.stride[1] + kh * g.dilation[1] - g.pad_begin[1],
                                          in_h, g.padding_mode);
          float* row = sw > 1 ? tmp : dst;
          if (sd < 0 || sh < 0) {
            std::fill(row, row + cols, 0.0f);
          } else {
            fill_padded_row(g, xc + (sd * in_h + sh) * in_w, j0 * sw, cols, row);
          }
          if (sw > 1) split_used_phases(row, cols, sw, p.phases, p.all_phases, dst);
        }
      }
    }
    // Every output channel of the group from the one stack, up to 3 at a time.
    for (int64_t c = 0; c < p.cog; c += 3) {
      const int64_t co = group * p.cog + c, m = std::min<int64_t>(3, p.cog - c);
      float init[3];
      for (int64_t i = 0; i < m; ++i) init[i] = p.bias != nullptr ? p.bias[co + i] : 0.0f;
      const float* wc = p.w + co * p.taps;
      float* out =
          p.y + (n * g.out_channels + co) * out_sp + (od * g.output[1] + oh) * p.out_w + j0;
      if (m == 1) {
        dwconv_f32_rows<1>(p.taps, offsets, wc, stack, 0, init[0], out, 0, outs);
      } else if (m == 2) {
        fewout_row<2, 4>(p.taps, offsets, wc, stack, init, out, out_sp, outs);
      } else {
        fewout_row<3, 2>(p.taps, offsets, wc, stack, init, out, out_sp, outs);
      }
    }
  }
}

}  // namespace

int64_t conv_fewout_band_outputs(const ConvGeometry& g, int64_t band_floats) {
  const int64_t rows = g.in_channels_per_group() * g.kernel[0] * g.kernel[1];
  const int64_t padded_w = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  const int64_t out_w = g.output[2];
  if (rows * padded_w <= band_floats) return out_w;
  // Outputs [j0, j0 + n) read padded columns [j0 * s, (j0 + n - 1) * s + reach): the most
  // whole tiles whose columns, `rows` rows of them, fit band_floats (one tile at least).
  const int64_t reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  const int64_t fit = (band_floats / rows - reach) / g.stride[2] + 1;
  return std::min(out_w, std::max<int64_t>(kDwTileN, fit / kDwTileN * kDwTileN));
}

Status conv_fewout(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspaces* threads, int64_t band_floats) {
  FewOutPlan p;
  p.x = x;
  p.w = w;
  p.bias = bias;
  p.y = y;
  p.cig = g.in_channels_per_group();
  p.cog = g.out_channels_per_group();
  p.stack_rows = p.cig * g.kernel[0] * g.kernel[1];
  p.taps = p.stack_rows * g.kernel[2];
  p.out_w = g.output[2];
  p.padded_w = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  p.reach = (g.kernel[2] - 1) * g.dilation[2] + 1;
  p.band = conv_fewout_band_outputs(g, band_floats);
  p.bands = (p.out_w + p.band - 1) / p.band;
  const int64_t sw = g.stride[2], kw = g.kernel[2];
  auto band_cols = [&](int64_t outs) {
    return outs == p.out_w ? p.padded_w : (outs - 1) * sw + p.reach;
  };
  const int64_t max_cols = band_cols(p.band);
  const int64_t row = sw > 1 ? phased_row_size(max_cols, sw) : max_cols;
  p.row_len = (row + kLanes - 1) / kLanes * kLanes;
  p.phases = 0;
  p.all_phases = sw > 32;
  if (!p.all_phases) {
    for (int64_t t = 0; t < kw; ++t)
      p.phases |= uint32_t{1} << phase_shift(t * g.dilation[2], sw).phase;
    p.all_phases = p.phases == (uint64_t{1} << sw) - 1;
  }
  // Tap (row r of the stack, kernel column t) of output column 0: slot `shift` of phase
  // `phase` of row r; a band's phase stride depends on its width, so the last band (when
  // narrower) has a table of its own.
  Workspace* ws = &threads->caller();
  ws->offsets.resize(static_cast<size_t>(2 * p.taps));
  for (int b = 0; b < 2; ++b) {
    const int64_t cols = band_cols(b == 0 ? p.band : p.out_w - (p.bands - 1) * p.band);
    for (int64_t r = 0; r < p.stack_rows; ++r)
      for (int64_t t = 0; t < kw; ++t) {
        const PhaseShift ps = phase_shift(t * g.dilation[2], sw);
        ws->offsets[static_cast<size_t>(b * p.taps + r * kw + t)] =
            r * p.row_len + ps.phase * phase_stride(cols, sw) + ps.shift;
      }
  }
  p.offsets = ws->offsets.data();
  const int64_t stack_len = p.stack_rows * p.row_len + kDwTileN;
  const int64_t scratch = stack_len + (sw > 1 ? max_cols : 0);
  const int64_t units = g.batch * g.groups * g.output[0] * g.output[1] * p.bands;
  const int64_t tasks = row_task_count(units, p.band * p.cog * p.taps, threads->threads());
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& task_ws) {
    if (errors.failed() || !errors.check(task_ws.input.reserve(scratch, "input rows"))) return;
    // The slack past each row and the phases no tap reads are only read into lanes that
    // are never stored: zeros keep them finite.
    std::fill(task_ws.input.data(), task_ws.input.data() + stack_len, 0.0f);
    fewout_task(g, p, row_task_range(t, tasks, units), task_ws.input.data());
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
