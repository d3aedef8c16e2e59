// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// 3x3 stride-1 depthwise filters straight from the input (dwconv_3x3.h).
#include "kernels/dwconv_3x3.h"

#include <algorithm>

#include "kernels/dwconv_3x3_microkernel.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {
namespace {

// Called through this table so that Binaryen cannot inline the kernels into the loop
// below (it inlines every function with one caller), where V8 would have too few
// registers left for the kernel's loop. Indexed by rows - 1.
using Dw3x3Direct = void (*)(const float*, const float* const*, bool, float, float*, int64_t,
                             int64_t);
constexpr Dw3x3Direct kDw3x3Direct[] = {dwconv_f32_3x3_direct<1>, dwconv_f32_3x3_direct<2>};

// What every task of one dwconv_3x3s1 call reads. A task copies it into a local first: the
// plan's address is handed to the pool, so a compiler must reload anything read through it
// after each microkernel call (small planes: a few percent of the kernel's time).
struct Dw3x3s1Plan {
  const float *x, *x_end, *w, *bias, *zero_row;
  float* y;
  int64_t batch, in_channels, out_channels, multiplier, in_spatial, out_spatial, stride_d;
  int64_t in_h, width, top, out_d, out_h, blocks;
};

// Units [r.begin, r.end) of dwconv_3x3s1 (see there).
void dw3x3s1_task(const Dw3x3s1Plan& plan, TaskRange r) {
  const Dw3x3s1Plan p = plan;
  // The kernel's edge vectors read a float before each row and kLanes after it in place
  // when those lie inside the input tensor (all rows but its first and last).
  auto readable_around = [&](const float* row) {
    return row == p.zero_row || (row > p.x && row + p.width + kLanes <= p.x_end);
  };
  alignas(64) float w_splat[9 * kLanes];
  UnitCursor<4> at({p.batch, p.in_channels, p.multiplier, p.out_d}, r.begin / p.blocks);
  for (int64_t b0 = r.begin % p.blocks, left = r.end - r.begin; left > 0; at.next(), b0 = 0) {
    const int64_t b1 = std::min(p.blocks, b0 + left);
    left -= b1 - b0;
    // Output rows [oh0, oh1) of the plane at `at` (image, input channel, its m-th output
    // channel, depth); oh0 is even.
    const int64_t oh0 = 2 * b0, oh1 = std::min(p.out_h, 2 * b1);
    const int64_t n = at[0], ci = at[1], co = ci * p.multiplier + at[2], od = at[3];
    splat_3x3_weights(p.w + co * 9, w_splat);
    const float init = p.bias != nullptr ? p.bias[co] : 0.0f;
    const float* plane =
        p.x + (n * p.in_channels + ci) * p.in_spatial + od * p.stride_d * p.in_h * p.width;
    float* out_plane = p.y + (n * p.out_channels + co) * p.out_spatial + od * p.out_h * p.width;
    // Blocks of two rows whose four input rows are all image rows with readable
    // surroundings go in runs through one call (each block of a run computed as alone).
    auto interior = [&](int64_t oh) {
      const int64_t ih = oh - p.top;
      return oh + 2 <= oh1 && ih >= 0 && ih + 3 < p.in_h && readable_around(plane + ih * p.width) &&
             readable_around(plane + (ih + 3) * p.width);
    };
    for (int64_t oh = oh0; oh < oh1;) {
      if (interior(oh)) {
        int64_t end = oh + 2;
        while (interior(end)) end += 2;
        dwconv_f32_3x3_direct_blocks(w_splat, plane + (oh - p.top) * p.width, p.width,
                                     (end - oh) / 2, init, out_plane + oh * p.width, p.width,
                                     p.width);
        oh = end;
        continue;
      }
      const int64_t rows = std::min<int64_t>(2, p.out_h - oh);
      // Output row oh + o reads input rows oh + o - top + i (i < 3).
      const float* in[4];
      bool over_read = true;
      for (int64_t k = 0; k < rows + 2; ++k) {
        const int64_t ih = oh - p.top + k;
        in[k] = ih >= 0 && ih < p.in_h ? plane + ih * p.width : p.zero_row;
        over_read = over_read && readable_around(in[k]);
      }
      kDw3x3Direct[rows - 1](w_splat, in, over_read, init, out_plane + oh * p.width, p.width,
                             p.width);
      oh += rows;
    }
  }
}

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
  Dw3x3s1Plan plan;
  plan.in_h = g.input[1];
  plan.width = g.input[2];
  plan.top = g.pad_begin[1];
  plan.out_d = g.output[0];
  plan.out_h = g.output[1];
  // The zero row has kLanes of zeros on both sides, so reading around it is in bounds. It
  // is built here, before the tasks, which only read it (and use no scratch of their own).
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(plan.width + 2 * kLanes, "zero row"));
  std::fill(ws->input.data(), ws->input.data() + plan.width + 2 * kLanes, 0.0f);
  plan.zero_row = ws->input.data() + kLanes;
  plan.x = x;
  plan.x_end = x + g.batch * g.in_channels * g.input_spatial();
  plan.w = w;
  plan.bias = bias;
  plan.y = y;
  plan.batch = g.batch;
  plan.in_channels = g.in_channels;
  plan.out_channels = g.out_channels;
  plan.multiplier = g.out_channels_per_group();
  plan.in_spatial = g.input_spatial();
  plan.out_spatial = g.output_spatial();
  plan.stride_d = g.stride[0];
  // Units: blocks of two output rows (the last of an odd plane one), planes after planes.
  // A block is computed the same way in any task, and a task that ends inside a plane
  // ends on a block boundary (oh1 even, or out_h).
  plan.blocks = (plan.out_h + 1) / 2;
  const int64_t units = g.batch * g.out_channels * plan.out_d * plan.blocks;
  const int64_t tasks = row_task_count(units, 2 * plan.width * 9, threads->threads());
  threads->parallel_for(
      tasks, [&](int64_t t, Workspace&) { dw3x3s1_task(plan, row_task_range(t, tasks, units)); });
  return Status();
}

}  // namespace wasmconv::kernels
