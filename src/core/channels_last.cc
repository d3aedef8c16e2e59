// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// enter_channels_first and leave_channels_first (channels_last.h).
#include "core/channels_last.h"

#include "kernels/transpose_channels.h"

namespace wasmconv {

Status enter_channels_first(const ConvGeometry& g, const float* x, const float* residual, float* y,
                            FloatBuffer* scratch, ThreadPool* pool, ChannelsFirstCall* call,
                            bool in_place) {
  *call = {x, residual, y};
  if (!g.channels_last() || in_place) return Status();
  // One allocation: [input | output | residual].
  const int64_t in = g.input_size(), out = g.output_size();
  WASMCONV_RETURN_IF_ERROR(
      scratch->reserve(in + out * (residual != nullptr ? 2 : 1), "the channels-first copies"));
  float* base = scratch->data();
  // [N, pixels, C] -> [N, C, pixels]
  kernels::transpose_planes(x, base, g.batch, g.input_spatial(), g.in_channels, pool);
  call->x = base;
  call->y = base + in;
  if (residual != nullptr) {
    kernels::transpose_planes(residual, base + in + out, g.batch, g.output_spatial(),
                              g.out_channels, pool);
    call->residual = base + in + out;
  }
  return Status();
}

void leave_channels_first(const ConvGeometry& g, const ChannelsFirstCall& call, float* y,
                          ThreadPool* pool) {
  if (!g.channels_last() || call.y == y) return;
  // [N, C, pixels] -> [N, pixels, C]
  kernels::transpose_planes(call.y, y, g.batch, g.out_channels, g.output_spatial(), pool);
}

}  // namespace wasmconv
