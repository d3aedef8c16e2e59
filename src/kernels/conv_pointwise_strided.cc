// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Strided pointwise convolution by GEMM over gathered pixels (conv_pointwise_strided.h).
#include "kernels/conv_pointwise_strided.h"

#include <algorithm>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"
#include "kernels/padded_image.h"
#include "kernels/row_ops.h"

namespace wasmconv::kernels {
namespace {

// Copies the input pixels that output pixels p0 .. p0 + count - 1 read, for `channels`
// channels of `x` (one batch element, from the group's first channel), into `panel`:
// channel c at panel + c * panel_stride, the run zero-filled up to `padded` floats.
void gather_pixels(const ConvGeometry& g, const float* x, int64_t channels, float* panel,
                   int64_t panel_stride, int64_t p0, int64_t count, int64_t padded) {
  const int64_t out_w = g.output[2], out_h = g.output[1];
  const int64_t in_w = g.input[2], in_h = g.input[1];
  const int64_t s_d = g.stride[0], s_h = g.stride[1], s_w = g.stride[2];
  for (int64_t c = 0; c < channels; ++c) {
    const float* src = x + c * g.input_spatial();
    float* dst = panel + c * panel_stride;
    // Walk the range one output row at a time: within a row the samples are s_w apart.
    for (int64_t p = p0; p < p0 + count;) {
      const int64_t row = p / out_w, ow = p % out_w;
      const int64_t od = row / out_h, oh = row % out_h;
      const int64_t run = std::min(out_w - ow, p0 + count - p);
      const float* s = src + ((od * s_d) * in_h + oh * s_h) * in_w + ow * s_w;
      float* d = dst + (p - p0);
      copy_strided(s, s_w, run, in_w - ow * s_w, d);
      p += run;
    }
    std::fill(dst + count, dst + padded, 0.0f);
  }
}

}  // namespace

bool is_strided_pointwise(const ConvGeometry& g) {
  if (g.op != Op::kConv || g.kernel_spatial() != 1) return false;
  bool strided = false;
  for (int a = 0; a < 3; ++a) {
    if (g.pad_begin[a] != 0 || g.pad_end[a] != 0) return false;
    strided = strided || g.stride[a] > 1;
  }
  return strided;
}

int64_t strided_pointwise_band_pixels(const ConvGeometry& g) {
  const int64_t tiles_total = (g.output_spatial() + kTileN - 1) / kTileN;
  const int64_t tile_bytes =
      g.in_channels_per_group() * kTileN * static_cast<int64_t>(sizeof(float));
  const int64_t tiles = std::clamp<int64_t>(kBandBytes / tile_bytes, 1, tiles_total);
  return tiles * kTileN;
}

WASMCONV_SET_UP GemmTasks strided_pointwise_tasks(const ConvGeometry& g, int threads) {
  // Pieces of the output pixels (whole tiles, at most a gathered band) times pieces of the
  // blocks; each task gathers its own pixels.
  const int64_t blocks = (g.out_channels_per_group() + kIgemmMR - 1) / kIgemmMR;
  return split_gemm(g.macs(), g.batch, g.output_spatial(), strided_pointwise_band_pixels(g), kTileN,
                    blocks, blocks_per_chunk(g.in_channels_per_group() * kIgemmMR, blocks),
                    threads);
}

Status conv_pointwise_strided(const ConvGeometry& g, const float* packed, const float* x,
                              const float* bias, float* y, Workspaces* threads) {
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t blocks = (cog + kIgemmMR - 1) / kIgemmMR;
  const int64_t out_sp = g.output_spatial();
  const GemmTasks tasks = strided_pointwise_tasks(g, threads->threads());
  // Channels of the panel an odd number of cache lines apart: the GEMM's reduction over
  // channels then walks every L1 set (padded_image.cc).
  const int64_t panel_stride = spread_channel_stride(tasks.units.step);
  const int64_t zero_offset = 0;
  auto task = [&](int64_t t, Workspace& ws) -> Status {
    const GemmTasks::Cell cell = tasks.cell(t);
    WASMCONV_RETURN_IF_ERROR(ws.input.reserve(cig * panel_stride, "strided pointwise panel"));
    float discard[kIgemmMR][kTileN];
    float* panel = ws.input.data();
    const float* xn = x + cell.outer * g.in_channels * g.input_spatial();
    float* yn = y + cell.outer * g.out_channels * out_sp;
    const int64_t p0 = cell.u0, count = cell.u1 - cell.u0;
    const int64_t padded = (count + kTileN - 1) / kTileN * kTileN;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      gather_pixels(g, xn + grp * cig * g.input_spatial(), cig, panel, panel_stride, p0, count,
                    padded);
      // Pixel tiles outside, channel blocks inside: a tile's panel columns (cig x kTileN
      // floats) stay in L1 while the task's chunk of the group's weights streams past them.
      for (int64_t j = 0; j < count; j += kTileN) {
        const int64_t n_valid = std::min<int64_t>(kTileN, count - j);
        for (int64_t b = cell.b0; b < cell.b1; ++b) {
          const int64_t co0 = grp * cog + b * kIgemmMR;
          float init[kIgemmMR];
          float* out[kIgemmMR];
          block_rows<kIgemmMR>(bias, co0, cog - b * kIgemmMR, yn + co0 * out_sp + p0 + j, out_sp,
                               discard, init, out);
          igemm_f32_mrx2v<kIgemmMR>(1, &zero_offset, cig, panel_stride,
                                    packed + (grp * blocks + b) * cig * kIgemmMR, panel + j, init,
                                    out, n_valid);
        }
      }
    }
    return Status();
  };
  TaskErrors errors;
  threads->parallel_for(tasks.count(),
                        [&](int64_t t, Workspace& ws) { errors.record(task(t, ws)); });
  return errors.take();
}

}  // namespace wasmconv::kernels
