// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out (src/image/image_convert.h): bytes to a float tensor and back for every
// source channel count (1, 3, 4), tensor channel count (gray, RGB, RGBA) and layout (NCHW,
// NHWC), against the formula computed here in double; the SIMD paths bit for bit against the
// per-pixel reference on sizes whose pixel count leaves every remainder of the 4-pixel blocks
// (the tails); rounding (ties to even) and clamping at 0 and 255 and beyond, NaN and Inf,
// min-max normalisation, exact round trips, and every check's message.
#include "image/image_convert.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "support/rng.h"

namespace wasmconv::image {
namespace {

using test::Rng;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

const double kBt601[3] = {0.299, 0.587, 0.114};
const double kBt709[3] = {0.2126, 0.7152, 0.0722};

// Pixel counts that leave each remainder modulo 8 (the blocks are 4 pixels, and RGB paths
// stop up to 2 pixels early), as width x height with odd widths.
const int64_t kSizes[][2] = {{1, 1},  {2, 1}, {3, 1}, {5, 1},  {7, 1},  {3, 2},  {9, 1}, {11, 1},
                             {13, 1}, {5, 3}, {7, 3}, {17, 5}, {31, 3}, {33, 7}, {64, 2}};

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<uint8_t> random_bytes(Rng& rng, int64_t n) {
  std::vector<uint8_t> v(static_cast<size_t>(n));
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng.uniform(0, 255));
  return v;
}

// Index of channel c of pixel i in a tensor of n pixels.
int64_t at(Layout layout, int channels, int64_t n, int64_t i, int c) {
  return layout == Layout::kNCHW ? c * n + i : i * channels + c;
}

// The source byte each tensor channel reads (alpha 255 without one), and the value the
// formula gives for it, in double.
double expected_value(const ImageToTensorParams& p, const uint8_t* pixel, int c) {
  const int S = p.source_channels;
  const double r = pixel[0], g = S == 1 ? r : pixel[1], b = S == 1 ? r : pixel[2];
  const double alpha = S == 4 ? pixel[3] : 255.0;
  double byte;
  if (p.channels == 1) {
    const double* w = p.luma == Luma::kBt709 ? kBt709 : kBt601;
    byte = S == 1 ? r : w[0] * r + w[1] * g + w[2] * b;
  } else {
    byte = c == 0 ? r : c == 1 ? g : c == 2 ? b : alpha;
  }
  return (byte * p.map.scale - p.map.mean[c]) / p.map.std[c];
}

// The byte a value draws as, from the formula in double: NaN -> 0, clamped, ties to even.
// `near_tie` is set when float rounding may legitimately land on the other side.
uint32_t expected_byte(const TensorToImageParams& p, float v, int c, bool* near_tie) {
  *near_tie = false;
  if (std::isnan(v)) return 0;
  const double u = (static_cast<double>(v) * p.map.std[c] + p.map.mean[c]) / p.map.scale;
  if (!(u > 0)) return 0;
  if (u >= 255) return 255;
  *near_tie = std::fabs(u - std::floor(u) - 0.5) < 1e-3;
  return static_cast<uint32_t>(std::nearbyint(u));
}

ImageToTensorParams forward(int64_t w, int64_t h, int s, int c, Layout layout) {
  ImageToTensorParams p;
  p.width = w;
  p.height = h;
  p.source_channels = s;
  p.channels = c;
  p.layout = layout;
  return p;
}

TensorToImageParams inverse(int64_t w, int64_t h, int c, Layout layout) {
  TensorToImageParams p;
  p.width = w;
  p.height = h;
  p.channels = c;
  p.layout = layout;
  return p;
}

std::vector<float> to_tensor(const ImageToTensorParams& p, const std::vector<uint8_t>& src) {
  std::vector<float> dst(static_cast<size_t>(p.width * p.height * p.channels), -7.0f);
  const Status s = image_to_tensor(p, src.data(), dst.data());
  REQUIRE_MESSAGE(s.ok(), s.message());
  return dst;
}

std::vector<uint8_t> to_image(const TensorToImageParams& p, const std::vector<float>& src) {
  std::vector<uint8_t> rgba(static_cast<size_t>(p.width * p.height * 4), 7);
  const Status s = tensor_to_image(p, src.data(), rgba.data());
  REQUIRE_MESSAGE(s.ok(), s.message());
  return rgba;
}

void random_map(Rng& rng, ChannelMap* m) {
  m->scale = rng.pick<double>({1.0 / 255.0, 1.0, 2.0 / 255.0});
  for (int c = 0; c < 4; ++c) {
    m->mean[c] = static_cast<double>(rng.tensor(1, -0.5f, 1.0f)[0]) * (m->scale == 1.0 ? 255 : 1);
    m->std[c] = static_cast<double>(rng.tensor(1, 0.1f, 2.0f)[0]);
  }
}

}  // namespace

