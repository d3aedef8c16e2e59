// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// 3x3 stride-2 depthwise filters straight from the input (dwconv_3x3s2.h).
#include "kernels/dwconv_3x3s2.h"

#include <algorithm>

#include "kernels/dwconv_3x3_microkernel.h"
#include "kernels/dwconv_3x3s2_microkernel.h"
#include "kernels/row_tasks.h"

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

// What every task of one dwconv_3x3s2 call reads: `plane` holds the fields every plane
// shares. A task copies it into a local first: the plan's address is handed to the pool,
// so a compiler must reload anything read through it after each plane kernel's call.
struct Dw3x3s2Plan {
  Dw3x3s2Plane plane;
  Dw3x3s2Columns columns;
  Dw3x3s2PlaneKernel kernel, edges;
  const float *x, *w, *bias;
  float* y;
  int64_t batch, in_channels, out_channels, multiplier, in_spatial, out_spatial, stride_d;
  int64_t out_d, blocks;
};

// Units [r.begin, r.end) of dwconv_3x3s2 (see there).
void dw3x3s2_task(const Dw3x3s2Plan& plan, TaskRange r) {
  const Dw3x3s2Plan p = plan;
  const int64_t in_h = p.plane.in_h, in_w = p.plane.in_w, pad_top = p.plane.pad_top;
  const int64_t out_h = p.plane.out_h, out_w = p.plane.out_w;
  alignas(64) float w_splat[9 * kLanes];
  UnitCursor<4> at({p.batch, p.in_channels, p.multiplier, p.out_d}, r.begin / p.blocks);
  for (int64_t b0 = r.begin % p.blocks, left = r.end - r.begin; left > 0; at.next(), b0 = 0) {
    const int64_t b1 = std::min(p.blocks, b0 + left);
    left -= b1 - b0;
    // Output rows [oh0, oh1) of the plane at `at` (image, input channel, its m-th output
    // channel, depth); oh0 is even. The plane kernels run over whole planes; rows from
    // oh0 > 0 are given to them as a plane of their own whose first row is input row
    // 2 * oh0 - pad_top (>= 0: pad_top <= 2), with no top padding, and whose first block
    // may read the floats before its rows (as every block but a plane's first does). Its
    // blocks are then the whole plane's blocks from oh0, computed the same way.
    const int64_t oh0 = 2 * b0, oh1 = std::min(out_h, 2 * b1);
    const int64_t n = at[0], ci = at[1], co = ci * p.multiplier + at[2], od = at[3];
    splat_3x3_weights(p.w + co * 9, w_splat);
    Dw3x3s2Plane plane = p.plane;
    plane.w_splat = w_splat;
    plane.init = p.bias != nullptr ? p.bias[co] : 0.0f;
    plane.rows = p.x + (n * p.in_channels + ci) * p.in_spatial + od * p.stride_d * in_h * in_w;
    plane.first_in_place = plane.rows - p.x >= 2;
    plane.out = p.y + (n * p.out_channels + co) * p.out_spatial + od * out_h * out_w;
    if (oh0 > 0) {
      const int64_t first = 2 * oh0 - pad_top;
      plane.rows += first * in_w;
      plane.in_h = in_h - first;
      plane.pad_top = 0;
      plane.first_in_place = true;
      plane.out += oh0 * out_w;
    }
    plane.out_h = oh1 - oh0;
    p.kernel(plane, p.columns);
    if (dw3x3s2_has_edges(plane, p.columns)) p.edges(plane, p.columns);
  }
}

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
  const int64_t in_w = g.input[2], out_h = g.output[1], out_w = g.output[2];
  // The zero row, with kDw3x3s2ZeroMargin zeros on both sides: built here, only read by
  // the tasks (which use no scratch of their own).
  const int64_t zero_len = in_w + 2 * kDw3x3s2ZeroMargin;
  WASMCONV_RETURN_IF_ERROR(ws->input.reserve(zero_len, "zero row"));
  std::fill(ws->input.data(), ws->input.data() + zero_len, 0.0f);
  Dw3x3s2Plan plan;
  Dw3x3s2Plane& plane = plan.plane;
  plane.zero = ws->input.data() + kDw3x3s2ZeroMargin;
  plane.begin = x;
  plane.end = x + g.input_size();
  plane.in_h = g.input[1];
  plane.in_w = in_w;
  plane.pad_top = g.pad_begin[1];
  plane.pad_left = g.pad_begin[2];
  plane.out_h = out_h;
  plane.out_w = out_w;
  plan.kernel = kDw3x3s2Plane[plane.pad_left];
  plan.edges = kDw3x3s2PlaneEdges[plane.pad_left];
  plan.columns = dw3x3s2_columns(in_w, out_w, dw3x3s2_first_column(plane.pad_left));
  plan.x = x;
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
  plan.out_d = g.output[0];
  // Units: blocks of two output rows (the last of an odd plane one), planes after planes;
  // a task that ends inside a plane ends on a block boundary.
  plan.blocks = (out_h + 1) / 2;
  const int64_t units = g.batch * g.out_channels * plan.out_d * plan.blocks;
  const int64_t tasks = row_task_count(units, 2 * out_w * 9, threads->threads());
  threads->parallel_for(
      tasks, [&](int64_t t, Workspace&) { dw3x3s2_task(plan, row_task_range(t, tasks, units)); });
  return Status();
}

}  // namespace wasmconv::kernels
