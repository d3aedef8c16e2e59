// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// dwconv_nchw_f32_direct: convolution where every group has one input channel (depthwise,
// with any channel multiplier, and single-channel image filters), any kernel size,
// stride, dilation and padding mode:
//
//   y[co, o] = bias[co] + sum_t x[co / multiplier, o*s - p + t*d] * w[co, t]
//
// 3x3 filters with stride 1 and "same" zero padding along W (dwconv_3x3.h), and with
// stride 2 and zero padding of at most 2 (dwconv_3x3s2.h), are read straight from the
// input; other filters with a kernel depth of 1 (every 1-D and 2-D filter) run on the row
// ring of dwconv_rows.h.
// Deeper (3-D) kernels are computed row by row in runs of kDwTileN outputs by
// dwconv_microkernel.h over the padded (and, for stride_w > 1, phase-split) input of
// padded_image.h, built one input channel at a time. Either way strided and dilated filters read
// contiguous vectors and need no gathers. Weights are used as given
// ([C_out, 1, kernel...] is already one contiguous tap list per output channel).
//
// Threads (row_tasks.h), the padded-image path: with at least four (image, channel) pairs
// per thread, tasks of whole channels, each padded by its task into its thread's scratch;
// with fewer, each channel is padded once by the caller and its output rows (all its
// `multiplier` output channels) split into tasks that only read it. A row is the same tile
// calls either way. The other paths split as their headers say.
#pragma once

#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"

namespace wasmconv::kernels {

// `taps_packed`: the weights also laid out [tap][C] (pack_dwconv_taps, dwconv_channels_last.h)
// where dwconv_taps_read(g), for the channels-in-lanes kernels; otherwise unread (null).
Status dwconv_direct(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads, const float* taps_packed);

// The padded-image path alone (every geometry dwconv_direct serves; dwconv_rows.h serves
// kernel depth 1 faster).
Status dwconv_padded(const ConvGeometry& g, const float* w, const float* x, const float* bias,
                     float* y, Workspaces* threads);

}  // namespace wasmconv::kernels
