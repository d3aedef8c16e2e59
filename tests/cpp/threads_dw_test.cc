// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The depthwise kernels and the row path split over threads (row_tasks.h): each kernel,
// called directly on pools of 2 and 3 threads that split every call, gives bitwise its
// one-thread result, on shapes aimed at its splits: task boundaries inside a plane and
// between planes, a last partial block or band, batches, channel multipliers and groups,
// bands of columns, 1-D and 3-D. Outputs start as NaN, and the one-thread result must match
// the reference, so a skipped output fails; overlapping tasks of the accumulating row path
// would reset each other's sums (and ThreadSanitizer checks the writes). Scratch holding
// NaN from earlier use must not change a result, and a task's failed allocation comes back
// as a Status.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernels/dwconv_1x1.h"
#include "kernels/dwconv_3x3.h"
#include "kernels/dwconv_3x3s2.h"
#include "kernels/dwconv_direct.h"
#include "kernels/dwconv_rows.h"
#include "kernels/dwconv_transpose_subpixel.h"
#include "kernels/row_tasks.h"
#include "kernels/simd_path.h"
#include "support/test_support.h"
#include "wasmconv/memory_limit.h"

namespace {

using namespace wasmconv;
using kernels::Workspaces;

// A kernel under test, called as fast_path.cc calls it.
using Kernel = std::function<Status(const ConvGeometry&, const float* x, const float* w,
                                    const float* bias, float* y, Workspaces*)>;

Kernel dw(Status (*fn)(const ConvGeometry&, const float*, const float*, const float*, float*,
                       Workspaces*)) {
  return [fn](const ConvGeometry& g, const float* x, const float* w, const float* b, float* y,
              Workspaces* t) { return fn(g, w, x, b, y, t); };
}

Kernel rows(int64_t whole_channel_floats, int64_t ring_floats) {
  return [=](const ConvGeometry& g, const float* x, const float* w, const float* b, float* y,
             Workspaces* t) {
    return kernels::dwconv_rows(g, w, x, b, y, t, whole_channel_floats, ring_floats);
  };
}

Kernel simd(int64_t band_floats) {
  return [=](const ConvGeometry& g, const float* x, const float* w, const float* b, float* y,
             Workspaces* t) {
    return g.op == Op::kConv ? kernels::conv_simd(g, x, w, b, y, t, band_floats)
                             : kernels::conv_transpose_simd(g, x, w, b, y, t, band_floats);
  };
}

// Fills every thread's scratch with NaN (as many tasks as make each thread take some).
void poison_scratch(Workspaces* threads) {
  threads->parallel_for(64, [](int64_t, kernels::Workspace& ws) {
    for (FloatBuffer* b : {&ws.input, &ws.output}) {
      REQUIRE(b->reserve(1 << 16, "test scratch").ok());
      std::fill(b->data(), b->data() + b->size(), NAN);
    }
  });
}

std::vector<float> run_kernel(const Kernel& kernel, const ConvGeometry& g,
                              const std::vector<float>& x, const std::vector<float>& w,
                              const float* bias, ThreadPool* pool, bool poisoned) {
  Workspaces threads;
  threads.use_pool(pool);
  if (poisoned) poison_scratch(&threads);
  std::vector<float> y(static_cast<size_t>(g.output_size()), NAN);
  const Status s = kernel(g, x.data(), w.data(), bias, y.data(), &threads);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

const Op kConv = Op::kConv, kConvT = Op::kConvTranspose;

// Pools of `sizes` threads that split every call, where the build has threads (none in the
// single-threaded wasm builds, where starting a std::thread aborts: there the kernels run
// on one thread, still against the reference and on poisoned scratch).
std::vector<std::unique_ptr<ThreadPool>> pools(std::initializer_list<int> sizes) {
  std::vector<std::unique_ptr<ThreadPool>> out;
#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
  for (int n : sizes) out.push_back(std::make_unique<ThreadPool>(n, 0));
#endif
  return out;
}

struct Aimed {
  const char* what;
  ConvParams p;
  Shape x, w;
  Kernel kernel;
  std::function<bool(const ConvGeometry&)> serves;  // the kernel is the one meant
};

ConvParams params(Op op, int dims, Dims stride, Dims pad_begin, Dims pad_end, int64_t groups = 1,
                  Dims dilation = {1, 1, 1}) {
  ConvParams p;
  p.op = op;
  p.spatial_dims = dims;
  p.stride = stride;
  p.pad_begin = pad_begin;
  p.pad_end = pad_end;
  p.groups = groups;
  p.dilation = dilation;
  return p;
}

void check_aimed(const std::vector<Aimed>& cases, uint32_t seed) {
  WASMCONV_SEEDED_RNG(rng, seed);
  const auto threaded = pools({2, 3});
  for (const Aimed& c : cases) {
    INFO(c.what);
    ConvGeometry g;
    const int64_t c_out = c.p.op == Op::kConv ? c.w[0] : c.w[1] * c.p.groups;
    const Status planned = plan_conv(c.p, c.x, c.w, c_out, &g);
    REQUIRE_MESSAGE(planned.ok(), planned.message());
    INFO(test::describe(g));
    if (c.serves) CHECK(c.serves(g));
    const auto x = rng.tensor(g.input_size());
    const auto w = rng.tensor(g.weight_size());
    const auto b = rng.tensor(g.out_channels);
    const auto one = run_kernel(c.kernel, g, x, w, b.data(), nullptr, false);
    // Every output written, with the right value (a skipped one stays NaN).
    CHECK(test::relative_error(one, test::run(g, x, w, b.data(), Backend::kReference)) < 1e-5);
    CHECK(test::bitwise_equal(run_kernel(c.kernel, g, x, w, b.data(), nullptr, true), one));
    for (const auto& pool : threaded) {
      INFO("threads=", pool->threads());
      CHECK(test::bitwise_equal(run_kernel(c.kernel, g, x, w, b.data(), pool.get(), false), one));
      CHECK(test::bitwise_equal(run_kernel(c.kernel, g, x, w, b.data(), pool.get(), true), one));
    }
  }
}

}  // namespace

TEST_CASE("row tasks: consecutive ranges that cover every unit once") {
  using kernels::row_task_count;
  using kernels::row_task_range;
  // One thread: one task, the kernel as it ran before threads.
  CHECK(row_task_count(1000, 1 << 20, 1) == 1);
  CHECK(row_task_count(0, 100, 4) == 0);
  // A pool: at least a task per thread where the units allow, even on tiny work...
  CHECK(row_task_count(10, 1, 2) == 2);
  CHECK(row_task_count(10, 1, 3) == 3);
  CHECK(row_task_count(2, 1, 3) == 2);
  CHECK(row_task_count(1, 1 << 30, 3) == 1);
  // ...and on large work about one per kRowTaskMacs, never more than the units.
  CHECK(row_task_count(1000, kernels::kRowTaskMacs, 2) == 1000);
  CHECK(row_task_count(1000, kernels::kRowTaskMacs / 4, 2) == 250);
  CHECK(row_task_count(64, kernels::kRowTaskMacs * 8, 2) == 64);
  // A multiple of the thread count: work for 3 tasks makes 4 on 2 threads, 3 on 3.
  CHECK(row_task_count(31, kernels::kRowTaskMacs / 10, 2) == 4);
  CHECK(row_task_count(31, kernels::kRowTaskMacs / 10, 3) == 3);
  for (int64_t units : {1, 2, 7, 64, 1001}) {
    for (int64_t tasks : {int64_t{1}, int64_t{2}, int64_t{3}, int64_t{7}, units}) {
      if (tasks > units) continue;
      INFO("units=", units, " tasks=", tasks);
      int64_t next = 0;
      for (int64_t t = 0; t < tasks; ++t) {
        const kernels::TaskRange r = row_task_range(t, tasks, units);
        CHECK(r.begin == next);
        CHECK(r.end > r.begin);
        CHECK(r.end - r.begin <= units / tasks + 1);
        next = r.end;
      }
      CHECK(next == units);
    }
  }
}

TEST_CASE("depthwise 3x3 kernels read in place give the one-thread bits on 2 and 3 threads") {
  const Kernel s1 = dw(kernels::dwconv_3x3s1), s2 = dw(kernels::dwconv_3x3s2);
  const auto is_s1 = [](const ConvGeometry& g) { return kernels::dwconv_3x3s1_applies(g); };
  const auto is_s2 = [](const ConvGeometry& g) { return kernels::dwconv_3x3s2_applies(g); };
  check_aimed(
      {
          // Three planes of an odd 37 rows (a last block of one row): tasks end inside
          // planes, on block boundaries.
          {"3x3 s1, 3 channels, odd height",
           params(kConv, 2, {1, 1, 1}, {1, 1, 0}, {1, 1, 0}, 3),
           {1, 3, 37, 41},
           {3, 1, 3, 3},
           s1,
           is_s1},
          // One plane: only row blocks to split; no bottom padding row.
          {"3x3 s1, one channel, pad_bottom 0",
           params(kConv, 2, {1, 1, 1}, {1, 1, 0}, {0, 1, 0}),
           {1, 1, 50, 29},
           {1, 1, 3, 3},
           s1,
           is_s1},
          {"3x3 s1, batch 2, multiplier 2, pad_top 0",
           params(kConv, 2, {1, 1, 1}, {0, 1, 0}, {1, 1, 0}, 4),
           {2, 4, 20, 19},
           {8, 1, 3, 3},
           s1,
           is_s1},
          {"3x3 s1 on a 3-D input, kernel depth 1, stride_d 2",
           params(kConv, 3, {2, 1, 1}, {0, 1, 1}, {0, 1, 1}, 2),
           {1, 2, 3, 12, 17},
           {2, 1, 1, 3, 3},
           s1,
           is_s1},
          // A band that starts inside a plane becomes a plane of its own from input row
          // 2 * oh0 - pad_top; pad_top 1 and 2, odd and even heights.
          {"3x3 s2, one channel, pad 1",
           params(kConv, 2, {2, 2, 1}, {1, 1, 0}, {1, 1, 0}),
           {1, 1, 61, 45},
           {1, 1, 3, 3},
           s2,
           is_s2},
          {"3x3 s2, batch 2, multiplier 2, pads (0, 2) / (2, 0)",
           params(kConv, 2, {2, 2, 1}, {0, 2, 0}, {2, 0, 0}, 3),
           {2, 3, 30, 33},
           {6, 1, 3, 3},
           s2,
           is_s2},
          {"3x3 s2, pad 2 on every side",
           params(kConv, 2, {2, 2, 1}, {2, 2, 0}, {2, 2, 0}, 2),
           {1, 2, 27, 40},
           {2, 1, 3, 3},
           s2,
           is_s2},
          {"3x3 s2 on a 3-D input, kernel depth 1",
           params(kConv, 3, {1, 2, 2}, {0, 1, 1}, {0, 1, 1}, 2),
           {1, 2, 2, 21, 26},
           {2, 1, 1, 3, 3},
           s2,
           is_s2},
      },
      20261207u);
}

TEST_CASE("the depthwise row ring gives the one-thread bits on 2 and 3 threads") {
  const auto ring = [](const ConvGeometry& g) { return kernels::dwconv_rows_applies(g); };
  ConvParams reflect = params(kConv, 2, {2, 2, 1}, {2, 2, 0}, {2, 2, 0}, 2, {2, 2, 1});
  reflect.padding_mode = PaddingMode::kReflect;
  check_aimed(
      {
          // Held whole (C7's shape, smaller), and the same on a ring of slots: a task
          // fills its ring from its first block's rows.
          {"7x7, one channel, held whole",
           params(kConv, 2, {1, 1, 1}, {3, 3, 0}, {3, 3, 0}),
           {1, 1, 60, 70},
           {1, 1, 7, 7},
           rows(kernels::kDwWholeChannelFloats, kernels::kDwRingFloats),
           ring},
          {"7x7, one channel, ring",
           params(kConv, 2, {1, 1, 1}, {3, 3, 0}, {3, 3, 0}),
           {1, 1, 60, 70},
           {1, 1, 7, 7},
           rows(0, kernels::kDwRingFloats),
           ring},
          {"3x3 s1 (the unrolled kernel), ring, batch 2",
           params(kConv, 2, {1, 1, 1}, {1, 1, 0}, {1, 1, 0}, 3),
           {2, 3, 21, 9},
           {3, 1, 3, 3},
           rows(0, kernels::kDwRingFloats),
           ring},
          // Stride 2 along W (rows split into phases), dilation 2, reflect padding,
          // multiplier 2.
          {"5x5 s2 d2 reflect, multiplier 2",
           reflect,
           {1, 2, 41, 53},
           {4, 1, 5, 5},
           rows(0, kernels::kDwRingFloats),
           ring},
          // Bands of one tile of columns, the last one partial.
          {"3x5, one-tile bands",
           params(kConv, 2, {1, 1, 1}, {1, 2, 0}, {1, 2, 0}),
           {1, 1, 23, 150},
           {1, 1, 3, 5},
           rows(0, 1),
           ring},
          // A 1-D signal: one row, split only by bands.
          {"1-D, k9, bands",
           params(kConv, 1, {1, 1, 1}, {4, 0, 0}, {4, 0, 0}, 3),
           {2, 3, 700},
           {3, 1, 9},
           rows(0, 1),
           ring},
          {"3-D input, kernel depth 1, strides (2, 1, 2)",
           params(kConv, 3, {2, 1, 2}, {0, 2, 1}, {0, 2, 1}, 2),
           {1, 2, 4, 15, 18},
           {2, 1, 1, 5, 3},
           rows(0, kernels::kDwRingFloats),
           ring},
      },
      20261208u);
}

TEST_CASE("the depthwise padded-image path (3-D kernels) gives the one-thread bits") {
  const Kernel padded = dw(kernels::dwconv_padded);
  check_aimed(
      {
          // One channel: padded once, its rows split.
          {"3x3x3, one channel",
           params(kConv, 3, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}),
           {1, 1, 7, 12, 21},
           {1, 1, 3, 3, 3},
           padded,
           nullptr},
          {"2x3x3, 3 channels, multiplier 2",
           params(kConv, 3, {1, 2, 1}, {0, 1, 1}, {1, 1, 1}, 3),
           {1, 3, 4, 9, 23},
           {6, 1, 2, 3, 3},
           padded,
           nullptr},
          // 12 channels: tasks of whole channels, each padded by its task.
          {"2x3x3, batch 2, 6 channels, multiplier 2",
           params(kConv, 3, {1, 1, 2}, {1, 1, 1}, {0, 1, 1}, 6),
           {2, 6, 4, 9, 11},
           {12, 1, 2, 3, 3},
           padded,
           nullptr},
      },
      20261209u);
}

