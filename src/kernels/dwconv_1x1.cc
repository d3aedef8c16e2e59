// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise 1x1 convolution and transposed convolution (dwconv_1x1.h).
#include "kernels/dwconv_1x1.h"

#include <algorithm>

#include "core/border.h"
#include "kernels/code_size.h"  // the set-up (the task loop) at minsize, the row loop at -O3
#include "kernels/row_tasks.h"
#include "kernels/vec.h"

namespace wasmconv::kernels {
namespace {

// The input index that output o of axis a reads, or -1 (none: a conv's zero padding, a
// position between a transposed convolution's inputs).
inline int64_t source(const ConvGeometry& g, int a, int64_t o) {
  const int64_t s = g.stride[a], p = g.pad_begin[a], n = g.input[a];
  if (g.op == Op::kConv) return border_index(o * s - p, n, g.padding_mode);
  const int64_t num = o + p;
  return num >= 0 && num % s == 0 && num / s < n ? num / s : -1;
}

// One output row from input row `xr` (null: the whole row has no input): y = w * x + b,
// and `none` where there is no input. With stride 1 the outputs that read the row's own
// inputs, [lo, hi), are computed with vectors.
void scale_row(const ConvGeometry& g, const float* xr, float wv, float b, float none, float* yr) {
  const int64_t len = g.output[2], n = g.input[2], s = g.stride[2], p = g.pad_begin[2];
  if (xr == nullptr) {
    std::fill(yr, yr + len, none);
    return;
  }
  if (g.op == Op::kConvTranspose && s > 1) {
    // Inputs land s outputs apart (o = i * s - p); the rest hold `none`.
    std::fill(yr, yr + len, none);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t o = i * s - p;
      if (o >= 0 && o < len) yr[o] = xr[i] * wv + b;
    }
    return;
  }
  // Output o reads input o - p (conv) or o + p (transposed) when stride is 1.
  const int64_t shift = g.op == Op::kConv ? -p : p;
  const int64_t lo = s == 1 ? std::clamp<int64_t>(-shift, 0, len) : 0;
  const int64_t hi = s == 1 ? std::clamp<int64_t>(n - shift, lo, len) : 0;
  auto one = [&](int64_t o) {
    const int64_t i = source(g, 2, o);
    yr[o] = i < 0 ? none : xr[i] * wv + b;
  };
  for (int64_t o = 0; o < lo; ++o) one(o);
  const Vec vw(wv), vb(b);
  int64_t o = lo;
  for (; o + kLanes <= hi; o += kLanes)
    (Vec::load_unaligned(xr + o + shift) * vw + vb).store_unaligned(yr + o);
  for (; o < hi; ++o) yr[o] = xr[o + shift] * wv + b;
  for (; o < len; ++o) one(o);
}

}  // namespace

bool dwconv_1x1_applies(const ConvGeometry& g) {
  return g.in_channels_per_group() == 1 && g.kernel_spatial() == 1;
}

WASMCONV_SET_UP Status dwconv_1x1(const ConvGeometry& g, const float* w, const float* x,
                                  const float* bias, float* y, Workspaces* threads) {
  const int64_t in_h = g.input[1], in_w = g.input[2];
  const int64_t out_h = g.output[1], out_w = g.output[2], out_sp = g.output_spatial();
  const int64_t multiplier = g.out_channels_per_group();
  const int64_t planes = g.batch * g.out_channels;
  const int64_t tasks = row_task_count(planes, out_sp, threads->threads());
  threads->parallel_for(tasks, [&](int64_t t, Workspace&) {
    const TaskRange r = row_task_range(t, tasks, planes);
    for (int64_t plane = r.begin; plane < r.end; ++plane) {
      const int64_t n = plane / g.out_channels, co = plane % g.out_channels;
      const int64_t ci = co / multiplier;
      const float wv = w[co];
      const float b = bias != nullptr ? bias[co] : 0.0f;
      // A conv's zero padding still multiplies the weight (0 * Inf is NaN, as in the
      // reference); a transposed convolution's positions without input take the bias alone.
      const float none = g.op == Op::kConv ? b + 0.0f * wv : b;
      const float* xc = x + (n * g.in_channels + ci) * g.input_spatial();
      float* yc = y + plane * out_sp;
      for (int64_t od = 0; od < g.output[0]; ++od) {
        const int64_t id = source(g, 0, od);
        for (int64_t oh = 0; oh < out_h; ++oh) {
          const int64_t ih = id < 0 ? -1 : source(g, 1, oh);
          const float* xr = ih < 0 ? nullptr : xc + (id * in_h + ih) * in_w;
          scale_row(g, xr, wv, b, none, yc + (od * out_h + oh) * out_w);
        }
      }
    }
  });
  return Status();
}

}  // namespace wasmconv::kernels

#undef WASMCONV_SET_UP
