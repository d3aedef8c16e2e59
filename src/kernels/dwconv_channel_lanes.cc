// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise convolution with channels in the lanes (dwconv_channel_lanes.h).
#include "kernels/dwconv_channel_lanes.h"

#include <algorithm>
#include <cstring>

#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_channel_lanes_microkernel.h"
#include "kernels/row_tasks.h"
#include "kernels/transpose_channels.h"
#include "kernels/vec.h"  // kLanes

namespace wasmconv::kernels {
namespace {

struct LanesPlan {
  const float *x, *w, *bias;
  float* y;
  int64_t channels, blocks;
  ChannelLanesShape shape;
};

// Block `unit` (image n = unit / blocks, channels c0 .. c0 + kChannelLanesBlock - 1 of it):
// in, compute, out. A block past the last channel reads and writes through zero-filled
// planes of scratch, so that every block has whole vectors.
__attribute__((noinline)) Status lanes_unit(const LanesPlan& p, int64_t unit, Workspace& ws) {
  const ChannelLanesShape& sh = p.shape;
  const int64_t in_sp = sh.in_h * sh.in_w, out_sp = sh.out_h * sh.out_w, taps = sh.k_h * sh.k_w;
  const int64_t n = unit / p.blocks, c0 = unit % p.blocks * kChannelLanesBlock;
  const int64_t count = std::min(kChannelLanesBlock, p.channels - c0);
  const bool whole = count == kChannelLanesBlock;
  // One scratch buffer: the block's input channels-last, its output channels-last, then (a
  // partial block) its input planes and output planes padded with zero channels, and the
  // weights [tap][channel] with the bias after them.
  const int64_t in_floats = in_sp * kChannelLanesBlock, out_floats = out_sp * kChannelLanesBlock;
  const int64_t staged = whole ? 0 : in_floats + out_floats;
  WASMCONV_RETURN_IF_ERROR(
      ws.input.reserve(in_floats + out_floats + staged + (taps + 1) * kChannelLanesBlock,
                       "channels-last depthwise block"));
  float* xt = ws.input.data();
  float* yt = xt + in_floats;
  float* const staged_in = yt + out_floats;
  float* const staged_out = staged_in + in_floats;
  float* wt = yt + out_floats + staged;
  float* bt = wt + taps * kChannelLanesBlock;
  for (int64_t c = 0; c < kChannelLanesBlock; ++c) {
    const bool real = c < count;
    for (int64_t t = 0; t < taps; ++t)
      wt[t * kChannelLanesBlock + c] = real ? p.w[(c0 + c) * taps + t] : 0.0f;
    bt[c] = real && p.bias != nullptr ? p.bias[c0 + c] : 0.0f;
  }
  const float* planes = p.x + (n * p.channels + c0) * in_sp;
  if (!whole) {
    std::memcpy(staged_in, planes, static_cast<size_t>(count * in_sp) * sizeof(float));
    std::fill(staged_in + count * in_sp, staged_in + in_floats, 0.0f);
    planes = staged_in;
  }
  transpose_planes(planes, xt, 1, kChannelLanesBlock, in_sp, nullptr);
  dwconv_f32_channel_lanes_block(p.shape, xt, wt, bt, yt);
  float* out = p.y + (n * p.channels + c0) * out_sp;
  if (whole) {
    transpose_planes(yt, out, 1, out_sp, kChannelLanesBlock, nullptr);
  } else {
    transpose_planes(yt, staged_out, 1, out_sp, kChannelLanesBlock, nullptr);
    std::memcpy(out, staged_out, static_cast<size_t>(count * out_sp) * sizeof(float));
  }
  return Status();
}

}  // namespace

bool dwconv_channel_lanes_applies(const ConvGeometry& g) {
  return g.op == Op::kConv && g.in_channels_per_group() == 1 && g.out_channels_per_group() == 1 &&
         g.padding_mode == PaddingMode::kZeros && g.input[0] == 1 && g.kernel[0] == 1 &&
         g.output[0] == 1 && g.stride[0] == 1 && g.pad_begin[0] == 0 && g.pad_end[0] == 0;
}

bool dwconv_channel_lanes_preferred(const ConvGeometry& g) {
  if (!dwconv_channel_lanes_applies(g)) return false;
  // Cost per output of one channel: here, its taps with every lane real (each tap loads a
  // weight vector beside the input vector) plus two transposes of the block; on the pixel-lane
  // kernels, its taps times ceil(out_w / kLanes) * kLanes / out_w (the idle lanes at each
  // row's end) plus a set-up per row and per plane that a short row does not amortise. Where
  // the two meet depends on which pixel-lane kernel runs: the 3x3 ones (dwconv_3x3.h,
  // dwconv_3x3s2.h) keep the weights in registers and read each input row once for two
  // output rows; the general ones (dwconv_rows.h, the padded path) do neither. Measured
  // (relaxed build, Node 20, both builds in one process at real-time priority, old / new
  // time; the crossover as output-row length in vectors of kLanes):
  //   3x3 stride 1: 7 wide 1.50x, 10 wide 1.22x, 14 wide 0.91x, 20 wide 0.56x -> <= 2.5 vectors
  //   3x3 stride 2: 7 wide 0.94x, 14 wide 0.66x                               -> never
  //   5x5 stride 1: 7 wide 2.36x, 14 wide 1.36x, 28 wide 0.84x                -> <= 4 vectors
  //   5x5 stride 2: 7 wide 3.65x, 14 wide 1.89x, 28 wide 1.40x                -> <= 8 vectors
  // (natively, with AVX-512's 16 lanes, MobileNetV2's 14-wide 3x3 layers ran 1.6x faster here).
  // The block's input, channels-last, stays in L2 (256 KiB: 4096 pixels of 16 channels):
  // a plane larger than that is not small, and a stride far beyond the image would
  // transpose a large input to read a few of its pixels.
  if (g.input_spatial() * kChannelLanesBlock * static_cast<int64_t>(sizeof(float)) >
      (int64_t{256} << 10)) {
    return false;
  }
  // Fewer channels than a block leave most of its lanes multiplying zeros: 4 and 8 channels
  // of 14x14, 5x5 stride 2 ran 0.80x and 0.64x, 16 channels 1.03x, 64 channels of 28x28, 1x1
  // and 2x2 stride 2, 4.0x and 3.0x (and 4 channels of 56x56, 1x1 stride 2, 0.30x).
  if (g.in_channels < kChannelLanesBlock) return false;
  const int64_t out_w = g.output[2];
  const bool stride_one = g.stride[1] == 1 && g.stride[2] == 1;
  if (dwconv_3x3s2_applies(g)) return false;
  if (dwconv_3x3s1_applies(g)) return 2 * out_w <= 5 * kLanes;
  return out_w <= (stride_one ? 4 : 8) * kLanes;
}

Status dwconv_channel_lanes(const ConvGeometry& g, const float* w, const float* x,
                            const float* bias, float* y, Workspaces* threads) {
  LanesPlan p;
  p.x = x;
  p.w = w;
  p.bias = bias;
  p.y = y;
  p.channels = g.in_channels;
  p.blocks = (g.in_channels + kChannelLanesBlock - 1) / kChannelLanesBlock;
  p.shape = {g.input[1],    g.input[2],    g.output[1],    g.output[2],
             g.kernel[1],   g.kernel[2],   g.stride[1],    g.stride[2],
             g.dilation[1], g.dilation[2], g.pad_begin[1], g.pad_begin[2]};
  const int64_t units = g.batch * p.blocks;
  const int64_t unit_macs = g.output[1] * g.output[2] * g.kernel_spatial() * kChannelLanesBlock;
  const int64_t tasks = row_task_count(units, unit_macs, threads->threads());
  TaskErrors errors;
  threads->parallel_for(tasks, [&](int64_t t, Workspace& ws) {
    const TaskRange r = row_task_range(t, tasks, units);
    for (int64_t u = r.begin; u < r.end && !errors.failed(); ++u)
      errors.record(lanes_unit(p, u, ws));
  });
  return errors.take();
}

}  // namespace wasmconv::kernels