TEST_CASE("depthwise transposed sub-pixel gives the one-thread bits on 2 and 3 threads") {
  const Kernel subpixel = dw(kernels::dwconv_transpose_subpixel);
  ConvParams dilated = params(kConvT, 2, {2, 2, 1}, {1, 1, 0}, {1, 1, 0}, 2, {2, 2, 1});
  dilated.output_padding = {1, 1, 0};
  check_aimed(
      {
          // T4's shape, smaller: stride 2 (both W phases in registers), 3 channels of 40
          // phase rows each.
          {"4x4 s2, 3 channels",
           params(kConvT, 2, {2, 2, 1}, {1, 1, 0}, {1, 1, 0}, 3),
           {1, 3, 40, 37},
           {3, 1, 4, 4},
           subpixel,
           nullptr},
          // Stride 3: W phases written apart and interleaved; odd phase-row counts.
          {"5x5 s3, batch 2, multiplier 2",
           params(kConvT, 2, {3, 3, 1}, {1, 1, 0}, {1, 1, 0}, 2),
           {2, 2, 17, 19},
           {2, 2, 5, 5},
           subpixel,
           nullptr},
          {"3x3 s2 d2, output padding 1", dilated, {1, 2, 21, 23}, {2, 1, 3, 3}, subpixel, nullptr},
          {"1-D 4 s2, 2 channels",
           params(kConvT, 1, {2, 1, 1}, {1, 0, 0}, {1, 0, 0}, 2),
           {1, 2, 300},
           {2, 1, 4},
           subpixel,
           nullptr},
      },
      20261210u);
}

