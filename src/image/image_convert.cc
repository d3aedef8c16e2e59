// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// image_convert.h: the checks, the per-pixel reference conversions and their SIMD paths.
//
// The SIMD paths work on blocks of 4 pixels with xsimd's 4-lane SSE4.1 batches, whatever
// the widest instruction set: the wasm SIMD builds compile SSE4.1 to SIMD128 (-msse4.1), and
// the byte shuffles that move between interleaved pixels and channel planes are 128-bit
// operations anyway. Native x86 builds run the same code, so the native tests cover it.
// The few operations xsimd 8.1 lacks (byte shuffles, moving 64-bit halves between
// registers) are SSE intrinsics, which Emscripten maps to single SIMD128 instructions
// (i8x16.swizzle, i8x16.shuffle). Clamping uses wasm's pseudo-min and -max (f32x4.pmin,
// pmax: one instruction, with a rule for NaN that the conversion relies on; kernels/vec.h)
// and, natively, a compare and a select that follow the same rule.
//
// Bytes to floats: 4 RGBA pixels are one 128-bit load, read as 4 words; channel c of every
// pixel is (word >> 8c) & 0xFF, converted to float (exact), then byte * a + b. An RGB
// or gray source is spread into such words by a byte shuffle.
// Floats to bytes: (value - b) * k, clamped to 0..255 with NaN -> 0 (pmax, below), then
// + 2^23: for 0 <= u <= 255 that sum lies in [2^23, 2^23 + 255], where floats are spaced 1
// apart, so the addition itself rounds u to an integer (to nearest, ties to even, the
// default rounding mode) and that integer is the sum's low mantissa bits. No float-to-int
// conversion is needed (xsimd's to_int is a scalar loop on wasm). The 4 channels' bytes are
// merged into each pixel's word by shifts and ors: r | g << 8 | b << 16 | a << 24, which is
// R, G, B, A in memory order (wasm and x86 are little-endian).
// NHWC tensors are moved between pixels and channels by a 4x4 transpose of floats; RGB
// pixels (12 bytes or floats per 4 pixels) are read and written 16 bytes or 4 floats at a
// time, so a block reads or writes a little beyond itself, and the main loop stops early
// enough to stay inside the buffers; what remains goes through the reference code, which
// computes the same values.
#include "image/image_convert.h"

#include <cmath>
#include <cstring>
#include <string>
#include <xsimd/xsimd.hpp>

#include "core/number_text.h"
#include "kernels/code_size.h"
#include "kernels/vec.h"
#include "wasmconv/geometry.h"

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE) && XSIMD_WITH_SSE4_1
#define WASMCONV_IMAGE_SIMD 1
#include <smmintrin.h>
#include <tmmintrin.h>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif
#else
#define WASMCONV_IMAGE_SIMD 0
#endif

// The per-pixel loops stay plain loops: in the SIMD builds they only finish the last few
// pixels, and clang's vectorised, unrolled copies of them would only grow the .wasm.
#if defined(__clang__)
#define WASMCONV_PLAIN_LOOP \
  _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#else
#define WASMCONV_PLAIN_LOOP
#endif

