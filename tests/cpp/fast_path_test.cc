// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The planner's fast kernels (igemm, sub-pixel, depthwise) against the reference, at the
// edges of their tiles, and ConvLayer reuse across inputs of different sizes.
#include "kernels/fast_path.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/conv_winograd.h"
#include "kernels/igemm_microkernel.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

namespace {

using namespace wasmconv;

struct Setting {
  ConvParams p;
  Shape x, w;
  bool bias = false;
};

std::string describe(const Setting& s, const ConvGeometry& g) {
  std::string d = std::string(op_name(s.p.op)) + " x=";
  for (int i = 0; i < s.x.rank; ++i) d += (i ? "x" : "") + std::to_string(s.x[i]);
  d += " w=";
  for (int i = 0; i < s.w.rank; ++i) d += (i ? "x" : "") + std::to_string(s.w[i]);
  d += " groups=" + std::to_string(s.p.groups) +
       " kernel=" + kernels::fast_kernel_name(kernels::choose_fast_kernel(g));
  for (int a = 0; a < 3; ++a) {
    d += " [s" + std::to_string(g.stride[a]) + " d" + std::to_string(g.dilation[a]) + " p" +
         std::to_string(g.pad_begin[a]) + "," + std::to_string(g.pad_end[a]) + " o" +
         std::to_string(g.output[a]) + "]";
  }
  return d;
}

// Max |a - b| relative to max(1, max |ref|).
double compare(const ConvGeometry& g, const std::vector<float>& x, const std::vector<float>& w,
               const std::vector<float>& b, Backend backend) {
  std::vector<float> want(static_cast<size_t>(g.output_size())), got(want.size());
  REQUIRE(run_conv(g, x.data(), w.data(), b.data(), want.data(), Backend::kReference).ok());
  REQUIRE(run_conv(g, x.data(), w.data(), b.data(), got.data(), backend, test::test_pool()).ok());
  double scale = 1, err = 0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  for (size_t i = 0; i < want.size(); ++i)
    err = std::max(err, std::fabs(static_cast<double>(want[i]) - got[i]));
  return err / scale;
}

std::vector<float> random_vector(test::Rng& rng, int64_t n) { return rng.tensor(n); }

// compare() on a random input, weights and bias, drawn in that order.
double compare_random(const ConvGeometry& g, test::Rng& rng) {
  const auto x = random_vector(rng, g.input_size());
  const auto w = random_vector(rng, g.weight_size());
  const auto b = random_vector(rng, g.out_channels);
  return compare(g, x, w, b, Backend::kAuto);
}

}  // namespace

