// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The channels-last pointwise kernel (conv_pointwise_channels_last.h), which reads NHWC data
// in place: on random 1x1 settings of every rank, batch and stride, with channel counts on and
// off its blocks of output channels, it is chosen, agrees with the reference, and gives bit for
// bit the transpose of the channels-first GEMM's result (its sums are that GEMM's, term for
// term), with or without bias, residual and activation, on the test pool's threads;
// NaN and Inf land where the reference puts them; a layer run on one layout and then the other
// packs again for the other.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/conv_igemm.h"  // kIgemmMR
#include "kernels/fast_path.h"
#include "kernels/igemm_microkernel.h"  // kTileN
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

using namespace wasmconv;

namespace {

using kernels::kTileN;

// [N, C, pixels] -> [N, pixels, C] (to_last) and back (to_first), as the definition.
std::vector<float> to_last(const std::vector<float>& v, int64_t n, int64_t c, int64_t pixels) {
  std::vector<float> out(v.size());
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t p = 0; p < pixels; ++p)
        out[static_cast<size_t>((b * pixels + p) * c + ch)] =
            v[static_cast<size_t>((b * c + ch) * pixels + p)];
  return out;
}

// A random 1x1 setting: rank 1-3, batch 1-3, strides 1-3 per axis, channels around the
// output-channel block (kTileN: 8 in wasm, 16-32 natively) and the pixel groups.
struct PointwiseSetting {
  ConvParams params;
  Shape x, w;  // channels-first shapes
  bool bias = false;
};

PointwiseSetting random_pointwise(test::Rng& rng) {
  PointwiseSetting s;
  const int nd = static_cast<int>(rng.uniform(1, 3));
  s.params.spatial_dims = nd;
  s.params.op = Op::kConv;
  const int64_t in_c = rng.pick(std::vector<int64_t>{1, 2, 3, 5, 8, 16, 17, 40, 67});
  const int64_t out_c = rng.pick(
      std::vector<int64_t>{1, 2, 3, 4, 7, 8, 9, kTileN - 1, kTileN, kTileN + 1, 2 * kTileN + 5});
  s.x = Shape({rng.uniform(1, 3), in_c});
  s.w = Shape({out_c, in_c});
  for (int a = 0; a < nd; ++a) {
    s.x.dims[static_cast<size_t>(2 + a)] = rng.uniform(1, nd == 3 ? 6 : 13);
    s.w.dims[static_cast<size_t>(2 + a)] = 1;
    s.params.stride[static_cast<size_t>(a)] = rng.chance(2) ? 1 : rng.uniform(2, 3);
  }
  s.x.rank = s.w.rank = 2 + nd;
  s.bias = !rng.chance(3);
  return s;
}

std::vector<float> run_layout(const ConvGeometry& g, const std::vector<float>& x,
                              const std::vector<float>& w, const float* bias, const float* residual,
                              Backend backend) {
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  const Status s =
      run_conv(g, x.data(), w.data(), bias, residual, y.data(), backend, test::test_pool());
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

}  // namespace

