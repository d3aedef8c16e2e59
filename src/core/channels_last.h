// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last data (DataLayout::kChannelsLast) around the channels-first kernels: the
// input (and the residual) is transposed into channels-first scratch, the op runs there as
// any other call, epilogue included (the kernels never read data_layout), and its output is
// transposed into the caller's. The epilogue is elementwise, so the result is bit for bit
// the transpose of the channels-first one (every backend, any thread count).
#pragma once

#include "core/buffer.h"
#include "wasmconv/geometry.h"
#include "wasmconv/status.h"
#include "wasmconv/thread_pool.h"

namespace wasmconv {

// The buffers a call computes with: the caller's for channels-first data; for channels-last
// data, channels-first copies in `scratch` (the input, the output, the residual if any), which
// a layer keeps between runs.
struct ChannelsFirstCall {
  const float* x = nullptr;
  const float* residual = nullptr;  // null when the call has none
  float* y = nullptr;
};

// Fills `call` for a call of `g` (see above), transposing x and `residual` (when not null) for
// channels-last data, on `pool`'s threads when it is not null. A call whose fast kernel
// reads channels-last data as given (kernels::reads_channels_last) passes `in_place`: its
// buffers are the caller's.
Status enter_channels_first(const ConvGeometry& g, const float* x, const float* residual, float* y,
                            FloatBuffer* scratch, ThreadPool* pool, ChannelsFirstCall* call,
                            bool in_place = false);

// For channels-last data, the call's output transposed into the caller's y; nothing for
// channels-first data or a call in place.
void leave_channels_first(const ConvGeometry& g, const ChannelsFirstCall& call, float* y,
                          ThreadPool* pool);

}  // namespace wasmconv
