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

// The convolution whose matrix C the transposed op `g` multiplies by transposed: its input
// is g's output space, its output covers g's input space, with the same kernel, stride,
// dilation, groups and pads, and g's weights read as conv weights (transposed weights
// [C_in, C_out/groups, k] are conv weights [C_out', C_in'/groups, k] of the conv that goes
// the other way). A negative pad_end of g (output_padding) becomes 0: the conv then has
// surplus output rows, which g's inputs never use. Returns false when g has a negative
// pad_begin (not a convolution) or the matrix would be too large.
bool matching_conv(const ConvGeometry& g, ConvGeometry* gc) {
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
  const Status s = plan_conv(p, shape3(1, g.out_channels, g.output),
                             shape3(g.in_channels, g.out_channels_per_group(), g.kernel), -1, gc);
  REQUIRE_MESSAGE(s.ok(), s.message());
  for (int a = 0; a < 3; ++a) REQUIRE(gc->output[a] >= g.input[a]);
  return gc->output_size() * gc->input_size() <= kMaxMatrixEntries;
}

// Row of the matching conv's matrix for input element (ci, i0, i1, i2) of g.
int64_t conv_row(const ConvGeometry& gc, int64_t ci, int64_t i0, int64_t i1, int64_t i2) {
  return ((ci * gc.output[0] + i0) * gc.output[1] + i1) * gc.output[2] + i2;
}

// (a) C^T x.
std::vector<float> times_conv_matrix_transposed(const ConvGeometry& g, const ConvGeometry& gc,
                                                const std::vector<float>& x, const std::vector<float>& w) {
  std::vector<float> c(static_cast<size_t>(gc.output_size() * gc.input_size()));
  REQUIRE(conv_matrix(gc, w.data(), c.data()).ok());
  std::vector<double> y(static_cast<size_t>(g.output_size()), 0.0);
  const int64_t cols = gc.input_size();
  for (int64_t ci = 0; ci < g.in_channels; ++ci)
    for (int64_t i0 = 0; i0 < g.input[0]; ++i0)
      for (int64_t i1 = 0; i1 < g.input[1]; ++i1)
        for (int64_t i2 = 0; i2 < g.input[2]; ++i2) {
          const int64_t row = conv_row(gc, ci, i0, i1, i2);
          const double v = x[static_cast<size_t>(((ci * g.input[0] + i0) * g.input[1] + i1) * g.input[2] + i2)];
          for (int64_t col = 0; col < cols; ++col) y[static_cast<size_t>(col)] += c[static_cast<size_t>(row * cols + col)] * v;
        }
  return std::vector<float>(y.begin(), y.end());
}

// Random transposed settings of batch 1 without bias that plan.
bool random_transposed(test::Rng& rng, test::Setting* s, ConvGeometry* g) {
  test::RandomSettingLimits lim;
  lim.max_spatial = 6;
  lim.max_width = 13;
  lim.conv = false;
  *s = test::random_setting(rng, lim);
  s->x.dims[0] = 1;
  s->bias = false;
  return test::plan(*s, g);
}

}  // namespace

