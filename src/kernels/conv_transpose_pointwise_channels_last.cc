// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last transposed convolution with kernel == stride, one GEMM over the input pixels
// written in segments (conv_transpose_pointwise_channels_last.h).
#include "kernels/conv_transpose_pointwise_channels_last.h"

#include <algorithm>
#include <memory>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"  // kIgemmMR
#include "kernels/gemm_rows_microkernel.h"
#include "kernels/gemm_tasks.h"

namespace wasmconv::kernels {
namespace {

// A segment's columns: (kw, co) for one (kd, kh).
int64_t segment_columns(const ConvGeometry& g) { return g.kernel[2] * g.out_channels; }
int64_t segment_blocks(const ConvGeometry& g) { return (segment_columns(g) + kTileN - 1) / kTileN; }

// Where the runs of consecutive input pixels (numbered over the batch) start in segment
// (kd, kh): pixel (n, id, ih, iw) writes k_w x C_out floats from output pixel
// (n, s_d id + kd, s_h ih + kh, s_w iw). One step per pixel, the address computed afresh only
// where an input row ends.
class OutputWalk {
 public:
  WASMCONV_SET_UP OutputWalk(const ConvGeometry& g, float* y, int64_t segment, int64_t i)
      : g_(g), y_(y) {
    kd_ = segment / g.kernel[1];
    kh_ = segment % g.kernel[1];
    iw_ = i % g.input[2];
    ih_ = i / g.input[2] % g.input[1];
    id_ = i / (g.input[2] * g.input[1]) % g.input[0];
    n_ = i / g.input_spatial();
    step_ = g.stride[2] * g.out_channels;
    row_start();
  }
  // The next `count` runs. Not inlined: the pixel loop calls it once per group of pixels.
  __attribute__((noinline)) void take(int64_t count, float** outs) {
    for (int64_t k = 0; k < count; ++k) {
      outs[k] = at_;
      if (++iw_ < g_.input[2]) {
        at_ += step_;
        continue;
      }
      iw_ = 0;
      if (++ih_ == g_.input[1]) {
        ih_ = 0;
        if (++id_ == g_.input[0]) {
          id_ = 0;
          ++n_;
        }
      }
      row_start();
    }
  }

 private:
  void row_start() {
    const int64_t od = id_ * g_.stride[0] + kd_, oh = ih_ * g_.stride[1] + kh_;
    at_ =
        y_ + (((n_ * g_.output[0] + od) * g_.output[1] + oh) * g_.output[2] + iw_ * g_.stride[2]) *
                 g_.out_channels;
  }