TEST_CASE("depthwise 1x1 gives the one-thread bits on 2 and 3 threads") {
  const Kernel scale = dw(kernels::dwconv_1x1);
  ConvParams reflect = params(kConv, 2, {2, 1, 1}, {0, 2, 0}, {1, 3, 0}, 6);
  reflect.padding_mode = PaddingMode::kReflect;
  ConvParams padded = params(kConvT, 2, {3, 3, 1}, {1, 2, 0}, {0, 0, 0}, 4);
  padded.output_padding = {2, 1, 0};
  check_aimed(
      {
          {"conv, 6 channels x 2, stride 2 x 1, reflect borders",
           reflect,
           {2, 6, 15, 37},
           {12, 1, 1, 1},
           scale,
           kernels::dwconv_1x1_applies},
          {"transposed, stride 3, padding, output padding",
           padded,
           {1, 4, 11, 13},
           {4, 3, 1, 1},
           scale,
           kernels::dwconv_1x1_applies},
          {"1-D conv, 40 channels",
           params(kConv, 1, {1, 1, 1}, {3, 0, 0}, {0, 0, 0}, 40),
           {1, 40, 70},
           {40, 1, 1},
           scale,
           kernels::dwconv_1x1_applies},
      },
      20261208u);
}

TEST_CASE("the row path (conv and scatter) gives the one-thread bits on 2 and 3 threads") {
  ConvParams reflect = params(kConv, 2, {2, 2, 1}, {1, 2, 0}, {1, 2, 0}, 2);
  reflect.padding_mode = PaddingMode::kReflect;
  check_aimed(
      {
          // U15's shape, smaller: one output channel read in place, split by rows.
          {"conv 1x1, 8 -> 1",
           params(kConv, 2, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}),
           {1, 8, 37, 29},
           {1, 8, 1, 1},
           simd(kernels::kSimdBandFloats),
           nullptr},
          // Each task pads (reflect) and phase-splits only the rows its outputs read.
          {"conv 3x3 s2 reflect, groups 2, batch 2",
           reflect,
           {2, 4, 23, 31},
           {4, 2, 3, 3},
           simd(kernels::kSimdBandFloats),
           nullptr},
          {"conv 3x3 s2, no padding (phase split of rows in place)",
           params(kConv, 2, {2, 2, 1}, {0, 0, 0}, {0, 0, 0}),
           {1, 3, 20, 41},
           {2, 3, 3, 3},
           simd(kernels::kSimdBandFloats),
           nullptr},
          {"conv 1-D k5 s3, bands",
           params(kConv, 1, {3, 1, 1}, {2, 0, 0}, {2, 0, 0}),
           {1, 3, 400},
           {2, 3, 5},
           simd(64),
           nullptr},
          {"conv 3-D 3x3x3",
           params(kConv, 3, {1, 2, 1}, {1, 1, 1}, {1, 1, 1}),
           {1, 2, 5, 9, 13},
           {3, 2, 3, 3, 3},
           simd(kernels::kSimdBandFloats),
           nullptr},
          {"scatter 3x3 s1, 3 -> 2",
           params(kConvT, 2, {1, 1, 1}, {1, 1, 0}, {1, 1, 0}),
           {1, 3, 19, 22},
           {3, 2, 3, 3},
           simd(kernels::kSimdBandFloats),
           nullptr},
          // Stride 3 along W: rows in phase layout, in bands; batch 2.
          {"scatter 1x1 s3, bands",
           params(kConvT, 2, {3, 3, 1}, {0, 0, 0}, {0, 0, 0}),
           {2, 4, 9, 11},
           {4, 3, 1, 1},
           simd(16),
           nullptr},
          {"scatter 4x4 s2 d2, groups 2",
           params(kConvT, 2, {2, 2, 1}, {1, 1, 0}, {1, 1, 0}, 2, {2, 2, 1}),
           {1, 4, 12, 13},
           {4, 1, 4, 4},
           simd(kernels::kSimdBandFloats),
           nullptr},
          {"scatter 3-D s2",
           params(kConvT, 3, {2, 2, 2}, {1, 1, 1}, {1, 1, 1}),
           {1, 2, 4, 5, 7},
           {2, 2, 3, 3, 3},
           simd(kernels::kSimdBandFloats),
           nullptr},
          {"scatter 1-D k7 s4, bands",
           params(kConvT, 1, {4, 1, 1}, {3, 0, 0}, {3, 0, 0}),
           {1, 2, 500},
           {2, 1, 7},
           simd(256),
           nullptr},
      },
      20261211u);
}

