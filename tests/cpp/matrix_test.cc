// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The convolution matrix: shape, structure, and C x == conv(x).
#include <doctest/doctest.h>

#include "support/test_support.h"

using namespace wasmconv;

TEST_CASE("4x4 input, 3x3 kernel: C is 4x16, each row the kernel laid into a zero 4x4 grid") {
  ConvParams p;
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 1, 4, 4}, {1, 1, 3, 3}, -1, &g).ok());
  std::vector<float> w(9);
  for (int i = 0; i < 9; ++i) w[static_cast<size_t>(i)] = static_cast<float>(i + 1);
  std::vector<float> c(4 * 16);
  REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
  for (int oy = 0; oy < 2; ++oy)
    for (int ox = 0; ox < 2; ++ox) {
      const int row = oy * 2 + ox;
      for (int iy = 0; iy < 4; ++iy)
        for (int ix = 0; ix < 4; ++ix) {
          const int ky = iy - oy, kx = ix - ox;
          const float want = (ky >= 0 && ky < 3 && kx >= 0 && kx < 3) ? w[static_cast<size_t>(ky * 3 + kx)] : 0.0f;
          CHECK(c[static_cast<size_t>(row * 16 + iy * 4 + ix)] == want);
        }
    }
  // The transposed op's matrix is C^T (16x4): one input feeds 9 outputs.
  ConvParams t;
  t.op = Op::kConvTranspose;
  ConvGeometry gt;
  REQUIRE(plan_conv(t, {1, 1, 2, 2}, {1, 1, 3, 3}, -1, &gt).ok());
  std::vector<float> ct(16 * 4);
  REQUIRE(conv_matrix(gt, w.data(), ct.data()).ok());
  for (int r = 0; r < 4; ++r)
    for (int col = 0; col < 16; ++col) CHECK(ct[static_cast<size_t>(col * 4 + r)] == c[static_cast<size_t>(r * 16 + col)]);
}

TEST_CASE("1-D: length 6, kernel 2, stride 2 gives a 3x6 matrix") {
  ConvParams p;
  p.spatial_dims = 1;
  p.stride = {2, 1, 1};
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 1, 6}, {1, 1, 2}, -1, &g).ok());
  const std::vector<float> w = {1, 2};
  std::vector<float> c(18);
  REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
  const std::vector<float> want = {1, 2, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 2};
  CHECK(c == want);
}

TEST_CASE("9x9 input, 3x3 kernel, dilation 4: one output reading the nine corners and centres") {
  ConvParams p;
  p.dilation = {4, 4, 1};
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 1, 9, 9}, {1, 1, 3, 3}, -1, &g).ok());
  REQUIRE(g.output_size() == 1);
  std::vector<float> c(81);
  const std::vector<float> w(9, 1.0f);
  REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
  for (int y = 0; y < 9; ++y)
    for (int x = 0; x < 9; ++x) CHECK(c[static_cast<size_t>(y * 9 + x)] == ((y % 4 == 0 && x % 4 == 0) ? 1.0f : 0.0f));
}

TEST_CASE("C x equals the convolution on random settings, every padding mode") {
  test::Rng rng(909);
  test::RandomSettingLimits lim;
  lim.max_spatial = 6;
  int checked = 0;
  for (int it = 0; it < 1500 && checked < 200; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    s.x.dims[0] = 1;
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, -1, &g).ok()) continue;
    if (g.output_size() * g.input_size() > 200000) continue;
    INFO(test::describe(s));
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    std::vector<float> c(static_cast<size_t>(g.output_size() * g.input_size()));
    REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
    std::vector<float> cx(static_cast<size_t>(g.output_size()), 0.0f);
    for (int64_t r = 0; r < g.output_size(); ++r) {
      double acc = 0;
      for (int64_t k = 0; k < g.input_size(); ++k) acc += static_cast<double>(c[static_cast<size_t>(r * g.input_size() + k)]) * x[static_cast<size_t>(k)];
      cx[static_cast<size_t>(r)] = static_cast<float>(acc);
    }
    CHECK(test::relative_error(cx, test::run(g, x, w, nullptr)) <= 1e-5);
    ++checked;
  }
  CHECK(checked >= 150);
}

TEST_CASE("matrix requests that are too large or batched are rejected") {
  ConvParams p;
  ConvGeometry g;
  REQUIRE(plan_conv(p, {2, 1, 4, 4}, {1, 1, 3, 3}, -1, &g).ok());
  std::vector<float> w(9, 1.0f), c(1);
  const Status batched = conv_matrix(g, w.data(), c.data());
  CHECK_FALSE(batched.ok());
  CHECK(batched.message().find("batch 1") != std::string::npos);
  REQUIRE(plan_conv(p, {1, 1, 300, 300}, {1, 1, 3, 3}, -1, &g).ok());
  const Status big = conv_matrix(g, w.data(), c.data());
  CHECK_FALSE(big.ok());
  CHECK(big.message().find("entries") != std::string::npos);
}
