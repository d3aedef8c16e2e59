// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Depthwise convolution on channels-last data, read in place (dwconv_channels_last.h).
#include "kernels/dwconv_channels_last.h"

#include <algorithm>

#include "kernels/code_size.h"
#include "kernels/dwconv_3x3_channels_last_microkernel.h"
#include "kernels/dwconv_channel_lanes.h"  // dwconv_channel_lanes_applies
#include "kernels/dwconv_channels_last_microkernel.h"
#include "kernels/row_tasks.h"

namespace wasmconv::kernels {

bool dwconv_channels_last_applies(const ConvGeometry& g) {
  // With fewer channels than a vector every channel takes the scalar tail, where the
  // channels-first kernels on transposed copies keep their lanes full (an RGB image filter).
  if (!g.channels_last() || !dwconv_channel_lanes_applies(g) || g.in_channels < kLanes)
    return false;
  // Every such layer runs faster here than on the transposes around the channels-first
  // kernels (two passes over the input and two over the output). Before the 3x3 row
  // microkernel, the channels-first 3x3 stride-1 kernel (weights in registers, each input row
  // read once for two output rows) won on rows past 16 vectors despite the transposes
  // (MobileNetV2's 112-wide layer: in place 1.65x the time). With it (bench/ab-builds.mjs
  // --layout nhwc, relaxed build, 15 rounds, new / old time, bitwise the same outputs): that
  // layer 0.75x its transposed time; the 3x3 layers that ran in place on the pixel
  // microkernel, stride 1 0.53x (56 wide) to 0.79x (7 wide), stride 2 0.67x (112 wide) to
  // 0.79x (14 wide).
  return true;
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

// Output pixels [ow0, ow1) of output row `oh` of image `image` (y row `out`), each through its
// own taps on the pixel microkernel: any kernel, the taps in the padding pointing at the zero
// row. `taps` has room for k_h * k_w pointers.
WASMCONV_SET_UP void taps_pixels(const ChannelsLastTaps& p, const float* image, int64_t oh,
                                 int64_t ow0, int64_t ow1, float* out, const float** taps) {
  const int64_t channels = p.channels;
  for (int64_t ow = ow0; ow < ow1; ++ow) {
    const float** tap = taps;
    for (int64_t kh = 0; kh < p.k_h; ++kh) {
      const int64_t ih = oh * p.stride_h - p.pad_top + kh * p.dil_h;
      for (int64_t kw = 0; kw < p.k_w; ++kw) {
        const int64_t iw = ow * p.stride_w - p.pad_left + kw * p.dil_w;
        const bool inside = ih >= 0 && ih < p.in_h && iw >= 0 && iw < p.in_w;
        *tap++ = inside ? image + (ih * p.in_w + iw) * channels : p.bt + channels;
      }
    }
    dwconv_f32_taps_channels(p.k_h * p.k_w, taps, p.wt, static_cast<std::ptrdiff_t>(channels), p.bt,
                             out + ow * channels);
  }
}

// The input pixels a run of the 3x3 row microkernel spans: the cache lines of its three or
// four input rows that one vector of channels reads are read again by the next three vectors
// (64-byte lines of 4-lane vectors), so they must stay in L1: 3-4 rows x 128 pixels x 64 bytes
// = 24-32 KB of a 48 KB L1, the rest left to the output's lines and the weights.
constexpr int64_t kRowRunInputPixels = 128;

// Output rows [begin, end) of `p`, numbered over the images (row r of image r / out_h);
// `taps` has room for k_h * k_w pointers. A 3x3 row whose three input rows are inside runs
// its inner pixels (every tap inside) on the row microkernel, the rest pixel by pixel.
// Integer work only, the microkernels a call: compiled for size.
WASMCONV_SET_UP void taps_rows(const ChannelsLastTaps& p, int64_t begin, int64_t end,
                               const float** taps) {
  const int64_t channels = p.channels;
  const bool three = p.k_h == 3 && p.k_w == 3;
  // The inner pixels ow_lo <= ow < ow_hi: ow * stride_w - pad_left >= 0 and
  // ow * stride_w - pad_left + 2 * dil_w <= in_w - 1.
  const int64_t ow_lo = std::min(p.out_w, (p.pad_left + p.stride_w - 1) / p.stride_w);
  const int64_t last = p.in_w - 1 - 2 * p.dil_w + p.pad_left;  // the largest inner ow * stride_w
  const int64_t ow_hi = last < 0 ? ow_lo : std::clamp(last / p.stride_w + 1, ow_lo, p.out_w);
  const int64_t run = std::max<int64_t>(1, (kRowRunInputPixels - 2 * p.dil_w) / p.stride_w);
  // Two output rows at a time where the second's top taps are the first's middle ones
  // (stride_h == dil_h): four input rows feed both.
  const bool pairs = three && p.stride_h == p.dil_h;
  const std::ptrdiff_t row_step = p.dil_h * p.in_w * channels;
  for (int64_t row = begin; row < end;) {
    const int64_t n = row / p.out_h, oh = row % p.out_h;
    const float* image = p.x + n * p.in_h * p.in_w * channels;
    float* out = p.y + row * p.out_w * channels;
    const int64_t ih = oh * p.stride_h - p.pad_top;
    if (!three || ih < 0 || ih + 2 * p.dil_h >= p.in_h || ow_lo == ow_hi) {
      taps_pixels(p, image, oh, 0, p.out_w, out, taps);
      ++row;
      continue;
    }
    // The next row too: in this task and image, its taps inside.
    const bool two = pairs && row + 1 < end && oh + 1 < p.out_h && ih + 3 * p.dil_h < p.in_h;
    const int64_t out_row = p.out_w * channels;
    for (int i = 0; i < (two ? 2 : 1); ++i) {
      taps_pixels(p, image, oh + i, 0, ow_lo, out + i * out_row, taps);
      taps_pixels(p, image, oh + i, ow_hi, p.out_w, out + i * out_row, taps);
    }
    for (int64_t ow = ow_lo; ow < ow_hi; ow += run) {
      const int64_t pixels = std::min(run, ow_hi - ow);
      const float* first = image + (ih * p.in_w + ow * p.stride_w - p.pad_left) * channels;
      const float* rows[4] = {first, first + row_step, first + 2 * row_step,
                              two ? first + 3 * row_step : first};
      float* outs[2] = {out + ow * channels, two ? out + out_row + ow * channels : nullptr};
      const std::ptrdiff_t tap_step = p.dil_w * channels, pixel_step = p.stride_w * channels;
      if (two) {
        dwconv_f32_3x3_rows_channels<2>(rows, tap_step, pixel_step, pixels, p.wt, channels, p.bt,
                                        outs);
      } else {
        dwconv_f32_3x3_rows_channels<1>(rows, tap_step, pixel_step, pixels, p.wt, channels, p.bt,
                                        outs);
      }
    }
    row += two ? 2 : 1;
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