TEST_CASE("image_to_tensor: hand-computed values of a 3x2 RGBA image (rgb, nchw, scale 1/255)") {
  const std::vector<uint8_t> src = {0,   10,  20,  255, 255, 128, 1, 0,  51,  102, 153, 9,
                                    200, 201, 202, 203, 7,   8,   9, 10, 254, 253, 0,   128};
  ImageToTensorParams p = forward(3, 2, 4, 3, Layout::kNCHW);
  const std::vector<float> t = to_tensor(p, src);
  const float a = static_cast<float>(1.0 / 255.0);
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 6; ++i) {
      const uint8_t byte = src[static_cast<size_t>(4 * i + c)];
      CHECK(t[static_cast<size_t>(c * 6 + i)] == static_cast<float>(byte) * a);
      CHECK(t[static_cast<size_t>(c * 6 + i)] == doctest::Approx(byte / 255.0).epsilon(1e-7));
    }
  }
  CHECK(t[1] == 1.0f);  // R of pixel 1: 255 -> 1
  CHECK(t[6 + 1] == doctest::Approx(128.0 / 255.0));
  CHECK(t[12 + 2] == 0.6f);  // B of pixel 2: 153 / 255 = 0.6
}

TEST_CASE("image_to_tensor: mean and std per channel, e.g. ImageNet's") {
  const std::vector<uint8_t> src = {255, 0, 128, 77};
  ImageToTensorParams p = forward(1, 1, 4, 4, Layout::kNHWC);
  const double mean[4] = {0.485, 0.456, 0.406, 0.5}, std_[4] = {0.229, 0.224, 0.225, 0.25};
  for (int c = 0; c < 4; ++c) {
    p.map.mean[c] = mean[c];
    p.map.std[c] = std_[c];
  }
  const std::vector<float> t = to_tensor(p, src);
  CHECK(t[0] == doctest::Approx((1.0 - 0.485) / 0.229).epsilon(1e-6));
  CHECK(t[1] == doctest::Approx(-0.456 / 0.224).epsilon(1e-6));
  CHECK(t[2] == doctest::Approx((128 / 255.0 - 0.406) / 0.225).epsilon(1e-6));
  CHECK(t[3] == doctest::Approx((77 / 255.0 - 0.5) / 0.25).epsilon(1e-6));
}

TEST_CASE("image_to_tensor: gray is the BT.601 or BT.709 luma, and a gray pixel keeps its value") {
  const std::vector<uint8_t> primaries = {255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90};
  for (Luma luma : {Luma::kBt601, Luma::kBt709}) {
    const double* w = luma == Luma::kBt709 ? kBt709 : kBt601;
    ImageToTensorParams p = forward(4, 1, 3, 1, Layout::kNCHW);
    p.map.scale = 1.0;
    p.luma = luma;
    const std::vector<float> t = to_tensor(p, primaries);
    for (int i = 0; i < 3; ++i)
      CHECK(t[static_cast<size_t>(i)] == doctest::Approx(255 * w[i]).epsilon(1e-6));
    CHECK(t[3] == 90.0f);  // exactly: Y = G + wr (R - G) + wb (B - G)
  }
  // So an RGBA picture of gray pixels gives bitwise the gray source's tensor.
  WASMCONV_SEEDED_RNG(rng, 20261211);
  const std::vector<uint8_t> gray = random_bytes(rng, 37);
  std::vector<uint8_t> rgba;
  for (uint8_t v : gray)
    rgba.insert(rgba.end(), {v, v, v, static_cast<uint8_t>(rng.uniform(0, 255))});
  ImageToTensorParams p = forward(37, 1, 1, 1, Layout::kNCHW);
  p.map.mean[0] = 0.45;
  p.map.std[0] = 0.226;
  const std::vector<float> from_gray = to_tensor(p, gray);
  p.source_channels = 4;
  for (Luma luma : {Luma::kBt601, Luma::kBt709}) {
    p.luma = luma;
    const std::vector<float> from_rgba = to_tensor(p, rgba);
    int mismatches = 0;
    for (size_t i = 0; i < gray.size(); ++i) mismatches += !same_bits(from_gray[i], from_rgba[i]);
    CHECK(mismatches == 0);
  }
}

