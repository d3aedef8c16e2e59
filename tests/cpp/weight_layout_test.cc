// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Weights in TF's layout (WeightLayout::kHwio): conv [k..., C_in/groups, C_out], transposed
// [k..., C_out/groups, C_in], TF's depthwise filter [k..., C, multiplier]. Hand-computed
// values for TF's depthwise and transposed forms; on random settings of every rank, op,
// groups and depthwise multiplier, the hwio weights give bit for bit the result of the same
// weights in the canonical layout (every backend, layers, the convolution matrix), which is
// itself checked against the reference; and the errors that name a layout mix-up.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

using namespace wasmconv;

namespace {

struct Weight {
  Shape shape;
  std::vector<float> data;
};

int64_t kernel_taps(const Shape& canonical) {
  int64_t k = 1;
  for (int i = 2; i < canonical.rank; ++i) k *= canonical[i];
  return k;
}

// The hwio array of a canonical weight [A, B, k...]: its element [k..., b, a] is the
// canonical [a, b, k...], both row-major (t is the flat kernel index, the same in both).
Weight to_hwio(const Shape& c, const std::vector<float>& w) {
  const int nd = c.rank - 2;
  Weight h;
  h.shape.rank = c.rank;
  for (int i = 0; i < nd; ++i) h.shape.dims[static_cast<size_t>(i)] = c[2 + i];
  h.shape.dims[static_cast<size_t>(nd)] = c[1];
  h.shape.dims[static_cast<size_t>(nd + 1)] = c[0];
  const int64_t taps = kernel_taps(c);
  h.data.resize(w.size());
  for (int64_t a = 0; a < c[0]; ++a)
    for (int64_t b = 0; b < c[1]; ++b)
      for (int64_t t = 0; t < taps; ++t)
        h.data[static_cast<size_t>((t * c[1] + b) * c[0] + a)] =
            w[static_cast<size_t>((a * c[1] + b) * taps + t)];
  return h;
}

// TF's depthwise filter [k..., C, M] of a canonical depthwise weight [C * M, 1, k...]: TF's
// output channel c * M + m is filter[..., c, m].
Weight to_tf_depthwise(const Shape& c, int64_t channels, const std::vector<float>& w) {
  const int nd = c.rank - 2;
  const int64_t m_size = c[0] / channels;
  Weight f;
  f.shape.rank = c.rank;
  for (int i = 0; i < nd; ++i) f.shape.dims[static_cast<size_t>(i)] = c[2 + i];
  f.shape.dims[static_cast<size_t>(nd)] = channels;
  f.shape.dims[static_cast<size_t>(nd + 1)] = m_size;
  const int64_t taps = kernel_taps(c);
  f.data.resize(w.size());
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t ch = 0; ch < channels; ++ch)
      for (int64_t m = 0; m < m_size; ++m)
        f.data[static_cast<size_t>((t * channels + ch) * m_size + m)] =
            w[static_cast<size_t>((ch * m_size + m) * taps + t)];
  return f;
}

ConvParams hwio(ConvParams p) {
  p.weight_layout = WeightLayout::kHwio;
  return p;
}

// The message plan_conv gives, or "" when it plans.
std::string plan_message(const ConvParams& p, const Shape& x, const Shape& w,
                         int64_t bias_length = -1) {
  ConvGeometry g;
  return plan_conv(p, x, w, bias_length, &g).message();
}

std::vector<float> run_hwio(ConvParams p, const Shape& x_shape, const std::vector<float>& x,
                            const Weight& w) {
  ConvGeometry g;
  const Status s = plan_conv(hwio(p), x_shape, w.shape, -1, &g);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return test::run(g, x, w.data, nullptr, Backend::kReference);
}

}  // namespace

