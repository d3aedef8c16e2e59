// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last convolution by GEMM over gathered pixel rows (conv_im2col_channels_last.h).
#include "kernels/conv_im2col_channels_last.h"

#include <algorithm>
#include <vector>

#include "kernels/conv_igemm.h"  // kIgemmMR
#include "kernels/conv_pointwise_channels_last.h"
#include "kernels/gemm_rows_microkernel.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"  // kTileN
#include "kernels/row_ops.h"

namespace wasmconv::kernels {
namespace {

// Gathered floats per band: 32 KB. The GEMM reads a group's kIgemmMR rows once per block of
// output channels, so a band needs no more than a few groups to be worth its gather loop.
constexpr int64_t kBandFloats = 8 * 1024;

// The rows of output pixels q0 .. q1 - 1 (numbered over the batch): k floats each, tap
// (kd, kh, kw) at (kd * k_h + kh) * k_w + kw times C_in, zeros for taps in the padding.
// Along a kernel row the taps inside the input are kw0 .. kw1 - 1, copied as runs. Per pixel
// this is a few runs of floats against k x C_out multiply-adds, so what it costs beside the
// copying counts: no division where it can be helped, no call for an empty fill (a 3x3 stem
// spent 43% of its time here before: two 64-bit divisions and six memset calls per pixel).
void gather_rows(const ConvGeometry& g, const float* x, int64_t q0, int64_t q1, float* rows) {
  const int64_t c = g.in_channels, kw_n = g.kernel[2], dw = g.dilation[2];
  const int64_t run = kw_n * c;
  const auto& in = g.input;
  int64_t ow = q0 % g.output[2], oh = q0 / g.output[2] % g.output[1];
  int64_t od = q0 / (g.output[2] * g.output[1]) % g.output[0], n = q0 / g.output_spatial();
  float* dst = rows;
  for (int64_t q = q0; q < q1; ++q) {
    const int64_t d0 = od * g.stride[0] - g.pad_begin[0], h0 = oh * g.stride[1] - g.pad_begin[1];
    const int64_t w0 = ow * g.stride[2] - g.pad_begin[2];
    // kw0: the first tap at iw >= 0; kw1: past the last at iw < W (no division at dilation 1).
    int64_t kw0 = 0, kw1 = kw_n;
    if (dw == 1) {
      kw0 = std::clamp<int64_t>(-w0, 0, kw_n);
      kw1 = std::clamp<int64_t>(in[2] - w0, kw0, kw_n);
    } else if (w0 < 0 || w0 + (kw_n - 1) * dw >= in[2]) {
      kw0 = std::clamp<int64_t>((-w0 + dw - 1) / dw, 0, kw_n);
      kw1 = std::clamp<int64_t>((in[2] - w0 + dw - 1) / dw, kw0, kw_n);
    }
    // Runs per kernel row and their length: one where the row is dense (dilation 1) or has
    // one channel (every dw-th float), one of C_in per tap otherwise.
    const bool dense = dw == 1 || c == 1;
    const int64_t runs = dense ? 1 : kw1 - kw0, len = dense ? (kw1 - kw0) * c : c;
    const int64_t s = c == 1 ? dw : 1, step = dense ? 0 : dw * c;
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
      const int64_t id = d0 + kd * g.dilation[0];
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh, dst += run) {
        const int64_t ih = h0 + kh * g.dilation[1];
        if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
          std::fill(dst, dst + run, 0.0f);
          continue;
        }
        if (kw0 > 0) std::fill(dst, dst + kw0 * c, 0.0f);
        if (kw1 < kw_n) std::fill(dst + kw1 * c, dst + run, 0.0f);
        const float* src = x + (((n * in[0] + id) * in[1] + ih) * in[2] + w0 + kw0 * dw) * c;
        float* out = dst + kw0 * c;
        for (int64_t r = 0; r < runs; ++r, src += step, out += c) {
          copy_strided(src, s, len, (len - 1) * s + 1, out);
        }
      }
    }
    if (++ow < g.output[2]) continue;
    ow = 0;
    if (++oh < g.output[1]) continue;
    oh = 0;
    if (++od < g.output[0]) continue;
    od = 0;
    ++n;
  }
}

}  // namespace

