// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The few-output-channel kernel (conv_fewout.h) against the reference: 1-3 output channels
// per group and several input channels, widths at the edges of every tile (1, 2 and 4
// vectors of the microkernels for 1, 2 and 3 channels), strides 1-3 (phase-split rows,
// also with only some phases read), dilation 2, padding in every mode and larger than the
// kernel, groups, batch 2, 1-D and 3-D, bands of columns, Inf / NaN in weights and inputs
// (non-finite outputs exactly the reference's), and through the planner with an activation
// and a residual.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/conv_fewout.h"
#include "kernels/conv_igemm.h"
#include "kernels/epilogue.h"
#include "kernels/fast_path.h"
#include "kernels/vec.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"

namespace {

using namespace wasmconv;

struct Case {
  Shape x;  // (N, C_in, spatial...)
  // Per geometry axis (depth, height, width); a 2-D case ignores the first, 1-D the first two.
  int64_t c_out;
  Dims kernel, stride, dilation, pad_begin, pad_end;
  int64_t groups;
  PaddingMode mode;
};

// Plans `c` (REQUIREs success); the weight shape follows from the case.
ConvGeometry plan(const Case& c) {
  // The case's (depth, height, width) sizes as the params' per-axis ones (first axis first).
  ConvParams p;
  p.spatial_dims = c.x.rank - 2;
  const int skip = 3 - p.spatial_dims;
  for (int a = 0; a < p.spatial_dims; ++a) {
    p.stride[a] = c.stride[skip + a];
    p.dilation[a] = c.dilation[skip + a];
    p.pad_begin[a] = c.pad_begin[skip + a];
    p.pad_end[a] = c.pad_end[skip + a];
  }
  p.groups = c.groups;
  p.padding_mode = c.mode;
  Shape w;
  w.rank = c.x.rank;
  w.dims[0] = c.c_out;
  w.dims[1] = c.x.dims[1] / c.groups;
  for (int a = 0; a < p.spatial_dims; ++a) w.dims[static_cast<size_t>(2 + a)] = c.kernel[skip + a];
  ConvGeometry g;
  const Status s = plan_conv(p, c.x, w, c.c_out, &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return g;
}

std::vector<float> run_fewout(const ConvGeometry& g, const std::vector<float>& x,
                              const std::vector<float>& w, const float* bias,
                              int64_t band_floats = kernels::kFewOutBandFloats) {
  std::vector<float> y(static_cast<size_t>(g.output_size()), NAN);
  kernels::Workspaces ws;
  ws.use_pool(test::test_pool());  // split over threads in the 2- and 3-thread runs
  const Status s = kernels::conv_fewout(g, w.data(), x.data(), bias, y.data(), &ws, band_floats);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

// The kernel (unbanded and in bands of one tile) against the reference on random data.
void check_case(const Case& c, test::Rng& rng) {
  const ConvGeometry g = plan(c);
  INFO(g);
  // The planner's choice (a pointwise layer with one output per group goes to the row
  // path); the kernel itself runs every case below.
  const bool rows = g.out_channels_per_group() == 1 && kernels::is_pointwise(g);
  CHECK(kernels::choose_fast_kernel(g) == (!rows && kernels::conv_fewout_fits(g)
                                               ? kernels::FastKernel::kFewOut
                                               : kernels::FastKernel::kRow));
  const auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(g.out_channels);
  const auto want = test::run(g, x, w, b.data(), Backend::kReference);
  CHECK(test::relative_error(run_fewout(g, x, w, b.data()), want) < 1e-5);
  CHECK(test::relative_error(run_fewout(g, x, w, nullptr),
                             test::run(g, x, w, nullptr, Backend::kReference)) < 1e-5);
  CHECK(test::relative_error(run_fewout(g, x, w, b.data(), 1), want) < 1e-5);
}

const PaddingMode kZeros = PaddingMode::kZeros;

}  // namespace

TEST_CASE("few output channels: every width across the tiles, strides 1-3, 1-3 channels") {
  WASMCONV_SEEDED_RNG(rng, 20261221u);
  const int64_t v = kernels::kLanes;
  // Output widths below, at and above 1, 2, 4 and 8 vectors (the 3-channel tile is 2
  // vectors, the 1- and 2-channel tiles 4).
  for (int64_t out_w : {int64_t{1}, v - 1, v, v + 1, 2 * v - 1, 2 * v, 2 * v + 1, 4 * v - 1, 4 * v,
                        4 * v + 1, 8 * v + 3}) {
    for (int64_t s = 1; s <= 3; ++s) {
      for (int64_t c_out = 1; c_out <= 3; ++c_out) {
        const int64_t k = 1 + (out_w + s + c_out) % 3;  // 1..3
        const int64_t in_w = (out_w - 1) * s + k;
        INFO("out_w=", out_w, " s=", s, " c_out=", c_out);
        check_case({{1, 3, 5, in_w},
                    c_out,
                    {1, k, k},
                    {1, s, s},
                    {1, 1, 1},
                    {0, 0, 0},
                    {0, 0, 0},
                    1,
                    kZeros},
                   rng);
      }
    }
  }
}

TEST_CASE("few output channels: dilation, large padding, padding modes, groups, batch, 1-D, 3-D") {
  WASMCONV_SEEDED_RNG(rng, 20261222u);
  const std::vector<Case> cases = {
      // The benchmark's worst shape, smaller: 1x1 stride 3, one phase of three read.
      {{1, 7, 20, 31}, 1, {1, 1, 1}, {1, 3, 3}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}, 1, kZeros},
      // Dilation 2 with stride 2: taps read one phase; stride 3 with dilation 2: all.
      {{1, 4, 17, 23}, 2, {1, 3, 3}, {1, 2, 2}, {1, 2, 2}, {0, 2, 2}, {0, 2, 2}, 1, kZeros},
      {{1, 3, 19, 40}, 3, {1, 3, 3}, {1, 3, 3}, {1, 2, 2}, {0, 1, 1}, {0, 1, 1}, 1, kZeros},
      // Padding larger than the kernel (whole rows and columns of zeros), asymmetric.
      {{1, 2, 6, 9}, 2, {1, 2, 3}, {1, 1, 2}, {1, 1, 1}, {0, 5, 4}, {0, 3, 6}, 1, kZeros},
      {{1, 5, 4, 5}, 1, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 3, 7}, {0, 2, 1}, 1, kZeros},
      // Every padding mode, stride 2.
      {{1, 3, 13, 21},
       2,
       {1, 3, 5},
       {1, 2, 2},
       {1, 1, 1},
       {0, 1, 2},
       {0, 1, 2},
       1,
       PaddingMode::kReflect},
      {{1, 3, 13, 21},
       3,
       {1, 5, 3},
       {1, 1, 2},
       {1, 1, 1},
       {0, 2, 1},
       {0, 2, 1},
       1,
       PaddingMode::kReplicate},
      {{1, 3, 13, 21},
       1,
       {1, 3, 3},
       {1, 2, 1},
       {1, 1, 2},
       {0, 1, 2},
       {0, 1, 2},
       1,
       PaddingMode::kCircular},
      // Groups: 1, 2 and 3 output channels per group.
      {{1, 6, 11, 19}, 3, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}, 3, kZeros},
      {{1, 8, 9, 26}, 4, {1, 2, 2}, {1, 2, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}, 2, kZeros},
      {{1, 4, 10, 17}, 6, {1, 3, 3}, {1, 1, 3}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}, 2, kZeros},
      // Batch 2.
      {{2, 5, 12, 33}, 2, {1, 4, 4}, {1, 3, 3}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}, 1, kZeros},
      {{2, 4, 8, 9}, 6, {1, 3, 3}, {1, 1, 1}, {1, 2, 2}, {0, 2, 2}, {0, 2, 2}, 2, kZeros},
      // 1-D, a long signal (bands on the default budget too), and 3-D.
      {{1, 3, 333}, 2, {1, 1, 7}, {1, 1, 3}, {1, 1, 1}, {0, 0, 3}, {0, 0, 3}, 1, kZeros},
      {{1, 9, 9000}, 1, {1, 1, 5}, {1, 1, 2}, {1, 1, 2}, {0, 0, 4}, {0, 0, 4}, 1, kZeros},
      {{1, 3, 5, 7, 11}, 3, {3, 2, 3}, {2, 1, 2}, {1, 1, 1}, {1, 0, 1}, {1, 1, 1}, 1, kZeros},
      {{2, 4, 4, 6, 9},
       2,
       {2, 3, 3},
       {1, 2, 1},
       {2, 1, 1},
       {1, 1, 1},
       {0, 1, 1},
       2,
       PaddingMode::kReflect},
  };
  for (const Case& c : cases) check_case(c, rng);
}

