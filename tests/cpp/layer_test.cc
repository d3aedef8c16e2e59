// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ConvLayer packs its weights once and runs inputs of different batch and spatial sizes.
// Random layers, each run on a sequence of random inputs (sizes that change the resolved
// 'same' / output_shape padding, and hence the packing some kernels need), against the
// reference run on the same geometry.
#include "wasmconv/layer.h"

#include <doctest/doctest.h>

#include "support/test_support.h"

using namespace wasmconv;

TEST_CASE("a layer gives the reference's result on every input of a random sequence") {
  WASMCONV_SEEDED_RNG(rng, 60221);
  test::RandomSettingLimits lim;
  lim.max_channels = 9;  // enough channels for the GEMM, sub-pixel and Winograd kernels
  lim.max_spatial = 8;
  int layers = 0, runs = 0;
  for (int it = 0; it < 3000 && layers < 300; ++it) {
    const test::Setting s = test::random_setting(rng, lim);
    ConvGeometry first;
    if (!test::plan(s, &first)) continue;
    INFO("iteration ", it, ": ", s);
    const auto w = rng.tensor(first.weight_size());
    const auto b = rng.tensor(first.out_channels);
    ConvLayer layer;
    const Status init =
        layer.init(s.params, s.w, w.data(), s.bias ? b.data() : nullptr, s.bias_length());
    REQUIRE_MESSAGE(init.ok(), init.message());
    // The first input, then others of random sizes, then the first again.
    std::vector<Shape> inputs = {s.x};
    for (int k = 0; k < 4; ++k) {
      Shape x = s.x;
      x.dims[0] = rng.uniform(1, 2);
      for (int i = 2; i < x.rank; ++i)
        x.dims[static_cast<size_t>(i)] = std::max<int64_t>(1, s.x[i] + rng.uniform(-3, 4));
      inputs.push_back(x);
    }
    inputs.push_back(s.x);
    for (const Shape& xs : inputs) {
      ConvGeometry g;
      if (!layer.plan(xs, &g).ok()) continue;  // e.g. an output_shape this size cannot reach
      INFO(g);
      const auto x = rng.tensor(g.input_size());
      std::vector<float> got(static_cast<size_t>(g.output_size()), NAN);
      const Status ran = layer.run(g, x.data(), got.data(), test::test_pool());
      REQUIRE_MESSAGE(ran.ok(), ran.message());
      const auto want = test::run(g, x, w, s.bias ? b.data() : nullptr, Backend::kReference);
      CHECK(test::relative_error(got, want) <= 1e-4);  // 1e-4: Winograd may run
      ++runs;
    }
    ++layers;
  }
  MESSAGE("layers: ", layers, ", runs: ", runs);
  CHECK(layers == 300);
  CHECK(runs >= 1300);
}

TEST_CASE("a layer rejects inputs its weights do not fit, and a missing init") {
  ConvLayer empty;
  ConvGeometry g;
  const Status none = empty.plan({1, 1, 4, 4}, &g);
  CHECK_FALSE(none.ok());
  CHECK(none.message().find("no weights") != std::string::npos);
  ConvParams p;
  const std::vector<float> w(2 * 3 * 9, 1.0f);
  ConvLayer layer;
  REQUIRE(layer.init(p, {2, 3, 3, 3}, w.data(), nullptr, -1).ok());
  const Status channels = layer.plan({1, 4, 5, 5}, &g);
  CHECK_FALSE(channels.ok());
  CHECK(channels.message().find("weight shape[1] is 3") != std::string::npos);
  const Status small = layer.plan({1, 3, 2, 5}, &g);
  CHECK(small.message() == "kernel 3 is larger than padded input 2 on axis H");
  REQUIRE(layer.plan({1, 3, 3, 3}, &g).ok());
  CHECK(g.output_size() == 2);
  ConvLayer bad;
  const Status zero = bad.init(p, {2, 0, 3, 3}, w.data(), nullptr, -1);
  CHECK_FALSE(zero.ok());
  CHECK(zero.message().find("weight shape[1]") != std::string::npos);
}

TEST_CASE("a layer rejects options that no input could fix when it is created") {
  // The same message plan_conv would give at the first run, but at init.
  const std::vector<float> w(4 * 2 * 9, 1.0f), b(8, 0.0f);
  auto init_error = [&](const ConvParams& p, const Shape& ws, int64_t bias_length) {
    ConvLayer layer;
    const Status s =
        layer.init(p, ws, w.data(), bias_length >= 0 ? b.data() : nullptr, bias_length);
    return s.ok() ? std::string("ok") : s.message();
  };
  ConvParams p;
  CHECK(init_error(p, {4, 2, 3, 3}, -1) == "ok");
  ConvParams stride = p;
  stride.stride = {0, 1, 1};
  CHECK(init_error(stride, {4, 2, 3, 3}, -1) ==
        "stride on axis H must be an integer from 1 to 2147483647, got 0");
  ConvParams dilation = p;
  dilation.dilation = {1, -2, 1};
  CHECK(init_error(dilation, {4, 2, 3, 3}, -1).find("dilation on axis W") == 0);
  ConvParams padding = p;
  padding.pad_begin = {-1, 0, 0};
  CHECK(init_error(padding, {4, 2, 3, 3}, -1).find("padding.begin on axis H") == 0);
  ConvParams groups = p;
  groups.groups = 3;
  CHECK(init_error(groups, {4, 2, 3, 3}, -1) ==
        "groups 3 does not divide the output channels 4 (weight shape[0])");
  CHECK(init_error(p, {4, 2, 3, 3}, 5) == "bias has 5 values but there are 4 output channels");
  ConvParams reflect = p;
  reflect.op = Op::kConvTranspose;
  reflect.padding_mode = PaddingMode::kReflect;
  CHECK(init_error(reflect, {4, 2, 3, 3}, -1)
            .find("transposed convolution supports only zero padding") == 0);
  ConvParams extra = p;
  extra.op = Op::kConvTranspose;
  extra.stride = {2, 2, 1};
  extra.output_padding = {2, 0, 0};
  CHECK(init_error(extra, {4, 2, 3, 3}, -1) ==
        "output padding 2 on axis H must be from 0 to 1 (less than max(stride 2, dilation 1))");
  // A transposed layer's output channels are weight shape[1] x groups: 2 x 2 = 4, not 8.
  ConvParams t = p;
  t.op = Op::kConvTranspose;
  t.groups = 2;
  CHECK(init_error(t, {4, 2, 3, 3}, 8) == "bias has 8 values but there are 4 output channels");
  CHECK(init_error(t, {4, 2, 3, 3}, 4) == "ok");
}