TEST_CASE("fast kernels match the reference on random settings") {
  WASMCONV_SEEDED_RNG(rng, 20261122u);
  auto ri = [&](int lo, int hi) { return static_cast<int>(rng.uniform(lo, hi)); };
  int checked = 0;
  // One count per FastKernel (kFewOut, the last, is 7).
  int by_kernel[static_cast<int>(kernels::FastKernel::kFewOut) + 1] = {};
  for (int it = 0; it < 3000 && checked < 1500; ++it) {
    Setting s;
    ConvParams& p = s.p;
    p.op = ri(0, 1) ? Op::kConvTranspose : Op::kConv;
    p.spatial_dims = ri(1, 3);
    const int nd = p.spatial_dims;
    p.groups = ri(0, 3) == 0 ? ri(2, 3) : 1;
    const int64_t cig = ri(0, 4) == 0 ? 1 : ri(1, 9), cog = ri(1, 11);
    s.x.rank = s.w.rank = nd + 2;
    s.x.dims[0] = ri(1, 2);
    s.x.dims[1] = p.groups * cig;
    s.w.dims[0] = p.op == Op::kConv ? p.groups * cog : s.x.dims[1];
    s.w.dims[1] = p.op == Op::kConv ? cig : cog;
    for (int i = 0; i < nd; ++i) {
      // Widths around the tile sizes: below, at and above one and two tiles, and primes.
      const int tile = static_cast<int>(kernels::kTileN);
      const int widths[] = {1, 2, 3, tile - 1, tile, tile + 1, 2 * tile + 3, 13, 17};
      s.x.dims[static_cast<size_t>(2 + i)] =
          i == nd - 1 ? widths[ri(0, 8)] : ri(1, nd == 3 ? 5 : 9);
      s.w.dims[static_cast<size_t>(2 + i)] = ri(1, 5);
      p.stride[static_cast<size_t>(i)] = ri(1, 3);
      p.dilation[static_cast<size_t>(i)] = ri(0, 2) == 0 ? ri(2, 3) : 1;
      p.pad_begin[static_cast<size_t>(i)] = ri(0, 3);
      p.pad_end[static_cast<size_t>(i)] = ri(0, 3);
      if (p.op == Op::kConvTranspose) {
        p.output_padding[static_cast<size_t>(i)] =
            ri(0, static_cast<int>(std::max(p.stride[static_cast<size_t>(i)],
                                            p.dilation[static_cast<size_t>(i)]) -
                                   1));
      }
    }
    if (p.op == Op::kConv) p.padding_mode = static_cast<PaddingMode>(ri(0, 3));
    if (ri(0, 4) == 0) p.auto_pad = static_cast<AutoPad>(ri(1, 3));
    if (p.op == Op::kConvTranspose && ri(0, 5) == 0) {
      p.has_output_shape = true;
      p.auto_pad = AutoPad::kExplicit;
      p.pad_begin = p.pad_end = {0, 0, 0};
      p.output_padding = {0, 0, 0};
      for (int i = 0; i < nd; ++i) p.output_shape[static_cast<size_t>(i)] = ri(1, 24);
    }
    s.bias = ri(0, 1) == 1;
    const int64_t c_out = p.op == Op::kConv ? s.w[0] : s.w[1] * p.groups;
    ConvGeometry g;
    if (!plan_conv(p, s.x, s.w, s.bias ? c_out : -1, &g).ok()) continue;
    INFO("iteration ", it, ": ", describe(s, g));
    const kernels::FastKernel kernel = kernels::choose_fast_kernel(g);
    // Winograd's transforms amplify rounding; every direct kernel meets 1e-5.
    CHECK(compare_random(g, rng) <= (kernel == kernels::FastKernel::kWinograd ? 1e-4 : 1e-5));
    ++by_kernel[static_cast<int>(kernel)];
    ++checked;
  }
  MESSAGE("settings checked: ", checked, " (igemm ", by_kernel[0], ", subpixel ", by_kernel[1],
          ", depthwise ", by_kernel[2], ", winograd ", by_kernel[3], ", row ", by_kernel[4],
          ", transposed gemv ", by_kernel[5], ", phase gemm ", by_kernel[6], ", few outputs ",
          by_kernel[7], ")");
  CHECK(checked >= 1000);
  for (int k : {0, 1, 2, 4}) CHECK(by_kernel[k] >= 30);  // every direct kernel is exercised
  CHECK(by_kernel[6] >=
        5);  // few output channels: rarer in this draw (one-pixel inputs: gemm_paths_test)
}