TEST_CASE("a task's failed scratch allocation comes back as kOutOfMemory") {
  struct LimitGuard {
    ~LimitGuard() { set_memory_limit(0); }
  } guard;
  WASMCONV_SEEDED_RNG(rng, 404u);
  const auto threaded = pools({2});
  const struct {
    const char* what;
    ConvParams p;
    Shape x, w;
    Kernel kernel;
    const char* scratch;
  } cases[] = {
      {"row ring",
       params(kConv, 2, {1, 1, 1}, {3, 3, 0}, {3, 3, 0}),
       {1, 1, 60, 70},
       {1, 1, 7, 7},
       rows(kernels::kDwWholeChannelFloats, kernels::kDwRingFloats),
       "padded rows"},
      {"padded image, whole channels",
       params(kConv, 3, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, 8),
       {1, 8, 6, 9, 9},
       {8, 1, 3, 3, 3},
       dw(kernels::dwconv_padded),
       "padded input"},
      {"depthwise sub-pixel",
       params(kConvT, 2, {2, 2, 1}, {1, 1, 0}, {1, 1, 0}, 3),
       {1, 3, 40, 37},
       {3, 1, 4, 4},
       dw(kernels::dwconv_transpose_subpixel),
       "padded rows"},
      {"row path conv",
       params(kConv, 2, {1, 1, 1}, {1, 1, 0}, {1, 1, 0}),
       {1, 4, 30, 30},
       {2, 4, 3, 3},
       simd(kernels::kSimdBandFloats),
       "prepared input rows"},
      {"row path scatter",
       params(kConvT, 2, {3, 3, 1}, {0, 0, 0}, {0, 0, 0}),
       {1, 4, 30, 30},
       {4, 2, 3, 3},
       simd(kernels::kSimdBandFloats),
       "strided output rows"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    ConvGeometry g;
    const int64_t c_out = c.p.op == Op::kConv ? c.w[0] : c.w[1] * c.p.groups;
    REQUIRE(plan_conv(c.p, c.x, c.w, c_out, &g).ok());
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    std::vector<float> y(static_cast<size_t>(g.output_size()));
    Workspaces threads;
    threads.use_pool(threaded.empty() ? nullptr : threaded[0].get());
    set_memory_limit(heap_bytes_in_use() + 256);
    const Status s = c.kernel(g, x.data(), w.data(), nullptr, y.data(), &threads);
    set_memory_limit(0);
    CHECK(s.code() == StatusCode::kOutOfMemory);
    CHECK(s.message().find(c.scratch) != std::string::npos);
    // Without the ceiling the same workspaces run it.
    CHECK(c.kernel(g, x.data(), w.data(), nullptr, y.data(), &threads).ok());
  }
}
