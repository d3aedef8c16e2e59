// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise convolution on channels-last data, read in place (dwconv_channels_last.h).
#include "kernels/dwconv_channels_last.h"

#include "kernels/code_size.h"
#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_channel_lanes.h"  // dwconv_channel_lanes_applies
#include "kernels/dwconv_channels_last_microkernel.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {

bool dwconv_channels_last_applies(const ConvGeometry& g) {
  // With fewer channels than a vector every channel takes the scalar tail, where the
  // channels-first kernels on transposed copies keep their lanes full (an RGB image filter).
  if (!g.channels_last() || !dwconv_channel_lanes_applies(g) || g.in_channels < kLanes)
    return false;
  // Against the transposes around the channels-first kernels (two passes over the input and
  // two over the output), this kernel loads an input and a weight vector per multiply-add.
  // The channels-first 3x3 stride-1 kernel (dwconv_3x3.h) keeps the weights in registers and
  // reads each input row once for two output rows: on long rows it wins despite the
  // transposes. Measured on MobileNetV2's 3x3 stride-1 layers, in place over transposed time:
  // warm (bench/ab-builds.mjs --layout nhwc, relaxed build, 15 rounds) 112 wide (32
  // channels) 1.65x, 56 wide (144) 1.09x, 28 wide (192) 0.97x, 14 wide (384) 0.57x, 7 wide
  // (960) 0.52x; in the benchmark's rounds, where the other libraries' calls leave the caches
  // cold (npm run bench -- --layout nhwc, NHWC over NCHW time, one run each way), 112 wide
  // 1.84x against 1.79x, 56 wide 1.53x against 2.02x -> in place up to 16 vectors of output
  // row. Every stride-2 layer ran faster in place, warm too (0.35-0.61x, 112 to 14 wide: the
  // 3x3 stride-2 kernel reads its input twice over).
  return !(dwconv_3x3s1_applies(g) && g.output[2] > 16 * kLanes);
}

namespace {

// The convolution as the pixel loop sees it: images of in_h x in_w pixels of `channels` floats
// (x) into out_h x out_w ones (y), weights [tap][C] (wt), the bias (bt) and a row of
// `channels` zeros right after the bias.
struct ChannelsLastTaps {
  const float* x;
  float* y;
  const float *wt, *bt;  // bt: the bias, then a row of zeros
  int64_t channels, in_h, in_w, out_h, out_w, k_h, k_w;
  int64_t stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;
};

// Output rows [begin, end) of `p`, numbered over the images (row r of image r / out_h);
// `taps` has room for k_h * k_w pointers. Integer work only, the microkernel a call:
// compiled for size.
WASMCONV_SET_UP void taps_rows(const ChannelsLastTaps& p, int64_t begin, int64_t end,
                               const float** taps) {
  const int64_t channels = p.channels;
  for (int64_t row = begin; row < end; ++row) {
    const int64_t n = row / p.out_h, oh = row % p.out_h;
    const float* image = p.x + n * p.in_h * p.in_w * channels;
    float* out = p.y + row * p.out_w * channels;
    for (int64_t ow = 0; ow < p.out_w; ++ow, out += channels) {
      // The pixel's taps: input rows, or the zero row in the padding.
      const float** tap = taps;
      for (int64_t kh = 0; kh < p.k_h; ++kh) {
        const int64_t ih = oh * p.stride_h - p.pad_top + kh * p.dil_h;
        for (int64_t kw = 0; kw < p.k_w; ++kw) {
          const int64_t iw = ow * p.stride_w - p.pad_left + kw * p.dil_w;
          const bool inside = ih >= 0 && ih < p.in_h && iw >= 0 && iw < p.in_w;
          *tap++ = inside ? image + (ih * p.in_w + iw) * channels : p.bt + channels;
        }
      }
      dwconv_f32_taps_channels(p.k_h * p.k_w, taps, p.wt, static_cast<std::ptrdiff_t>(channels),
                               p.bt, out);
    }
  }
}

}  // namespace

bool dwconv_taps_read(const ConvGeometry& g) {
  return dwconv_channels_last_applies(g) || dwconv_channel_lanes_preferred(g);
}

int64_t dwconv_taps_packed_size(const ConvGeometry& g) {
  return g.kernel[1] * g.kernel[2] * g.in_channels;
}

WASMCONV_SET_UP void pack_dwconv_taps(const ConvGeometry& g, const float* w, float* packed) {
  const int64_t channels = g.in_channels, taps = g.kernel[1] * g.kernel[2];
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t c = 0; c < channels; ++c) packed[t * channels + c] = w[c * taps + t];
}

WASMCONV_SET_UP Status dwconv_channels_last(const ConvGeometry& g, const float* wt, const float* x,
                                            const float* bias, float* y, Workspaces* threads) {
  const int64_t channels = g.in_channels, taps = g.kernel[1] * g.kernel[2];
  // Shared by the tasks, read only, in the caller's scratch: the bias (zeros without one) and
  // a row of zeros for the taps in the padding.
  FloatBuffer& shared = threads->caller().transformed;
  WASMCONV_RETURN_IF_ERROR(shared.reserve(2 * channels, "channels-last depthwise bias"));
  float* const bt = shared.data();
  float* const zeros = bt + channels;
  for (int64_t c = 0; c < channels; ++c) {
    bt[c] = bias != nullptr ? bias[c] : 0.0f;
    zeros[c] = 0.0f;
  }
  // clang-format off
  const ChannelsLastTaps plan{x, y, wt, bt, channels,
                              g.input[1], g.input[2], g.output[1], g.output[2],
                              g.kernel[1], g.kernel[2], g.stride[1], g.stride[2],
                              g.dilation[1], g.dilation[2], g.pad_begin[1], g.pad_begin[2]};
  // clang-format on
  const int64_t rows = g.batch * g.output[1];
  const int64_t tasks = row_task_count(rows, g.output[2] * taps * channels, threads->threads());
  threads->parallel_for(tasks, [&](int64_t task, Workspace& ws) {
    ws.tap_rows.resize(static_cast<size_t>(taps));
    const TaskRange r = row_task_range(task, tasks, rows);
    taps_rows(plan, r.begin, r.end, ws.tap_rows.data());
  });
  return Status();
}

}  // namespace wasmconv::kernels
