// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Test support (test_support.h).
#include "support/test_support.h"

namespace wasmconv::test {

std::string describe(const Setting& s) {
  const ConvParams& p = s.params;
  auto dims = [](const Shape& sh) {
    std::string r;
    for (int i = 0; i < sh.rank; ++i) r += (i ? "x" : "") + std::to_string(sh[i]);
    return r;
  };
  auto axes = [&](const Dims& d) {
    std::string r = "(";
    for (int i = 0; i < p.spatial_dims; ++i) r += (i ? "," : "") + std::to_string(d[static_cast<size_t>(i)]);
    return r + ")";
  };
  static const char* const kAutoPad[] = {"explicit", "valid", "same_upper", "same_lower"};
  std::string r = std::string(op_name(p.op)) + std::to_string(p.spatial_dims) + "d x=" + dims(s.x) +
                  " w=" + dims(s.w) + " stride=" + axes(p.stride) + " dilation=" + axes(p.dilation) +
                  " pad=" + axes(p.pad_begin) + "/" + axes(p.pad_end) + " auto_pad=" +
                  kAutoPad[static_cast<int>(p.auto_pad)] + " groups=" + std::to_string(p.groups) +
                  " mode=" + padding_mode_name(p.padding_mode) + " bias=" + (s.bias ? "yes" : "no");
  if (p.op == Op::kConvTranspose) {
    r += " output_padding=" + axes(p.output_padding);
    if (p.has_output_shape) r += " output_shape=" + axes(p.output_shape);
  }
  return r;
}

std::string describe(const ConvGeometry& g) {
  std::string r = std::string(op_name(g.op)) + " N=" + std::to_string(g.batch) + " Cin=" +
                  std::to_string(g.in_channels) + " Cout=" + std::to_string(g.out_channels) +
                  " groups=" + std::to_string(g.groups);
  for (int a = 0; a < 3; ++a) {
    r += " [in " + std::to_string(g.input[a]) + " k " + std::to_string(g.kernel[a]) + " s " +
         std::to_string(g.stride[a]) + " d " + std::to_string(g.dilation[a]) + " p " +
         std::to_string(g.pad_begin[a]) + "/" + std::to_string(g.pad_end[a]) + " out " +
         std::to_string(g.output[a]) + "]";
  }
  return r;
}

Setting random_setting(Rng& rng, const RandomSettingLimits& lim) {
  Setting s;
  ConvParams& p = s.params;
  p.op = lim.transposed && rng.chance(2) ? Op::kConvTranspose : Op::kConv;
  p.spatial_dims = static_cast<int>(rng.uniform(1, 3));
  const int nd = p.spatial_dims;
  p.groups = rng.chance(3) ? rng.uniform(2, 4) : 1;
  // Depthwise (one input channel per group) is common in practice: favour it.
  const int64_t cig = rng.chance(4) ? 1 : rng.uniform(1, lim.max_channels);
  const int64_t cog = rng.uniform(1, lim.max_channels);
  s.x.rank = s.w.rank = nd + 2;
  s.x.dims[0] = rng.uniform(1, 2);
  s.x.dims[1] = p.groups * cig;
  if (p.op == Op::kConv) {
    s.w.dims[0] = p.groups * cog;
    s.w.dims[1] = cig;
  } else {
    s.w.dims[0] = p.groups * cig;
    s.w.dims[1] = cog;
  }
  const int max_spatial = nd == 3 ? std::min(lim.max_spatial, 6) : lim.max_spatial;
  for (int i = 0; i < nd; ++i) {
    const size_t a = static_cast<size_t>(i);
    s.x.dims[static_cast<size_t>(2 + i)] = rng.chance(8) ? 1 : rng.uniform(1, max_spatial);
    s.w.dims[static_cast<size_t>(2 + i)] = rng.uniform(1, nd == 3 ? std::min(lim.max_kernel, 3) : lim.max_kernel);
    p.stride[a] = rng.chance(2) ? 1 : rng.uniform(2, lim.max_stride);
    p.dilation[a] = rng.chance(2) ? 1 : rng.uniform(2, lim.max_dilation);
    p.pad_begin[a] = rng.uniform(0, lim.max_pad);
    p.pad_end[a] = rng.chance(2) ? p.pad_begin[a] : rng.uniform(0, lim.max_pad);
    if (p.op == Op::kConvTranspose && rng.chance(2)) {
      p.output_padding[a] = rng.uniform(0, std::max(p.stride[a], p.dilation[a]) - 1);
    }
  }
  if (rng.chance(5)) p.auto_pad = static_cast<AutoPad>(rng.uniform(1, 3));
  if (p.op == Op::kConv && lim.padding_modes && rng.chance(3)) {
    p.padding_mode = static_cast<PaddingMode>(rng.uniform(1, 3));
  }
  if (p.op == Op::kConvTranspose && lim.output_shape && rng.chance(6)) {
    p.has_output_shape = true;
    p.auto_pad = rng.chance(2) ? AutoPad::kExplicit : AutoPad::kSameUpper;
    p.pad_begin = p.pad_end = {0, 0, 0};
    for (int i = 0; i < nd; ++i) p.output_shape[static_cast<size_t>(i)] = rng.uniform(1, 24);
  }
  s.bias = rng.chance(2);
  return s;
}

double relative_error(const std::vector<float>& got, const std::vector<float>& want) {
  double scale = 1, err = 0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  for (size_t i = 0; i < want.size(); ++i) {
    err = std::max(err, std::fabs(static_cast<double>(got[i]) - static_cast<double>(want[i])));
  }
  return err / scale;
}

std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w,
                       const float* bias, Backend backend) {
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  const Status s = run_conv(g, x.data(), w.data(), bias, y.data(), backend);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

double backend_error(const ConvGeometry& g, Backend backend, Rng& rng) {
  const auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(g.out_channels);
  const float* bias = g.has_bias ? b.data() : nullptr;
  return relative_error(run(g, x, w, bias, backend), run(g, x, w, bias, Backend::kReference));
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

}  // namespace wasmconv::test