TEST_CASE(
    "channels-last pointwise reads NHWC in place: the reference's values, the "
    "channels-first bits") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  const std::vector<ActivationKind> kinds = {ActivationKind::kNone, ActivationKind::kRelu,
                                             ActivationKind::kHardSwish};
  int checked = 0, strided = 0, tails = 0, batches = 0, gemm_bits = 0;
  for (int it = 0; it < 200; ++it) {
    PointwiseSetting s = random_pointwise(rng);
    s.params.activation.kind = rng.pick(kinds);
    ConvGeometry g;
    const int64_t c_out = s.w[0];
    Status planned = plan_conv(s.params, s.x, s.w, s.bias ? c_out : -1, &g);
    REQUIRE_MESSAGE(planned.ok(), planned.message());
    ConvParams pl = s.params;
    pl.data_layout = DataLayout::kChannelsLast;
    Shape xl = s.x;
    for (int i = 1; i + 1 < xl.rank; ++i) xl.dims[static_cast<size_t>(i)] = s.x[i + 1];
    xl.dims[static_cast<size_t>(xl.rank - 1)] = s.x[1];
    ConvGeometry gl;
    planned = plan_conv(pl, xl, s.w, s.bias ? c_out : -1, &gl);
    REQUIRE_MESSAGE(planned.ok(), planned.message());
    INFO("iteration ", it, ": ", test::describe(gl));
    REQUIRE(kernels::choose_fast_kernel(gl) == kernels::FastKernel::kPointwiseChannelsLast);
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const auto r = rng.tensor(g.output_size());
    const float* bias = s.bias ? b.data() : nullptr;
    const bool with_residual = rng.chance(2);
    const int64_t in_px = g.input_spatial(), out_px = g.output_spatial();
    const auto x_last = to_last(x, g.batch, g.in_channels, in_px);
    const auto r_last = to_last(r, g.batch, g.out_channels, out_px);
    const float* res_first = with_residual ? r.data() : nullptr;
    const float* res_last = with_residual ? r_last.data() : nullptr;
    const auto want = to_last(run_layout(g, x, w, bias, res_first, Backend::kReference), g.batch,
                              g.out_channels, out_px);
    const auto first = to_last(run_layout(g, x, w, bias, res_first, Backend::kAuto), g.batch,
                               g.out_channels, out_px);
    const auto got = run_layout(gl, x_last, w, bias, res_last, Backend::kAuto);
    CHECK(test::relative_error(got, want) <= 1e-5);
    // Channels-first, the GEMM runs it (two input channels or more, a block of outputs):
    // the same sums. Fewer go to the depthwise or row kernels, whose wasm builds round a
    // multiply and an add apart where the GEMM fuses them.
    if (g.in_channels >= 2 && g.out_channels >= kernels::kIgemmMR) {
      CHECK(test::bitwise_equal(got, first));
      ++gemm_bits;
    }
    // The same through a layer (packed once, run twice).
    ConvLayer layer;
    REQUIRE(layer.init(pl, s.w, w.data(), bias, s.bias ? c_out : -1).ok());
    std::vector<float> yl(got.size(), NAN);
    for (int run = 0; run < 2; ++run) {
      REQUIRE(layer.run(gl, x_last.data(), res_last, yl.data(), test::test_pool()).ok());
      CHECK(test::bitwise_equal(yl, got));
    }
    ++checked;
    strided += g.stride[0] * g.stride[1] * g.stride[2] > 1 ? 1 : 0;
    tails += g.out_channels % kernels::kTileN != 0 ? 1 : 0;
    batches += g.batch > 1 ? 1 : 0;
  }
  MESSAGE("settings: ", checked, ", strided ", strided, ", partial channel blocks ", tails,
          ", batched ", batches, ", bitwise the channels-first GEMM ", gemm_bits);
  CHECK(gemm_bits >= 50);
  CHECK(strided >= 20);
  CHECK(tails >= 20);
  CHECK(batches >= 20);
}

TEST_CASE("channels-last pointwise: NaN and Inf where the reference has them") {
  WASMCONV_SEEDED_RNG(rng, 7);
  ConvParams p;
  p.op = Op::kConv;
  p.spatial_dims = 2;
  p.data_layout = DataLayout::kChannelsLast;
  ConvGeometry g;
  // NHWC [2, 5, 7, 19] -> 13 channels: partial pixel groups and channel blocks.
  REQUIRE(plan_conv(p, Shape({2, 5, 7, 19}), Shape({13, 19, 1, 1}), 13, &g).ok());
  REQUIRE(kernels::choose_fast_kernel(g) == kernels::FastKernel::kPointwiseChannelsLast);
  auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(13);
  x[5] = INFINITY;
  x[static_cast<size_t>(g.input_size() - 1)] = -INFINITY;
  x[static_cast<size_t>(g.input_size() / 2)] = NAN;
  const auto want = test::run(g, x, w, b.data(), Backend::kReference);
  const auto got = test::run(g, x, w, b.data(), Backend::kAuto);
  CHECK(test::finite_error(got, want) <= 1e-5);
}

TEST_CASE("a layer run on NCHW and then NHWC data packs again for the in-place kernel") {
  WASMCONV_SEEDED_RNG(rng, 11);
  ConvParams first;
  first.op = Op::kConv;
  first.spatial_dims = 2;
  ConvParams last = first;
  last.data_layout = DataLayout::kChannelsLast;
  const Shape ws({10, 6, 1, 1});
  const auto w = rng.tensor(ws.numel());
  const auto b = rng.tensor(10);
  ConvGeometry gf, gl;
  REQUIRE(plan_conv(first, Shape({1, 6, 4, 5}), ws, 10, &gf).ok());
  REQUIRE(plan_conv(last, Shape({1, 4, 5, 6}), ws, 10, &gl).ok());
  const auto x = rng.tensor(gf.input_size());
  const auto x_last = to_last(x, 1, 6, 20);
  ConvLayer layer;
  REQUIRE(layer.init(first, ws, w.data(), b.data(), 10).ok());
  std::vector<float> yf(static_cast<size_t>(gf.output_size())), yl(yf.size());
  REQUIRE(layer.run(gf, x.data(), yf.data(), test::test_pool()).ok());
  REQUIRE(layer.run(gl, x_last.data(), yl.data(), test::test_pool()).ok());
  CHECK(test::bitwise_equal(yl, to_last(yf, 1, 10, 20)));
  REQUIRE(layer.run(gf, x.data(), yf.data(), test::test_pool()).ok());
  CHECK(test::bitwise_equal(yl, to_last(yf, 1, 10, 20)));
}
