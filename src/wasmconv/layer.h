// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvLayer: a convolution or transposed convolution with fixed weights, packed once and
// run on many inputs (which may differ in batch and spatial size). Scratch memory is kept
// between runs and only grows when a larger input arrives.
//
//   wasmconv::ConvLayer layer;
//   if (auto s = layer.init(params, {16, 3, 3, 3}, w, bias); !s.ok()) ...
//   wasmconv::ConvGeometry g;
//   if (auto s = layer.plan({1, 3, 224, 224}, &g); !s.ok()) ...
//   std::vector<float> y(g.output_size());
//   layer.run(g, x, y.data());
#pragma once

#include "core/buffer.h"
#include "core/channels_last.h"
#include "kernels/fast_path.h"
#include "kernels/workspace.h"
#include "wasmconv/geometry.h"
#include "wasmconv/params.h"
#include "wasmconv/status.h"
#include "wasmconv/thread_pool.h"

namespace wasmconv {

class ConvLayer {
 public:
  // Copies the weights (shape `w_shape`, in params.weight_layout) and the bias (null for none;
  // otherwise as many values as output channels). The activation is checked here; the
  // other parameters are validated against each input in plan().
  Status init(const ConvParams& params, const Shape& w_shape, const float* w, const float* bias,
              int64_t bias_length);

  // Validates the layer's parameters against an input shape.
  Status plan(const Shape& x_shape, ConvGeometry* g) const;

  // Computes y for a geometry returned by plan(); packs the weights on first use (and
  // again only if a geometry needs a different packing), permuting hwio weights into the
  // canonical layout as it packs them. The params' activation applies;
  // `residual` (the output's shape, not overlapping y) is added before it when not null.
  // With a `pool`, the work is spread over its threads (bitwise the same result); the
  // layer keeps one scratch per thread between runs.
  Status run(const ConvGeometry& g, const float* x, float* y, ThreadPool* pool = nullptr);
  Status run(const ConvGeometry& g, const float* x, const float* residual, float* y,
             ThreadPool* pool = nullptr);

  const ConvParams& params() const { return params_; }
  const Shape& weight_shape() const { return w_shape_; }

 private:
  ConvParams params_;
  Shape w_shape_;
  int64_t bias_length_ = -1;
  FloatBuffer weights_;
  FloatBuffer bias_;
  kernels::PackedConv packed_;
  kernels::Workspaces workspaces_;
  FloatBuffer channels_first_;  // channels-last runs only: core/channels_last.h
};

}  // namespace wasmconv