  const ConvGeometry& g_;
  float* y_;
  float* at_ = nullptr;
  int64_t kd_ = 0, kh_ = 0, n_ = 0, id_ = 0, ih_ = 0, iw_ = 0, step_ = 0;
};

}  // namespace

// Where it pays: the sub-pixel kernel runs each of the k_d x k_h x k_w phases as a GEMM
// with blocks of kIgemmMR output channels; this one runs k_d x k_h segments of k_w x C_out
// columns in blocks of kTileN lanes. Taken while its blocks hold at most a quarter more
// lanes than the sub-pixel kernel's rows (as im2col_channels_last_applies): both then do
// about the same multiply-adds, and this one saves the transposes around the other.
WASMCONV_SET_UP bool transpose_pointwise_channels_last_applies(const ConvGeometry& g) {
  // Kernel == stride without padding or dilation: output == input x stride exactly when
  // there is no output padding either.
  const Dims ones{1, 1, 1}, zeros{0, 0, 0};
  if (g.op != Op::kConvTranspose || !g.channels_last() || g.groups != 1 ||
      g.padding_mode != PaddingMode::kZeros || g.kernel != g.stride || g.dilation != ones ||
      g.pad_begin != zeros || g.pad_end != zeros ||
      g.output_spatial() != g.input_spatial() * g.kernel_spatial())
    return false;
  const int64_t lanes = segment_blocks(g) * kTileN;
  const int64_t rows = g.kernel[2] * ((g.out_channels + kIgemmMR - 1) / kIgemmMR * kIgemmMR);
  return 4 * lanes <= 5 * rows;
}

int64_t transpose_pointwise_packed_size(const ConvGeometry& g) {
  return g.kernel[0] * g.kernel[1] * segment_blocks(g) * g.in_channels * kTileN;
}

WASMCONV_SET_UP void pack_transpose_pointwise_weights(const ConvGeometry& g, const float* w,
                                                      float* packed) {
  const int64_t cin = g.in_channels, cout = g.out_channels, taps = g.kernel_spatial();
  const int64_t segments = g.kernel[0] * g.kernel[1], blocks = segment_blocks(g);
  const int64_t columns = segment_columns(g);
  for (int64_t a = 0; a < segments; ++a)
    for (int64_t b = 0; b < blocks; ++b)
      for (int64_t ci = 0; ci < cin; ++ci) {
        float* dst = packed + ((a * blocks + b) * cin + ci) * kTileN;
        for (int64_t j = 0; j < kTileN; ++j) {
          const int64_t col = b * kTileN + j, kw = col / cout, co = col % cout;
          // Transposed weights: [C_in][C_out][k_d][k_h][k_w], tap a * k_w + kw.
          dst[j] = col < columns ? w[(ci * cout + co) * taps + a * g.kernel[2] + kw] : 0.0f;
        }
      }
}

// The tasks: segments x pieces of the input pixels x pieces of the blocks (gemm_tasks.h).
WASMCONV_SET_UP static GemmTasks transpose_pointwise_tasks(const ConvGeometry& g, int threads) {
  const int64_t pixels = g.batch * g.input_spatial(), blocks = segment_blocks(g);
  return split_gemm(g.macs(), g.kernel[0] * g.kernel[1], pixels, pixels, kIgemmMR, blocks,
                    blocks_per_chunk(g.in_channels * kTileN, blocks), threads);
}

Status conv_transpose_pointwise_channels_last(const ConvGeometry& g, const float* packed,
                                              const float* x, const float* bias, float* y,
                                              Workspaces* threads) {
  const int64_t k = g.in_channels, columns = segment_columns(g), blocks = segment_blocks(g);
  // The bias of a segment's columns (kw, co): bias[co], k_w times; zeros past the last.
  const std::unique_ptr<float[]> bias_lanes(new float[blocks * kTileN]());
  for (int64_t col = 0; col < columns && bias != nullptr; ++col)
    bias_lanes[col] = bias[col % g.out_channels];
  const GemmTasks tasks = transpose_pointwise_tasks(g, threads->threads());
  // The pixel-group loop of conv_pointwise_channels_last.cc with outputs in segments: a copy
  // of its own, as there (that loop shared by both, its outputs walked as here, made
  // MobileNetV2's and FSRCNN's 1x1 layers 1.04-1.21x slower).
  threads->parallel_for(tasks.count(), [&](int64_t t, Workspace&) {
    const GemmTasks::Cell cell = tasks.cell(t);
    float discard[kIgemmMR][kTileN];
    OutputWalk walk(g, y, cell.outer, cell.u0);
    const float* weights = packed + cell.outer * blocks * k * kTileN;
    for (int64_t p = cell.u0; p < cell.u1; p += kIgemmMR) {
      const float* rows[kIgemmMR];
      float* pixel_out[kIgemmMR];
      // Past the task's last pixel a row repeats the first and its outputs are discarded.
      const int64_t valid = std::min<int64_t>(kIgemmMR, cell.u1 - p);
      walk.take(valid, pixel_out);
      for (int m = 0; m < kIgemmMR; ++m) {
        rows[m] = x + (m < valid ? p + m : p) * k;
        if (m >= valid) pixel_out[m] = nullptr;
      }
      for (int64_t b = cell.b0; b < cell.b1; ++b) {
        float* out[kIgemmMR];
        for (int m = 0; m < kIgemmMR; ++m)
          out[m] = pixel_out[m] != nullptr ? pixel_out[m] + b * kTileN : discard[m];
        gemm_f32_rows_mrx2v<kIgemmMR>(k, rows, weights + b * k * kTileN,
                                      bias_lanes.get() + b * kTileN, out,
                                      std::min<int64_t>(kTileN, columns - b * kTileN));
      }
    }
  });
  return Status();
}

}  // namespace wasmconv::kernels
