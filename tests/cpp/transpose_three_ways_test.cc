// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Transposed convolution computed three independent ways must agree with the library:
//  (a) multiplication by C^T, C the dense matrix of the matching convolution;
//  (b) zero insertion (stride - 1 zeros between inputs), padding by d(k-1) - p, and a
//      stride-1 convolution with the kernel flipped and its in/out channels swapped;
//  (c) scatter-add: every input adds value * kernel into its output window.
// And the adjoint identity <conv(x), y> = <x, convT(y)> on random settings.
#include <doctest/doctest.h>

#include <cmath>

#include "support/test_support.h"

using namespace wasmconv;

namespace {

// (c) scatter-add, written independently of the library's kernels.
std::vector<float> scatter_add(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w) {
  std::vector<double> y(static_cast<size_t>(g.output_size()), 0.0);
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group();
  for (int64_t ci = 0; ci < g.in_channels; ++ci)
    for (int64_t i0 = 0; i0 < g.input[0]; ++i0)
      for (int64_t i1 = 0; i1 < g.input[1]; ++i1)
        for (int64_t i2 = 0; i2 < g.input[2]; ++i2) {
          const double v = x[static_cast<size_t>(((ci * g.input[0] + i0) * g.input[1] + i1) * g.input[2] + i2)];
          for (int64_t c = 0; c < cog; ++c) {
            const int64_t co = (ci / cig) * cog + c;
            for (int64_t t0 = 0; t0 < g.kernel[0]; ++t0)
              for (int64_t t1 = 0; t1 < g.kernel[1]; ++t1)
                for (int64_t t2 = 0; t2 < g.kernel[2]; ++t2) {
                  const int64_t o0 = i0 * g.stride[0] - g.pad_begin[0] + t0 * g.dilation[0];
                  const int64_t o1 = i1 * g.stride[1] - g.pad_begin[1] + t1 * g.dilation[1];
                  const int64_t o2 = i2 * g.stride[2] - g.pad_begin[2] + t2 * g.dilation[2];
                  if (o0 < 0 || o0 >= g.output[0] || o1 < 0 || o1 >= g.output[1] || o2 < 0 || o2 >= g.output[2]) continue;
                  const float wt = w[static_cast<size_t>(((ci * cog + c) * g.kernel[0] + t0) * g.kernel[1] * g.kernel[2] + t1 * g.kernel[2] + t2)];
                  y[static_cast<size_t>(((co * g.output[0] + o0) * g.output[1] + o1) * g.output[2] + o2)] += v * wt;
                }
          }
        }
  return std::vector<float>(y.begin(), y.end());
}

Shape shape3(int64_t n, int64_t c, const Dims& d) { return Shape{n, c, d[0], d[1], d[2]}; }

// (b) zero insertion + flipped-kernel stride-1 convolution.
std::vector<float> zero_insertion(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w) {
  Dims padded{};
  Dims lead{};
  for (int a = 0; a < 3; ++a) {
    const int64_t reach = g.dilation[a] * (g.kernel[a] - 1);
    lead[a] = reach - g.pad_begin[a];  // may be negative: crop
    padded[a] = (g.input[a] - 1) * g.stride[a] + 1 + lead[a] + reach - g.pad_end[a];
  }
  std::vector<float> xp(static_cast<size_t>(g.in_channels * padded[0] * padded[1] * padded[2]), 0.0f);
  for (int64_t c = 0; c < g.in_channels; ++c)
    for (int64_t i0 = 0; i0 < g.input[0]; ++i0)
      for (int64_t i1 = 0; i1 < g.input[1]; ++i1)
        for (int64_t i2 = 0; i2 < g.input[2]; ++i2) {
          const int64_t p0 = i0 * g.stride[0] + lead[0], p1 = i1 * g.stride[1] + lead[1], p2 = i2 * g.stride[2] + lead[2];
          if (p0 < 0 || p0 >= padded[0] || p1 < 0 || p1 >= padded[1] || p2 < 0 || p2 >= padded[2]) continue;
          xp[static_cast<size_t>(((c * padded[0] + p0) * padded[1] + p1) * padded[2] + p2)] =
              x[static_cast<size_t>(((c * g.input[0] + i0) * g.input[1] + i1) * g.input[2] + i2)];
        }
  // Flipped kernel, channels swapped within each group: conv weight [C_out, C_in/groups, k].
  const int64_t cig = g.in_channels_per_group(), cog = g.out_channels_per_group(), taps = g.kernel_spatial();
  std::vector<float> wc(w.size());
  for (int64_t co = 0; co < g.out_channels; ++co)
    for (int64_t c = 0; c < cig; ++c)
      for (int64_t t = 0; t < taps; ++t) {
        const int64_t ci = (co / cog) * cig + c;
        wc[static_cast<size_t>((co * cig + c) * taps + t)] = w[static_cast<size_t>((ci * cog + co % cog) * taps + (taps - 1 - t))];
      }
  ConvParams p;
  p.spatial_dims = 3;
  p.dilation = g.dilation;
  p.groups = g.groups;
  ConvGeometry gc;
  const Status s = plan_conv(p, shape3(1, g.in_channels, padded),
                             shape3(g.out_channels, cig, g.kernel), -1, &gc);
  REQUIRE_MESSAGE(s.ok(), s.message());
  REQUIRE(gc.output == g.output);
  return test::run(gc, xp, wc, nullptr);
}

// (a) C^T x, with C the matrix of the convolution that maps the transposed op's output
// space back to its input space; returns false when that convolution needs a negative
// begin padding (not expressible as a convolution) or its matrix would be too large.
bool transpose_of_conv_matrix(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w,
                              std::vector<float>* y) {
  ConvParams p;
  p.spatial_dims = 3;
  p.stride = g.stride;
  p.dilation = g.dilation;
  p.groups = g.groups;
  for (int a = 0; a < 3; ++a) {
    if (g.pad_begin[a] < 0) return false;
    p.pad_begin[a] = g.pad_begin[a];
    p.pad_end[a] = std::max<int64_t>(0, g.pad_end[a]);
  }
  ConvGeometry gc;
  // Transposed weights [C_in, C_out/groups, k] are exactly conv weights [C_out', C_in'/groups, k].
  const Status s = plan_conv(p, shape3(1, g.out_channels, g.output),
                             shape3(g.in_channels, g.out_channels_per_group(), g.kernel), -1, &gc);
  REQUIRE_MESSAGE(s.ok(), s.message());
  if (gc.output_size() * gc.input_size() > kMaxMatrixEntries) return false;
  std::vector<float> c(static_cast<size_t>(gc.output_size() * gc.input_size()));
  REQUIRE(conv_matrix(gc, w.data(), c.data()).ok());
  y->assign(static_cast<size_t>(g.output_size()), 0.0f);
  const int64_t cols = gc.input_size();
  for (int64_t ci = 0; ci < g.in_channels; ++ci)
    for (int64_t i0 = 0; i0 < g.input[0]; ++i0)
      for (int64_t i1 = 0; i1 < g.input[1]; ++i1)
        for (int64_t i2 = 0; i2 < g.input[2]; ++i2) {
          // The conv may produce more outputs than the transposed op has inputs; those rows
          // are never used.
          const int64_t row = ((ci * gc.output[0] + i0) * gc.output[1] + i1) * gc.output[2] + i2;
          const float v = x[static_cast<size_t>(((ci * g.input[0] + i0) * g.input[1] + i1) * g.input[2] + i2)];
          for (int64_t col = 0; col < cols; ++col) (*y)[static_cast<size_t>(col)] += c[static_cast<size_t>(row * cols + col)] * v;
        }
  return true;
}

}  // namespace