TEST_CASE("transposed convolution three ways: C^T, zero insertion, scatter-add") {
  WASMCONV_SEEDED_RNG(rng, 31337);
  int checked = 0, with_matrix = 0;
  test::Coverage coverage;
  for (int it = 0; it < 8000 && checked < 1000; ++it) {
    test::Setting s;
    ConvGeometry g;
    if (!random_transposed(rng, &s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    coverage.add(s, g);
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto ref = test::run(g, x, w, nullptr, Backend::kReference);
    CHECK(test::relative_error(scatter_add(g, x, w), ref) <= 1e-5);
    CHECK(test::relative_error(zero_insertion(g, x, w), ref) <= 1e-5);
    CHECK(test::relative_error(test::run(g, x, w, nullptr, Backend::kSimd), ref) <= 1e-5);
    CHECK(test::relative_error(test::run(g, x, w, nullptr, Backend::kAuto), ref) <= 1e-5);
    ConvGeometry gc;
    if (matching_conv(g, &gc)) {
      CHECK(test::relative_error(times_conv_matrix_transposed(g, gc, x, w), ref) <= 1e-5);
      ++with_matrix;
    }
    ++checked;
  }
  MESSAGE("transposed settings checked: ", checked, " (", with_matrix, " also against C^T); ", coverage.summary());
  CHECK(checked == 1000);
  CHECK(with_matrix >= 900);
  for (const char* f : {"1d", "2d", "3d", "groups", "depthwise multiplier", "output_padding", "output_shape",
                        "negative pad_end", "asymmetric padding", "stride > kernel", "dilation with stride",
                        "even kernel", "same_upper", "same_lower", "valid"}) {
    INFO("feature ", std::string(f));
    CHECK(coverage.count(f) >= 5);
  }
}

TEST_CASE("conv_matrix of a transposed geometry is the transpose of the matching conv's matrix") {
  WASMCONV_SEEDED_RNG(rng, 8128);
  int checked = 0;
  for (int it = 0; it < 5000 && checked < 400; ++it) {
    test::Setting s;
    ConvGeometry g, gc;
    if (!random_transposed(rng, &s, &g) || !matching_conv(g, &gc)) continue;
    if (g.output_size() * g.input_size() > kMaxMatrixEntries) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    const auto w = rng.tensor(g.weight_size());
    std::vector<float> ct(static_cast<size_t>(g.output_size() * g.input_size()));
    std::vector<float> c(static_cast<size_t>(gc.output_size() * gc.input_size()));
    REQUIRE(conv_matrix(g, w.data(), ct.data()).ok());
    REQUIRE(conv_matrix(gc, w.data(), c.data()).ok());
    const int64_t in = g.input_size(), out = g.output_size();
    int64_t mismatches = 0;
    for (int64_t ci = 0; ci < g.in_channels; ++ci)
      for (int64_t i0 = 0; i0 < g.input[0]; ++i0)
        for (int64_t i1 = 0; i1 < g.input[1]; ++i1)
          for (int64_t i2 = 0; i2 < g.input[2]; ++i2) {
            const int64_t col = ((ci * g.input[0] + i0) * g.input[1] + i1) * g.input[2] + i2;
            const int64_t row = conv_row(gc, ci, i0, i1, i2);
            for (int64_t o = 0; o < out; ++o) {
              mismatches += ct[static_cast<size_t>(o * in + col)] != c[static_cast<size_t>(row * out + o)];
            }
          }
    CHECK(mismatches == 0);
    ++checked;
  }
  CHECK(checked == 400);
}

TEST_CASE("adjoint identity <conv(x), y> = <x, convT(y)> on every backend") {
  WASMCONV_SEEDED_RNG(rng, 4242);
  test::RandomSettingLimits lim;
  lim.transposed = false;
  lim.padding_modes = false;  // other modes make conv's adjoint something else
  lim.max_width = 13;
  int checked = 0;
  test::Coverage coverage;
  for (int it = 0; it < 8000 && checked < 1000; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    s.bias = false;
    ConvGeometry gc;
    if (!test::plan(s, &gc)) continue;
    // The transposed op with the same weights, stride, dilation and (resolved) pads, and
    // the output_padding that sizes it back to x.
    ConvParams t = s.params;
    t.op = Op::kConvTranspose;
    t.auto_pad = AutoPad::kExplicit;
    for (int i = 0; i < t.spatial_dims; ++i) {
      const size_t a = static_cast<size_t>(i), ia = static_cast<size_t>(3 - t.spatial_dims + i);
      t.pad_begin[a] = gc.pad_begin[ia];
      t.pad_end[a] = gc.pad_end[ia];
      const int64_t unpadded = (gc.output[ia] - 1) * gc.stride[ia] - gc.pad_begin[ia] - gc.pad_end[ia] +
                               gc.dilation[ia] * (gc.kernel[ia] - 1) + 1;
      t.output_padding[a] = gc.input[ia] - unpadded;
    }
    ConvGeometry gt;
    const Status st = plan_conv(t, gc.output_shape(), s.w, -1, &gt);
    INFO("iteration ", it, ": ", s);
    INFO(gc);
    REQUIRE_MESSAGE(st.ok(), st.message());
    REQUIRE(gt.output == gc.input);
    coverage.add(s, gc);
    for (int i = 0; i < t.spatial_dims; ++i) {
      if (t.output_padding[static_cast<size_t>(i)] > 0) {
        coverage.hit("output_padding");
        break;
      }
    }
    const auto x = rng.tensor(gc.input_size());
    const auto w = rng.tensor(gc.weight_size());
    const auto y = rng.tensor(gc.output_size());
    for (Backend b : {Backend::kReference, Backend::kSimd, Backend::kAuto}) {
      INFO("backend ", test::backend_name(b));
      const double lhs = test::dot(test::run(gc, x, w, nullptr, b), y);
      const double rhs = test::dot(x, test::run(gt, y, w, nullptr, b));
      CHECK(std::fabs(lhs - rhs) <= 1e-5 * std::max(1.0, std::fabs(lhs)));
    }
    ++checked;
  }
  MESSAGE("adjoint settings checked: ", checked, "; ", coverage.summary());
  CHECK(checked == 1000);
  for (const char* f : {"1d", "2d", "3d", "groups", "depthwise multiplier", "output_padding", "asymmetric padding",
                        "stride > kernel", "dilation with stride", "batch > 1", "same_upper", "same_lower"}) {
    INFO("feature ", std::string(f));
    CHECK(coverage.count(f) >= 5);
  }
}
