// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise convolution with channels in the lanes (dwconv_channel_lanes.h).
#include "kernels/dwconv_channel_lanes.h"

#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_channels_last.h"
#include "kernels/transpose_channels.h"
#include "kernels/vec.h"  // kLanes

namespace wasmconv::kernels {

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
  // Those were measured when this kernel turned one block of 16 channels channels-last at a
  // time, with a microkernel of its own; on the whole image and the channels-last kernel
  // (2026-12-07, bench/ab-builds.mjs, relaxed build, 21 rounds, bitwise the same outputs)
  // MobileNetV2's 960x7x7 layer ran 0.73x the time, its 14x14 ones 1.02-1.04x. Then the
  // channels-last kernel got a row microkernel for 3x3 taps with the weights in registers
  // (dwconv_3x3_channels_last_microkernel.h, 0.53-0.79x its time), and the 3x3 crossovers
  // moved (new / old time, ab-builds, 15 rounds, MobileNetV2's layers, by input width):
  // stride 1 at 14 wide 0.68x, 28 wide 1.13x, 56 wide 1.27x; stride 2 at 14 wide 0.82x, 28
  // wide 1.11-1.15x, 56 wide 1.38x -> input rows of <= 4 vectors, both strides (the
  // transposes move the input: stride x the output row).
  // A plane of more than 4096 pixels is not small (the bound is what kept a block of 16
  // channels of it in 256 KiB of L2 when this kernel went a block at a time): its rows are
  // long enough for the pixel lanes, and a stride far beyond the image would transpose a
  // large input to read a few of its pixels.
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
  if (dwconv_3x3s1_applies(g) || dwconv_3x3s2_applies(g)) return out_w * g.stride[2] <= 4 * kLanes;
  return out_w <= (stride_one ? 4 : 8) * kLanes;
}

Status dwconv_channel_lanes(const ConvGeometry& g, const float* taps_packed, const float* x,
                            const float* bias, float* y, Workspaces* threads) {
  // The whole batch channels-last in the caller's scratch: [N][H*W][C] in, [N][OH*OW][C] out.
  const int64_t in = g.input_size(), out = g.output_size();
  FloatBuffer& copies = threads->caller().output;
  WASMCONV_RETURN_IF_ERROR(copies.reserve(in + out, "channels-last copies"));
  float* const xt = copies.data();
  float* const yt = xt + in;
  ThreadPool* pool = threads->pool();
  transpose_planes(x, xt, g.batch, g.in_channels, g.input_spatial(), pool);
  WASMCONV_RETURN_IF_ERROR(dwconv_channels_last(g, taps_packed, xt, bias, yt, threads));
  transpose_planes(yt, y, g.batch, g.output_spatial(), g.out_channels, pool);
  return Status();
}

}  // namespace wasmconv::kernels
