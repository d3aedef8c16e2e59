// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_transpose_nchw_f32_subpixel: transposed convolution as stride^dims ordinary
// convolutions, one per output phase, with no multiplication by inserted zeros.
//
// Per axis (stride s, dilation d, pad_begin p): input i and tap t write output
// o = i*s - p + t*d. Outputs of phase r (o = m*s + r) receive exactly the taps t with
// t*d - p - r = 0 (mod s), reading input i = m + c_t where c_t = (r + p - t*d) / s. So
//
//   y[m*s + r] = bias + sum_{t in T_r} x[m + c_t] * w[t]
//
// is a stride-1 correlation with per-tap offsets, which the indirect GEMM microkernel
// (igemm_microkernel.h) runs directly over a zero-padded copy of the input, built a band
// of rows (1-D: of columns) at a time, or in 3-D on a ring of depth planes (or, when
// kernel = stride with no padding and every offset is 0, over one input row at a time, its
// channels gathered into a small panel). Along W each phase's outputs go into place,
// s apart (stride 2: both phases' tiles merged with vector shuffles): no phase-layout
// buffer and no interleaving pass over the output.
//
// Packed weights: per phase (rd, rh, rw), per group, per block of kIgemmMR output
// channels: taps of the phase x input channels x kIgemmMR floats.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

int64_t subpixel_packed_size(const ConvGeometry& g);
void pack_subpixel_weights(const ConvGeometry& g, const float* w, float* packed);

// Rows of phase outputs per band in which conv_transpose_subpixel builds the padded input
// of a 2-D setting (fewer than the rows of a large image: the padded image is never whole
// in memory); all of them for 3-D. Settings read through row panels build no image.
int64_t subpixel_band_rows(const ConvGeometry& g);
// Columns of phase outputs per band (a multiple of the pixel tile) when every phase has one
// output row (1-D): fewer than the columns of a long signal. All of them otherwise.
int64_t subpixel_band_cols(const ConvGeometry& g);

Status conv_transpose_subpixel(const ConvGeometry& g, const float* packed, const float* x,
                               const float* bias, float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
