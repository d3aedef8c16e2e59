// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvLayer (wasmconv/layer.h).
#include "wasmconv/layer.h"

#include <cstring>
#include <string>

#include "core/number_text.h"
#include "core/weight_layout.h"
#include "kernels/epilogue.h"

namespace wasmconv {

Status ConvLayer::init(const ConvParams& params, const Shape& w_shape, const float* w,
                       const float* bias, int64_t bias_length) {
  if (w_shape.rank < 1 || w_shape.rank > kMaxRank) {
    return Status::invalid("weight must have rank " + integer_text(params.spatial_dims + 2) +
                           ", got rank " + integer_text(w_shape.rank));
  }
  for (int i = 0; i < w_shape.rank; ++i) {
    if (w_shape[i] < 1 || w_shape[i] > (int64_t{1} << 31)) {
      return Status::invalid("weight shape[" + integer_text(i) +
                             "] must be a positive integer, got " + integer_text(w_shape[i]));
    }
  }
  WASMCONV_RETURN_IF_ERROR(check_params(params, w_shape, bias != nullptr ? bias_length : -1));
  if (w_shape.numel() > kMaxTensorBytes / 4) {
    return Status::out_of_memory("weight tensor is larger than " +
                                 integer_text(kMaxTensorBytes >> 20) + " MiB");
  }
  params_ = params;
  w_shape_ = w_shape;
  bias_length_ = bias != nullptr ? bias_length : -1;
  packed_ = kernels::PackedConv();
  WASMCONV_RETURN_IF_ERROR(weights_.allocate(w_shape.numel(), "layer weights"));
  std::memcpy(weights_.data(), w, static_cast<size_t>(w_shape.numel()) * sizeof(float));
  if (bias != nullptr && bias_length > 0) {
    WASMCONV_RETURN_IF_ERROR(bias_.allocate(bias_length, "layer bias"));
    std::memcpy(bias_.data(), bias, static_cast<size_t>(bias_length) * sizeof(float));
  }
  return Status();
}

Status ConvLayer::plan(const Shape& x_shape, ConvGeometry* g) const {
  if (weights_.data() == nullptr)
    return Status::invalid("the layer has no weights (init failed or was not called)");
  return plan_conv(params_, x_shape, w_shape_, bias_length_, g);
}

Status ConvLayer::run(const ConvGeometry& g, const float* x, float* y, ThreadPool* pool) {
  return run(g, x, nullptr, y, pool);
}

Status ConvLayer::run(const ConvGeometry& g, const float* x_in, const float* residual_in,
                      float* y_out, ThreadPool* pool) {
  // An empty batch has nothing to compute: the weights are not packed for it.
  if (g.batch == 0) return Status();
  // Channels-last data runs channels-first in scratch the layer keeps (core/channels_last.h),
  // unless its kernel reads it as given; for channels-first data `cf` is the caller's buffers.
  ThreadPool* copies = kernels::pool_for(g, pool);
  ChannelsFirstCall cf;
  WASMCONV_RETURN_IF_ERROR(enter_channels_first(g, x_in, residual_in, y_out, &channels_first_,
                                                copies, &cf, kernels::reads_channels_last(g)));
  if (!packed_.serves(g)) {
    // Weights in TF's layout are kept as given and permuted when packed: an hwio weight
    // [k..., groups, b] reads as TF's depthwise filter or as a grouped kernel depending on
    // the input's channels, which only a geometry knows. Packing happens once per
    // weight-side geometry, so this is once for a layer that runs on one input size.
    FloatBuffer canonical;
    const float* w = weights_.data();
    WASMCONV_RETURN_IF_ERROR(canonical_weights(g, w, &canonical, &w));
    WASMCONV_RETURN_IF_ERROR(packed_.pack(g, w));
  }
  workspaces_.use_pool(copies);
  WASMCONV_RETURN_IF_ERROR(
      packed_.run(g, cf.x, g.has_bias ? bias_.data() : nullptr, cf.y, &workspaces_));
  kernels::apply_epilogue(cf.y, g.output_size(), g.activation, cf.residual, &workspaces_);
  leave_channels_first(g, cf, y_out, copies);
  return Status();
}

}  // namespace wasmconv
