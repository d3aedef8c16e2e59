// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The epilogue (conv -> + bias -> + residual -> activation): every activation, scalar and
// vector forms, against its formula evaluated in double on awkward values (-0, 0, the
// corners 0, 6, -3, 3, negative slopes, large magnitudes, Inf, NaN); the fast paths, the
// SIMD path and layers against the reference with an activation and a residual on random
// settings; activation validation.
#include "kernels/epilogue.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/layer.h"

namespace {

using namespace wasmconv;
using K = ActivationKind;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Activation make(K kind, float min = 0, float max = 0, float alpha = 0) {
  Activation a;
  a.kind = kind;
  a.min = min;
  a.max = max;
  a.alpha = alpha;
  return a;
}

// Every kind, clamp and leakyRelu with typical numbers.
std::vector<Activation> all_activations() {
  return {make(K::kNone),
          make(K::kRelu),
          make(K::kRelu6),
          make(K::kClamp, -1.5f, 0.25f),
          make(K::kLeakyRelu, 0, 0, 0.01f),
          make(K::kLeakyRelu, 0, 0, -2.0f),
          make(K::kSigmoid),
          make(K::kTanh),
          make(K::kHardSwish),
          make(K::kSilu),
          make(K::kGelu)};
}

// The formula of wasmconv/params.h, in double.
double formula(double v, const Activation& a) {
  auto min_max = [](double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); };
  switch (a.kind) {
    case K::kNone:
      return v;
    // + 0: a zero result is +0, -0 included (see kernels/epilogue.h).
    case K::kRelu:
      return (v < 0 ? 0.0 : v) + 0.0;
    case K::kRelu6:
      return min_max(v, 0, 6) + 0.0;
    case K::kClamp:
      return min_max(v, a.min, a.max) + 0.0;
    case K::kLeakyRelu:
      return v < 0 ? a.alpha * v : v;
    case K::kSigmoid:
      return 1.0 / (1.0 + std::exp(-v));
    case K::kTanh:
      return std::tanh(v);
    case K::kHardSwish:
      return v * min_max(v + 3, 0, 6) / 6;
    case K::kSilu:
      return v / (1.0 + std::exp(-v));
    case K::kGelu:
      return v * 0.5 * (1.0 + std::erf(v / std::sqrt(2.0)));
  }
  return NAN;
}

std::string name(const Activation& a) { return activation_name(a.kind); }

// Same NaN-ness, same infinities, the same sign of zero where the formula is exact, else
// within 2e-6 of the formula relative to max(1, |formula|).
void check_close(float got, double want, const Activation& a, float v, const std::string& form) {
  INFO(form, " ", name(a), "(", v, ") = ", got, ", formula ", want);
  if (std::isnan(want)) {
    CHECK(std::isnan(got));
    return;
  }
  REQUIRE_FALSE(std::isnan(got));
  // hardSwish evaluates v * relu6(v + 3) first, as PyTorch does: it overflows to Inf
  // for |v| > FLT_MAX / 6 even where the result would fit.
  if (a.kind == K::kHardSwish && std::isinf(got) && std::fabs(v) * 6.0 > 3.4028234663852886e38) {
    CHECK(std::signbit(got) == std::signbit(v));
    return;
  }
  if (std::isinf(static_cast<float>(want)) || std::isinf(got)) {
    CHECK(got == static_cast<float>(want));  // the formula's value rounded to float
    return;
  }
  const bool piecewise = a.kind == K::kNone || a.kind == K::kRelu || a.kind == K::kRelu6 ||
                         a.kind == K::kClamp || a.kind == K::kLeakyRelu;
  if (piecewise) {
    // Exactly the formula, rounded once to float, the sign of zero included.
    CHECK(got == static_cast<float>(want));
    CHECK(std::signbit(got) == std::signbit(static_cast<float>(want)));
    return;
  }
  CHECK(std::fabs(got - want) <= 2e-6 * std::max(1.0, std::fabs(want)));
}

