// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_transpose_nchw_f32_phase_gemm: transposed convolution with few output channels
// (an image's 1-3 channels at the end of a generator or super-resolution network) as ONE
// stride-1 convolution whose output channels are (output channel, output phase) pairs,
// followed by a depth-to-space pass.
//
// Per axis (stride s, pad_begin p, dilation 1, kernel K, J = ceil(K / s)): input i and tap k
// write output o = i*s - p + k. Write o + p = q*s + r (phase r, 0 <= r < s) and k = j*s + r:
// then i = q - j, and with t = J - 1 - j,
//
//   y[co, o] = bias[co] + z[(co, r), q - q0],   z[(co, r), u] = sum_ci sum_t x'[ci, u + t] *
//   w'[(co, r), ci, t]
//
// where x' is x with J - 1 - q0 zeros before it (q0 = floor(p / s), the first q), and
// w'[(co, r), ci, t] = w[ci, co, r + (J - 1 - t)*s], zero where that tap is past the kernel.
// z is an ordinary convolution (conv_igemm.h) with C_out * s^dims output channels, so the
// microkernel's kIgemmMR rows are filled by phases when C_out alone would leave most idle:
// ESPCN's 56 -> 1 channel, 9x9 stride-3 upsampler fills 9 of 12 rows here, 1 of 4 on the
// per-phase sub-pixel path (conv_transpose_subpixel.h). The cost is the zero taps of
// phases with fewer taps (none when s divides K) and one pass over z (output-sized scratch,
// taken only where z is no larger than the input: C_out * s^dims <= C_in, per group).
//
// Packed weights: conv_igemm's packing of w' (depends on the channels, kernel and stride).
//
// Threads: z is computed by conv_igemm's tasks (z stays in the caller's `output` scratch,
// which conv_igemm's tasks never use), then depth to space in pieces of output rows, one
// piece (the caller alone) for outputs under 64 K floats. ESPCN's F05 runs 1.87x on two
// threads (conv_bench, medians of 5 runs); DCGAN's D05 (6 MFLOP, 0.18 ms) 1.02x.
#pragma once

#include <cstdint>

#include "kernels/conv_igemm.h"
#include "kernels/gemm_tasks.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// Dilation 1, 0 <= pad_begin < s * J on every axis, and z no larger than the input.
bool phase_gemm_applies(const ConvGeometry& g);
// Fraction of the GEMM's multiply-adds that are real taps of real output channels:
// (rows used / rows computed in blocks of kIgemmMR) x (taps / s^dims J^dims).
double phase_gemm_useful_fraction(const ConvGeometry& g);
// True when no phase lacks a tap (s divides K on every axis): then w' has no zero taps,
// and non-finite inputs meet only real weights.
bool phase_gemm_all_taps_real(const ConvGeometry& g);

// The tasks of a run of `g`: conv_igemm's for z (per batch element), then the depth-to-space
// pass in pieces of output rows (co, od, oh).
struct PhaseGemmTasks {
  IgemmTasks z;
  Pieces rows;
};
PhaseGemmTasks phase_gemm_tasks(const ConvGeometry& g);

int64_t phase_gemm_packed_size(const ConvGeometry& g);
void pack_phase_gemm_weights(const ConvGeometry& g, const float* w, float* packed);

Status conv_transpose_phase_gemm(const ConvGeometry& g, const float* packed, const float* x,
                                 const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
