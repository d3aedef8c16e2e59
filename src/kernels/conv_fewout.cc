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
  const int64_t* needed;   // per held row of a block: 1 when a tap of a block row reads it
  int64_t cig, cog, taps, held, stack_rows, row_len, band, bands, block, blocks, out_w, padded_w,
      padded_h, reach;
  uint32_t phases;  // bit p: a tap reads phase p (stride_w > 1)
  bool all_phases;  // every phase is read (or stride_w > 32): split them all
};

// Units [r.begin, r.end) (conv_fewout.h), with `stack` (stack_rows * row_len floats and a
// tile of slack, then a row of the band's width for the phase split) as scratch.
void fewout_task(const ConvGeometry& g, const FewOutPlan& plan, TaskRange r, float* stack) {
  const FewOutPlan p = plan;
  const int64_t sw = g.stride[2], sh = g.stride[1];
  float* const tmp = stack + p.stack_rows * p.row_len + kDwTileN;
  const int64_t out_sp = g.output_spatial(), in_sp = g.input_spatial();
  const int64_t in_d = g.input[0], in_h = g.input[1], in_w = g.input[2];
  UnitCursor<5> at({g.batch, g.groups, g.output[0], p.blocks, p.bands}, r.begin);
  for (int64_t u = r.begin; u < r.end; ++u, at.next()) {
    const int64_t n = at[0], group = at[1], od = at[2], oh0 = at[3] * p.block;
    const int64_t rows = std::min(p.block, g.output[1] - oh0);
    const int64_t j0 = at[4] * p.band, outs = std::min(p.band, p.out_w - j0);
    const int64_t cols = outs == p.out_w ? p.padded_w : (outs - 1) * sw + p.reach;
    const int64_t* offsets = p.offsets + (outs == p.band ? 0 : p.taps);
    // The stack: row (ci, kd, i) holds padded row (od*s_d + kd*d_d, oh0*s_h + i) of input
    // channel ci of the group, its columns [j0 * s_w, j0 * s_w + cols); rows no tap reads,
    // and rows past the padded image (which only the missing rows of a last block would
    // read), are skipped.
    float* dst = stack;
    for (int64_t ci = 0; ci < p.cig; ++ci) {
      const float* xc = p.x + (n * g.in_channels + group * p.cig + ci) * in_sp;
      for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
        const int64_t sd = border_index(od * g.stride[0] + kd * g.dilation[0] - g.pad_begin[0],
                                        in_d, g.padding_mode);
        for (int64_t i = 0; i < p.held; ++i, dst += p.row_len) {
          if (p.needed[i] == 0 || oh0 * sh + i >= p.padded_h) continue;
          const int64_t hi = border_index(oh0 * sh + i - g.pad_begin[1], in_h, g.padding_mode);
          float* row = sw > 1 ? tmp : dst;
          if (sd < 0 || hi < 0) {
            std::fill(row, row + cols, 0.0f);
          } else {
            fill_padded_row(g, xc + (sd * in_h + hi) * in_w, j0 * sw, cols, row);
          }
          if (sw > 1) split_used_phases(row, cols, sw, p.phases, p.all_phases, dst);
        }
      }
    }
    // Every output channel of the group from the one stack, up to 3 at a time; output row
    // oh0 + rr reads the stack rr * s_h rows further down.
    for (int64_t c = 0; c < p.cog; c += 3) {
      const int64_t co = group * p.cog + c, m = std::min<int64_t>(3, p.cog - c);
      float init[3];
      for (int64_t i = 0; i < m; ++i) init[i] = p.bias != nullptr ? p.bias[co + i] : 0.0f;
      const float* wc = p.w + co * p.taps;
      for (int64_t rr = 0; rr < rows; ++rr) {
        conv_fewout_row(
            m, p.taps, offsets, wc, stack + rr * sh * p.row_len, init,
            p.y + (n * g.out_channels + co) * out_sp + (od * g.output[1] + oh0 + rr) * p.out_w + j0,
            out_sp, outs);
      }
    }
  }
}

// The padded rows a block of `rows` output rows reads, per input channel and depth tap.
int64_t held_rows(const ConvGeometry& g, int64_t rows) {
  return (rows - 1) * g.stride[1] + (g.kernel[1] - 1) * g.dilation[1] + 1;
}

}  // namespace

bool conv_fewout_fits(const ConvGeometry& g) {
  return g.in_channels_per_group() * g.kernel[0] * g.kernel[1] *
             (g.input[2] + g.pad_begin[2] + g.pad_end[2]) <=
         kFewOutBandFloats;
}

int64_t conv_fewout_block_rows(const ConvGeometry& g, int64_t band_floats) {
  const int64_t planes = g.in_channels_per_group() * g.kernel[0];
  const int64_t padded_w = g.input[2] + g.pad_begin[2] + g.pad_end[2];
  int64_t rows = std::max<int64_t>(1, std::min(kFewOutRows, g.output[1]));
  while (rows > 1 && planes * held_rows(g, rows) * padded_w > band_floats) --rows;
  return rows;
}

int64_t conv_fewout_band_outputs(const ConvGeometry& g, int64_t band_floats) {
  const int64_t rows = g.in_channels_per_group() * g.kernel[0] *
                       held_rows(g, conv_fewout_block_rows(g, band_floats));
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
  p.block = conv_fewout_block_rows(g, band_floats);
  p.blocks = (g.output[1] + p.block - 1) / p.block;
  p.held = held_rows(g, p.block);
  p.stack_rows = p.cig * g.kernel[0] * p.held;
  p.taps = p.cig * g.kernel[0] * g.kernel[1] * g.kernel[2];
  p.padded_h = g.input[1] + g.pad_begin[1] + g.pad_end[1];
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
  // Tap (ci, kd, kh, kw) of output (row oh0, column 0) reads stack row (ci, kd, kh * d_h),
  // slot `shift` of phase `phase`; a band's phase stride depends on its width, so the last
  // band (when narrower) has a table of its own. Then which held rows a tap reads.
  Workspace* ws = &threads->caller();
  ws->offsets.resize(static_cast<size_t>(2 * p.taps + p.held));
  int64_t* offsets = ws->offsets.data();
  std::fill(offsets + 2 * p.taps, offsets + 2 * p.taps + p.held, 0);
  const int64_t kh = g.kernel[1], dh = g.dilation[1];
  for (int b = 0; b < 2; ++b) {
    const int64_t cols = band_cols(b == 0 ? p.band : p.out_w - (p.bands - 1) * p.band);
    for (int64_t plane = 0; plane < p.cig * g.kernel[0]; ++plane)
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t t = 0; t < kw; ++t) {
          const PhaseShift ps = phase_shift(t * g.dilation[2], sw);
          offsets[b * p.taps + (plane * kh + i) * kw + t] =
              (plane * p.held + i * dh) * p.row_len + ps.phase * phase_stride(cols, sw) + ps.shift;
        }
  }
  for (int64_t rr = 0; rr < p.block; ++rr)
    for (int64_t i = 0; i < kh; ++i) offsets[2 * p.taps + rr * g.stride[1] + i * dh] = 1;
  p.offsets = offsets;
  p.needed = offsets + 2 * p.taps;
  const int64_t stack_len = p.stack_rows * p.row_len + kDwTileN;
  const int64_t scratch = stack_len + (sw > 1 ? max_cols : 0);
  const int64_t units = g.batch * g.groups * g.output[0] * p.blocks * p.bands;
  const int64_t tasks =
      row_task_count(units, p.block * p.band * p.cog * p.taps, threads->threads());
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