std::vector<float> awkward_values() {
  std::vector<float> v = {-0.0f,  0.0f, 1e-30f, -1e-30f, 1e-8f,    -1e-8f, 0.5f,    -0.5f,  1,
                          -1,     2.5f, -2.5f,  3,       -3,       2.999f, -3.001f, 5.999f, 6,
                          6.001f, -6,   7,      -1.5f,   -1.5001f, 0.25f,  0.2501f, 10,     -10,
                          15,     -15,  30,     -30,     88,       -88,    89,      -89,    104,
                          -104,   1e6f, -1e6f,  3e38f,   -3e38f,   kInf,   -kInf,   kNaN,   -kNaN};
  // Dense steps through the range where the transcendental ones bend.
  for (float x = -9.0f; x <= 9.0f; x += 0.0625f) v.push_back(x);
  return v;
}

}  // namespace

TEST_CASE("every activation, scalar and vector forms, matches its formula on awkward values") {
  const std::vector<float> values = awkward_values();
  // Also clamps whose bounds meet (min == max, and the zeros of both signs, which min <= max
  // allows either way round): the vector form is a pmin then a pmax, the formula two tests.
  std::vector<Activation> activations = all_activations();
  for (auto [lo, hi] : {std::pair{2.0f, 2.0f}, std::pair{-0.0f, 0.0f}, std::pair{0.0f, -0.0f}})
    activations.push_back(make(K::kClamp, lo, hi));
  for (const Activation& a : activations) {
    CAPTURE(name(a));
    // The scalar form (the reference's).
    for (float v : values) check_close(kernels::activate(v, a), formula(v, a), a, v, "scalar");
    // The vector form, through apply_epilogue, at every position of a vector and the tail.
    for (int64_t offset = 0; offset < 3; ++offset) {
      std::vector<float> y(values.begin() + offset, values.end());
      kernels::apply_epilogue(y.data(), static_cast<int64_t>(y.size()), a, nullptr);
      for (size_t i = 0; i < y.size(); ++i) {
        check_close(y[i], formula(values[i + static_cast<size_t>(offset)], a), a,
                    values[i + static_cast<size_t>(offset)], "vector");
      }
    }
  }
}

TEST_CASE("activation corners: exact values at 0, 6, -3, 3, the clamp bounds and Inf") {
  const Activation relu6 = make(K::kRelu6), hs = make(K::kHardSwish);
  CHECK(kernels::activate(6.0f, relu6) == 6.0f);
  CHECK(kernels::activate(6.5f, relu6) == 6.0f);
  CHECK(kernels::activate(-0.5f, relu6) == 0.0f);
  CHECK(kernels::activate(-3.0f, hs) == 0.0f);
  CHECK(kernels::activate(3.0f, hs) == 3.0f);
  CHECK(kernels::activate(kInf, hs) == kInf);
  // As in PyTorch: hardswish(-Inf) = -Inf * 0 / 6, silu(-Inf) = -Inf / Inf, gelu(-Inf) = -Inf * 0.
  CHECK(std::isnan(kernels::activate(-kInf, hs)));
  CHECK(std::isnan(kernels::activate(-kInf, make(K::kSilu))));
  CHECK(std::isnan(kernels::activate(-kInf, make(K::kGelu))));
  CHECK(kernels::activate(kInf, make(K::kGelu)) == kInf);
  CHECK(kernels::activate(-kInf, make(K::kSigmoid)) == 0.0f);
  CHECK(kernels::activate(kInf, make(K::kSigmoid)) == 1.0f);
  CHECK(kernels::activate(-kInf, make(K::kTanh)) == -1.0f);
  CHECK(kernels::activate(-2.0f, make(K::kLeakyRelu, 0, 0, 0.1f)) == doctest::Approx(-0.2f));
  CHECK(kernels::activate(-kInf, make(K::kClamp, -1, 1)) == -1.0f);
  CHECK(kernels::activate(0.5f, make(K::kClamp, 2, 2)) == 2.0f);
  // relu keeps NaN and gives +0 for -0, as the vector form does, in every build.
  CHECK(std::isnan(kernels::activate(kNaN, make(K::kRelu))));
  CHECK_FALSE(std::signbit(kernels::activate(-0.0f, make(K::kRelu))));
  CHECK_FALSE(std::signbit(kernels::activate(-0.0f, make(K::kClamp, -1, 0))));
  CHECK(std::signbit(kernels::activate(-0.0f, make(K::kLeakyRelu, 0, 0, 0.1f))));
  std::vector<float> y = {kNaN, -0.0f, -1.0f, 7.0f};
  kernels::apply_epilogue(y.data(), 4, make(K::kRelu), nullptr);
  CHECK(std::isnan(y[0]));
  CHECK_FALSE(std::signbit(y[1]));
  CHECK(y[2] == 0.0f);
  CHECK(y[3] == 7.0f);
}

