// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Transposed convolution as one convolution over (channel, phase) rows and a depth-to-space
// pass (conv_transpose_phase_gemm.h).
#include "kernels/conv_transpose_phase_gemm.h"

#include <algorithm>
#include <vector>

#include "kernels/code_size.h"
#include "kernels/conv_igemm.h"
#include "kernels/gemm_tasks.h"

namespace wasmconv::kernels {
namespace {

int64_t window(const ConvGeometry& g, int a) {
  return (g.kernel[a] + g.stride[a] - 1) / g.stride[a];
}
int64_t phases(const ConvGeometry& g) { return g.stride[0] * g.stride[1] * g.stride[2]; }
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
// Outputs per depth-to-space task (128 KiB of y): tens of microseconds of copying.
constexpr int64_t kRowsPieceFloats = 32 * 1024;

// The convolution z of one batch element: (channel, phase) rows, the J-tap window, stride 1,
// input x padded by J - 1 - q0 before; after, enough for every q this output needs (more
// rows of z are computed rather than cropping the input).
ConvGeometry phase_conv(const ConvGeometry& g) {
  ConvGeometry c;
  c.op = Op::kConv;
  c.spatial_dims = g.spatial_dims;
  c.batch = 1;
  c.in_channels = g.in_channels;
  c.groups = g.groups;
  c.out_channels = g.out_channels * phases(g);
  c.input = g.input;
  for (int a = 0; a < 3; ++a) {
    const int64_t s = g.stride[a], j = window(g, a), p = g.pad_begin[a];
    const int64_t q0 = floor_div(p, s), q_last = floor_div(g.output[a] - 1 + p, s);
    c.kernel[a] = j;
    c.pad_begin[a] = j - 1 - q0;
    c.pad_end[a] = std::max<int64_t>(0, (q_last - q0 + 1) - g.input[a] - c.pad_begin[a] + j - 1);
    c.output[a] = g.input[a] + c.pad_begin[a] + c.pad_end[a] - j + 1;
  }
  return c;
}

}  // namespace

bool phase_gemm_applies(const ConvGeometry& g) {
  if (g.op != Op::kConvTranspose) return false;
  for (int a = 0; a < 3; ++a) {
    if (g.dilation[a] != 1 || g.pad_begin[a] < 0 || g.pad_begin[a] >= g.stride[a] * window(g, a))
      return false;
  }
  return g.out_channels_per_group() * phases(g) <= g.in_channels_per_group();
}

double phase_gemm_useful_fraction(const ConvGeometry& g) {
  const int64_t rows = g.out_channels_per_group() * phases(g);
  const int64_t computed = (rows + kIgemmMR - 1) / kIgemmMR * kIgemmMR;
  double taps = 1.0;
  for (int a = 0; a < 3; ++a) {
    taps *= static_cast<double>(g.kernel[a]) / static_cast<double>(g.stride[a] * window(g, a));
  }
  return static_cast<double>(rows) / static_cast<double>(computed) * taps;
}

bool phase_gemm_all_taps_real(const ConvGeometry& g) {
  for (int a = 0; a < 3; ++a) {
    if (g.kernel[a] % g.stride[a] != 0) return false;
  }
  return true;
}

int64_t phase_gemm_packed_size(const ConvGeometry& g) { return igemm_packed_size(phase_conv(g)); }

WASMCONV_SET_UP void pack_phase_gemm_weights(const ConvGeometry& g, const float* w, float* packed) {
  const ConvGeometry c = phase_conv(g);
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  const int64_t window_taps = c.kernel_spatial(), n_phases = phases(g);
  // w' in conv layout [C_out * phases, C_in / groups, J_d, J_h, J_w], row (co, r) of group
  // grp = grp * cog * phases + co * phases + r.
  std::vector<float> conv_w(static_cast<size_t>(c.out_channels * cig * window_taps), 0.0f);
  for (int64_t ci = 0; ci < g.in_channels; ++ci) {
    const int64_t grp = ci / cig, cil = ci % cig;
    for (int64_t co = 0; co < cog; ++co)
      for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
        for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
          for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
            const int64_t k[3] = {kd, kh, kw};
            int64_t phase = 0, tap = 0;
            for (int a = 0; a < 3; ++a) {
              phase = phase * g.stride[a] + k[a] % g.stride[a];
              tap = tap * c.kernel[a] + (c.kernel[a] - 1 - k[a] / g.stride[a]);
            }
            const int64_t row = (grp * cog + co) * n_phases + phase;
            conv_w[static_cast<size_t>((row * cig + cil) * window_taps + tap)] =
                w[((ci * cog + co) * g.kernel[0] + kd) * g.kernel[1] * g.kernel[2] +
                  kh * g.kernel[2] + kw];
          }
  }
  pack_igemm_weights(c, conv_w.data(), packed);
}