TEST_CASE("TF's depthwise filter [k, C, multiplier]: output channel c * multiplier + m, by hand") {
  // x: 2 channels of 3; filter f[t][c][m] = 1..8 in memory order, groups = C = 2.
  ConvParams p;
  p.spatial_dims = 1;
  p.groups = 2;
  const Weight f{{2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}};
  // y[c * 2 + m][o] = x[c][o] * f[0][c][m] + x[c][o + 1] * f[1][c][m]
  const std::vector<float> want = {1 * 1 + 2 * 5, 2 * 1 + 3 * 5,   // c 0, m 0
                                   1 * 2 + 2 * 6, 2 * 2 + 3 * 6,   // c 0, m 1
                                   4 * 3 + 5 * 7, 5 * 3 + 6 * 7,   // c 1, m 0
                                   4 * 4 + 5 * 8, 5 * 4 + 6 * 8};  // c 1, m 1
  CHECK(run_hwio(p, {1, 2, 3}, {1, 2, 3, 4, 5, 6}, f) == want);
  // In memory that filter is Keras' grouped kernel [k, 1, C * multiplier]: the same result.
  CHECK(run_hwio(p, {1, 2, 3}, {1, 2, 3, 4, 5, 6}, Weight{{2, 1, 4}, f.data}) == want);
}

TEST_CASE("TF's transposed filter [k, out, in], by hand") {
  ConvParams p;
  p.op = Op::kConvTranspose;
  p.spatial_dims = 1;
  // w[t][0][ci] = {1, 2} at t = 0, {3, 4} at t = 1; x = {1, 2} and {3, 4}.
  const Weight w{{2, 1, 2}, {1, 2, 3, 4}};
  // y[o] = sum over ci and i + t = o of x[ci][i] * w[t][0][ci]
  const std::vector<float> want = {1 * 1 + 3 * 2, 2 * 1 + 4 * 2 + 1 * 3 + 3 * 4, 2 * 3 + 4 * 4};
  CHECK(run_hwio(p, {1, 2, 2}, {1, 2, 3, 4}, w) == want);
}

TEST_CASE(
    "hwio weights give the canonical weights' result bit for bit: every rank, op, groups, "
    "depthwise") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  test::RandomSettingLimits lim;
  lim.max_channels = 6;  // per group: enough for the GEMM, sub-pixel and Winograd kernels
  lim.max_spatial = 7;
  std::map<std::string, int> seen;
  int checked = 0;
  for (int it = 0; it < 6000 && checked < 400; ++it) {
    const test::Setting s = test::random_setting(rng, lim);
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    INFO("iteration ", it, ": ", s);
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const auto x = rng.tensor(g.input_size());
    const float* bias = s.bias ? b.data() : nullptr;
    const int64_t bias_length = s.bias ? g.out_channels : -1;
    std::vector<Weight> forms = {to_hwio(s.w, w)};
    const bool depthwise =
        g.op == Op::kConv && g.groups == g.in_channels && g.in_channels_per_group() == 1;
    if (depthwise) forms.push_back(to_tf_depthwise(s.w, g.in_channels, w));
    // The reference on the canonical weights defines the answer; each backend must give the
    // same bits from either layout (the hwio weights become that canonical array).
    const auto want = test::run(g, x, w, bias, Backend::kReference);
    std::vector<std::vector<float>> canonical;
    for (Backend backend : {Backend::kAuto, Backend::kReference, Backend::kSimd}) {
      canonical.push_back(test::run(g, x, w, bias, backend));
    }
    CHECK(test::relative_error(canonical[0], want) <= 1e-4);
    ConvLayer canonical_layer;
    REQUIRE(canonical_layer.init(s.params, s.w, w.data(), bias, bias_length).ok());
    std::vector<float> canonical_layer_y(static_cast<size_t>(g.output_size()));
    REQUIRE(canonical_layer.run(g, x.data(), canonical_layer_y.data()).ok());
    for (size_t f = 0; f < forms.size(); ++f) {
      INFO("hwio weight ", test::shape_string(forms[f].shape),
           f == 1 ? " (TF's depthwise form)" : "");
      const ConvParams p = hwio(s.params);
      ConvGeometry gh;
      const Status planned = plan_conv(p, s.x, forms[f].shape, bias_length, &gh);
      REQUIRE_MESSAGE(planned.ok(), planned.message());
      CHECK(gh.weight_layout == WeightLayout::kHwio);
      CHECK(test::shape_string(gh.weight_shape()) == test::shape_string(s.w));
      CHECK(gh.output == g.output);
      CHECK(gh.pad_begin == g.pad_begin);
      CHECK(gh.pad_end == g.pad_end);
      int i = 0;
      for (Backend backend : {Backend::kAuto, Backend::kReference, Backend::kSimd}) {
        INFO(test::backend_name(backend));
        CHECK(test::bitwise_equal(test::run(gh, x, forms[f].data, bias, backend),
                                  canonical[static_cast<size_t>(i++)]));
      }
      ConvLayer layer;
      const Status init = layer.init(p, forms[f].shape, forms[f].data.data(), bias, bias_length);
      REQUIRE_MESSAGE(init.ok(), init.message());
      ConvGeometry lg;
      REQUIRE(layer.plan(s.x, &lg).ok());
      std::vector<float> y(static_cast<size_t>(lg.output_size()));
      REQUIRE(layer.run(lg, x.data(), y.data()).ok());
      CHECK(test::bitwise_equal(y, canonical_layer_y));
      if (g.batch == 1 && g.output_size() * g.input_size() <= 20000) {
        std::vector<float> m(static_cast<size_t>(g.output_size() * g.input_size()));
        std::vector<float> mh(m.size());
        REQUIRE(conv_matrix(g, w.data(), m.data()).ok());
        REQUIRE(conv_matrix(gh, forms[f].data.data(), mh.data()).ok());
        CHECK(test::bitwise_equal(m, mh));
        ++seen["matrix"];
      }
    }
    ++seen[std::string(g.op == Op::kConv ? "conv" : "convTranspose") +
           std::to_string(g.spatial_dims) + "d"];
    if (g.groups > 1 && !depthwise) ++seen["grouped"];
    if (depthwise && g.out_channels > g.in_channels && g.groups > 1)
      ++seen["TF depthwise, multiplier > 1"];
    if (s.bias) ++seen["bias"];
    ++checked;
  }
  std::string summary;
  for (const auto& [name, n] : seen) summary += name + "=" + std::to_string(n) + " ";
  MESSAGE("settings: ", checked, "; ", summary);
  CHECK(checked == 400);
  for (const char* name :
       {"conv1d", "conv2d", "conv3d", "convTranspose1d", "convTranspose2d", "convTranspose3d",
        "grouped", "TF depthwise, multiplier > 1", "bias", "matrix"}) {
    INFO(name);
    CHECK(seen[name] >= 5);
  }
}

