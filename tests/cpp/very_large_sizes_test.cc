// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Requests with sizes near plan_conv's limits (2^31 - 1 per stride, dilation and pad) whose
// output is tiny. plan_conv accepts them, so every backend must either compute them (fast:
// the work is proportional to the output) or fail with kOutOfMemory. None may crash, read
// out of bounds or overflow its size arithmetic.
//
// This file sorts last on purpose: if a case crashes the process, the other files have
// already run.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>

#include "support/test_support.h"

using namespace wasmconv;

namespace {

constexpr int64_t kMax = (int64_t{1} << 31) - 1;

// Plans the request (which must be accepted), runs the reference, then each backend:
// a backend either matches the reference or returns kOutOfMemory. Returns the slowest
// backend's time in seconds.
double check_backends(const ConvParams& p, const Shape& xs, const Shape& ws) {
  ConvGeometry g;
  const Status planned = plan_conv(p, xs, ws, -1, &g);
  REQUIRE_MESSAGE(planned.ok(), planned.message());
  INFO(g);
  REQUIRE(g.output_size() <= 1000);
  std::vector<float> x(static_cast<size_t>(g.input_size()), 1.0f), w(static_cast<size_t>(g.weight_size()), 1.0f);
  const auto want = test::run(g, x, w, nullptr, Backend::kReference);
  double slowest = 0;
  for (Backend b : {Backend::kSimd, Backend::kAuto}) {
    INFO("backend ", test::backend_name(b));
    std::vector<float> y(want.size(), NAN);
    const auto start = std::chrono::steady_clock::now();
    const Status s = run_conv(g, x.data(), w.data(), nullptr, y.data(), b);
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    CAPTURE(s.message());
    if (s.ok()) {
      CHECK(y == want);
    } else {
      CHECK(s.code() == StatusCode::kOutOfMemory);
    }
  }
  return slowest;
}

}  // namespace

TEST_CASE("a huge stride with a tiny output takes negligible time on every backend") {
  // One input pixel of a transposed convolution writes kernel-many outputs whatever the
  // stride; the stride-phase loops of a sub-pixel kernel must not run 2^20 times for them.
  ConvParams t;
  t.op = Op::kConvTranspose;
  t.spatial_dims = 1;
  t.stride = {int64_t{1} << 20, 1, 1};
  CHECK(check_backends(t, {1, 4, 1}, {4, 8, 3}) < 0.05);
  t.spatial_dims = 2;
  t.stride = {1, int64_t{1} << 20, 1};
  CHECK(check_backends(t, {1, 8, 2, 1}, {8, 8, 2, 2}) < 0.05);
  // A stride within a huge dilated kernel: the phases still outnumber the outputs.
  t.spatial_dims = 1;
  t.stride = {int64_t{1} << 20, 1, 1};
  t.dilation = {int64_t{1} << 20, 1, 1};
  t.pad_begin = t.pad_end = {(int64_t{1} << 19) - 1, 0, 0};  // output 2^20 + 1 - 2^20 + 2 = 3
  CHECK(check_backends(t, {1, 4, 1}, {4, 8, 2}) < 0.05);
  t.spatial_dims = 2;
  t.stride = t.dilation = {int64_t{1} << 10, int64_t{1} << 10, 1};
  t.pad_begin = t.pad_end = {(int64_t{1} << 9) - 1, (int64_t{1} << 9) - 1, 0};
  CHECK(check_backends(t, {1, 4, 1, 1}, {4, 8, 2, 2}) < 0.05);
  // Convolution: a stride beyond the input reads one window.
  ConvParams c;
  c.spatial_dims = 1;
  c.stride = {kMax, 1, 1};
  CHECK(check_backends(c, {1, 4, 5}, {8, 4, 3}) < 0.05);
}

TEST_CASE("2-D padding of 2^31 - 1 per side with an equal stride: a 3x3 output") {
  // A padded image of about 2^64 pixels.
  ConvParams p;
  p.pad_begin = p.pad_end = {kMax, kMax, 0};
  p.stride = {kMax, kMax, 1};
  check_backends(p, {1, 1, 1, 1}, {1, 1, 1, 1});
  p.padding_mode = PaddingMode::kReplicate;
  check_backends(p, {1, 1, 1, 1}, {1, 1, 1, 1});
}

TEST_CASE("transposed: a dilation of 2^31 - 1 cancelled by equally large pads") {
  // A 2x2x2 output; a kernel that zero-pads the input so that every tap reads in bounds
  // needs about 2^31 per axis.
  ConvParams t;
  t.op = Op::kConvTranspose;
  t.spatial_dims = 3;
  t.dilation = {kMax, kMax, kMax};
  t.pad_begin = t.pad_end = {kMax / 2, kMax / 2, kMax / 2};
  check_backends(t, {1, 4, 1, 1, 1}, {4, 8, 2, 2, 2});
}

// The padded image's element count, (2^32 - 1)^2, overflows int64 in these two.
TEST_CASE("3-D zero padding of 2^31 - 1 per side on D and H: a 3x3x1 output") {
  ConvParams q;
  q.spatial_dims = 3;
  q.pad_begin = q.pad_end = {kMax, kMax, 0};
  q.stride = {kMax, kMax, 1};
  check_backends(q, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1});
  check_backends(q, {1, 8, 1, 1, 1}, {8, 8, 1, 1, 1});  // channels: the GEMM kernels
}

TEST_CASE("3-D replicate padding of 2^31 - 1 per side on D and H: a 3x3x1 output") {
  ConvParams q;
  q.spatial_dims = 3;
  q.padding_mode = PaddingMode::kReplicate;
  q.pad_begin = q.pad_end = {kMax, kMax, 0};
  q.stride = {kMax, kMax, 1};
  check_backends(q, {1, 1, 1, 1, 1}, {1, 1, 1, 1, 1});
}
