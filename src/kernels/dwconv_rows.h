// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_rows: the depthwise / single-channel direct convolution for a kernel depth of 1
// (every 1-D and 2-D filter, whatever the strides, dilations, padding mode and channel
// multiplier).
//
// Instead of a padded copy of the whole image, each input channel streams through a small
// ring of padded rows (border values materialised per row, so zero padding is a value
// exactly as in the reference, and Inf/NaN weights give NaN on padded taps). Row r of a
// block (output row oh) reads padded row oh*s_h + i*d_h through kernel row i; the ring
// holds the
//   slots = min((k_h - 1) * d_h + 1 + (rows - 1) * s_h, padded height)
// rows a block of `rows` output rows needs, each filled once per channel as the blocks
// advance down the image. Every row is stored twice (slot h % slots and the same slot
// plus `slots`), so the rows of any block are contiguous at a fixed stride and one table
// of tap offsets serves the microkernel (dwconv_microkernel.h), which computes two output
// rows of a tile per call when the stride lets their input rows overlap (each tap's
// broadcast and offset then feed 8 vectors). With stride_w > 1 rows are split into
// phases (row_ops.h), so strided filters also read contiguous vectors.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_rows serves `g` (a convolution with one input channel per group).
bool dwconv_rows_applies(const ConvGeometry& g);

// Channels of at most this many padded floats (64 KiB, within L2) are held whole instead
// of in a ring (measured: 10% faster on a 32x112x112 stride-2 filter, no second copy).
inline constexpr int64_t kDwWholeChannelFloats = 16384;

// `whole_channel_floats` is for tests: 0 forces the ring on every size.
Status dwconv_rows(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspace* ws, int64_t whole_channel_floats = kDwWholeChannelFloats);

}  // namespace wasmconv::kernels
