// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Channels-last data (DataLayout::kChannelsLast): the input, the output and the residual
// [N, spatial..., C]. On random settings of every rank, op, groups and padding mode, with a
// residual and an activation, every backend, a layer and the convolution matrix give bit for
// bit the transpose of the channels-first result (the same kernels run on transposed data),
// but for the one fast kernel that reads channels-last data in place (1x1 without padding:
// pointwise_channels_last_test.cc), whose sums match the reference's values here;
// the shapes and the errors name the channels-last axes, and an input given in the other
// layout is named as the likely mix-up, with the fix.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "kernels/fast_path.h"
#include "support/layouts.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

using namespace wasmconv;
using test::last_shape;
using test::to_last;

namespace {

ConvParams channels_last(ConvParams p) {
  p.data_layout = DataLayout::kChannelsLast;
  return p;
}

}  // namespace

TEST_CASE("channels-last data gives the transpose of the channels-first result, bit for bit") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  test::RandomSettingLimits lim;
  lim.max_channels = 6;  // per group: enough for the GEMM, sub-pixel and Winograd kernels
  lim.max_spatial = 7;
  const std::vector<ActivationKind> kinds = {ActivationKind::kNone, ActivationKind::kRelu,
                                             ActivationKind::kSigmoid, ActivationKind::kGelu};
  std::map<std::string, int> seen;
  int checked = 0;
  for (int it = 0; it < 6000 && checked < 300; ++it) {
    test::Setting s = test::random_setting(rng, lim);
    s.params.activation.kind = rng.pick(kinds);
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    const ConvParams p = channels_last(s.params);
    const Shape xl = last_shape(s.x);
    ConvGeometry gl;
    const Status planned = plan_conv(p, xl, s.w, s.bias_length(), &gl);
    REQUIRE_MESSAGE(planned.ok(), planned.message());
    CHECK(test::shape_string(gl.input_shape()) == test::shape_string(xl));
    CHECK(test::shape_string(gl.output_shape()) ==
          test::shape_string(last_shape(g.output_shape())));
    const test::LayoutData data = test::random_layout_data(rng, g);
    const auto &x = data.x, &w = data.w, &b = data.b, &r = data.r;
    const auto &x_last = data.x_last, &r_last = data.r_last;
    const float* bias = s.bias ? b.data() : nullptr;
    const bool with_residual = rng.chance(2);
    const int64_t in_px = g.input_spatial(), out_px = g.output_spatial();
    // The fast paths' in-place kernel sums as the channels-first GEMM does, which the
    // channels-first call may not run (few channels): its values are compared.
    const bool in_place = kernels::reads_channels_last(gl);
    auto same = [&](const std::vector<float>& got, const std::vector<float>& want_first) {
      const auto want_last = to_last(want_first, g.batch, g.out_channels, out_px);
      return in_place ? test::finite_error(got, want_last) <= 1e-5
                      : test::bitwise_equal(got, want_last);
    };
    for (Backend backend : {Backend::kAuto, Backend::kReference, Backend::kSimd}) {
      INFO(test::backend_name(backend));
      const auto want = test::run(g, x, w, bias, with_residual ? r.data() : nullptr, backend);
      const auto got =
          test::run(gl, x_last, w, bias, with_residual ? r_last.data() : nullptr, backend);
      if (backend == Backend::kAuto) {
        CHECK(same(got, want));
      } else {
        CHECK(test::bitwise_equal(got, to_last(want, g.batch, g.out_channels, out_px)));
      }
    }
    ConvLayer first, last;
    REQUIRE(first.init(s.params, s.w, w.data(), bias, s.bias_length()).ok());
    REQUIRE(last.init(p, s.w, w.data(), bias, s.bias_length()).ok());
    ConvGeometry lg;
    REQUIRE(last.plan(xl, &lg).ok());
    std::vector<float> yf(static_cast<size_t>(g.output_size())), yl(yf.size());
    REQUIRE(first.run(g, x.data(), with_residual ? r.data() : nullptr, yf.data(), test::test_pool())
                .ok());
    REQUIRE(last.run(lg, x_last.data(), with_residual ? r_last.data() : nullptr, yl.data(),
                     test::test_pool())
                .ok());
    CHECK(same(yl, yf));
    if (in_place) ++seen["in place"];
    if (g.batch == 1 && g.output_size() * g.input_size() <= 20000) {
      // Row (o, c_out) of the channels-last matrix is row (c_out, o) of the channels-first one;
      // likewise the columns.
      const int64_t cols = g.input_size();
      std::vector<float> m(static_cast<size_t>(g.output_size() * cols)), ml(m.size()),
          want(m.size());
      REQUIRE(conv_matrix(g, w.data(), m.data()).ok());
      REQUIRE(conv_matrix(gl, w.data(), ml.data()).ok());
      for (int64_t co = 0; co < g.out_channels; ++co)
        for (int64_t o = 0; o < out_px; ++o)
          for (int64_t ci = 0; ci < g.in_channels; ++ci)
            for (int64_t i = 0; i < in_px; ++i)
              want[static_cast<size_t>((o * g.out_channels + co) * cols + i * g.in_channels + ci)] =
                  m[static_cast<size_t>((co * out_px + o) * cols + ci * in_px + i)];
      CHECK(test::bitwise_equal(ml, want));
      ++seen["matrix"];
    }
    ++seen[std::string(g.op == Op::kConv ? "conv" : "convTranspose") +
           std::to_string(g.spatial_dims) + "d"];
    if (g.groups > 1) ++seen["grouped"];
    if (with_residual) ++seen["residual"];
    ++checked;
  }
  std::string summary;
  for (const auto& [name, n] : seen) summary += name + "=" + std::to_string(n) + " ";
  MESSAGE("settings: ", checked, "; ", summary);
  CHECK(checked == 300);
  for (const char* name : {"conv1d", "conv2d", "conv3d", "convTranspose1d", "convTranspose2d",
                           "convTranspose3d", "grouped", "residual", "matrix"}) {
    INFO(name);
    CHECK(seen[name] >= 5);
  }
}

