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
  const std::vector<float> w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
  // Non-zero exactly at x[0,0], x[0,4], x[0,8], x[4,0], ..., x[8,8], holding w[y/4][x/4].
  int nonzero = 0;
  for (int y = 0; y < 9; ++y)
    for (int x = 0; x < 9; ++x) {
      CAPTURE(y);
      CAPTURE(x);
      const bool read = y % 4 == 0 && x % 4 == 0;
      CHECK(c[static_cast<size_t>(y * 9 + x)] == (read ? w[static_cast<size_t>((y / 4) * 3 + x / 4)] : 0.0f));
      nonzero += c[static_cast<size_t>(y * 9 + x)] != 0.0f;
    }
  CHECK(nonzero == 9);
}

TEST_CASE("C x equals the convolution on random settings, every padding mode") {
  WASMCONV_SEEDED_RNG(rng, 909);
  test::RandomSettingLimits lim;
  lim.max_spatial = 6;
  lim.max_width = 11;
  int checked = 0;
  test::Coverage coverage;
  for (int it = 0; it < 6000 && checked < 500; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    s.x.dims[0] = 1;
    s.bias = false;
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    if (g.output_size() * g.input_size() > 200000) continue;
    INFO("iteration ", it, ": ", s);
    INFO(g);
    coverage.add(s, g);
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
  MESSAGE("matrix settings checked: ", checked, "; ", coverage.summary());
  CHECK(checked == 500);
  for (const char* f : {"conv", "transposed", "1d", "2d", "3d", "groups", "reflect", "replicate", "circular",
                        "output_padding", "stride > kernel", "dilation with stride"}) {
    INFO("feature ", std::string(f));
    CHECK(coverage.count(f) >= 5);
  }
}

TEST_CASE("C^T C is not the identity: the transposed convolution does not undo the convolution") {
  // 4x4 input, 3x3 kernel: C is 4x16, so C^T C (16x16) has rank at most 4.
  ConvParams p;
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 1, 4, 4}, {1, 1, 3, 3}, -1, &g).ok());
  const std::vector<float> w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<float> c(4 * 16);
  REQUIRE(conv_matrix(g, w.data(), c.data()).ok());
  // (C^T C)[i][j] = sum_r C[r][i] C[r][j]; the corner input x[0][0] only feeds output
  // (0, 0) through w[0] = 1, so its diagonal entry is 1, and x[1][1] feeds all four
  // outputs through w[4], w[3], w[1], w[0]: 25 + 16 + 4 + 1 = 46.
  auto ctc = [&](int i, int j) {
    float s = 0;
    for (int r = 0; r < 4; ++r) s += c[static_cast<size_t>(r * 16 + i)] * c[static_cast<size_t>(r * 16 + j)];
    return s;
  };
  CHECK(ctc(0, 0) == 1);
  CHECK(ctc(5, 5) == 46);
  CHECK(ctc(0, 5) == 5);  // x[0][0] and x[1][1] meet only in output (0, 0): w[0] * w[4]
  // So convT(conv(x)) is not x, even for a delta image.
  ConvParams t;
  t.op = Op::kConvTranspose;
  ConvGeometry gt;
  REQUIRE(plan_conv(t, {1, 1, 2, 2}, {1, 1, 3, 3}, -1, &gt).ok());
  std::vector<float> delta(16, 0.0f);
  delta[5] = 1;
  const auto back = test::run(gt, test::run(g, delta, w, nullptr), w, nullptr);
  CHECK(back[5] == 46);
  CHECK(back != delta);
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