TEST_CASE(
    "an hwio weight [k, groups, b] reads by the input: TF's depthwise filter for C_in = groups, "
    "else grouped") {
  WASMCONV_SEEDED_RNG(rng, 7741);
  // [3, 3, 4, 8] with groups 4: TF's depthwise filter (C_in 4, multiplier 8, C_out 32) or
  // Keras' grouped kernel (C_in/groups 4, so C_in 16, C_out 8).
  ConvParams p = hwio(ConvParams());
  p.groups = 4;
  p.pad_begin = p.pad_end = {1, 1, 0};
  const Weight w{{3, 3, 4, 8}, rng.tensor(288)};
  ConvLayer layer;
  REQUIRE(layer.init(p, w.shape, w.data.data(), nullptr, -1).ok());
  for (int64_t channels : {4, 16, 4}) {
    INFO("C_in ", channels);
    ConvGeometry g;
    REQUIRE(plan_conv(p, {1, channels, 5, 6}, w.shape, -1, &g).ok());
    CHECK(g.out_channels == (channels == 4 ? 32 : 8));
    // The canonical weights of each reading, built from its own definition.
    ConvParams canonical = p;
    canonical.weight_layout = WeightLayout::kOihw;
    const Weight c = channels == 4 ? Weight{{32, 1, 3, 3}, {}} : Weight{{8, 4, 3, 3}, {}};
    std::vector<float> cw(288);
    for (int64_t t = 0; t < 9; ++t)
      for (int64_t a = 0; a < 4; ++a)
        for (int64_t m = 0; m < 8; ++m) {
          const float v = w.data[static_cast<size_t>((t * 4 + a) * 8 + m)];
          // depthwise: output channel a * 8 + m; grouped: output m, input a of its group.
          cw[static_cast<size_t>(channels == 4 ? (a * 8 + m) * 9 + t : (m * 4 + a) * 9 + t)] = v;
        }
    ConvGeometry gc;
    REQUIRE(plan_conv(canonical, {1, channels, 5, 6}, c.shape, -1, &gc).ok());
    const auto x = rng.tensor(g.input_size());
    const auto want = test::run(gc, x, cw, nullptr, Backend::kReference);
    CHECK(test::relative_error(test::run(g, x, w.data, nullptr, Backend::kAuto), want) <= 1e-5);
    // A layer reads its weights by each input too (its packing changes with the reading).
    ConvGeometry lg;
    REQUIRE(layer.plan({1, channels, 5, 6}, &lg).ok());
    std::vector<float> y(static_cast<size_t>(lg.output_size()));
    REQUIRE(layer.run(lg, x.data(), y.data()).ok());
    CHECK(test::relative_error(y, want) <= 1e-5);
  }
  // Any other input fits neither reading.
  CHECK(plan_message(p, {1, 8, 5, 6}, w.shape) ==
        "weight shape[2] is 4 but input channels 8 / groups 4 = 2 (hwio conv weights are "
        "[kernel..., C_in/groups, C_out])");
  // At creation, with no input, a bias of either reading's C_out is accepted; one of neither
  // is refused with the depthwise reading's count (TF's usual form).
  CHECK(check_params(p, w.shape, 32).ok());
  CHECK(check_params(p, w.shape, 8).ok());
  CHECK(check_params(p, w.shape, 5).message() ==
        "bias has 5 values but there are 32 output channels");
  // The bias then decides at the input: 8 values fit only the grouped reading.
  CHECK(plan_message(p, {1, 4, 5, 6}, w.shape, 8) ==
        "bias has 8 values but there are 32 output channels");
}