TEST_CASE("few output channels: the band width, and bands that match one run") {
  const int64_t tile = 4 * kernels::kLanes;
  WASMCONV_SEEDED_RNG(rng, 20261223u);
  // 9 channels x 1 row of 9000 + 8 padded columns: 81,072 floats pass the budget.
  const ConvGeometry g =
      plan({{1, 9, 9000}, 1, {1, 1, 5}, {1, 1, 2}, {1, 1, 2}, {0, 0, 4}, {0, 0, 4}, 1, kZeros});
  // Too large a stack for the planner (81,072 floats): the row path runs it.
  CHECK_FALSE(kernels::conv_fewout_fits(g));
  CHECK(kernels::choose_fast_kernel(g) == kernels::FastKernel::kRow);
  const int64_t band = kernels::conv_fewout_band_outputs(g);
  CHECK(band < g.output[2]);
  CHECK(band % tile == 0);
  // The band's columns, 9 rows of them, fit the budget; one tile more would not.
  const auto cols = [&](int64_t n) { return (n - 1) * 2 + 9; };
  CHECK(9 * cols(band) <= kernels::kFewOutBandFloats);
  CHECK(9 * cols(band + tile) > kernels::kFewOutBandFloats);
  // A budget below one tile still makes tiles; a budget that holds the row makes one band.
  CHECK(kernels::conv_fewout_band_outputs(g, 1) == tile);
  CHECK(kernels::conv_fewout_band_outputs(g, 1 << 20) == g.output[2]);
  const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
  CHECK(test::relative_error(run_fewout(g, x, w, nullptr, 1),
                             test::run(g, x, w, nullptr, Backend::kReference)) < 1e-5);
}