TEST_CASE("apply_epilogue adds the residual before the activation, and nothing without one") {
  WASMCONV_SEEDED_RNG(rng, 20261206u);
  for (const Activation& a : all_activations()) {
    CAPTURE(name(a));
    for (int64_t n : {1, 3, 4, 7, 8, 9, 17, 64, 101}) {
      auto y = rng.tensor(n, -8.0f, 8.0f);
      const auto r = rng.tensor(n, -8.0f, 8.0f);
      const auto y0 = y;
      kernels::apply_epilogue(y.data(), n, a, r.data());
      for (int64_t i = 0; i < n; ++i) {
        const size_t k = static_cast<size_t>(i);
        check_close(y[k], formula(static_cast<double>(y0[k] + r[k]), a), a, y0[k] + r[k],
                    "residual");
      }
    }
  }
  // No activation, no residual: untouched, -0 included (adding a zero residual would make it +0).
  std::vector<float> y = {-0.0f, 1.0f};
  kernels::apply_epilogue(y.data(), 2, Activation(), nullptr);
  CHECK(std::signbit(y[0]));
}

TEST_CASE("fast, SIMD and layer paths match the reference with an activation and a residual") {
  WASMCONV_SEEDED_RNG(rng, 20261207u);
  const std::vector<Activation> activations = all_activations();
  int checked = 0, with_residual = 0, transposed = 0, grouped = 0, batched = 0;
  int by_rank[4] = {0, 0, 0, 0};
  for (int it = 0; it < 8000 && checked < 700; ++it) {
    test::RandomSettingLimits lim;
    if (rng.chance(3)) {
      lim.max_channels = 9;
      lim.max_spatial = 7;
      lim.max_width = 13;
    }
    test::Setting s = test::random_setting(rng, lim);
    s.params.activation = activations[static_cast<size_t>(it) % activations.size()];
    ConvGeometry g;
    if (!test::plan(s, &g)) continue;
    if (g.output_size() == 0) continue;
    INFO("iteration ", it, ": ", s, " activation ", name(g.activation));
    INFO(g);
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const bool residual = !rng.chance(4);
    const auto r = rng.tensor(g.output_size(), -2.0f, 2.0f);
    const float* res = residual ? r.data() : nullptr;
    const float* bias = g.has_bias ? b.data() : nullptr;
    auto run = [&](Backend backend) {
      std::vector<float> y(static_cast<size_t>(g.output_size()), kNaN);
      const Status st =
          run_conv(g, x.data(), w.data(), bias, res, y.data(), backend, test::test_pool());
      REQUIRE_MESSAGE(st.ok(), st.message());
      return y;
    };
    const auto want = run(Backend::kReference);
    // The reference itself: bias, residual, activation per element of the plain op.
    ConvGeometry plain = g;
    plain.activation = Activation();
    const auto linear = test::run(plain, x, w, bias, Backend::kReference);
    std::vector<float> composed(linear.size());
    for (size_t i = 0; i < linear.size(); ++i) {
      composed[i] = kernels::activate(residual ? linear[i] + r[i] : linear[i], g.activation);
    }
    CHECK(test::bitwise_equal(want, composed));
    const double tol =
        kernels::choose_fast_kernel(g) == kernels::FastKernel::kWinograd ? 1e-4 : 1e-5;
    CHECK(test::relative_error(run(Backend::kSimd), want) <= 1e-5);
    CHECK(test::relative_error(run(Backend::kAuto), want) <= tol);
    // A layer: activation from its params, residual per run.
    ConvLayer layer;
    const Status init = layer.init(s.params, s.w, w.data(), bias, s.bias_length());
    REQUIRE_MESSAGE(init.ok(), init.message());
    ConvGeometry lg;
    REQUIRE(layer.plan(s.x, &lg).ok());
    std::vector<float> y(static_cast<size_t>(g.output_size()), kNaN);
    REQUIRE(layer.run(lg, x.data(), res, y.data(), test::test_pool()).ok());
    CHECK(test::relative_error(y, want) <= tol);
    ++checked;
    with_residual += residual;
    transposed += g.op == Op::kConvTranspose;
    grouped += g.groups > 1;
    batched += g.batch > 1;
    ++by_rank[g.spatial_dims];
  }
  MESSAGE("checked ", checked, " (residual ", with_residual, ", transposed ", transposed,
          ", groups ", grouped, ", batch ", batched, ", 1-D/2-D/3-D ", by_rank[1], "/", by_rank[2],
          "/", by_rank[3], ")");
  CHECK(checked == 700);
  CHECK(transposed >= 100);
  CHECK(grouped >= 50);
  CHECK(batched >= 50);
  for (int r = 1; r <= 3; ++r) CHECK(by_rank[r] >= 50);
}