TEST_CASE("a weight in the other layout than declared is named as a mix-up, with the fix") {
  ConvParams p;
  CHECK(plan_message(p, {1, 16, 8, 8}, {3, 3, 16, 32}) ==
        "weight shape [3, 3, 16, 32] does not fit input channels 16 as 'oihw' (it would need [*, "
        "16, *, *]); "
        "it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'");
  CHECK(plan_message(hwio(p), {1, 16, 8, 8}, {32, 16, 3, 3}) ==
        "weight shape [32, 16, 3, 3] does not fit input channels 16 as 'hwio' (it would need [*, "
        "*, 16, *]); "
        "it reads as 'oihw' [out, in, kh, kw]: pass weightLayout: 'oihw' (the default)");
  // Every rank names its own axes. In 1-D, [k, in, out] and [out, in, k] keep C_in in the
  // middle: a mix-up swaps only k and C_out, and shows through the bias or the kernel's length.
  ConvParams p1;
  p1.spatial_dims = 1;
  CHECK(plan_message(p1, {1, 4, 9}, {3, 4, 8}, 8) ==
        "weight shape [3, 4, 8] does not fit as 'oihw' (bias has 8 values but there are 3 output "
        "channels); "
        "it reads as 'hwio' [k, in, out]: pass weightLayout: 'hwio'");
  CHECK(plan_message(p1, {1, 4, 9}, {3, 4, 8}).empty());  // both fit: read as declared
  ConvParams p3;
  p3.spatial_dims = 3;
  CHECK(plan_message(hwio(p3), {1, 4, 5, 5, 5}, {8, 4, 3, 3, 3}) ==
        "weight shape [8, 4, 3, 3, 3] does not fit input channels 4 as 'hwio' (it would need [*, "
        "*, *, 4, *]); "
        "it reads as 'oihw' [out, in, kd, kh, kw]: pass weightLayout: 'oihw' (the default)");
  // Transposed: TF's conv2dTranspose filter [kh, kw, out, in].
  ConvParams t;
  t.op = Op::kConvTranspose;
  CHECK(plan_message(t, {1, 16, 4, 4}, {4, 4, 8, 16}) ==
        "weight shape [4, 4, 8, 16] does not fit input channels 16 as 'oihw' (it would need [16, "
        "*, *, *]); "
        "it reads as 'hwio' [kh, kw, out, in]: pass weightLayout: 'hwio'");
  CHECK(plan_message(hwio(t), {1, 16, 4, 4}, {16, 8, 4, 4}) ==
        "weight shape [16, 8, 4, 4] does not fit input channels 16 as 'hwio' (it would need [*, *, "
        "*, 16]); "
        "it reads as 'oihw' [in, out, kh, kw]: pass weightLayout: 'oihw' (the default)");
  // Groups and TF's depthwise filter.
  ConvParams g = p;
  g.groups = 2;
  CHECK(plan_message(g, {1, 8, 6, 6}, {3, 3, 4, 16}) ==
        "weight shape [3, 3, 4, 16] does not fit input channels 8 as 'oihw' (it would need [*, 4, "
        "*, *]); "
        "it reads as 'hwio' [kh, kw, in/groups, out]: pass weightLayout: 'hwio'");
  ConvParams dw = p;
  dw.groups = 32;
  CHECK(plan_message(dw, {1, 32, 6, 6}, {3, 3, 32, 2}) ==
        "weight shape [3, 3, 32, 2] does not fit input channels 32 as 'oihw' (it would need [*, 1, "
        "*, *]); "
        "it reads as 'hwio' [kh, kw, in, multiplier]: pass weightLayout: 'hwio'");
  // A layer, before any input: its bias tells.
  CHECK(check_params(p, {3, 3, 16, 32}, 32).message() ==
        "weight shape [3, 3, 16, 32] does not fit as 'oihw' (bias has 32 values but there are 3 "
        "output channels); "
        "it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'");
  CHECK(check_params(hwio(dw), {32, 1, 3, 3}, 32).message() ==
        "weight shape [32, 1, 3, 3] does not fit as 'hwio' (groups 32 does not divide the output "
        "channels 3 "
        "(weight shape[3])); it reads as 'oihw' [out, in/groups, kh, kw]: pass weightLayout: "
        "'oihw' (the default)");
  ConvLayer layer;
  const std::vector<float> w(3 * 3 * 16 * 32);
  CHECK(layer.init(p, {3, 3, 16, 32}, w.data(), w.data(), 32).message() ==
        check_params(p, {3, 3, 16, 32}, 32).message());
}

