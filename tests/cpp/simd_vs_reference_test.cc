// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The simple SIMD path (Backend::kSimd) against the reference on >= 1000 random settings,
// NaN/Inf propagation, and run-to-run determinism of every backend.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "support/test_support.h"

using namespace wasmconv;

TEST_CASE("SIMD path matches the reference on 1000+ random settings") {
  test::Rng rng(20261122);
  int checked = 0;
  for (int it = 0; it < 5000 && checked < 1200; ++it) {
    const test::Setting s = test::random_setting(rng);
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, s.bias_length(), &g).ok()) continue;
    INFO("seed ", rng.seed(), " iteration ", it, ": ", test::describe(s));
    CHECK(test::backend_error(g, Backend::kSimd, rng) <= 1e-5);
    ++checked;
  }
  MESSAGE("random settings checked: ", checked, " (seed ", rng.seed(), ")");
  CHECK(checked >= 1000);
}

TEST_CASE("NaN and Inf propagate as in the reference, on every backend") {
  test::Rng rng(77);
  int checked = 0;
  for (int it = 0; it < 400 && checked < 150; ++it) {
    const test::Setting s = test::random_setting(rng);
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, s.bias_length(), &g).ok()) continue;
    auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    x[static_cast<size_t>(rng.uniform(0, g.input_size() - 1))] = NAN;
    x[static_cast<size_t>(rng.uniform(0, g.input_size() - 1))] = INFINITY;
    const auto want = test::run(g, x, w, nullptr);
    INFO(test::describe(s));
    for (Backend b : {Backend::kSimd, Backend::kAuto}) {
      const auto got = test::run(g, x, w, nullptr, b);
      for (size_t i = 0; i < want.size(); ++i) {
        CHECK(std::isnan(got[i]) == std::isnan(want[i]));
        CHECK(std::isinf(got[i]) == std::isinf(want[i]));
      }
    }
    ++checked;
  }
  CHECK(checked >= 100);
}

TEST_CASE("results are bitwise identical run to run") {
  test::Rng rng(5);
  for (int it = 0; it < 60; ++it) {
    const test::Setting s = test::random_setting(rng);
    ConvGeometry g;
    if (!plan_conv(s.params, s.x, s.w, -1, &g).ok()) continue;
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    for (Backend b : {Backend::kReference, Backend::kSimd, Backend::kAuto}) {
      const auto a = test::run(g, x, w, nullptr, b), c = test::run(g, x, w, nullptr, b);
      CHECK(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)) == 0);
    }
  }
}