TEST_CASE(
    "image_to_tensor: every source, channel count and layout against the formula; SIMD == "
    "reference") {
  WASMCONV_SEEDED_RNG(rng, 20261207);
  for (int s : {1, 3, 4}) {
    for (int c : {1, 3, 4}) {
      for (Layout layout : {Layout::kNCHW, Layout::kNHWC}) {
        for (const auto& size : kSizes) {
          ImageToTensorParams p = forward(size[0], size[1], s, c, layout);
          random_map(rng, &p.map);
          p.luma = rng.chance(2) ? Luma::kBt601 : Luma::kBt709;
          const int64_t n = size[0] * size[1];
          const std::vector<uint8_t> src = random_bytes(rng, n * s);
          const std::vector<float> t = to_tensor(p, src);
          std::vector<float> ref(t.size(), -9.0f);
          image_to_tensor_reference(p, src.data(), ref.data());
          CAPTURE(s);
          CAPTURE(c);
          CAPTURE(n);
          CAPTURE(static_cast<int>(layout));
          int mismatches = 0, off = 0;
          for (int64_t i = 0; i < n; ++i) {
            for (int k = 0; k < c; ++k) {
              const size_t j = static_cast<size_t>(at(layout, c, n, i, k));
              mismatches += !same_bits(t[j], ref[j]);
              const double want = expected_value(p, &src[static_cast<size_t>(i * s)], k);
              // float rounds byte * a and b (up to 255 scale / std and mean / std) apart
              const double terms = (255 * p.map.scale + std::fabs(p.map.mean[k])) / p.map.std[k];
              off += std::fabs(t[j] - want) > 1e-6 * (1 + terms);
            }
          }
          CHECK(mismatches == 0);
          CHECK(off == 0);
        }
      }
    }
  }
}