TEST_CASE("few output channels: Inf and NaN give exactly the reference's non-finite outputs") {
  WASMCONV_SEEDED_RNG(rng, 20261224u);
  // Zero padding is a value: an Inf weight on a padded tap gives NaN (0 * Inf) as in the
  // reference; a NaN input spreads to exactly the outputs that read it.
  const ConvGeometry g =
      plan({{1, 3, 9, 14}, 3, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 2, 2}, {0, 1, 1}, 1, kZeros});
  auto x = rng.tensor(g.input_size());
  auto w = rng.tensor(g.weight_size());
  w[4] = INFINITY;  // output channel 0, input channel 0, the centre tap
  w[static_cast<size_t>(g.weight_size() - 1)] = -INFINITY;
  x[17] = NAN;
  x[40] = INFINITY;
  const auto want = test::run(g, x, w, nullptr, Backend::kReference);
  const auto got = run_fewout(g, x, w, nullptr);
  CHECK(test::nonfinite_mismatches(got, want) == 0);
  int64_t nonfinite = 0;
  for (float v : want) nonfinite += std::isfinite(v) ? 0 : 1;
  CHECK(nonfinite > 0);
}

TEST_CASE("few output channels through the planner: bias, residual and an activation") {
  WASMCONV_SEEDED_RNG(rng, 20261225u);
  const std::vector<Case> cases = {
      {{2, 6, 15, 21}, 3, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}, 1, kZeros},
      {{1, 8, 22, 19}, 4, {1, 1, 1}, {1, 3, 3}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}, 2, kZeros},
  };
  Activation act;
  act.kind = ActivationKind::kLeakyRelu;
  act.alpha = 0.125f;
  for (const Case& c : cases) {
    ConvGeometry g = plan(c);
    g.activation = act;
    INFO(g);
    REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kFewOut);
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels), r = rng.tensor(g.output_size(), -2.0f, 2.0f);
    std::vector<float> got(static_cast<size_t>(g.output_size()), NAN);
    const Status s = run_conv(g, x.data(), w.data(), b.data(), r.data(), got.data(), Backend::kAuto,
                              test::test_pool());
    REQUIRE_MESSAGE(s.ok(), s.message());
    // The reference's plain convolution, then residual and activation element by element.
    ConvGeometry plain = g;
    plain.activation = Activation();
    const auto linear = test::run(plain, x, w, b.data(), Backend::kReference);
    std::vector<float> want(linear.size());
    for (size_t i = 0; i < linear.size(); ++i) want[i] = kernels::activate(linear[i] + r[i], act);
    CHECK(test::relative_error(got, want) < 1e-5);
  }
}
