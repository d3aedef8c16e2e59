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

// What rounding took from q: exactly v * p - q where q = fl(v * p) (`up`), or a number of the
// sign of v - q * p where q = fl(v / p). With a hardware fused multiply-add that is one fma
// (the remainder of a rounded quotient is representable); elsewhere Dekker's product: each
// factor split into halves of 26 bits, whose products are exact, one statement per product.
// (Where the CPU has FMA a compiler may fuse a product into a following subtraction on its
// own, which would spoil Dekker's terms: that build takes the fma branch.)
double rounding_error(double v, double p, double q, bool up) {
#if defined(__FP_FAST_FMA)
  return up ? std::fma(v, p, -q) : std::fma(-q, p, v);
#else
  const double a = up ? v : q;  // the product a * p whose error is wanted
  const double ab = up ? q : a * p;
  const double ca = 134217729.0 * a, cb = 134217729.0 * p;  // 2^27 + 1
  const double ah = ca - (ca - a), bh = cb - (cb - p);
  const double al = a - ah, bl = p - bh;
  const double hh = ah * bh, hl = ah * bl, lh = al * bh, ll = al * bl;
  const double error = ((hh - ab) + hl + lh) + ll;  // a * p - ab
  // v - q * p = (v - ab) - error, where v - ab is exact (they are within a rounding).
  return up ? error : (v - ab) - error;
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
  const double err = rounding_error(v, p, q, up);
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