TEST_CASE("transposed convolution three ways: C^T, zero insertion, scatter-add") {
  test::Rng rng(31337);
  test::RandomSettingLimits lim;
  lim.max_spatial = 6;
  int checked = 0, with_matrix = 0;
  for (int it = 0; it < 2000 && checked < 300; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    if (s.params.op != Op::kConvTranspose) continue;
    s.x.dims[0] = 1;
    s.bias = false;
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, -1, &g).ok()) continue;
    INFO("seed ", rng.seed(), ": ", test::describe(s));
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto lib = test::run(g, x, w, nullptr, Backend::kAuto);
    const auto ref = test::run(g, x, w, nullptr, Backend::kReference);
    CHECK(test::relative_error(scatter_add(g, x, w), ref) <= 1e-5);
    CHECK(test::relative_error(zero_insertion(g, x, w), ref) <= 1e-5);
    CHECK(test::relative_error(lib, ref) <= 1e-4);
    std::vector<float> ct;
    if (transpose_of_conv_matrix(g, x, w, &ct)) {
      CHECK(test::relative_error(ct, ref) <= 1e-5);
      ++with_matrix;
    }
    ++checked;
  }
  MESSAGE("transposed settings checked: ", checked, " (", with_matrix, " also against C^T)");
  CHECK(checked >= 300);
  CHECK(with_matrix >= 200);
}

TEST_CASE("adjoint identity <conv(x), y> = <x, convT(y)>") {
  test::Rng rng(4242);
  test::RandomSettingLimits lim;
  lim.transposed = false;
  lim.padding_modes = false;
  int checked = 0;
  for (int it = 0; it < 3000 && checked < 300; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    s.bias = false;
    if (s.params.auto_pad != AutoPad::kExplicit) s.params.auto_pad = AutoPad::kExplicit;
    ConvGeometry gc;
    if (!plan_conv(s.params, s.x, s.w, -1, &gc).ok()) continue;
    // The transposed op with the same weights, stride, dilation and pads, sized back to x.
    ConvParams t = s.params;
    t.op = Op::kConvTranspose;
    for (int i = 0; i < t.spatial_dims; ++i) {
      const size_t a = static_cast<size_t>(i), ia = static_cast<size_t>(3 - t.spatial_dims + i);
      const int64_t full = (gc.output[ia] - 1) * gc.stride[ia] - gc.pad_begin[ia] - gc.pad_end[ia] +
                           gc.dilation[ia] * (gc.kernel[ia] - 1) + 1;
      t.output_padding[a] = gc.input[ia] - full;
    }
    Shape y_shape = gc.output_shape();
    ConvGeometry gt;
    const Status st = plan_conv(t, y_shape, s.w, -1, &gt);
    INFO("seed ", rng.seed(), ": ", test::describe(s));
    REQUIRE_MESSAGE(st.ok(), st.message());
    REQUIRE(gt.output == gc.input);
    const auto x = rng.tensor(gc.input_size());
    const auto w = rng.tensor(gc.weight_size());
    const auto y = rng.tensor(gc.output_size());
    for (Backend b : {Backend::kReference, Backend::kAuto, Backend::kSimd}) {
      const double lhs = test::dot(test::run(gc, x, w, nullptr, b), y);
      const double rhs = test::dot(x, test::run(gt, y, w, nullptr, b));
      CHECK(std::fabs(lhs - rhs) <= 1e-5 * std::max(1.0, std::fabs(lhs)));
    }
    ++checked;
  }
  CHECK(checked >= 300);
}