namespace wasmconv::image {
namespace {

constexpr int64_t kMaxSize = 2147483647;
// 2^23: adding it to a float in [0, 255] rounds that float to an integer held in the low
// mantissa bits (see the header comment).
constexpr float kRoundBias = 8388608.0f;

// A number as a message shows it: "0", "-0.5", "1e-30", "NaN", "Infinity" (as in JavaScript).
WASMCONV_SET_UP std::string text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return number_text(v);
}

// A failed Status with `message`: invalid argument, or out of memory. Not inlined: every
// check's message goes through it.
WASMCONV_SET_UP __attribute__((noinline)) Status failure(StatusCode code,
                                                         const std::string& message) {
  return code == StatusCode::kOutOfMemory ? Status::out_of_memory(message)
                                          : Status::invalid(message);
}

bool valid_channels(int c) { return c == 1 || c == 3 || c == 4; }

bool finite_float(double v) { return std::isfinite(static_cast<float>(v)); }

// Not inlined: both checks call it, and the .wasm keeps one copy.
WASMCONV_SET_UP __attribute__((noinline)) Status check_size(int64_t width, int64_t height,
                                                            int channels) {
  const bool bad_width = width < 1 || width > kMaxSize;
  if (bad_width || height < 1 || height > kMaxSize) {
    return failure(StatusCode::kInvalidArgument, std::string(bad_width ? "width" : "height") +
                                                     " must be an integer from 1 to " +
                                                     integer_text(kMaxSize) + ", got " +
                                                     integer_text(bad_width ? width : height));
  }
  if (!valid_channels(channels)) {
    return failure(StatusCode::kInvalidArgument,
                   "channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got " + integer_text(channels));
  }
  // width, height < 2^31: the product fits in int64; the float tensor is the largest buffer.
  if (width > kMaxTensorBytes / 4 / channels / height) {
    return failure(StatusCode::kOutOfMemory,
                   "a " + integer_text(width) + "x" + integer_text(height) +
                       " image as a tensor of " + integer_text(channels) +
                       " channels would need more than " + integer_text(kMaxTensorBytes >> 20) +
                       " MiB, the largest tensor wasmconv accepts");
  }
  return Status();
}

// The numbers are written only for a message, on the way out.
WASMCONV_SET_UP Status check_map(const ChannelMap& m, int channels) {
  if (!(m.scale > 0) || !finite_float(m.scale)) {
    return failure(StatusCode::kInvalidArgument,
                   "scale must be a finite number greater than 0, got " + text(m.scale));
  }
  for (int c = 0; c < channels; ++c) {
    const std::string at = integer_text(c);
    if (!finite_float(m.mean[c])) {
      return failure(StatusCode::kInvalidArgument,
                     "mean[" + at + "] must be a finite number, got " + text(m.mean[c]));
    }
    if (!(m.std[c] > 0) || !finite_float(m.std[c])) {
      return failure(StatusCode::kInvalidArgument,
                     "std[" + at + "] must be a finite number greater than 0, got " +
                         text(m.std[c]) + " (values are divided by it)");
    }
    // The float coefficients both ways must exist: scale / std, std / scale, mean / std.
    const double a = m.scale / m.std[c], k = m.std[c] / m.scale, b = m.mean[c] / m.std[c];
    if (!finite_float(a) || !finite_float(k) || !finite_float(b) || static_cast<float>(a) == 0 ||
        static_cast<float>(k) == 0) {
      return failure(StatusCode::kInvalidArgument,
                     "scale " + text(m.scale) + ", mean[" + at + "] " + text(m.mean[c]) +
                         " and std[" + at + "] " + text(m.std[c]) +
                         " give a map beyond float range (scale / std, std / scale and mean / std "
                         "must be representable)");
    }
  }
  return Status();
}

// byte -> value: value = byte * a[c] + b[c]; gray from colour first takes the luma with
// wr = luma[0] and wb = luma[1] (see the header).
struct ForwardMap {
  float a[4];
  float b[4];
  float luma[2];
};

ForwardMap forward_map(const ImageToTensorParams& p) {
  ForwardMap m{};
  for (int c = 0; c < 4; ++c) {
    m.a[c] = static_cast<float>(p.map.scale / p.map.std[c]);
    m.b[c] = static_cast<float>(0.0 - p.map.mean[c] / p.map.std[c]);
  }
  // (wr, wb); wg = 1 - wr - wb is implied.
  m.luma[0] = p.luma == Luma::kBt709 ? 0.2126f : 0.299f;
  m.luma[1] = p.luma == Luma::kBt709 ? 0.0722f : 0.114f;
  return m;
}

// value -> byte: byte = round(clamp((value - b[c]) * k[c], 0, 255)).
struct InverseMap {
  float b[4];
  float k[4];
};

// The smallest and largest finite values of v[0..n) (lo > hi when there is none).
void finite_range_reference(const float* v, int64_t n, float* lo, float* hi) {
  WASMCONV_PLAIN_LOOP
  for (int64_t i = 0; i < n; ++i) {
    const float x = v[i];
    if (x - x == 0.0f) {  // false for NaN and +-Inf
      if (x < *lo) *lo = x;
      if (x > *hi) *hi = x;
    }
  }
}

InverseMap inverse_map(const TensorToImageParams& p, float lo, float hi) {
  InverseMap m{};
  for (int c = 0; c < 4; ++c) {
    if (p.normalize) {
      // lo -> 0 and hi -> 255; a constant tensor keeps k = 1, so its value draws as 0
      // and infinities still saturate; with no finite value at all, b = 0.
      const bool range = hi > lo;
      m.b[c] = lo <= hi ? lo : 0.0f;
      m.k[c] = range ? static_cast<float>(255.0 / (static_cast<double>(hi) - lo)) : 1.0f;
    } else {
      m.b[c] = static_cast<float>(0.0 - p.map.mean[c] / p.map.std[c]);
      m.k[c] = static_cast<float>(p.map.std[c] / p.map.scale);
    }
  }
  return m;
}

inline uint32_t to_byte(float v, float b, float k) {
  float u = (v - b) * k;
  u = u > 0.0f ? u : 0.0f;  // NaN fails the comparison: 0
  u = u < 255.0f ? u : 255.0f;
  const float t = u + kRoundBias;
  uint32_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  return bits & 0xFFu;
}

void forward_pixels(const ImageToTensorParams& p, const ForwardMap& m, const uint8_t* src,
                    float* dst, int64_t begin, int64_t end) {
  const int64_t n = p.width * p.height;
  const int S = p.source_channels, C = p.channels;
  const bool planar = p.layout == Layout::kNCHW;
  WASMCONV_PLAIN_LOOP
  for (int64_t i = begin; i < end; ++i) {
    const uint8_t* s = src + i * S;
    const float r = s[0];
    const float g = S == 1 ? r : static_cast<float>(s[1]);
    const float b = S == 1 ? r : static_cast<float>(s[2]);
    const float alpha = S == 4 ? static_cast<float>(s[3]) : 255.0f;
    float v[4];
    if (C == 1) {
      const float y = S == 1 ? r : g + m.luma[0] * (r - g) + m.luma[1] * (b - g);
      v[0] = y * m.a[0] + m.b[0];
    } else {
      v[0] = r * m.a[0] + m.b[0];
      v[1] = g * m.a[1] + m.b[1];
      v[2] = b * m.a[2] + m.b[2];
      v[3] = alpha * m.a[3] + m.b[3];
    }
    for (int c = 0; c < C; ++c) (planar ? dst[c * n + i] : dst[i * C + c]) = v[c];
  }
}

void inverse_pixels(const TensorToImageParams& p, const InverseMap& m, const float* src,
                    uint8_t* rgba, int64_t begin, int64_t end) {
  const int64_t n = p.width * p.height;
  const int C = p.channels;
  const bool planar = p.layout == Layout::kNCHW;
  WASMCONV_PLAIN_LOOP
  for (int64_t i = begin; i < end; ++i) {
    uint32_t q[4] = {0, 0, 0, 255};
    for (int c = 0; c < C; ++c)
      q[c] = to_byte(planar ? src[c * n + i] : src[i * C + c], m.b[c], m.k[c]);
    if (C == 1) q[1] = q[2] = q[0];
    for (int c = 0; c < 4; ++c) rgba[4 * i + c] = static_cast<uint8_t>(q[c]);
  }
}

#if WASMCONV_IMAGE_SIMD

using Arch = xsimd::sse4_1;
using F = xsimd::batch<float, Arch>;
using I = xsimd::batch<int32_t, Arch>;

inline __m128i load16(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
inline void store16(void* p, const I& v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }

// In place: the rows (x0..x3) of a 4x4 matrix become its columns. It turns 4 channel vectors
// into 4 pixels (NHWC) and back.
inline void transpose4(F& x0, F& x1, F& x2, F& x3) {
  const F t0 = xsimd::zip_lo(x0, x1);  // x00 x10 x01 x11
  const F t1 = xsimd::zip_lo(x2, x3);  // x20 x30 x21 x31
  const F t2 = xsimd::zip_hi(x0, x1);  // x02 x12 x03 x13
  const F t3 = xsimd::zip_hi(x2, x3);  // x22 x32 x23 x33
  x0 = F(_mm_movelh_ps(t0, t1));
  x1 = F(_mm_movehl_ps(t1, t0));
  x2 = F(_mm_movelh_ps(t2, t3));
  x3 = F(_mm_movehl_ps(t3, t2));
}

inline F byte_of(const I& words, int shift) { return xsimd::to_float((words >> shift) & I(0xFF)); }

// The 4 source pixels of S bytes each at `s` as channel vectors (alpha 255 without one;
// gray in r, g and b).
inline void load_pixels(int S, const uint8_t* s, F& r, F& g, F& b, F& a) {
  // A byte shuffle spreads the pixels into words, R (or gray) in the low byte; an index with
  // its top bit set gives 0. (For gray it replaces _mm_cvtepu8_epi32, which clang 14 merges
  // with the conversion to float into one that it then does lane by lane.)
  if (S == 1) {
    int32_t four;
    std::memcpy(&four, s, sizeof four);
    const __m128i gray = _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, 3, -1, -1, -1);
    r = g = b = xsimd::to_float(I(_mm_shuffle_epi8(_mm_cvtsi32_si128(four), gray)));
    a = F(255.0f);
    return;
  }
  // An RGB source's 16-byte load holds its 4 pixels in bytes 0..11.
  const __m128i spread = _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
  const I words(S == 4 ? load16(s) : _mm_shuffle_epi8(load16(s), spread));
  r = byte_of(words, 0);
  g = byte_of(words, 8);
  b = byte_of(words, 16);
  a = S == 4 ? byte_of(words, 24) : F(255.0f);
}

// One loop per source channel count (3 copies); the tensor's channels and layout are tested
// per block (the same way every time, so the branches cost next to nothing: measured as fast
// as a copy per combination, of which there would be 15, and 4 KB more .wasm). An RGB source
// is read 16 bytes per 4 pixels (4 beyond them), an RGB NHWC tensor written 4 floats per
// pixel (1 beyond it, which the next pixel overwrites): those blocks need 2 more pixels
// after them. The last pixels go through the per-pixel code, which computes the same values.
template <int S>
void forward_simd(const ImageToTensorParams& p, const ForwardMap& m, const uint8_t* src,
                  float* dst) {
  const int64_t n = p.width * p.height;
  const int C = p.channels;
  const bool planar = C == 1 || p.layout == Layout::kNCHW;
  const int64_t margin = (S == 3 || (C == 3 && !planar)) ? 2 : 0;
  const F a0(m.a[0]), a1(m.a[1]), a2(m.a[2]), a3(m.a[3]);
  const F b0(m.b[0]), b1(m.b[1]), b2(m.b[2]), b3(m.b[3]);
  const F wr(m.luma[0]), wb(m.luma[1]);
  int64_t i = 0;
  for (; i + 4 + margin <= n; i += 4) {
    F r, g, b, a;
    load_pixels(S, src + S * i, r, g, b, a);
    float* d = dst + (planar ? i : C * i);
    if (C == 1) {
      const F y = S == 1 ? r : g + wr * (r - g) + wb * (b - g);
      (y * a0 + b0).store_unaligned(d);
      continue;
    }
    F v0 = r * a0 + b0, v1 = g * a1 + b1, v2 = b * a2 + b2;
    if (planar) {
      v0.store_unaligned(d);
      v1.store_unaligned(d + n);
      v2.store_unaligned(d + 2 * n);
      if (C == 4) (a * a3 + b3).store_unaligned(d + 3 * n);
    } else {
      F v3 = a * a3 + b3;
      transpose4(v0, v1, v2, v3);  // now pixels i .. i+3 (an RGB pixel's 4th lane is junk)
      v0.store_unaligned(d);
      v1.store_unaligned(d + C);
      v2.store_unaligned(d + 2 * C);
      v3.store_unaligned(d + 3 * C);
    }
  }
  forward_pixels(p, m, src, dst, i, n);
}

// pmax / pmin: kernels/vec.h (one instruction each in wasm).
using kernels::pmax;
using kernels::pmin;

// 4 values as bytes in the low 8 bits of each lane (see the header comment): pmax(0, u) is
// 0 for NaN and negatives, then at most 255.
inline I to_bytes(const F& v, float b, float k) {
  const F u = (v - F(b)) * F(k);
  const F clamped = pmin(F(255.0f), pmax(F(0.0f), u));
  return xsimd::bitwise_cast<I>(clamped + F(kRoundBias)) & I(0xFF);
}

// One loop for every channel count and layout, tested per block as in forward_simd (a copy
// per combination would be about 20% faster and 1.5 KB more .wasm). RGB NHWC pixels are read
// 4 floats each, 1 beyond the block's last pixel; the last pixels go through the per-pixel
// code.
void inverse_simd(const TensorToImageParams& p, const InverseMap& m, const float* src,
                  uint8_t* rgba) {
  const int64_t n = p.width * p.height;
  const int C = p.channels;
  const bool planar = C == 1 || p.layout == Layout::kNCHW;
  const int64_t margin = (C == 3 && !planar) ? 2 : 0;
  const I opaque(static_cast<int32_t>(0xFF000000u));
  int64_t i = 0;
  for (; i + 4 + margin <= n; i += 4) {
    const float* s = src + (planar ? i : C * i);
    F v0, v1(0.0f), v2(0.0f), v3(0.0f);
    if (planar) {
      v0 = F::load_unaligned(s);
      if (C > 1) {
        v1 = F::load_unaligned(s + n);
        v2 = F::load_unaligned(s + 2 * n);
        if (C == 4) v3 = F::load_unaligned(s + 3 * n);
      }
    } else {
      v0 = F::load_unaligned(s);
      v1 = F::load_unaligned(s + C);
      v2 = F::load_unaligned(s + 2 * C);
      v3 = F::load_unaligned(s + 3 * C);
      transpose4(v0, v1, v2, v3);  // now channels (the 4th is junk for RGB)
    }
    const I q0 = to_bytes(v0, m.b[0], m.k[0]);
    uint8_t* d = rgba + 4 * i;
    if (C == 1) {
      store16(d, q0 | (q0 << 8) | (q0 << 16) | opaque);
    } else {
      const I rgb = q0 | (to_bytes(v1, m.b[1], m.k[1]) << 8) | (to_bytes(v2, m.b[2], m.k[2]) << 16);
      if (C == 3) {
        store16(d, rgb | opaque);
      } else {
        store16(d, rgb | (to_bytes(v3, m.b[3], m.k[3]) << 24));
      }
    }
  }
  inverse_pixels(p, m, src, rgba, i, n);
}

// finite_range_reference with four pairs of accumulators, so that the loop is not bound by
// the latency of one min and one max chain. Non-finite values become +Inf for the minimum
// and -Inf for the maximum, which change nothing.
void finite_range_simd(const float* v, int64_t n, float* lo, float* hi) {
  const F inf(INFINITY), minus_inf(-INFINITY);
  F vlo[4] = {inf, inf, inf, inf}, vhi[4] = {minus_inf, minus_inf, minus_inf, minus_inf};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int j = 0; j < 4; ++j) {
      const F x = F::load_unaligned(v + i + 4 * j);
      const auto finite = (x - x) == F(0.0f);
      vlo[j] = pmin(vlo[j], xsimd::select(finite, x, inf));
      vhi[j] = pmax(vhi[j], xsimd::select(finite, x, minus_inf));
    }
  }
  alignas(16) float l[4], h[4];
  pmin(pmin(vlo[0], vlo[1]), pmin(vlo[2], vlo[3])).store_aligned(l);
  pmax(pmax(vhi[0], vhi[1]), pmax(vhi[2], vhi[3])).store_aligned(h);
  for (int j = 0; j < 4; ++j) {
    if (l[j] < *lo) *lo = l[j];
    if (h[j] > *hi) *hi = h[j];
  }
  finite_range_reference(v + i, n - i, lo, hi);
}