PhaseGemmTasks phase_gemm_tasks(const ConvGeometry& g) {
  // Depth to space in tasks of whole output rows (co, od, oh): a pass over memory, cut
  // into pieces of about kRowsPieceFloats outputs (tens of microseconds each). A smaller
  // output is one task, which runs on the caller's thread without waking the pool (a pass
  // of the pool costs more than copying it: DCGAN's D05, 12 K outputs, took 0.20 ms on two
  // threads against 0.18 ms on one).
  const int64_t rows = g.out_channels * g.output[0] * g.output[1];
  const int64_t rows_per_piece =
      std::max<int64_t>(1, kRowsPieceFloats / std::max<int64_t>(1, g.output[2]));
  return {igemm_tasks(phase_conv(g)),
          cut(rows, std::clamp<int64_t>(rows / rows_per_piece, 1, kMaxTasks))};
}

Status conv_transpose_phase_gemm(const ConvGeometry& g, const float* packed, const float* x,
                                 const float* bias, float* y, Workspaces* threads) {
  const ConvGeometry c = phase_conv(g);
  const int64_t z_plane = c.output_spatial(), n_phases = phases(g);
  // z lives in the caller's `output` scratch: conv_igemm's tasks use only their workspaces'
  // `input` and `offsets`, and the depth-to-space tasks only read z.
  Workspace& caller = threads->caller();
  WASMCONV_RETURN_IF_ERROR(caller.output.reserve(c.out_channels * z_plane, "phase outputs"));
  const float* z = caller.output.data();
  const int64_t s_d = g.stride[0], s_h = g.stride[1], s_w = g.stride[2];
  int64_t q0[3];
  for (int a = 0; a < 3; ++a) q0[a] = floor_div(g.pad_begin[a], g.stride[a]);
  const Pieces pieces = phase_gemm_tasks(g).rows;
  for (int64_t n = 0; n < g.batch; ++n) {
    WASMCONV_RETURN_IF_ERROR(conv_igemm(c, packed, x + n * g.in_channels * g.input_spatial(),
                                        nullptr, caller.output.data(), threads));
    float* yn = y + n * g.out_channels * g.output_spatial();
    // Output (od, oh, ow) of channel co is z row (co, r_d, r_h, r_w) at (q_d - q0_d,
    // q_h - q0_h, q_w - q0_w), with o + p = q*s + r on each axis.
    threads->parallel_for(pieces.count, [&](int64_t i, Workspace&) {
      for (int64_t row = pieces.begin(i); row < pieces.end(i); ++row) {
        const int64_t oh = row % g.output[1], od = row / g.output[1] % g.output[0],
                      co = row / (g.output[1] * g.output[0]);
        const float b = bias != nullptr ? bias[co] : 0.0f;
        const int64_t qd = floor_div(od + g.pad_begin[0], s_d), rd = od + g.pad_begin[0] - qd * s_d;
        const int64_t qh = floor_div(oh + g.pad_begin[1], s_h), rh = oh + g.pad_begin[1] - qh * s_h;
        float* y_row = yn + row * g.output[2];
        for (int64_t rw = 0; rw < s_w; ++rw) {
          // Outputs of W phase rw: ow = q*s_w + rw - p_w for q from the first with ow >= 0.
          const int64_t phase = (rd * s_h + rh) * s_w + rw;
          const float* z_row = z + (co * n_phases + phase) * z_plane +
                               ((qd - q0[0]) * c.output[1] + (qh - q0[1])) * c.output[2];
          int64_t q = floor_div(g.pad_begin[2] - rw + s_w - 1, s_w);  // first q with ow >= 0
          for (int64_t ow = q * s_w + rw - g.pad_begin[2]; ow < g.output[2]; ow += s_w, ++q) {
            y_row[ow] = z_row[q - q0[2]] + b;
          }
        }
      }
    });
  }
  return Status();
}

}  // namespace wasmconv::kernels
