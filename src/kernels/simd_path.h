// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The first SIMD path: one xsimd implementation of convolution and transposed
// convolution for any geometry (1-D, 2-D, 3-D, strides, dilations, groups, padding
// modes). It is correct everywhere and simple; specialised fast kernels come later.
//
// Method. Both ops reduce to "row axpy": for a fixed (output channel, input channel, tap
// (kd, kh)) pair of rows, a contiguous run of outputs along W is updated by a weight
// times a contiguous run of inputs along W.
//  - conv reads input column iw = ow*sw - pw + kw*dw. With sw > 1 the input row is first
//    split into its sw phases (row_p[j] = row[j*sw + p]), so iw = (ow + q)*sw + p with
//    p = (kw*dw - pw) mod sw, q = floor((kw*dw - pw) / sw) becomes row_p[ow + q]:
//    contiguous again, no gathers.
//  - transposed writes output column ow = iw*sw - pw + kw*dw; the output row is kept split
//    into sw phases the same way and interleaved once its output channel is complete.
// Padding (of any mode) is materialised into a scratch copy of one input channel at a
// time, so scratch is one channel (conv) or one output plane (transposed), whatever the
// channel counts.
#pragma once

#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

Status conv_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y);
Status conv_transpose_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                           float* y);
bool simd_compiled();
const char* simd_arch_name();

}  // namespace wasmconv::kernels