TEST_CASE("image_to_tensor: NHWC is NCHW transposed, bit for bit") {
  WASMCONV_SEEDED_RNG(rng, 20261208);
  for (int s : {1, 3, 4}) {
    for (int c : {3, 4}) {
      ImageToTensorParams p = forward(13, 3, s, c, Layout::kNCHW);
      random_map(rng, &p.map);
      const std::vector<uint8_t> src = random_bytes(rng, 39 * s);
      const std::vector<float> planar = to_tensor(p, src);
      p.layout = Layout::kNHWC;
      const std::vector<float> interleaved = to_tensor(p, src);
      int mismatches = 0;
      for (int64_t i = 0; i < 39; ++i) {
        for (int k = 0; k < c; ++k) {
          mismatches += !same_bits(planar[static_cast<size_t>(k * 39 + i)],
                                   interleaved[static_cast<size_t>(i * c + k)]);
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("tensor_to_image: rounding ties to even, clamping at 0 and 255 and beyond, NaN and Inf") {
  // Unit map: the byte is the value itself, rounded and clamped as a Uint8ClampedArray does.
  const std::vector<float> values = {-1e30f, -kInf,  -1.0f,  -0.5f,  -0.0f, 0.0f,   0.49f,
                                     0.5f,   0.51f,  1.5f,   2.5f,   3.5f,  254.5f, 254.51f,
                                     255.0f, 255.4f, 255.5f, 256.0f, 1e30f, kInf,   kNaN};
  const std::vector<uint32_t> bytes = {0, 0,   0,   0,   0,   0,   0,   0,   1,   2, 2,
                                       4, 254, 255, 255, 255, 255, 255, 255, 255, 0};
  const int64_t n = static_cast<int64_t>(values.size());
  // Each rotation puts every value in each lane of a SIMD block and in the tail.
  for (int64_t shift = 0; shift < n; ++shift) {
    std::vector<float> rotated(values.size());
    for (int64_t i = 0; i < n; ++i)
      rotated[static_cast<size_t>((i + shift) % n)] = values[static_cast<size_t>(i)];
    for (int c : {1, 3, 4}) {
      for (Layout layout : {Layout::kNCHW, Layout::kNHWC}) {
        TensorToImageParams p = inverse(n, 1, c, layout);
        p.map.scale = 1.0;
        // Every channel of every pixel gets the same value.
        std::vector<float> t(static_cast<size_t>(n * c));
        for (int64_t i = 0; i < n; ++i) {
          for (int k = 0; k < c; ++k)
            t[static_cast<size_t>(at(layout, c, n, i, k))] = rotated[static_cast<size_t>(i)];
        }
        const std::vector<uint8_t> rgba = to_image(p, t);
        int wrong = 0;
        for (int64_t i = 0; i < n; ++i) {
          const uint32_t want = bytes[static_cast<size_t>((i - shift + n) % n)];
          for (int k = 0; k < 3; ++k) wrong += rgba[static_cast<size_t>(4 * i + k)] != want;
          wrong += rgba[static_cast<size_t>(4 * i + 3)] != (c == 4 ? want : 255u);
        }
        CAPTURE(shift);
        CAPTURE(c);
        CHECK(wrong == 0);
      }
    }
  }
}

TEST_CASE("tensor_to_image: the default scale 1/255 maps 0..1 to 0..255 (0.5 is a tie: 128)") {
  TensorToImageParams p = inverse(5, 1, 1, Layout::kNCHW);
  const std::vector<uint8_t> rgba = to_image(p, {0.0f, 1.0f, 0.5f, 0.25f, 2.0f});
  const std::vector<uint8_t> want = {0,   0,   0,  255, 255, 255, 255, 255, 128, 128,
                                     128, 255, 64, 64,  64,  255, 255, 255, 255, 255};
  CHECK(rgba == want);  // 0.25 * 255 = 63.75 -> 64
}

TEST_CASE(
    "tensor_to_image: every channel count and layout against the formula; SIMD == reference") {
  WASMCONV_SEEDED_RNG(rng, 20261209);
  for (int c : {1, 3, 4}) {
    for (Layout layout : {Layout::kNCHW, Layout::kNHWC}) {
      for (const auto& size : kSizes) {
        TensorToImageParams p = inverse(size[0], size[1], c, layout);
        random_map(rng, &p.map);
        const int64_t n = size[0] * size[1];
        std::vector<float> t = rng.tensor(n * c, -3.0f, 3.0f);
        for (float& v : t) {
          if (rng.chance(20)) v = rng.pick<float>({kNaN, kInf, -kInf, 1e30f, -1e30f});
        }
        const std::vector<uint8_t> rgba = to_image(p, t);
        std::vector<uint8_t> ref(rgba.size(), 3);
        tensor_to_image_reference(p, t.data(), ref.data());
        CAPTURE(c);
        CAPTURE(n);
        CAPTURE(static_cast<int>(layout));
        CHECK(rgba == ref);
        int off = 0;
        for (int64_t i = 0; i < n; ++i) {
          for (int k = 0; k < 4; ++k) {
            const int source = c == 1 ? 0 : k;
            if (k == 3 && c != 4) {
              off += rgba[static_cast<size_t>(4 * i + 3)] != 255;
              continue;
            }
            bool near_tie = false;
            const float v = t[static_cast<size_t>(at(layout, c, n, i, source))];
            const uint32_t want = expected_byte(p, v, source, &near_tie);
            const uint32_t got = rgba[static_cast<size_t>(4 * i + k)];
            off += !(got == want || (near_tie && (got + 1 == want || got == want + 1)));
          }
        }
        CHECK(off == 0);
      }
    }
  }
}

TEST_CASE(
    "round trips are exact: every byte in every channel, for unit, 1/255, ImageNet and [-1, 1] "
    "maps") {
  const int64_t w = 257, h = 1;  // every byte value, and a tail
  std::vector<uint8_t> rgba(static_cast<size_t>(w * h * 4));
  for (int64_t i = 0; i < w; ++i) {
    rgba[static_cast<size_t>(4 * i)] = static_cast<uint8_t>(i);
    rgba[static_cast<size_t>(4 * i + 1)] = static_cast<uint8_t>(255 - i);
    rgba[static_cast<size_t>(4 * i + 2)] = static_cast<uint8_t>(i * 7);
    rgba[static_cast<size_t>(4 * i + 3)] = static_cast<uint8_t>(i * 13 + 5);
  }
  ChannelMap maps[4];
  maps[1].scale = 1.0;
  const double imagenet_mean[4] = {0.485, 0.456, 0.406, 0.5},
               imagenet_std[4] = {0.229, 0.224, 0.225, 0.5};
  for (int c = 0; c < 4; ++c) {
    maps[2].mean[c] = imagenet_mean[c];
    maps[2].std[c] = imagenet_std[c];
    maps[3].scale = 1.0;
    maps[3].mean[c] = 127.5;
    maps[3].std[c] = 127.5;
  }
  for (const ChannelMap& map : maps) {
    for (Layout layout : {Layout::kNCHW, Layout::kNHWC}) {
      for (int c : {1, 3, 4}) {
        // The source with c channels: gray, RGB or RGBA bytes.
        std::vector<uint8_t> src;
        for (int64_t i = 0; i < w; ++i) {
          for (int k = 0; k < c; ++k) src.push_back(rgba[static_cast<size_t>(4 * i + k)]);
        }
        ImageToTensorParams f = forward(w, h, c, c, layout);
        f.map = map;
        TensorToImageParams b = inverse(w, h, c, layout);
        b.map = map;
        const std::vector<uint8_t> back = to_image(b, to_tensor(f, src));
        int wrong = 0;
        for (int64_t i = 0; i < w; ++i) {
          for (int k = 0; k < 4; ++k) {
            const uint8_t want =
                k == 3 && c != 4 ? 255 : src[static_cast<size_t>(i * c + (c == 1 ? 0 : k))];
            wrong += back[static_cast<size_t>(4 * i + k)] != want;
          }
        }
        CAPTURE(map.scale);
        CAPTURE(map.mean[0]);
        CAPTURE(c);
        CHECK(wrong == 0);
      }
    }
  }
}

TEST_CASE("tensor_to_image: normalize maps the finite min..max to 0..255 over every channel") {
  SUBCASE("NaN and infinities take no part in the range, and draw as 0, 255 and 0") {
    TensorToImageParams p = inverse(7, 1, 1, Layout::kNCHW);
    p.normalize = true;
    p.map.std[0] = 0;  // ignored: normalize replaces the map
    const std::vector<uint8_t> rgba = to_image(p, {2.0f, 4.0f, kNaN, kInf, -kInf, 3.0f, 2.5f});
    const uint8_t want[7] = {0, 255, 0, 255, 0, 128, 64};  // 3 -> 127.5 -> 128, 2.5 -> 63.75 -> 64
    for (int i = 0; i < 7; ++i) CHECK(rgba[static_cast<size_t>(4 * i)] == want[i]);
  }
  SUBCASE("the range spans the channels, so their balance is kept") {
    TensorToImageParams p = inverse(2, 1, 3, Layout::kNCHW);
    p.normalize = true;
    const std::vector<uint8_t> rgba = to_image(p, {-1.0f, 0.0f, 0.0f, 1.0f, 0.5f, 3.0f});
    const std::vector<uint8_t> want = {0, 64, 96, 255, 64, 128, 255, 255};  // (v + 1) * 63.75
    CHECK(rgba == want);
  }
  SUBCASE("a constant tensor draws as 0, infinities still saturate; no finite value at all") {
    TensorToImageParams p = inverse(9, 1, 1, Layout::kNCHW);
    p.normalize = true;
    std::vector<uint8_t> rgba = to_image(p, {5, 5, 5, 5, 5, kInf, -kInf, kNaN, 5});
    const uint8_t want[9] = {0, 0, 0, 0, 0, 255, 0, 0, 0};
    for (int i = 0; i < 9; ++i) CHECK(rgba[static_cast<size_t>(4 * i)] == want[i]);
    p.width = 3;
    rgba = to_image(p, {kInf, -kInf, kNaN});
    CHECK(rgba[0] == 255);
    CHECK(rgba[4] == 0);
    CHECK(rgba[8] == 0);
  }
  SUBCASE("a narrow range far from 0 keeps its precision, and SIMD == reference") {
    WASMCONV_SEEDED_RNG(rng, 20261210);
    for (const auto& size : kSizes) {
      TensorToImageParams p = inverse(size[0], size[1], 3, Layout::kNHWC);
      p.normalize = true;
      std::vector<float> t = rng.tensor(size[0] * size[1] * 3, 1000.0f, 1001.0f);
      const std::vector<uint8_t> rgba = to_image(p, t);
      std::vector<uint8_t> ref(rgba.size());
      tensor_to_image_reference(p, t.data(), ref.data());
      CHECK(rgba == ref);
      float lo = t[0], hi = t[0];
      for (float v : t) {
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
      int off = 0;
      for (size_t i = 0; i < t.size(); ++i) {
        const double u = (static_cast<double>(t[i]) - lo) * 255.0 / (static_cast<double>(hi) - lo);
        const uint8_t got = rgba[4 * (i / 3) + i % 3];
        off += std::fabs(got - u) > 0.5 + 1e-3;
      }
      CHECK(off == 0);
    }
  }
}

TEST_CASE("image checks: each message names the parameter, its value and the rule") {
  const auto message = [](const Status& s) { return s.ok() ? std::string("ok") : s.message(); };
  ImageToTensorParams f = forward(4, 4, 4, 3, Layout::kNCHW);
  CHECK(message(check(f)) == "ok");
  f.width = 0;
  CHECK(message(check(f)) == "width must be an integer from 1 to 2147483647, got 0");
  f.width = 4;
  f.height = -2;
  CHECK(message(check(f)) == "height must be an integer from 1 to 2147483647, got -2");
  f.height = 4;
  f.channels = 2;
  CHECK(message(check(f)) == "channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got 2");
  f.channels = 3;
  f.source_channels = 2;
  CHECK(message(check(f)) == "the source's channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got 2");
  f.source_channels = 4;
  for (double bad : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
    f.map.scale = bad;
    CHECK(message(check(f)).rfind("scale must be a finite number greater than 0, got ", 0) == 0);
  }
  f.map.scale = 0.0;
  CHECK(message(check(f)) == "scale must be a finite number greater than 0, got 0");
  f.map.scale = 1.0 / 255.0;
  f.map.mean[2] = std::nan("");
  CHECK(message(check(f)) == "mean[2] must be a finite number, got NaN");
  f.map.mean[2] = 0;
  f.map.std[1] = 0;
  CHECK(message(check(f)) ==
        "std[1] must be a finite number greater than 0, got 0 (values are divided by it)");
  f.map.std[1] = -0.5;
  CHECK(message(check(f)) ==
        "std[1] must be a finite number greater than 0, got -0.5 (values are divided by it)");
  f.map.std[1] = 1;
  f.map.std[3] = 0;  // not a channel of an RGB tensor: unused, unchecked
  CHECK(message(check(f)) == "ok");
  f.map.scale = 1e-30;
  f.map.std[0] = 1e30;
  CHECK(message(check(f)) ==
        "scale 1e-30, mean[0] 0 and std[0] 1e+30 give a map beyond float range "
        "(scale / std, std / scale and mean / std must be representable)");
  f = forward(40000, 40000, 4, 3, Layout::kNCHW);
  const Status big = check(f);
  CHECK(big.code() == StatusCode::kOutOfMemory);
  CHECK(big.message() ==
        "a 40000x40000 image as a tensor of 3 channels would need more than 1024 MiB, the largest "
        "tensor wasmconv accepts");
  // The conversions check first and touch nothing on failure.
  std::vector<float> dst(4, 1.0f);
  const std::vector<uint8_t> src(16, 0);
  f = forward(2, 2, 4, 3, Layout::kNCHW);
  f.map.std[0] = 0;
  CHECK(!image_to_tensor(f, src.data(), dst.data()).ok());
  CHECK(dst[0] == 1.0f);

  TensorToImageParams b = inverse(2, 2, 3, Layout::kNHWC);
  b.channels = 5;
  CHECK(message(check(b)) == "channels must be 1 (gray), 3 (RGB) or 4 (RGBA), got 5");
  b.channels = 3;
  b.map.std[2] = 0;
  CHECK(message(check(b)) ==
        "std[2] must be a finite number greater than 0, got 0 (values are divided by it)");
  b.normalize = true;
  CHECK(message(check(b)) == "ok");
}

TEST_CASE("the SIMD paths are compiled into every build with SIMD") {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  CHECK(!image_simd_compiled());
#elif defined(__wasm_simd128__) || defined(__SSE4_1__)
  CHECK(image_simd_compiled());
#endif
}

}  // namespace wasmconv::image
