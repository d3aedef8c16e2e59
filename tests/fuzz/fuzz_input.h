// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Turns fuzzer bytes into a convolution request. `small` bounds every size so that the
// problem can be run (differential fuzzing); otherwise any 64-bit value may appear,
// including zero, negative and overflowing sizes (validation fuzzing).
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "wasmconv/params.h"

namespace wasmconv::fuzz {

struct Request {
  ConvParams params;
  Shape x;
  Shape w;
  int64_t bias_length = -1;
};

inline int64_t any_size(FuzzedDataProvider& fdp) {
  // Mostly small values, sometimes extremes: shape bugs live at 0, 1 and overflow.
  switch (fdp.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return fdp.ConsumeIntegral<int64_t>();
    case 1: return fdp.ConsumeIntegralInRange<int64_t>(-4, 0);
    case 2: return fdp.ConsumeIntegralInRange<int64_t>(int64_t{1} << 28, int64_t{1} << 33);
    default: return fdp.ConsumeIntegralInRange<int64_t>(1, 12);
  }
}

inline int64_t value(FuzzedDataProvider& fdp, bool small, int64_t lo, int64_t hi) {
  return small ? fdp.ConsumeIntegralInRange<int64_t>(lo, hi) : any_size(fdp);
}

inline Request decode(FuzzedDataProvider& fdp, bool small) {
  Request r;
  ConvParams& p = r.params;
  p.op = fdp.ConsumeBool() ? Op::kConvTranspose : Op::kConv;
  p.spatial_dims = small ? fdp.ConsumeIntegralInRange<int>(1, 3) : fdp.ConsumeIntegralInRange<int>(0, 4);
  const int nd = p.spatial_dims;
  const int rank = small ? nd + 2 : fdp.ConsumeIntegralInRange<int>(0, kMaxRank);
  r.x.rank = r.w.rank = rank;
  p.groups = value(fdp, small, 1, 3);
  const int64_t channel_factor = value(fdp, small, 1, 3);
  const int64_t out_factor = value(fdp, small, 1, 3);
  for (int i = 0; i < rank && i < kMaxRank; ++i) {
    r.x.dims[static_cast<size_t>(i)] = value(fdp, small, 1, i == 0 ? 2 : (nd == 3 ? 5 : 9));
    r.w.dims[static_cast<size_t>(i)] = value(fdp, small, 1, 4);
  }
  if (small) {
    // Consistent channels, so that most small requests are valid and get run.
    r.x.dims[1] = p.groups * channel_factor;
    if (p.op == Op::kConv) {
      r.w.dims[0] = p.groups * out_factor;
      r.w.dims[1] = channel_factor;
    } else {
      r.w.dims[0] = r.x.dims[1];
      r.w.dims[1] = out_factor;
    }
  }
  for (size_t a = 0; a < kMaxSpatialDims; ++a) {
    p.stride[a] = value(fdp, small, 1, 4);
    p.dilation[a] = value(fdp, small, 1, 3);
    p.pad_begin[a] = value(fdp, small, 0, 3);
    p.pad_end[a] = value(fdp, small, 0, 3);
    p.output_padding[a] = small ? fdp.ConsumeIntegralInRange<int64_t>(0, 3) : any_size(fdp);
    p.output_shape[a] = value(fdp, small, 1, 20);
  }
  p.auto_pad = static_cast<AutoPad>(fdp.ConsumeIntegralInRange<int>(0, 3));
  p.padding_mode = static_cast<PaddingMode>(fdp.ConsumeIntegralInRange<int>(0, 3));
  p.has_output_shape = fdp.ConsumeIntegralInRange<int>(0, 3) == 0;
  if (fdp.ConsumeBool()) {
    r.bias_length = small ? (p.op == Op::kConv ? r.w.dims[0] : r.w.dims[1] * p.groups) : any_size(fdp);
  }
  // Validation fuzzing reads the weight in either layout (the mix-up diagnosis plans both);
  // the small requests' channels are laid out for the canonical one.
  if (!small && fdp.ConsumeBool()) p.weight_layout = WeightLayout::kHwio;
  return r;
}

}  // namespace wasmconv::fuzz
