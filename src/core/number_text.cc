// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// number_text (number_text.h). The nine digits are |v| * 10^(8 - e) rounded to an integer
// in [10^8, 10^9), e being the decimal exponent. 10^k is exact for k <= 22 (the largest
// power of ten a double holds); the product or quotient is rounded once, and only where it
// lands on a half can that rounding hide which integer is nearest: there its exact error
// decides. So up to 10^22 the digits are printf's, correctly rounded
// (tests/cpp/number_text_test.cc compares them on random floats and doubles, ties included);
// beyond, the power itself is rounded and the last digit can differ from printf's on a
// value whose tenth digit is a 5: harmless in a message.
#include "core/number_text.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace wasmconv {
namespace {

// a * b - fl(a * b), exactly (Dekker's product: each factor split into two halves of 26
// bits, whose products are exact). One statement per product, so that no compiler fuses them.
double product_error(double a, double b, double ab) {
#if defined(__FP_FAST_FMA)
  return std::fma(a, b, -ab);
#else
  const double ca = 134217729.0 * a, cb = 134217729.0 * b;  // 2^27 + 1
  const double ah = ca - (ca - a), bh = cb - (cb - b);
  const double al = a - ah, bl = b - bh;
  const double hh = ah * bh, hl = ah * bl, lh = al * bh, ll = al * bl;
  return ((hh - ab) + hl + lh) + ll;
#endif
}

// v * 10^k rounded to an integer as printf rounds it: to the nearest, a tie to even. The
// power is exact up to 10^22 (a subnormal's k passes 300: 1e300 first). Where the rounded
// product lands on a half, the exact product's error says which side it lies on.
double round_scaled(double v, int k) {
  const bool up = k > 0;
  int n = std::abs(k);
  if (n > 300) {
    v = up ? v * 1e300 : v / 1e300;
    n -= 300;
  }
  double p = 1.0;
  for (int i = 0; i < n; ++i) p *= 10.0;
  const double q = up ? v * p : v / p;
  const double below = std::floor(q);
  if (q - below != 0.5) return std::nearbyint(q);
  // v * p - q, or for the quotient the sign of v - q * p (v - fl(q * p) is exact: they are
  // within a rounding of each other).
  const double err = up ? product_error(v, p, q) : (v - q * p) - product_error(q, p, q * p);
  return err > 0 ? below + 1 : err < 0 ? below : std::nearbyint(q);
}

}  // namespace

std::string number_text(double v) {
  std::string s;
  if (std::signbit(v)) s += '-';
  v = std::fabs(v);
  if (v == 0) return s + '0';
  // The decimal exponent from the binary one (log10(2) ~ 0.30103), then corrected.
  int b;
  std::frexp(v, &b);
  int e = static_cast<int>(std::floor((b - 1) * 0.30102999566398120));
  double d = round_scaled(v, 8 - e);
  while (d >= 1e9) d = round_scaled(v, 8 - ++e);  // also 9.9999999996 -> 10
  while (d < 1e8) d = round_scaled(v, 8 - --e);
  char digits[9];
  auto n = static_cast<uint32_t>(d);
  for (int i = 8; i >= 0; --i, n /= 10) digits[i] = static_cast<char>('0' + n % 10);
  int kept = 9;
  while (kept > 1 && digits[kept - 1] == '0') --kept;
  if (e < -4 || e >= 9) {
    s += digits[0];
    if (kept > 1) s.append(1, '.').append(digits + 1, kept - 1);
    s += e < 0 ? "e-" : "e+";
    const int a = std::abs(e);
    if (a >= 100) s += static_cast<char>('0' + a / 100);
    s += static_cast<char>('0' + a / 10 % 10);
    s += static_cast<char>('0' + a % 10);
  } else if (e >= 0) {
    for (int i = 0; i <= e; ++i) s += i < kept ? digits[i] : '0';
    if (kept > e + 1) s.append(1, '.').append(digits + e + 1, kept - e - 1);
  } else {
    s.append("0.").append(-e - 1, '0').append(digits, kept);
  }
  return s;
}

std::string integer_text(int64_t v) {
  char buf[20];  // 19 digits; the sign goes in front
  char* p = buf + sizeof buf;
  // Digits of the magnitude as unsigned, which also holds INT64_MIN's.
  uint64_t m = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + m % 10);
    m /= 10;
  } while (m != 0);
  return (v < 0 ? "-" : "") + std::string(p, buf + sizeof buf);
}

}  // namespace wasmconv