#endif  // WASMCONV_IMAGE_SIMD

}  // namespace

WASMCONV_SET_UP Status check(const ImageToTensorParams& p) {
  if (!valid_channels(p.source_channels)) {
    return failure(StatusCode::kInvalidArgument,
                   "the source's channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got " +
                       integer_text(p.source_channels));
  }
  WASMCONV_RETURN_IF_ERROR(check_size(p.width, p.height, p.channels));
  return check_map(p.map, p.channels);
}

WASMCONV_SET_UP Status check(const TensorToImageParams& p) {
  WASMCONV_RETURN_IF_ERROR(check_size(p.width, p.height, p.channels));
  return p.normalize ? Status() : check_map(p.map, p.channels);
}

void image_to_tensor_reference(const ImageToTensorParams& p, const uint8_t* src, float* dst) {
  forward_pixels(p, forward_map(p), src, dst, 0, p.width * p.height);
}

void tensor_to_image_reference(const TensorToImageParams& p, const float* src, uint8_t* rgba) {
  float lo = INFINITY, hi = -INFINITY;
  if (p.normalize) finite_range_reference(src, p.width * p.height * p.channels, &lo, &hi);
  inverse_pixels(p, inverse_map(p, lo, hi), src, rgba, 0, p.width * p.height);
}

Status image_to_tensor(const ImageToTensorParams& p, const uint8_t* src, float* dst) {
  WASMCONV_RETURN_IF_ERROR(check(p));
#if WASMCONV_IMAGE_SIMD
  const ForwardMap m = forward_map(p);
  if (p.source_channels == 1) {
    forward_simd<1>(p, m, src, dst);
  } else if (p.source_channels == 3) {
    forward_simd<3>(p, m, src, dst);
  } else {
    forward_simd<4>(p, m, src, dst);
  }
#else
  image_to_tensor_reference(p, src, dst);
#endif
  return Status();
}

Status tensor_to_image(const TensorToImageParams& p, const float* src, uint8_t* rgba) {
  WASMCONV_RETURN_IF_ERROR(check(p));
#if WASMCONV_IMAGE_SIMD
  float lo = INFINITY, hi = -INFINITY;
  if (p.normalize) finite_range_simd(src, p.width * p.height * p.channels, &lo, &hi);
  inverse_simd(p, inverse_map(p, lo, hi), src, rgba);
#else
  tensor_to_image_reference(p, src, rgba);
#endif
  return Status();
}

bool image_simd_compiled() { return WASMCONV_IMAGE_SIMD != 0; }

}  // namespace wasmconv::image
