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
// phases (row_ops.h), so strided filters also read contiguous vectors. Rows too long for
// the ring's budget (a long 1-D signal) go in bands of output columns: band [j0, j0 + n)
// reads padded columns [j0 * s_w, (j0 + n - 1) * s_w + (k_w - 1) * d_w + 1), which its
// slots hold from their first column, so the phase layout and tap offsets are those of a
// row of that width.
//
// Threads (row_tasks.h): the units are blocks of output rows of one band of one plane, in
// the order above (blocks, depth planes, bands, channels, images), and a task is a run of
// them with a ring of its own in its thread's scratch: it fills the ring with the padded
// rows its first block needs, then advances as one run does. Every block reads the same
// padded values through the same tap offsets as in one run (which slot holds a row does
// not change a value). A task pays for its ring: the window - s_h * rows rows the previous
// task also filled (6 of C7's 7x7 rows per task, C7 making 24 tasks of 21 rows: about 5%
// more row copies) and zeroing the columns no fill writes (clear_unwritten). Measured natively
// (bench/conv_bench --threads 2, FMA3/AVX2, 2-core AMD EPYC, real-time priority beside
// other jobs, one run, 2026-12-07): C7 (7x7 on one 512x512 channel) 1.79x on two threads.
#pragma once

#include <cstdint>

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_rows serves `g` (a convolution with one input channel per group).
bool dwconv_rows_applies(const ConvGeometry& g);

// Channels of at most this many padded floats (64 KiB, within L2) are held whole instead
// of in a ring (measured: 10% faster on a 32x112x112 stride-2 3x3 filter, no second copy;
// such filters now run on dwconv_3x3s2.h).
inline constexpr int64_t kDwWholeChannelFloats = 16384;

// Rows whose ring of padded rows would pass this many floats (256 KiB; a 1-D signal is
// one row) are computed in bands of whole output tiles, each band's slots holding only the
// padded columns its outputs read: a long signal streams through a 256 KiB slot instead
// of being copied whole.
inline constexpr int64_t kDwRingFloats = 65536;

// The outputs per row of one band (out_w when the rows are not banded).
int64_t dwconv_row_band_outputs(const ConvGeometry& g, int64_t ring_floats = kDwRingFloats);

// `whole_channel_floats` and `ring_floats` are for tests: whole_channel_floats = 0 forces
// the ring on every size, a small ring_floats many bands.
Status dwconv_rows(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                   float* y, Workspaces* threads,
                   int64_t whole_channel_floats = kDwWholeChannelFloats,
                   int64_t ring_floats = kDwRingFloats);

}  // namespace wasmconv::kernels