// Where it pays. On channels-last data the choice is between this GEMM and the channels-first
// one on transposed copies; per multiply-add the two microkernels are alike, so what decides
// is what each pays beside it:
// - lanes: this kernel fills blocks of kTileN output channels, the channels-first one blocks
//   of kIgemmMR, so with C_out = 4 it leaves half of its lanes idle where the other leaves
//   none. Taken while its blocks hold at most a quarter more lanes than the other's.
// - copies: the channels-first path transposes the input and the output, and at a stride it
//   also builds a phase-split copy of the input; this one gathers k floats per output pixel.
//   At a stride, with the lanes rule, 30 of 36 random layers ran faster (0.24-0.91x the
//   time, geometric mean of all 36 0.64x), 4 slower (1.04-1.32x: dilated taps of 3-11 input
//   channels into 1-5 blocks); ResNet-18's strided 3x3 layers 0.74-0.91x, its 7x7 stem 0.98x,
//   MobileNetV2's 3 -> 32 stem 1.04x. At stride 1 the transposes and the gather cost about
//   the same: 16 random layers 0.88-1.15x (geometric mean 1.00), the U-Net's 3 -> 32 3x3
//   0.98x, FSRCNN's 1 -> 56 5x5, whose output transpose is large against its multiply-adds,
//   0.76x. So the stride does not enter the rule. Measured with bench/ab-builds.mjs --layout
//   nhwc (relaxed build; the dense layers of --random 200 --seed 20261206;
//   docs/performance.md, "Channels-last convolutions on gathered rows").
bool im2col_channels_last_applies(const ConvGeometry& g) {
  if (g.op != Op::kConv || !g.channels_last() || g.groups != 1 ||
      g.padding_mode != PaddingMode::kZeros || pointwise_channels_last_applies(g))
    return false;
  const int64_t lanes = (g.out_channels + kTileN - 1) / kTileN * kTileN;
  const int64_t rows = (g.out_channels + kIgemmMR - 1) / kIgemmMR * kIgemmMR;
  return 4 * lanes <= 5 * rows;
}

Status conv_im2col_channels_last(const ConvGeometry& g, const float* packed, const float* x,
                                 const float* bias, float* y, Workspaces* threads) {
  const int64_t k = channels_last_gemm_depth(g), cout = g.out_channels;
  const GemmTasks tasks = channels_last_gemm_tasks(g, threads->threads());
  const std::vector<float> bias_lanes = channels_last_bias_lanes(g, bias);
  // Pixels per band: whole groups of kIgemmMR, at least one.
  const int64_t band = std::max<int64_t>(1, kBandFloats / (k * kIgemmMR)) * kIgemmMR;
  WASMCONV_RETURN_IF_ERROR(
      threads->reserve_each_input(std::min(band, tasks.units.step) * k, "gathered pixel rows"));
  threads->parallel_for(tasks.count(), [&](int64_t t, Workspace& ws) {
    const GemmTasks::Cell cell = tasks.cell(t);
    const float* const rows = ws.input.data();
    float discard[kIgemmMR][kTileN];
    for (int64_t q = cell.u0; q < cell.u1; q += band) {
      const int64_t q1 = std::min(cell.u1, q + band);
      gather_rows(g, x, q, q1, ws.input.data());
      // The pointwise kernel's loop over its pixel groups and channel blocks, on the band's
      // rows (a copy of its own: that loop measured 3-4% slower on MobileNetV2's 1x1 layers
      // as one out-of-line function for both).
      for (int64_t p = q; p < q1; p += kIgemmMR) {
        const float* a[kIgemmMR];
        float* pixel_out[kIgemmMR];
        // Past the band's last pixel a row repeats the first and its outputs are discarded.
        const int64_t valid = std::min<int64_t>(kIgemmMR, q1 - p);
        for (int m = 0; m < kIgemmMR; ++m) {
          a[m] = rows + (m < valid ? p - q + m : p - q) * k;
          pixel_out[m] = m < valid ? y + (p + m) * cout : nullptr;
        }
        for (int64_t b = cell.b0; b < cell.b1; ++b) {
          float* out[kIgemmMR];
          for (int m = 0; m < kIgemmMR; ++m)
            out[m] = pixel_out[m] != nullptr ? pixel_out[m] + b * kTileN : discard[m];
          gemm_f32_rows_mrx2v<kIgemmMR>(k, a, packed + b * k * kTileN,
                                        bias_lanes.data() + b * kTileN, out,
                                        std::min<int64_t>(kTileN, cout - b * kTileN));
        }
      }
    }
  });
  return Status();
}

}  // namespace wasmconv::kernels