TEST_CASE("no mix-up is named when the other layout does not fit either, nor when both fit") {
  ConvParams p;
  // Neither layout fits 3 input channels as a weight: the declared layout's own message.
  // (As hwio, [4, 2, 3, 3] would fit them with a 4x2 kernel wider than its channel counts.)
  CHECK(plan_message(p, {1, 3, 6, 6}, {4, 2, 3, 3}) ==
        "weight shape[1] is 2 but input channels 3 / groups 1 = 3 (conv weights are [C_out, "
        "C_in/groups, kernel...])");
  CHECK(plan_message(hwio(p), {1, 4, 6, 6}, {3, 3, 5, 8}) ==
        "weight shape[2] is 5 but input channels 4 / groups 1 = 4 (hwio conv weights are "
        "[kernel..., C_in/groups, C_out])");
  ConvParams t;
  t.op = Op::kConvTranspose;
  CHECK(plan_message(hwio(t), {1, 3, 4, 4}, {4, 4, 8, 16}) ==
        "weight shape[3] is 16 but the input has 3 channels (hwio transposed weights are "
        "[kernel..., C_out/groups, C_in])");
  // A refusal about sizes alone is no mix-up, though the other layout, with its other
  // kernel, would plan: here the oihw [5, 5, 5, 8] on 5 channels may well be meant, on a
  // larger input.
  CHECK(plan_message(p, {1, 5, 6, 6}, {5, 5, 5, 8}) ==
        "kernel 8 is larger than padded input 6 on axis W");
  ConvParams p1;
  p1.spatial_dims = 1;
  CHECK(plan_message(p1, {1, 4, 6}, {3, 4, 8}) ==
        "kernel 8 is larger than padded input 6 on axis L");
  // Layout-independent refusals stay as they are.
  ConvParams s = p;
  s.stride = {0, 1, 1};
  CHECK(plan_message(s, {1, 16, 8, 8}, {3, 3, 16, 32}) ==
        "stride on axis H must be an integer from 1 to 2147483647, got 0");
  // A shape that fits both layouts is read as declared: TF's RGB filter [3, 3, 3, 8] given
  // as 'oihw' reads as 3 outputs of a 3x8 kernel (docs/weight-layouts.md warns of it); a bias
  // of 8 values, or an input narrower than 8, brings the mix-up to light.
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 3, 16, 16}, {3, 3, 3, 8}, -1, &g).ok());
  CHECK(g.out_channels == 3);
  CHECK(g.kernel[2] == 8);
  CHECK(plan_message(p, {1, 3, 16, 16}, {3, 3, 3, 8}, 8) ==
        "weight shape [3, 3, 3, 8] does not fit as 'oihw' (bias has 8 values but there are 3 "
        "output channels); "
        "it reads as 'hwio' [kh, kw, in, out]: pass weightLayout: 'hwio'");
}