TEST_CASE("winograd F(4x4, 3x3) matches the reference within 1e-4") {
  WASMCONV_SEEDED_RNG(rng, 99);
  auto ri = [&](int lo, int hi) { return static_cast<int>(rng.uniform(lo, hi)); };
  int checked = 0;
  for (int it = 0; it < 200; ++it) {
    Setting s;
    ConvParams& p = s.p;
    p.spatial_dims = ri(0, 4) == 0 ? 3 : 2;
    p.groups = ri(1, 2);
    const int64_t cig = ri(8, 12), cog = ri(8, 13);
    const int64_t dil = ri(0, 2) == 0 ? ri(2, 3) : 1;
    if (p.spatial_dims == 2) {
      s.x = {ri(1, 2), p.groups * cig, ri(1, 19), ri(1, 19)};
      s.w = {p.groups * cog, cig, 3, 3};
      p.dilation = {dil, dil, 1};
      p.pad_begin = {ri(0, 3), ri(0, 3), 0};
      p.pad_end = {ri(0, 3), ri(0, 3), 0};
    } else {
      s.x = {1, p.groups * cig, ri(1, 3), ri(1, 11), ri(1, 11)};
      s.w = {p.groups * cog, cig, 1, 3, 3};
      p.dilation = {1, dil, dil};
      p.pad_begin = {0, ri(0, 3), ri(0, 3)};
      p.pad_end = {0, ri(0, 3), ri(0, 3)};
    }
    if (ri(0, 4) == 0) p.auto_pad = AutoPad::kSameUpper;
    ConvGeometry g;
    if (!plan_conv(p, s.x, s.w, p.groups * cog, &g).ok()) continue;
    REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
    INFO("iteration ", it, ": ", describe(s, g));
    CHECK(compare_random(g, rng) <= 1e-4);
    ++checked;
  }
  CHECK(checked >= 150);
}

TEST_CASE("winograd builds the padded image in bands of tile rows: every band edge matches") {
  WASMCONV_SEEDED_RNG(rng, 20261202u);
  // Images of more than 1 MiB padded (smaller ones are built whole), deep and wide enough
  // for several bands (bands step 4*d padded rows and share 2*d of them): dilation 1, 2 and
  // 3 (sub-grids with one tile row fewer than sub-grid 0 end a band early), asymmetric
  // padding, output heights that are not a multiple of the tile (short last tiles in a short
  // last band), groups, batch 2, and 256 channels (bands held at 4 tile rows so that the
  // shared rows stay an eighth).
  struct Case {
    int64_t n, c, h, w, co, d, pb, pe, groups;
  };
  const Case cases[] = {
      {1, 48, 40, 150, 8, 1, 1, 1, 1},  {1, 32, 73, 200, 9, 2, 2, 2, 1},
      {1, 40, 66, 150, 8, 3, 2, 4, 1},  {2, 64, 48, 128, 16, 1, 1, 1, 2},
      {1, 32, 83, 130, 12, 1, 0, 2, 1}, {1, 256, 36, 64, 8, 1, 1, 1, 1},
  };
  for (const Case& c : cases) {
    Setting s;
    s.p.groups = c.groups;
    s.p.dilation = {c.d, c.d, 1};
    s.p.pad_begin = {c.pb, c.pb, 0};
    s.p.pad_end = {c.pe, c.pe, 0};
    s.x = {c.n, c.c, c.h, c.w};
    s.w = {c.co, c.c / c.groups, 3, 3};
    ConvGeometry g;
    REQUIRE(plan_conv(s.p, s.x, s.w, c.co, &g).ok());
    INFO(describe(s, g));
    REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
    const int64_t tile_rows = (g.output[1] + 4 * c.d - 1) / (4 * c.d);
    CHECK(kernels::winograd_band_tile_rows(g) < tile_rows);  // several bands
    CHECK(compare_random(g, rng) <= 1e-4);
  }
}

