// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Result comparison (compare.h).
#include "support/compare.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "support/threads.h"

namespace wasmconv::test {

double relative_error(const std::vector<float>& got, const std::vector<float>& want) {
  REQUIRE(got.size() == want.size());
  double scale = 1, err = 0;
  for (float v : want) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  for (size_t i = 0; i < want.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(got[i]) - static_cast<double>(want[i]));
    err = std::isnan(diff) ? INFINITY : std::max(err, diff);  // a NaN is never "close"
  }
  return err / scale;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

double finite_error(const std::vector<float>& got, const std::vector<float>& want) {
  if (nonfinite_mismatches(got, want) != 0) return INFINITY;
  double scale = 1, err = 0;
  for (float v : want) {
    if (std::isfinite(v)) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  }
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isfinite(want[i]))
      err = std::max(err, std::fabs(static_cast<double>(got[i]) - want[i]));
  }
  return err / scale;
}

int64_t nonfinite_mismatches(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  int64_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) {
      ++n;
    } else if ((std::isinf(a[i]) || std::isinf(b[i])) && a[i] != b[i]) {
      ++n;
    }
  }
  return n;
}

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x,
                       const std::vector<float>& w, const float* bias, Backend backend) {
  return run(g, x, w, bias, nullptr, backend);
}

std::vector<float> run(const ConvGeometry& g, const std::vector<float>& x,
                       const std::vector<float>& w, const float* bias, const float* residual,
                       Backend backend) {
  REQUIRE(static_cast<int64_t>(x.size()) == g.input_size());
  REQUIRE(static_cast<int64_t>(w.size()) == g.weight_size());
  std::vector<float> y(static_cast<size_t>(g.output_size()), NAN);
  const Status s = run_conv(g, x.data(), w.data(), bias, residual, y.data(), backend, test_pool());
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

double backend_error(const ConvGeometry& g, Backend backend, Rng& rng) {
  const auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(g.out_channels);
  const float* bias = g.has_bias ? b.data() : nullptr;
  return relative_error(run(g, x, w, bias, backend), run(g, x, w, bias, Backend::kReference));
}

}  // namespace wasmconv::test
