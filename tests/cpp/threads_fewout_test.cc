// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The few-output-channel kernel (conv_fewout.h) split over threads (row_tasks.h): called
// directly on pools of 2 and 3 threads that split every call, it gives bitwise its
// one-thread result, on shapes aimed at its units: task boundaries between output rows,
// depth planes, groups and images, and between bands of columns (the last one partial).
// Outputs start as NaN and the one-thread result must match the reference, so a skipped
// output fails; scratch holding NaN from earlier use must not change a result, and a task's
// failed allocation comes back as a Status.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "kernels/conv_fewout.h"
#include "support/test_support.h"
#include "wasmconv/memory_limit.h"

namespace {

using namespace wasmconv;
using kernels::Workspaces;

std::vector<float> run_fewout(const ConvGeometry& g, const std::vector<float>& x,
                              const std::vector<float>& w, const float* bias, ThreadPool* pool,
                              bool poisoned, int64_t band_floats) {
  Workspaces threads;
  threads.use_pool(pool);
  if (poisoned) {
    threads.parallel_for(64, [](int64_t, kernels::Workspace& ws) {
      REQUIRE(ws.input.reserve(1 << 16, "test scratch").ok());
      std::fill(ws.input.data(), ws.input.data() + ws.input.size(), NAN);
    });
  }
  std::vector<float> y(static_cast<size_t>(g.output_size()), NAN);
  const Status s =
      kernels::conv_fewout(g, w.data(), x.data(), bias, y.data(), &threads, band_floats);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

ConvParams params(int dims, Dims stride, Dims pad, int64_t groups = 1, Dims dilation = {1, 1, 1}) {
  ConvParams p;
  p.spatial_dims = dims;
  p.stride = stride;
  p.pad_begin = pad;
  p.pad_end = pad;
  p.groups = groups;
  p.dilation = dilation;
  return p;
}

// Pools that split every call, where the build has threads (as in threads_dw_test.cc).
std::vector<std::unique_ptr<ThreadPool>> pools() {
  std::vector<std::unique_ptr<ThreadPool>> out;
#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
  for (int n : {2, 3}) out.push_back(std::make_unique<ThreadPool>(n, 0));
#endif
  return out;
}

}  // namespace

TEST_CASE("few output channels give the one-thread bits on 2 and 3 threads") {
  WASMCONV_SEEDED_RNG(rng, 20261226u);
  const auto threaded = pools();
  ConvParams reflect = params(2, {2, 1, 1}, {1, 2, 0}, 2);
  reflect.padding_mode = PaddingMode::kReflect;
  const struct {
    const char* what;
    ConvParams p;
    Shape x, w;
    int64_t band_floats;
  } cases[] = {
      // The benchmark's worst shape, smaller: 1x1 stride 3, rows split between tasks.
      {"1x1 s3, 9 -> 1",
       params(2, {3, 3, 0}, {0, 0, 0}),
       {1, 9, 61, 50},
       {1, 9, 1, 1},
       kernels::kFewOutBandFloats},
      {"3x3 s1, 5 -> 3, batch 2",
       params(2, {1, 1, 0}, {1, 1, 0}),
       {2, 5, 23, 30},
       {3, 5, 3, 3},
       kernels::kFewOutBandFloats},
      {"3x5 s2 reflect, groups 2, 2 per group",
       reflect,
       {1, 6, 19, 27},
       {4, 3, 3, 5},
       kernels::kFewOutBandFloats},
      // Bands of one tile, the last partial: tasks end between bands.
      {"3x3 s2 d2, bands",
       params(2, {2, 2, 0}, {2, 2, 0}, 1, {2, 2, 1}),
       {1, 4, 21, 150},
       {2, 4, 3, 3},
       1},
      {"1-D k5 s3, 2 -> 1, bands", params(1, {3, 0, 0}, {2, 0, 0}), {2, 2, 700}, {1, 2, 5}, 1},
      {"3-D 2x3x3, groups 3",
       params(3, {1, 2, 1}, {1, 1, 1}, 3),
       {1, 6, 5, 9, 13},
       {3, 2, 2, 3, 3},
       kernels::kFewOutBandFloats},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    ConvGeometry g;
    const Status planned = plan_conv(c.p, c.x, c.w, c.w.dims[0], &g);
    REQUIRE_MESSAGE(planned.ok(), planned.message());
    INFO(test::describe(g));
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const auto one = run_fewout(g, x, w, b.data(), nullptr, false, c.band_floats);
    CHECK(test::relative_error(one, test::run(g, x, w, b.data(), Backend::kReference)) < 1e-5);
    CHECK(test::bitwise_equal(run_fewout(g, x, w, b.data(), nullptr, true, c.band_floats), one));
    for (const auto& pool : threaded) {
      INFO("threads=", pool->threads());
      CHECK(test::bitwise_equal(run_fewout(g, x, w, b.data(), pool.get(), false, c.band_floats),
                                one));
      CHECK(
          test::bitwise_equal(run_fewout(g, x, w, b.data(), pool.get(), true, c.band_floats), one));
    }
  }
}

TEST_CASE("few output channels: a task's failed scratch allocation comes back as kOutOfMemory") {
  struct LimitGuard {
    ~LimitGuard() { set_memory_limit(0); }
  } guard;
  WASMCONV_SEEDED_RNG(rng, 20261227u);
  const auto threaded = pools();
  ConvGeometry g;
  REQUIRE(plan_conv(params(2, {1, 1, 0}, {1, 1, 0}), {1, 4, 30, 30}, {2, 4, 3, 3}, 2, &g).ok());
  const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
  std::vector<float> y(static_cast<size_t>(g.output_size()));
  Workspaces threads;
  threads.use_pool(threaded.empty() ? nullptr : threaded[0].get());
  set_memory_limit(heap_bytes_in_use() + 256);
  const Status s = kernels::conv_fewout(g, w.data(), x.data(), nullptr, y.data(), &threads);
  set_memory_limit(0);
  CHECK(s.code() == StatusCode::kOutOfMemory);
  CHECK(s.message().find("input rows") != std::string::npos);
  CHECK(kernels::conv_fewout(g, w.data(), x.data(), nullptr, y.data(), &threads).ok());
}
