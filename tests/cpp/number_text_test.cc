// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// number_text (core/number_text.h) against printf's "%.9g", its definition: every float it
// is given (random bit patterns over the whole range, subnormals included), the halfway
// cases where the ninth digit's rounding is a tie, integers and powers of ten around the
// switch to exponents, and doubles of everyday sizes.
#include "core/number_text.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "support/rng.h"

using wasmconv::number_text;

namespace {

std::string printf_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

float float_from_bits(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

}  // namespace

TEST_CASE("number_text writes what printf's %.9g writes") {
  for (const double v : {0.0,
                         -0.0,
                         1.0,
                         -1.0,
                         6.0,
                         0.1,
                         0.01,
                         1e-4,
                         9.99999e-5,
                         1e-5,
                         123456789.0,
                         999999999.0,
                         999999999.5,
                         1e9,
                         1e10,
                         9.9999999996,
                         0.99999999996,
                         3.4028234663852886e38,
                         1.1754943508222875e-38,
                         1.401298464324817e-45,
                         -2.5e-7,
                         1e30,
                         1e-30,
                         0.5,
                         65504.0,
                         2147483647.0}) {
    CAPTURE(v);
    CHECK(number_text(v) == printf_text(v));
  }
  WASMCONV_SEEDED_RNG(rng, 20261207);
  // Floats: the values messages show (clamp bounds, slopes), over every exponent.
  for (int i = 0; i < 50000; ++i) {
    const float f = float_from_bits(static_cast<uint32_t>(rng.uniform(0, 0xFFFFFFFF)));
    if (!std::isfinite(f)) continue;
    CAPTURE(f);
    REQUIRE(number_text(f) == printf_text(f));
  }
  // Ties at the ninth digit: m / 2^k has k decimals and is exact in a float (1023 / 1024 =
  // 0.9990234375 rounds to even, 0.999023438).
  for (int k = 1; k <= 24; ++k) {
    for (int64_t m = 1; m < (int64_t{1} << 24); m += rng.uniform(1, 4096)) {
      const float f = std::ldexp(static_cast<float>(m), -k);
      CAPTURE(f);
      REQUIRE(number_text(f) == printf_text(f));
    }
  }
  // Integers and powers of ten, one below and above, where the format switches.
  for (int e = -40; e <= 38; ++e) {
    const float p = static_cast<float>(std::pow(10.0, e));
    for (const float f : {p, std::nextafter(p, 0.0f), std::nextafter(p, HUGE_VALF)}) {
      CAPTURE(f);
      CHECK(number_text(f) == printf_text(f));
    }
  }
  // Doubles of the sizes an image's scale, mean and std take.
  for (int i = 0; i < 50000; ++i) {
    const double v = static_cast<double>(rng.uniform(-2000000000, 2000000000)) /
                     std::pow(10.0, static_cast<double>(rng.uniform(0, 12)));
    CAPTURE(v);
    REQUIRE(number_text(v) == printf_text(v));
  }
}

TEST_CASE("integer_text writes integers in decimal") {
  CHECK(wasmconv::integer_text(0) == "0");
  CHECK(wasmconv::integer_text(7) == "7");
  CHECK(wasmconv::integer_text(-42) == "-42");
  CHECK(wasmconv::integer_text(2147483647) == "2147483647");
  CHECK(wasmconv::integer_text(INT64_MAX) == "9223372036854775807");
  CHECK(wasmconv::integer_text(INT64_MIN) == "-9223372036854775808");
  WASMCONV_SEEDED_RNG(rng, 20261207);
  for (int i = 0; i < 1000; ++i) {
    const int64_t v = rng.uniform(-4000000000000, 4000000000000) >> rng.uniform(0, 40);
    CAPTURE(v);
    REQUIRE(wasmconv::integer_text(v) == std::to_string(v));
  }
}
