// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_3x3s1: the depthwise / single-channel 3x3 filter with stride 1, dilation 1 and
// zero "same" padding along W (one column each side), the common depthwise layer and
// image filter, computed straight from the input rows with no padded copy:
//
//   y[co, oh, j] = bias[co] + sum_{i, t < 3} w[co, i, t] * x[co / m, oh - p_top + i, j - 1 + t]
//
// (x is zero outside the image; m is the channel multiplier). Output rows go two at a
// time through dwconv_f32_3x3_direct (dwconv_3x3_microkernel.h), which loads each input row
// once per vector for both rows; a padding row above or below the image (p_top and
// p_bottom may each be 0 or 1) is a row of zeros. Rows must be wider than one vector.
// Everything else runs on the row ring of dwconv_rows.h.
//
// Threads (row_tasks.h): the units are those blocks of two output rows, plane after plane
// (image, channel, depth), and a task is a run of them: it starts and ends on a block
// boundary, inside a plane or between two, and every block is the same call on the same
// rows as in one run (a run of interior blocks that a task boundary cuts is the same
// blocks, in two calls). Blocks and not planes, so that an image filter of few planes (C1:
// 3 planes of 256 blocks, 14 tasks) splits as well as a depthwise layer of many small ones
// (C6: 128 planes of 28 blocks, 6 tasks). The tasks share the zero row, built before them,
// and need no scratch of their own. Measured natively
// (bench/conv_bench --threads 2, the FMA3/AVX2 build on the 2-core AMD EPYC, at real-time
// priority beside other jobs, one run, 2026-12-07): C1 1.84x, C6 1.94x on two threads.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// True when dwconv_3x3s1 serves `g`.
bool dwconv_3x3s1_applies(const ConvGeometry& g);

Status dwconv_3x3s1(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                    float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
