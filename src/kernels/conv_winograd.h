// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// conv_nchw_f32_winograd: 3x3 stride-1 convolution by Winograd's F(m x m, 3 x 3)
// (winograd_matrices.h), m = 4 by default.
//
// For each block of output tiles: the input patches are transformed (V = B^T d B per
// channel and tile), the a^2 element-wise products summed over input channels become a^2
// independent GEMMs  M[xi] = U[xi] V[xi]  run by the igemm microkernel (U = G g G^T packed
// once), and each output tile is transformed back (Y = A^T M A). Dilation d > 1 is handled
// by splitting the output into d x d interleaved sub-grids, each an undilated 3x3
// convolution of a sub-sampled input. The zero-padded input the patches come from is built
// one depth plane and one band of tile rows at a time (padded_image.h).
//
// Preconditions (checked by winograd_applies): convolution, kernel 3x3 on H and W (and 1 on
// D), stride 1, equal dilation on H and W, zero padding mode.
//
// Accuracy: the transforms multiply rounding error by a modest constant; results match the
// reference within relative 1e-4 rather than the 1e-5 of the direct kernels.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

bool winograd_applies(const ConvGeometry& g);
// True when no value is Inf or NaN. A Winograd tile mixes every input of its patch, so a
// non-finite value would reach outputs the reference keeps finite (or turn Inf into NaN);
// callers run such data on a direct kernel instead.
bool all_finite(const float* p, int64_t n);
int64_t winograd_packed_size(const ConvGeometry& g);
void pack_winograd_weights(const ConvGeometry& g, const float* w, float* packed);

// Rows of tiles per band in which conv_winograd builds each depth plane of the padded input
// (fewer than the tile rows of a large image: the padded image is never whole in memory).
int64_t winograd_band_tile_rows(const ConvGeometry& g);

Status conv_winograd(const ConvGeometry& g, const float* packed, const float* x, const float* bias,
                     float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
