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
// channel counts. A conv channel of long rows (a 1-D signal is one row) is prepared and
// added a band of output columns at a time instead, so that its scratch stays near
// kSimdBandFloats and the band's outputs stay in cache across the taps.
#pragma once

#include <cstdint>

#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// A conv channel whose padded rows pass this many floats (256 KiB) goes in bands of
// columns, each at least kMinBandOutputs outputs wide.
inline constexpr int64_t kSimdBandFloats = 65536;
inline constexpr int64_t kMinBandOutputs = 256;

// The outputs per row of one band of conv_simd (out_w when there is one band).
int64_t conv_simd_band_outputs(const ConvGeometry& g, int64_t band_floats = kSimdBandFloats);

// `band_floats` is for tests: a small one makes many bands.
Status conv_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias, float* y,
                 int64_t band_floats = kSimdBandFloats);
Status conv_transpose_simd(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                           float* y);
bool simd_compiled();
const char* simd_arch_name();

}  // namespace wasmconv::kernels