TEST_CASE("channels-last shapes and errors name the channels-last axes and the mix-up") {
  ConvParams p;
  p.data_layout = DataLayout::kChannelsLast;
  ConvGeometry g;
  // [N, H, W, C] = [2, 9, 7, 3], weight [8, 3, 3, 3]: output [2, 7, 5, 8].
  REQUIRE(plan_conv(p, {2, 9, 7, 3}, {8, 3, 3, 3}, -1, &g).ok());
  CHECK(test::shape_string(g.output_shape()) == "2x7x5x8");
  CHECK(g.in_channels == 3);
  CHECK(g.input[1] == 9);
  CHECK(g.input[2] == 7);
  Status s = plan_conv(p, {2, 9, 7}, {8, 3, 3, 3}, -1, &g);
  CHECK(s.message() == "input must have rank 4 (N, H, W, C), got rank 3");
  // An NCHW input declared channels-last, and the reverse.
  s = plan_conv(p, {1, 3, 9, 7}, {8, 3, 3, 3}, -1, &g);
  CHECK(s.message() ==
        "weight shape[1] is 3 but input channels 7 / groups 1 = 7 (conv weights are [C_out, "
        "C_in/groups, kernel...]); the input would fit layout: 'nchw' (channels first, C = 3), "
        "the default");
  s = plan_conv(ConvParams{}, {1, 9, 7, 3}, {8, 3, 3, 3}, -1, &g);
  CHECK(s.message() ==
        "weight shape[1] is 3 but input channels 9 / groups 1 = 9 (conv weights are [C_out, "
        "C_in/groups, kernel...]); the input would fit layout: 'nhwc' (channels last, C = 3)");
  // Sizes alone (a kernel larger than the input) are not a mix-up.
  s = plan_conv(p, {1, 2, 2, 3}, {8, 3, 3, 3}, -1, &g);
  CHECK(s.message() == "kernel 3 is larger than padded input 2 on axis H");
  // Neither layout fits: no mix-up is named.
  s = plan_conv(p, {1, 5, 7, 4}, {8, 3, 3, 3}, -1, &g);
  CHECK(s.message() ==
        "weight shape[1] is 3 but input channels 4 / groups 1 = 4 (conv weights are [C_out, "
        "C_in/groups, kernel...])");
}