TEST_CASE("NaN and Inf in the residual propagate through every activation as in the reference") {
  // A 3x3 convolution and a channels-last 1x1 (the GEMM that reads NHWC in place).
  ConvParams p3, p1;
  p3.spatial_dims = p1.spatial_dims = 2;
  p1.data_layout = DataLayout::kChannelsLast;
  const Shape x3{1, 8, 6, 6}, w3{8, 8, 3, 3}, x1{1, 6, 6, 8}, w1{8, 8, 1, 1};
  const std::vector<float> x(288, 0.5f), w(576, 0.01f);
  for (const auto& [params, xs, ws] : {std::tuple{p3, x3, w3}, std::tuple{p1, x1, w1}}) {
    for (Activation a : all_activations()) {
      ConvParams p = params;
      p.activation = a;
      ConvGeometry g;
      REQUIRE(plan_conv(p, xs, ws, -1, &g).ok());
      INFO(test::describe(g));
      std::vector<float> r(static_cast<size_t>(g.output_size()), 0.25f);
      r[0] = kNaN;
      r[5] = kInf;
      r[6] = -kInf;
      r[13] = -1e30f;
      std::vector<float> want(r.size()), got(r.size());
      REQUIRE(run_conv(g, x.data(), w.data(), nullptr, r.data(), want.data(), Backend::kReference)
                  .ok());
      REQUIRE(run_conv(g, x.data(), w.data(), nullptr, r.data(), got.data(), Backend::kAuto,
                       test::test_pool())
                  .ok());
      CAPTURE(name(a));
      CHECK(std::isnan(want[0]));
      CHECK(test::nonfinite_mismatches(got, want) == 0);
      // The finite values agree to rounding.
      for (size_t i = 0; i < r.size(); ++i) {
        if (!std::isfinite(want[i])) continue;
        CHECK(std::fabs(got[i] - want[i]) <= 1e-5 * std::max(1.0f, std::fabs(want[i])));
      }
    }
  }
}

TEST_CASE("activation validation: plan_conv and ConvLayer::init name the rule") {
  ConvParams p;
  p.spatial_dims = 1;
  ConvGeometry g;
  auto message = [&](Activation a) {
    p.activation = a;
    const Status s = plan_conv(p, {1, 1, 5}, {1, 1, 3}, -1, &g);
    return s.ok() ? std::string("ok") : s.message();
  };
  CHECK(message(make(K::kClamp, 6, 0)) ==
        "activation { clamp: [min, max] } needs min <= max, got [6, 0]: swap them");
  CHECK(message(make(K::kClamp, kNaN, 1)) ==
        "activation { clamp: [min, max] } needs finite numbers, got [nan, 1]");
  CHECK(message(make(K::kClamp, 0, kInf)) ==
        "activation { clamp: [min, max] } needs finite numbers, got [0, inf]");
  CHECK(
      message(make(K::kLeakyRelu, 0, 0, -kInf)) ==
      "activation { leakyRelu: alpha } needs a finite alpha, got -inf (PyTorch's default is 0.01)");
  CHECK(message(make(K::kClamp, 2, 2)) == "ok");
  CHECK(message(make(K::kLeakyRelu, 0, 0, -3)) == "ok");
  CHECK(message(make(K::kGelu)) == "ok");
  REQUIRE(plan_conv(p, {1, 1, 5}, {1, 1, 3}, -1, &g).ok());
  CHECK(g.activation.kind == K::kGelu);

  p.activation = make(K::kClamp, 1, -1);
  ConvLayer layer;
  const std::vector<float> w = {1, 2, 3};
  const Status s = layer.init(p, {1, 1, 3}, w.data(), nullptr, -1);
  CHECK(s.message() == "activation { clamp: [min, max] } needs min <= max, got [1, -1]: swap them");
}
