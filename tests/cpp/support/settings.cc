// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Random settings and their coverage (settings.h).
#include "support/settings.h"

#include <algorithm>
#include <vector>

#include "wasmconv/arithmetic.h"

namespace wasmconv::test {
namespace {

int64_t last_axis_width(Rng& rng, int max_width) {
  static const std::vector<int64_t> kPrimes = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  if (rng.chance(4)) {
    std::vector<int64_t> primes;
    for (int64_t p : kPrimes) {
      if (p <= max_width) primes.push_back(p);
    }
    return rng.pick(primes);
  }
  return rng.uniform(1, max_width);
}

}  // namespace

Setting random_setting(Rng& rng, const RandomSettingLimits& lim) {
  Setting s;
  ConvParams& p = s.params;
  const bool transposed = lim.transposed && (!lim.conv || rng.chance(2));
  p.op = transposed ? Op::kConvTranspose : Op::kConv;
  p.spatial_dims = static_cast<int>(rng.uniform(1, 3));
  const int nd = p.spatial_dims;
  p.groups = rng.chance(3) ? rng.uniform(2, 4) : 1;
  // Depthwise (one input channel per group) is common in practice: favour it.
  const int64_t cig = rng.chance(4) ? 1 : rng.uniform(1, lim.max_channels);
  const int64_t cog = rng.uniform(1, lim.max_channels);
  s.x.rank = s.w.rank = nd + 2;
  s.x.dims[0] = rng.chance(4) ? rng.uniform(2, lim.max_batch) : 1;
  s.x.dims[1] = p.groups * cig;
  if (!transposed) {
    s.w.dims[0] = p.groups * cog;
    s.w.dims[1] = cig;
  } else {
    s.w.dims[0] = p.groups * cig;
    s.w.dims[1] = cog;
  }
  const int max_spatial = nd == 3 ? std::min(lim.max_spatial, 5) : lim.max_spatial;
  const int max_width = nd == 3 ? std::min(lim.max_width, 9) : lim.max_width;
  const int max_kernel = nd == 3 ? std::min(lim.max_kernel, 3) : lim.max_kernel;
  for (int i = 0; i < nd; ++i) {
    const size_t a = static_cast<size_t>(i);
    int64_t& in = s.x.dims[2 + a];
    in = i == nd - 1 ? last_axis_width(rng, max_width) : rng.uniform(1, max_spatial);
    if (rng.chance(8)) in = 1;
    s.w.dims[2 + a] = rng.uniform(1, max_kernel);
    p.stride[a] = rng.chance(2) ? 1 : rng.uniform(2, lim.max_stride);
    p.dilation[a] = rng.chance(2) ? 1 : rng.uniform(2, lim.max_dilation);
    p.pad_begin[a] = rng.uniform(0, lim.max_pad);
    p.pad_end[a] = rng.chance(2) ? p.pad_begin[a] : rng.uniform(0, lim.max_pad);
    if (transposed && rng.chance(2)) {
      p.output_padding[a] = rng.uniform(0, max_output_padding(p.stride[a], p.dilation[a]));
    }
  }
  if (lim.auto_pad && rng.chance(5)) p.auto_pad = static_cast<AutoPad>(rng.uniform(1, 3));
  if (!transposed && lim.padding_modes && rng.chance(3)) {
    p.padding_mode = static_cast<PaddingMode>(rng.uniform(1, 3));
    // Mostly keep the pads within the mode's limits (reflect: < input, circular: <= input).
    if (!rng.chance(5)) {
      for (int i = 0; i < nd; ++i) {
        const size_t a = static_cast<size_t>(i);
        const int64_t limit = p.padding_mode == PaddingMode::kReflect ? s.x[2 + i] - 1
                              : p.padding_mode == PaddingMode::kCircular ? s.x[2 + i]
                                                                          : lim.max_pad;
        p.pad_begin[a] = std::min(p.pad_begin[a], limit);
        p.pad_end[a] = std::min(p.pad_end[a], limit);
      }
    }
  }
  if (transposed && lim.output_shape && rng.chance(6)) {
    p.has_output_shape = true;
    p.auto_pad = rng.chance(2) ? AutoPad::kExplicit : rng.chance(2) ? AutoPad::kSameUpper : AutoPad::kSameLower;
    p.pad_begin = p.pad_end = {0, 0, 0};
    for (int i = 0; i < nd; ++i) {
      const size_t a = static_cast<size_t>(i);
      // Mostly a reachable size: from the unpadded size minus some padding up to the
      // largest output_padding.
      const int64_t unpadded = (s.x[2 + i] - 1) * p.stride[a] + dilated_kernel(s.w[2 + i], p.dilation[a]);
      p.output_shape[a] = rng.chance(5) ? rng.uniform(1, 24)
                                        : rng.uniform(std::max<int64_t>(1, unpadded - 2 * lim.max_pad),
                                                      unpadded + p.output_padding[a]);
    }
  }
  s.bias = rng.chance(2);
  return s;
}

bool plan(const Setting& s, ConvGeometry* g) {
  ConvGeometry planned;
  if (!plan_conv(s.params, s.x, s.w, s.bias_length(), &planned).ok()) return false;
  *g = planned;
  return true;
}

const char* const Coverage::kFeatures[] = {
    "conv", "transposed", "1d", "2d", "3d", "asymmetric padding", "negative pad_end",
    "stride > kernel", "dilation with stride", "groups", "depthwise", "depthwise multiplier",
    "1-pixel input axis", "1-pixel input", "even kernel", "output_padding", "output_shape",
    "same_upper", "same_lower", "valid", "reflect", "replicate", "circular", "batch > 1",
    "bias", "no bias", "width prime > 8", "padding > kernel", nullptr};

void Coverage::add(const Setting& s, const ConvGeometry& g) {
  const ConvParams& p = s.params;
  hit(g.op == Op::kConv ? "conv" : "transposed");
  hit(std::to_string(g.spatial_dims) + "d");
  bool asym = false, neg = false, s_gt_k = false, d_and_s = false, one = false, even = false,
       opad = false, pad_gt_k = false;
  for (int a = 3 - g.spatial_dims; a < 3; ++a) {
    const size_t i = static_cast<size_t>(a - (3 - g.spatial_dims));
    asym |= g.pad_begin[a] != g.pad_end[a];
    neg |= g.pad_end[a] < 0;
    s_gt_k |= g.stride[a] > g.kernel[a];
    d_and_s |= g.stride[a] > 1 && g.dilation[a] > 1;
    one |= g.input[a] == 1;
    even |= g.kernel[a] % 2 == 0;
    opad |= g.op == Op::kConvTranspose && p.output_padding[i] > 0;
    pad_gt_k |= std::max(g.pad_begin[a], g.pad_end[a]) > dilated_kernel(g.kernel[a], g.dilation[a]) - 1;
  }
  if (asym) hit("asymmetric padding");
  if (neg) hit("negative pad_end");
  if (s_gt_k) hit("stride > kernel");
  if (d_and_s) hit("dilation with stride");
  if (g.groups > 1) hit("groups");
  if (g.in_channels_per_group() == 1 && g.groups > 1) {
    hit("depthwise");
    if (g.out_channels_per_group() > 1) hit("depthwise multiplier");
  }
  if (one) hit("1-pixel input axis");
  if (g.input_spatial() == 1) hit("1-pixel input");
  if (even) hit("even kernel");
  if (opad) hit("output_padding");
  if (p.has_output_shape) hit("output_shape");
  if (pad_gt_k) hit("padding > kernel");
  static const char* const kAutoPad[] = {"explicit", "valid", "same_upper", "same_lower"};
  hit(kAutoPad[static_cast<int>(p.auto_pad)]);
  hit(padding_mode_name(g.padding_mode));
  if (g.batch > 1) hit("batch > 1");
  hit(g.has_bias ? "bias" : "no bias");
  // The SIMD rows run along W: over outputs (conv) or inputs (transposed).
  const int64_t row = g.op == Op::kConv ? g.output[2] : g.input[2];
  if (row <= 17) hit("row width " + std::to_string(row));
  for (int64_t prime : {11, 13, 17, 19, 23, 29, 31, 37}) {
    if (g.input[2] == prime) hit("width prime > 8");
  }
}

int Coverage::count(const std::string& feature) const {
  const auto it = counts_.find(feature);
  return it == counts_.end() ? 0 : it->second;
}

std::string Coverage::summary() const {
  std::string r;
  for (const auto& [name, n] : counts_) r += (r.empty() ? "" : ", ") + name + "=" + std::to_string(n);
  return r;
}

}  // namespace wasmconv::test
