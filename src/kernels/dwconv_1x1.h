// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_nchw_f32_1x1: convolution and transposed convolution with a 1x1 (1, 1x1x1) kernel
// and one input channel per group (depthwise 1x1, any channel multiplier m), 1-D to 3-D.
// Every output is then one input times one weight, or no input at all:
//
//   conv:        y[co, o] = b[co] + w[co] * x[ci, border(o*s - p)]   (ci = co / m)
//   transposed:  y[co, o] = b[co] + w[co] * x[ci, (o + p) / s]       when s divides o + p
//                y[co, o] = b[co]                                    otherwise
//
// per axis, where border() is the padding mode's index map and a zero-padded position
// holds b + 0 * w (NaN for a non-finite weight, as the reference's "pad, then correlate").
// It is a scale and shift of planes, bound by memory: the general depthwise kernels built a
// padded copy of each channel first, and the sub-pixel one interleaved s^2 phase planes, so
// the random draw's depthwise 1x1 layers ran at 0.1-2.5 GFLOP/s, 0.3-0.9x the best peer.
// Here each output row is computed from one input row, with vectors where both have unit
// stride (a stride-1 row between its borders) and one output at a time elsewhere.
// Measured (conv_bench, relaxed build, the draw's ten such layers): 0.8-14 GFLOP/s, 2-7x
// what they ran at; against the peers (npm run bench -- --random 200, copy out included)
// 0.81-2.62x, the two below 1.0x bound by memory (326x17x17, 5x432x432 s2).
//
// Threads (row_tasks.h): units are output planes (image, output channel); one plane is
// computed the same way whichever task runs it.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_1x1 serves `g`: a 1x1 kernel and one input channel per group.
bool dwconv_1x1_applies(const ConvGeometry& g);

// y = conv(x, w) + bias (conv or transposed, as g.op says); w holds one weight per output
// channel (its layout is the same for both ops), bias may be null.
Status dwconv_1x1(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                  float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
