// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_rows: the depthwise / single-channel direct convolution for a kernel depth of 1
// (every 1-D and 2-D filter, whatever the strides, dilations, padding mode and channel
// multiplier).
//
// Instead of a padded copy of the whole image, each input channel streams through a small
// ring of padded rows (border values materialised per row, so zero padding is a value
// exactly as in the reference, and Inf/NaN weights give NaN on padded taps). Output rows
// are computed kDwRows at a time by dwconv_rows_microkernel.h, so the rows of one block
// stay in L1 and every weight broadcast feeds several rows. Row r of a block (output row
// oh) reads padded row oh*s_h + i*d_h through kernel row i; the ring holds the
//   span = (kDwRows - 1) * s_h + (k_h - 1) * d_h + 1
// rows a block needs (at most the padded height), each filled once per channel when the
// blocks advance down the image.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_rows serves `g` (a convolution with one input channel per group).
bool dwconv_rows_applies(const ConvGeometry& g);

Status dwconv_rows(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspace* ws);

}  // namespace wasmconv::kernels