TEST_CASE("3-D winograd builds one depth plane at a time, in bands") {
  WASMCONV_SEEDED_RNG(rng, 20261206u);
  // A 1x3x3 kernel on a volume: output plane od reads padded plane od (zero planes where the
  // depth padding is), each plane in bands when it is large; batch 2 and groups 2.
  struct Case {
    int64_t n, c, d, h, w, co, pd_begin, pd_end, groups;
  };
  const Case cases[] = {
      {1, 8, 3, 9, 11, 8, 1, 1, 1}, {2, 16, 2, 7, 6, 16, 0, 2, 2}, {1, 48, 3, 40, 150, 8, 1, 0, 1}};
  for (const Case& c : cases) {
    Setting s;
    s.p.spatial_dims = 3;
    s.p.groups = c.groups;
    s.p.pad_begin = {c.pd_begin, 1, 1};
    s.p.pad_end = {c.pd_end, 1, 1};
    s.x = {c.n, c.c, c.d, c.h, c.w};
    s.w = {c.co, c.c / c.groups, 1, 3, 3};
    ConvGeometry g;
    REQUIRE(plan_conv(s.p, s.x, s.w, c.co, &g).ok());
    INFO(describe(s, g));
    REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
    CHECK(compare_random(g, rng) <= 1e-4);
  }
  // The large plane above is built in several bands.
  ConvParams p;
  p.pad_begin = p.pad_end = {1, 1, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, Shape{1, 48, 40, 150}, Shape{8, 48, 3, 3}, 8, &g).ok());
  CHECK(kernels::winograd_band_tile_rows(g) < (g.output[1] + 3) / 4);
}

TEST_CASE("winograd inputs with Inf and NaN give exactly the reference's non-finite outputs") {
  ConvParams p;
  p.pad_begin = p.pad_end = {1, 1, 0};
  const Shape xs{1, 8, 12, 12}, ws{8, 8, 3, 3};
  ConvGeometry g;
  REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
  REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd);
  WASMCONV_SEEDED_RNG(rng, 5);
  auto x = random_vector(rng, g.input_size());
  const auto w = random_vector(rng, g.weight_size());
  x[5 * 12 + 7] = INFINITY;
  x[144 * 3 + 40] = NAN;
  std::vector<float> want(static_cast<size_t>(g.output_size())), got(want.size());
  REQUIRE(run_conv(g, x.data(), w.data(), nullptr, want.data(), Backend::kReference).ok());
  REQUIRE(
      run_conv(g, x.data(), w.data(), nullptr, got.data(), Backend::kAuto, test::test_pool()).ok());
  int non_finite = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    CHECK(std::isnan(want[i]) == std::isnan(got[i]));
    CHECK(std::isinf(want[i]) == std::isinf(got[i]));
    if (std::isfinite(want[i])) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5));
    non_finite += !std::isfinite(want[i]);
  }
  CHECK(non_finite > 0);
}

TEST_CASE("ConvLayer runs one packing on inputs of different sizes") {
  WASMCONV_SEEDED_RNG(rng, 7);
  for (Op op : {Op::kConv, Op::kConvTranspose}) {
    ConvParams p;
    p.op = op;
    p.stride = {2, 2, 1};
    p.pad_begin = p.pad_end = {1, 1, 0};
    const Shape w_shape = op == Op::kConv ? Shape{8, 6, 3, 3} : Shape{6, 8, 3, 3};
    const auto w = random_vector(rng, w_shape.numel());
    const auto b = random_vector(rng, 8);
    ConvLayer layer;
    REQUIRE(layer.init(p, w_shape, w.data(), b.data(), 8).ok());
    for (const Shape& xs :
         {Shape{1, 6, 9, 9}, Shape{2, 6, 17, 5}, Shape{1, 6, 1, 1}, Shape{1, 6, 9, 9}}) {
      ConvGeometry g;
      REQUIRE(layer.plan(xs, &g).ok());
      const auto x = random_vector(rng, g.input_size());
      std::vector<float> got(static_cast<size_t>(g.output_size())), want(got.size());
      REQUIRE(layer.run(g, x.data(), got.data(), test::test_pool()).ok());
      REQUIRE(run_conv(g, x.data(), w.data(), b.data(), want.data(), Backend::kReference).ok());
      for (size_t i = 0; i < got.size(); ++i)
        CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5));
    }
    ConvGeometry g;
    const Status bad = layer.plan({1, 5, 9, 9}, &g);
    CHECK_FALSE(bad.ok());
    CHECK(bad.message().find("channels") != std::string::npos);
  }
}
