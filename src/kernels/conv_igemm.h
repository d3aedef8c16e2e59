// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_igemm: convolution as an implicit (indirect) GEMM per group,
//
//   Y[co, pixel] = bias[co] + sum_k W[co, k] * P[pixel, k],  k = (ci, kd, kh, kw),
//
// where P is never materialised: for a tile of kTileN neighbouring output pixels of one
// output row, column k of P is a contiguous run of the padded image (padded_image.h), at
// an offset that depends only on k. The offsets are computed once per run; the
// microkernel (igemm_microkernel.h) walks them. Any stride, dilation, padding mode and
// group count; 1-D and 3-D are the same loops with unit extents. The padded image of a 2-D
// setting is built a band of rows at a time (of a 1-D one, a band of columns), each band just
// before the GEMM reads it; a 3-D one lives in a ring of the depth planes one output plane
// reads.
//
// Packed weights: per group, per block of kIgemmMR output channels (the last block padded
// with zero rows), K x kIgemmMR floats, k-major: w_packed[k*MR + m] = W[co0 + m, k].
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

inline constexpr int kIgemmMR = 4;

int64_t igemm_packed_size(const ConvGeometry& g);
void pack_igemm_weights(const ConvGeometry& g, const float* w, float* packed);

Status conv_igemm(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                  float* y, Workspaces* threads);

// Output rows per band in which conv_igemm builds the padded input of a 2-D setting that is
// not pointwise (fewer than the output rows: the padded image is never whole in memory);
// all output rows for 3-D.
int64_t igemm_band_rows(const ConvGeometry& g);
// Output columns per band (a multiple of the pixel tile) in which it builds the padded input
// of a setting with one output row (1-D): fewer than the columns of a long signal. All of
// them otherwise.
int64_t igemm_band_cols(const ConvGeometry& g);

}  // namespace wasmconv::kernels
