// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The optional memory ceiling: scratch buffers that would exceed it fail with
// kOutOfMemory (never a crash or an abort), the reference (which allocates nothing) still
// runs, and lifting the ceiling makes the same call succeed. Library buffers are returned:
// the heap in use comes back to where it was.
#include <doctest/doctest.h>

#include <string>

#include "support/test_support.h"
#include "wasmconv/layer.h"
#include "wasmconv/memory_limit.h"

using namespace wasmconv;

namespace {

// Restores "no ceiling" however the test case ends.
struct LimitGuard {
  ~LimitGuard() { set_memory_limit(0); }
};

}  // namespace

TEST_CASE("a memory ceiling turns scratch allocations into kOutOfMemory") {
  LimitGuard guard;
  WASMCONV_SEEDED_RNG(rng, 31);
  // Reflect padding: every backend but the reference copies the padded input (the GEMM
  // path all of it, 4 x 132 x 132 floats = 272 KiB; the SIMD path one channel at a time,
  // 68 KiB).
  ConvParams p;
  p.padding_mode = PaddingMode::kReflect;
  p.pad_begin = p.pad_end = {2, 2, 0};
  ConvGeometry g;
  REQUIRE(plan_conv(p, {1, 4, 128, 128}, {8, 4, 5, 5}, 8, &g).ok());
  const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size()), b = rng.tensor(8);
  const auto want = test::run(g, x, w, b.data(), Backend::kReference);
  const int64_t before = heap_bytes_in_use();
  set_memory_limit(before + (32 << 10));
  CHECK(memory_limit() == before + (32 << 10));
  for (Backend backend : {Backend::kSimd, Backend::kAuto}) {
    INFO("backend ", test::backend_name(backend));
    std::vector<float> y(want.size());
    const Status s = run_conv(g, x.data(), w.data(), b.data(), y.data(), backend);
    CHECK(s.code() == StatusCode::kOutOfMemory);
    CHECK(s.message().find("memory limit") != std::string::npos);
  }
  // The reference needs no scratch.
  CHECK(test::run(g, x, w, b.data(), Backend::kReference) == want);
  // A layer refuses to keep its weights beyond the ceiling.
  set_memory_limit(heap_bytes_in_use() + 1024);
  ConvLayer layer;
  const Status init = layer.init(p, {8, 4, 5, 5}, w.data(), b.data(), 8);
  CHECK(init.code() == StatusCode::kOutOfMemory);
  // Without the ceiling the same calls succeed and give the reference's result.
  set_memory_limit(0);
  for (Backend backend : {Backend::kSimd, Backend::kAuto}) {
    INFO("backend ", test::backend_name(backend));
    CHECK(test::relative_error(test::run(g, x, w, b.data(), backend), want) <= 1e-5);
  }
  CHECK(heap_bytes_in_use() <= before + (16 << 10));  // scratch was released
  // Negative limits mean none.
  set_memory_limit(-5);
  CHECK(memory_limit() == 0);
}
