// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_transpose_subpixel: depthwise transposed convolution (one input channel per
// group, any channel multiplier) in 1-D and 2-D, by sub-pixel decomposition.
//
// Per axis (stride s, dilation d, pad_begin p), output o = m*s + r of phase r receives the
// taps t with t*d - p - r = 0 (mod s), reading input m + c_t, c_t = (r + p - t*d) / s
// (conv_transpose_subpixel.h), so each output phase (r_h, r_w) is a small stride-1
// correlation:
//
//   y[m_h*s_h + r_h, m_w*s_w + r_w] = bias + sum_{t_h in T_rh, t_w in T_rw}
//                                            x[m_h + c_th, m_w + c_tw] * w[t_h, t_w]
//
// run by the depthwise microkernel (dwconv_microkernel.h) over a zero-padded copy of the
// channel, two phase rows at a time, with no multiplication by inserted zeros. For s_w = 2
// both W phases are computed together and interleaved in registers (two shuffles per
// pair of vectors); other strides write phase rows and interleave them afterwards.
// Phases without taps hold the bias. The zero padding is multiplied by the weights, so
// non-finite weights must take the scatter path (dwconv_transpose_applies says no).
//
// Threads (row_tasks.h): the units are blocks of two phase rows m_h (the microkernel's
// rows) of every H phase of one input channel, with its `multiplier` output channels,
// channel after channel; a task is a run of them. Instead of the whole padded channel, a
// task copies into its thread's scratch the padded rows its blocks read (from its first
// m_h to its last plus the taps' reach: T4 (3 channels of 256 phase rows) makes 6 tasks of
// about 128 rows, copying 2 rows twice), in the same row layout, so each block reads the
// same values at the same offsets. Measured natively
// (bench/conv_bench --threads 2, FMA3/AVX2, 2-core AMD EPYC, real-time priority beside
// other jobs, one run, 2026-12-07): T4 1.89x on two threads.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_transpose_subpixel serves `g` with weights `w`.
bool dwconv_transpose_applies(const ConvGeometry& g, const float* w);

Status dwconv_transpose_subpixel(const ConvGeometry& g, const float* w, const float* x,
                                 const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
