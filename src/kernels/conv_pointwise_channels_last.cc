// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last pointwise convolution by GEMM over pixel rows read in place
// (conv_pointwise_channels_last.h).
#include "kernels/conv_pointwise_channels_last.h"

#include <algorithm>
#include <vector>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"  // kIgemmMR
#include "kernels/gemm_rows_microkernel.h"
#include "kernels/pointwise_dot_microkernel.h"

namespace wasmconv::kernels {
namespace {

// The input rows of consecutive output pixels, numbered over the whole batch: one step per
// pixel, an address computed afresh only where an output row ends (and at the start).
class SampleWalk {
 public:
  SampleWalk(const ConvGeometry& g, const float* x, int64_t p) : g_(g), x_(x) {
    const int64_t per_image = g.output_spatial();
    n_ = p / per_image;
    const int64_t r = p % per_image;
    ow_ = r % g.output[2];
    oh_ = r / g.output[2] % g.output[1];
    od_ = r / (g.output[2] * g.output[1]);
    step_ = g.stride[2] * g.in_channels;
    row_start();
  }
  // The input rows of the next `count` pixels. Not inlined: the pixel loop calls it once
  // per group of pixels, and each inlined copy would carry the row arithmetic.
  __attribute__((noinline)) void take(int64_t count, const float** rows) {
    for (int64_t i = 0; i < count; ++i) {
      rows[i] = at_;
      next();
    }
  }

 private:
  void next() {
    if (++ow_ < g_.output[2]) {
      at_ += step_;
      return;
    }
    ow_ = 0;
    if (++oh_ == g_.output[1]) {
      oh_ = 0;
      if (++od_ == g_.output[0]) {
        od_ = 0;
        ++n_;
      }
    }
    row_start();
  }
  void row_start() {
    if (n_ >= g_.batch) return;  // past the last pixel: nothing left to read
    const int64_t pixel =
        ((n_ * g_.input[0] + od_ * g_.stride[0]) * g_.input[1] + oh_ * g_.stride[1]) * g_.input[2] +
        ow_ * g_.stride[2];
    at_ = x_ + pixel * g_.in_channels;
  }

  const ConvGeometry& g_;
  const float* x_;
  const float* at_ = nullptr;
  int64_t n_ = 0, od_ = 0, oh_ = 0, ow_ = 0, step_ = 0;
};

int64_t channel_blocks(const ConvGeometry& g) { return (g.out_channels + kTileN - 1) / kTileN; }

}  // namespace

bool pointwise_channels_last_applies(const ConvGeometry& g) {
  if (g.op != Op::kConv || !g.channels_last() || g.groups != 1 || g.kernel_spatial() != 1)
    return false;
  for (int a = 0; a < 3; ++a) {
    if (g.pad_begin[a] != 0 || g.pad_end[a] != 0) return false;
  }
  return true;
}

int64_t channels_last_gemm_depth(const ConvGeometry& g) {
  return g.kernel_spatial() * g.in_channels;
}

int64_t channels_last_gemm_packed_size(const ConvGeometry& g) {
  return channel_blocks(g) * channels_last_gemm_depth(g) * kTileN;
}

WASMCONV_SET_UP void pack_channels_last_gemm_weights(const ConvGeometry& g, const float* w,
                                                     float* packed) {
  const int64_t taps = g.kernel_spatial(), cin = g.in_channels, cout = g.out_channels;
  const int64_t k = taps * cin;
  for (int64_t b = 0; b < channel_blocks(g); ++b) {
    for (int64_t t = 0; t < taps; ++t) {
      for (int64_t ci = 0; ci < cin; ++ci) {
        float* dst = packed + (b * k + t * cin + ci) * kTileN;
        for (int64_t j = 0; j < kTileN; ++j) {
          const int64_t co = b * kTileN + j;
          dst[j] = co < cout ? w[(co * cin + ci) * taps + t] : 0.0f;
        }
      }
    }
  }
}

WASMCONV_SET_UP GemmTasks channels_last_gemm_tasks(const ConvGeometry& g, int threads) {
  const int64_t pixels = g.batch * g.output_spatial(), blocks = channel_blocks(g);
  return split_gemm(g.macs(), 1, pixels, pixels, kIgemmMR, blocks,
                    blocks_per_chunk(channels_last_gemm_depth(g) * kTileN, blocks), threads);
}

std::vector<float> channels_last_bias_lanes(const ConvGeometry& g, const float* bias) {
  std::vector<float> lanes(static_cast<size_t>(channel_blocks(g) * kTileN), 0.0f);
  if (bias != nullptr) std::copy(bias, bias + g.out_channels, lanes.begin());
  return lanes;
}

Status conv_pointwise_channels_last(const ConvGeometry& g, const float* packed, const float* w,
                                    const float* x, const float* bias, float* y,
                                    Workspaces* threads) {
  const int64_t k = g.in_channels, cout = g.out_channels;
  const GemmTasks tasks = channels_last_gemm_tasks(g, threads->threads());
  if (cout < kIgemmMR) {
    // One to three outputs: a dot product per output (pointwise_dot_microkernel.h), pixel
    // by pixel, on the same tasks. By operation count it would win up to about 7 outputs on
    // 4 lanes, but from kIgemmMR outputs the 'nchw' call runs the GEMM too, whose sums the
    // GEMM microkernel below repeats bit for bit. A loop of its own: a test inside the GEMM's
    // pixel loop slowed that loop 1.2-1.4x.
    threads->parallel_for(tasks.count(), [&](int64_t t, Workspace&) {
      const GemmTasks::Cell cell = tasks.cell(t);
      SampleWalk walk(g, x, cell.u0);
      for (int64_t p = cell.u0; p < cell.u1; ++p) {
        const float* row;
        walk.take(1, &row);
        pointwise_f32_dot_channels(row, w, k, cout, bias, y + p * cout);
      }
    });
    return Status();
  }
  const std::vector<float> bias_lanes = channels_last_bias_lanes(g, bias);
  threads->parallel_for(tasks.count(), [&](int64_t t, Workspace&) {
    const GemmTasks::Cell cell = tasks.cell(t);
    float discard[kIgemmMR][kTileN];
    SampleWalk walk(g, x, cell.u0);
    // Pixel groups outside, channel blocks inside: a group's input rows (kIgemmMR x C_in
    // floats) stay in L1 while the task's chunk of weights streams past them.
    for (int64_t p = cell.u0; p < cell.u1; p += kIgemmMR) {
      const float* rows[kIgemmMR];
      float* pixel_out[kIgemmMR];
      // Past the task's last pixel a row repeats the first and its outputs are discarded.
      const int64_t valid = std::min<int64_t>(kIgemmMR, cell.u1 - p);
      walk.take(valid, rows);
      for (int m = 0; m < kIgemmMR; ++m) {
        rows[m] = m < valid ? rows[m] : rows[0];
        pixel_out[m] = m < valid ? y + (p + m) * cout : nullptr;
      }
      for (int64_t b = cell.b0; b < cell.b1; ++b) {
        float* out[kIgemmMR];
        for (int m = 0; m < kIgemmMR; ++m)
          out[m] = pixel_out[m] != nullptr ? pixel_out[m] + b * kTileN : discard[m];
        gemm_f32_rows_mrx2v<kIgemmMR>(k, rows, packed + b * k * kTileN,
                                      bias_lanes.data() + b * kTileN, out,
                                      std::min<int64_t>(kTileN, cout - b * kTileN));
      }
    }
  });
  return Status();
}

}  // namespace wasmconv::kernels
