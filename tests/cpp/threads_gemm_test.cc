// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The GEMM kernels' task splits (gemm_tasks.h): the pieces cover every output exactly once,
// and each way a kernel cuts a run (bands of rows, of columns, ring planes, a shared padded
// image, pieces of output-channel blocks, Winograd's chunks and split steps, sub-pixel row
// panels and bias-only phases, the phase GEMM's depth-to-space pass, the gemv's columns) is
// aimed at by a shape on which it makes several tasks, with a last, shorter piece where the
// shape allows. Outputs start as NaN, so a task that was skipped leaves NaNs behind; runs on
// 2 and 3 threads must give bitwise the one-thread result, which must match the reference.
// Allocation failures inside tasks come back as kOutOfMemory.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "kernels/conv_igemm.h"
#include "kernels/conv_pointwise_strided.h"
#include "kernels/conv_transpose_gemv.h"
#include "kernels/conv_transpose_phase_gemm.h"
#include "kernels/conv_transpose_subpixel.h"
#include "kernels/conv_winograd.h"
#include "kernels/fast_path.h"
#include "kernels/gemm_tasks.h"
#include "kernels/igemm_microkernel.h"
#include "support/test_support.h"
#include "wasmconv/conv.h"
#include "wasmconv/memory_limit.h"

namespace {

using namespace wasmconv;
using kernels::FastKernel;
using kernels::GemmTasks;
using kernels::Pieces;

// Every piece is [begin, end), they follow each other from 0 to total, each a multiple of
// `align` but the last and none longer than `cap`.
void check_pieces(const Pieces& p, int64_t align, int64_t cap) {
  INFO("total=", p.total, " step=", p.step, " count=", p.count);
  int64_t next = 0;
  for (int64_t i = 0; i < p.count; ++i) {
    CHECK(p.begin(i) == next);
    CHECK(p.end(i) > p.begin(i));
    CHECK(p.end(i) - p.begin(i) <= cap);
    if (i + 1 < p.count) CHECK((p.end(i) - p.begin(i)) % align == 0);
    next = p.end(i);
  }
  CHECK(next == p.total);
}

TEST_CASE("pieces and GEMM task grids cover every unit and block exactly once") {
  const int64_t big = std::numeric_limits<int64_t>::max();
  for (int64_t total : {1, 2, 7, 8, 9, 63, 64, 65, 1000, 4097})
    for (int64_t want : {1, 2, 3, 5, 64})
      for (int64_t align : {1, 8, 32})
        for (int64_t cap : {align, 3 * align, big}) {
          INFO("want=", want, " align=", align, " cap=", cap);
          const Pieces p = kernels::cut(total, want, cap, align);
          check_pieces(p, align, cap);
          // About as many pieces as wanted where the alignment and total allow (whole
          // aligned pieces: within a factor of two), more only where the cap forces them.
          const int64_t most = (total + align - 1) / align;
          CHECK(2 * p.count >= std::min(want, most));
          if (cap == big) CHECK(p.count <= 2 * want);
          if (most % want == 0 && cap == big) CHECK(p.count == want);
        }
  // Task grids: every (outer, unit, block) cell once.
  for (int64_t macs : {int64_t{1000}, int64_t{40} << 20, int64_t{1} << 30})
    for (int64_t outer : {1, 3})
      for (int64_t units : {1, 5, 100})
        for (int64_t blocks : {1, 6, 40})
          for (int64_t chunk : {1, 4, 40})
            for (int threads : {1, 2, 3}) {
              const int64_t cap = units > 5 ? 16 : units, align = units == 100 ? 8 : 1;
              INFO("macs=", macs, " outer=", outer, " units=", units, " blocks=", blocks,
                   " chunk=", chunk, " threads=", threads);
              const GemmTasks t =
                  kernels::split_gemm(macs, outer, units, cap, align, blocks, chunk, threads);
              // On a pool, the one-thread cut gives way only to one the threads finish sooner.
              const GemmTasks one =
                  kernels::split_gemm(macs, outer, units, cap, align, blocks, chunk);
              const double set_up = kernels::kTaskSetUp *
                                    static_cast<double>(outer * units * blocks) /
                                    static_cast<double>(kernels::wanted_tasks(macs));
              CHECK(kernels::gemm_makespan(t, threads, set_up) <=
                    kernels::gemm_makespan(one, threads, set_up));
              check_pieces(t.units, align, cap);
              check_pieces(t.blocks, 1, chunk);
              std::vector<int> seen(static_cast<size_t>(outer * units * blocks), 0);
              for (int64_t i = 0; i < t.count(); ++i) {
                const GemmTasks::Cell c = t.cell(i);
                for (int64_t u = c.u0; u < c.u1; ++u)
                  for (int64_t b = c.b0; b < c.b1; ++b)
                    ++seen[static_cast<size_t>((c.outer * units + u) * blocks + b)];
              }
              for (int s : seen) CHECK(s == 1);
              // Enough tasks where the pieces allow it (at least two, so that small shapes
              // are split too), never more than kMaxTasks beyond the chunks that force them.
              const int64_t want = kernels::wanted_tasks(macs);
              const int64_t most = outer * ((units + align - 1) / align) * blocks;
              CHECK(2 * t.count() >= std::min(want, most));
              CHECK(t.count() <=
                    2 * std::max(kernels::kMaxTasks, outer * ((units + cap - 1) / cap) *
                                                         ((blocks + chunk - 1) / chunk)));
            }
}

// Stride s, padding p and dilation d on each of `dims` spatial axes.
ConvParams params(Op op, int dims, int s, int p, int d = 1, int64_t groups = 1) {
  ConvParams c;
  c.op = op;
  c.spatial_dims = dims;
  for (int a = 0; a < dims; ++a) {
    c.stride[a] = s;
    c.dilation[a] = d;
    c.pad_begin[a] = c.pad_end[a] = p;
  }
  c.groups = groups;
  return c;
}

std::vector<float> run_nan(const ConvGeometry& g, const std::vector<float>& x,
                           const std::vector<float>& w, const float* bias, ThreadPool* pool) {
  std::vector<float> y(static_cast<size_t>(g.output_size()), std::nanf(""));
  const Status s = run_conv(g, x.data(), w.data(), bias, y.data(), Backend::kAuto, pool);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return y;
}

int64_t nans(const std::vector<float>& y) {
  int64_t n = 0;
  for (float v : y) n += std::isnan(v) ? 1 : 0;
  return n;
}

// The pools the splits run on (2 and 3 threads, splitting every call), alive for one test
// case: the threaded wasm builds start a bounded number of workers with the module.
struct Pools {
  ThreadPool two{2, 0}, three{3, 0};
};

// Plans `p` on x and w shapes, requires `kernel`, checks `split` on the geometry (the shape
// must exercise the split it aims at), then runs on one thread and on 2 and 3.
void check_split(const char* what, const ConvParams& p, const Shape& xs, const Shape& ws,
                 FastKernel kernel, const std::function<void(const ConvGeometry&)>& split,
                 test::Rng& rng, Pools& pools) {
  INFO(what);
  const int64_t c_out = p.op == Op::kConv ? ws[0] : ws[1] * p.groups;
  ConvGeometry g;
  const Status planned = plan_conv(p, xs, ws, c_out, &g);
  REQUIRE_MESSAGE(planned.ok(), planned.message());
  INFO(test::describe(g));
  REQUIRE(kernels::choose_fast_kernel(g) == kernel);
  split(g);
  const auto x = rng.tensor(g.input_size());
  const auto w = rng.tensor(g.weight_size());
  const auto b = rng.tensor(g.out_channels);
  const auto one = run_nan(g, x, w, b.data(), nullptr);
  CHECK(nans(one) == 0);
  const double tolerance = kernel == FastKernel::kWinograd ? 1e-4 : 1e-5;
  CHECK(test::relative_error(one, test::run(g, x, w, b.data(), Backend::kReference)) <= tolerance);
  for (ThreadPool* pool : {&pools.two, &pools.three}) {
    INFO("threads=", pool->threads());
    const auto many = run_nan(g, x, w, b.data(), pool);
    CHECK(nans(many) == 0);
    CHECK(test::bitwise_equal(many, one));
  }
}

// Several unit pieces, the last one shorter.
void check_units(const GemmTasks& t) {
  CHECK(t.units.count > 1);
  CHECK(t.units.total % t.units.step != 0);
}

TEST_CASE("conv_igemm's splits give the one-thread bits on 2 and 3 threads") {
  WASMCONV_SEEDED_RNG(rng, 20261206u);
  Pools pools;
  const Op conv = Op::kConv;
  auto bands = [](const ConvGeometry& g) {
    const kernels::IgemmTasks t = kernels::igemm_tasks(g);
    CHECK_FALSE(t.shared);
    check_units(t.tasks);
  };
  // An odd count of tasks on one thread (the benchmark's C5: 13), cut again for the pools.
  check_split(
      "pointwise in place, 13 tasks on one thread", params(conv, 2, 1, 0), {1, 256, 28, 28},
      {64, 256, 1, 1}, FastKernel::kIgemm,
      [](const ConvGeometry& g) { CHECK(kernels::igemm_tasks(g).tasks.count() == 13); }, rng,
      pools);
  // 2-D bands of output rows, each task building its own.
  check_split("rows, 5x5", params(conv, 2, 1, 2), {1, 8, 37, 29}, {12, 8, 5, 5}, FastKernel::kIgemm,
              bands, rng, pools);
  ConvParams reflect = params(conv, 2, 2, 3, 2, 2);
  reflect.padding_mode = PaddingMode::kReflect;
  check_split("rows, stride 2, dilation 2, groups 2, batch 2, reflect", reflect, {2, 32, 79, 43},
              {20, 16, 3, 3}, FastKernel::kIgemm, bands, rng, pools);
  // 1-D: bands of output columns, whole pixel tiles.
  check_split("columns, 1-D stride 2, batch 2", params(conv, 1, 2, 1), {2, 64, 3001}, {12, 64, 3},
              FastKernel::kIgemm, bands, rng, pools);
  // 3-D: output planes over a ring of padded planes, rebuilt by each task.
  check_split("ring, 3-D, batch 2", params(conv, 3, 1, 1), {2, 8, 13, 9, 12}, {10, 8, 3, 3, 3},
              FastKernel::kIgemm, bands, rng, pools);
  check_split("ring, 3-D stride 2", params(conv, 3, 2, 1), {1, 6, 13, 6, 7}, {5, 6, 3, 3, 3},
              FastKernel::kIgemm, bands, rng, pools);
  // Pointwise on x in place: pieces of whole pixel tiles; the last, partial tile's panel is
  // built before the tasks (63 pixels: a partial tile for every vector width).
  check_split(
      "pointwise in place", params(conv, 2, 1, 0), {1, 64, 9, 23}, {64, 64, 1, 1},
      FastKernel::kIgemm, [](const ConvGeometry& g) { check_units(kernels::igemm_tasks(g).tasks); },
      rng, pools);
  check_split(
      "pointwise in place, groups 2, batch 2", params(conv, 2, 1, 0, 1, 2), {2, 24, 7, 9},
      {16, 12, 1, 1}, FastKernel::kIgemm,
      [](const ConvGeometry& g) {
        CHECK(kernels::igemm_tasks(g).tasks.count() > 1);
        CHECK(g.output_spatial() % kernels::kTileN != 0);
      },
      rng, pools);
  // Pointwise on a 32x32 image (channels 4 KiB apart): a padded copy in bands of columns.
  check_split(
      "pointwise through a padded copy", params(conv, 2, 1, 0), {1, 16, 32, 32}, {20, 16, 1, 1},
      FastKernel::kIgemm,
      [](const ConvGeometry& g) { CHECK(kernels::igemm_tasks(g).tasks.count() > 1); }, rng, pools);
  // Weights of two and more chunks: one padded image per batch element, built before the
  // tasks (stride 1: by pieces of channels; stride 2: phase-split rows, on the caller).
  auto shared = [](const ConvGeometry& g) {
    const kernels::IgemmTasks t = kernels::igemm_tasks(g);
    CHECK(t.shared);
    CHECK_FALSE(t.gathered);
    CHECK(t.tasks.blocks.count >= 2);
    CHECK(t.tasks.count() > 1);
  };
  // (Output rows of whole pixel tiles, which no gathered panel would fill better.)
  const int64_t tile = kernels::kTileN;
  check_split("shared image, 5x5 stride 1, batch 2", params(conv, 2, 1, 2), {2, 64, 9, tile},
              {48, 64, 5, 5}, FastKernel::kIgemm, shared, rng, pools);
  check_split("shared image, 3x3 stride 2", params(conv, 2, 2, 1), {1, 64, 13, 2 * tile - 1},
              {128, 64, 3, 3}, FastKernel::kIgemm, shared, rng, pools);
  // Short output rows (4 outputs: half a pixel tile or less): one gathered pixel panel per
  // batch element, the tasks cutting blocks.
  ConvParams replicate = params(conv, 2, 2, 1, 1, 2);
  replicate.padding_mode = PaddingMode::kReplicate;
  for (const ConvParams& p : {params(conv, 2, 2, 1), replicate}) {
    check_split(
        "gathered panel, 3x3 stride 2, batch 2", p, {2, 64, 7, 7}, {128, 64 / p.groups, 3, 3},
        FastKernel::kIgemm,
        [](const ConvGeometry& g) {
          const kernels::IgemmTasks t = kernels::igemm_tasks(g);
          CHECK(t.shared);
          CHECK(t.gathered);
          CHECK(t.tasks.units.count == 1);
          CHECK(t.tasks.blocks.count >= 2);
        },
        rng, pools);
  }
  // One pixel tile and one row: the blocks are cut below the weight chunk.
  check_split(
      "pieces of blocks", params(conv, 1, 1, 1), {1, 32, 6}, {16, 32, 3}, FastKernel::kIgemm,
      [](const ConvGeometry& g) {
        const GemmTasks t = kernels::igemm_tasks(g).tasks;
        CHECK(t.units.count == 1);
        CHECK(t.blocks.count > 1);
      },
      rng, pools);
}

TEST_CASE("strided pointwise, Winograd and the transposed GEMM paths split bitwise") {
  WASMCONV_SEEDED_RNG(rng, 6122026u);
  Pools pools;
  const Op conv = Op::kConv, convT = Op::kConvTranspose;
  check_split(
      "strided pointwise, groups 2, batch 2", params(conv, 2, 2, 0, 1, 2), {2, 64, 65, 67},
      {64, 32, 1, 1}, FastKernel::kIgemm,
      [](const ConvGeometry& g) { check_units(kernels::strided_pointwise_tasks(g)); }, rng, pools);
  // Winograd: a task per chunk of tiles (at least kMinChunkJobs of them in a band) ...
  auto chunks = [](const ConvGeometry& g) {
    const kernels::WinogradTasks t = kernels::winograd_tasks(g);
    CHECK_FALSE(t.split_steps);
    CHECK(t.chunks > 1);
  };
  check_split("winograd chunks", params(conv, 2, 1, 1), {1, 8, 80, 77}, {8, 8, 3, 3},
              FastKernel::kWinograd, chunks, rng, pools);
  check_split("winograd chunks, dilation 2, groups 2, batch 2", params(conv, 2, 1, 2, 2, 2),
              {2, 16, 70, 61}, {16, 8, 3, 3}, FastKernel::kWinograd, chunks, rng, pools);
  // ... cut again on a pool where the one-thread chunks would leave a thread idle at the end
  // (14 tile rows: 4 chunks of up to 4 rows for one thread, 6 of 2-3 rows for 2 and 3), ...
  check_split(
      "winograd chunks evened out for the pool", params(conv, 2, 1, 1), {1, 8, 56, 56},
      {8, 8, 3, 3}, FastKernel::kWinograd,
      [](const ConvGeometry& g) {
        const int64_t one = kernels::winograd_tasks(g).chunks;
        CHECK(one == 4);
        CHECK(kernels::winograd_tasks(g, 2).chunks == 6);
        CHECK(kernels::winograd_tasks(g, 3).chunks == 6);
      },
      rng, pools);
  // ... in bands of tile rows (a padded plane above 1 MiB), the band built by pieces of
  // channels before its tasks.
  check_split(
      "winograd bands", params(conv, 2, 1, 1), {1, 16, 130, 129}, {8, 16, 3, 3},
      FastKernel::kWinograd,
      [&](const ConvGeometry& g) {
        CHECK(kernels::winograd_tasks(g).chunks > 1);
        CHECK(kernels::winograd_band_tile_rows(g) < (g.output[1] + 3) / 4);
      },
      rng, pools);
  // ... down to one chunk per group or batch element, ...
  auto one_chunk = [](const ConvGeometry& g) {
    const kernels::WinogradTasks t = kernels::winograd_tasks(g);
    CHECK_FALSE(t.split_steps);
    CHECK(t.chunks == 1);
  };
  check_split("winograd one chunk per batch element, dilation 2", params(conv, 2, 1, 2, 2),
              {2, 12, 9, 14}, {18, 12, 3, 3}, FastKernel::kWinograd, one_chunk, rng, pools);
  check_split("winograd one chunk per group", params(conv, 2, 1, 1, 1, 2), {1, 32, 6, 7},
              {16, 16, 3, 3}, FastKernel::kWinograd, one_chunk, rng, pools);
  // ... or, with one chunk in the whole run, its steps split by channels and frequencies.
  auto steps = [](const ConvGeometry& g) { CHECK(kernels::winograd_tasks(g).split_steps); };
  check_split("winograd split steps", params(conv, 2, 1, 1), {1, 16, 12, 13}, {20, 16, 3, 3},
              FastKernel::kWinograd, steps, rng, pools);
  check_split("winograd split steps, dilation 2", params(conv, 2, 1, 2, 2), {1, 12, 9, 14},
              {18, 12, 3, 3}, FastKernel::kWinograd, steps, rng, pools);

  // Sub-pixel: bands of phase-output rows built per task (phase rows of whole pixel tiles
  // where short rows would be gathered), ...
  const int64_t tile = kernels::kTileN;
  auto bands = [](const ConvGeometry& g) {
    const kernels::SubpixelTasks t = kernels::subpixel_tasks(g);
    CHECK_FALSE(t.shared);
    check_units(t.tasks);
  };
  check_split("sub-pixel rows, batch 2", params(convT, 2, 2, 1), {2, 32, 41, 19}, {32, 12, 4, 4},
              FastKernel::kSubpixel, bands, rng, pools);
  check_split("sub-pixel rows, groups 2, stride 3", params(convT, 2, 3, 2, 1, 2), {1, 16, 13, 16},
              {16, 6, 5, 5}, FastKernel::kSubpixel, bands, rng, pools);
  check_split("sub-pixel columns, 1-D", params(convT, 1, 2, 1), {1, 8, 700}, {8, 12, 4},
              FastKernel::kSubpixel, bands, rng, pools);
  check_split("sub-pixel row panels (kernel = stride), batch 2", params(convT, 2, 2, 0),
              {2, 64, 31, 2 * tile}, {64, 32, 2, 2}, FastKernel::kSubpixel, bands, rng, pools);
  check_split("sub-pixel ring, 3-D", params(convT, 3, 2, 1), {1, 8, 5, 6, 7}, {8, 8, 3, 3, 3},
              FastKernel::kSubpixel, bands, rng, pools);
  // ... phases without taps holding the bias (written by a pass of their own first), ...
  check_split("sub-pixel with bias-only phases", params(convT, 2, 2, 2, 2), {1, 16, 9, 11},
              {16, 8, 3, 3}, FastKernel::kSubpixel, bands, rng, pools);
  // ... one shared padded image when the weights span several chunks, and shared gathered
  // panels when the phase rows are short (4 outputs; the tasks cut blocks only).
  for (const bool gathered : {false, true}) {
    check_split(
        gathered ? "sub-pixel gathered panels, batch 2" : "sub-pixel shared image, batch 2",
        params(convT, 2, 2, 1), gathered ? Shape{2, 128, 4, 4} : Shape{2, 128, 6, tile},
        {128, 64, 4, 4}, FastKernel::kSubpixel,
        [gathered](const ConvGeometry& g) {
          const kernels::SubpixelTasks t = kernels::subpixel_tasks(g);
          CHECK(t.shared);
          CHECK(t.gathered == gathered);
          CHECK(t.tasks.blocks.count >= 2);
        },
        rng, pools);
  }
  // Phase GEMM: z by conv_igemm's tasks, then depth to space in pieces of output rows.
  auto phase = [](const ConvGeometry& g) {
    const kernels::PhaseGemmTasks t = kernels::phase_gemm_tasks(g);
    CHECK(t.z.tasks.count() > 1);
    CHECK(t.rows.count > 1);
  };
  check_split("phase GEMM 4x4 s2", params(convT, 2, 2, 1), {1, 64, 96, 96}, {64, 3, 4, 4},
              FastKernel::kPhaseGemm, phase, rng, pools);
  check_split("phase GEMM 9x9 s3", params(convT, 2, 3, 4), {1, 16, 96, 93}, {16, 1, 9, 9},
              FastKernel::kPhaseGemm, phase, rng, pools);
  // A small output: depth to space in one task (on the caller's thread), z still split.
  check_split(
      "phase GEMM 9x9 s3, batch 2", params(convT, 2, 3, 4), {2, 32, 13, 14}, {32, 1, 9, 9},
      FastKernel::kPhaseGemm,
      [](const ConvGeometry& g) {
        const kernels::PhaseGemmTasks t = kernels::phase_gemm_tasks(g);
        CHECK(t.z.tasks.count() > 1);
        CHECK(t.rows.count == 1);
      },
      rng, pools);
  // Transposed gemv: pieces of each group's output columns.
  check_split(
      "gemv", params(convT, 2, 1, 0), {1, 40, 1, 1}, {40, 24, 5, 5}, FastKernel::kTransposeGemv,
      [](const ConvGeometry& g) { check_units(kernels::transpose_gemv_tasks(g)); }, rng, pools);
  auto gemv = [](const ConvGeometry& g) { CHECK(kernels::transpose_gemv_tasks(g).count() > 1); };
  check_split("gemv, batch 2", params(convT, 2, 1, 0), {2, 40, 1, 1}, {40, 24, 4, 4},
              FastKernel::kTransposeGemv, gemv, rng, pools);
  check_split("gemv, groups 2", params(convT, 2, 1, 0, 1, 2), {1, 40, 1, 1}, {40, 12, 5, 5},
              FastKernel::kTransposeGemv, gemv, rng, pools);
}

// Restores "no ceiling" however the test case ends.
struct LimitGuard {
  ~LimitGuard() { set_memory_limit(0); }
};

TEST_CASE("an allocation failing inside a task comes back as kOutOfMemory") {
  LimitGuard guard;
  WASMCONV_SEEDED_RNG(rng, 99u);
  struct Case {
    const char* what;
    ConvParams p;
    Shape x, w;
    int64_t room;  // bytes for the packed weights, fewer than the tasks' scratch needs
  };
  // Each kernel's scratch is reserved by its tasks: a band of the padded input (igemm,
  // sub-pixel: ~100 KiB), a gathered panel (strided pointwise: ~120 KiB), the products of
  // a chunk of tiles (Winograd: 2.4 MiB beside 400 KiB of weights and band).
  const Case cases[] = {
      {"igemm band", params(Op::kConv, 2, 1, 2), {1, 16, 90, 200}, {8, 16, 5, 5}, 48 << 10},
      {"strided pointwise panel",
       params(Op::kConv, 2, 2, 0),
       {1, 64, 60, 60},
       {8, 64, 1, 1},
       48 << 10},
      {"winograd products", params(Op::kConv, 2, 1, 1), {1, 8, 56, 56}, {256, 8, 3, 3}, 1 << 20},
      {"sub-pixel band",
       params(Op::kConvTranspose, 2, 2, 1),
       {1, 16, 90, 200},
       {16, 8, 4, 4},
       48 << 10},
  };
  ThreadPool pool(2, 0);
  for (const Case& c : cases) {
    INFO(c.what);
    const int64_t c_out = c.p.op == Op::kConv ? c.w[0] : c.w[1];
    ConvGeometry g;
    REQUIRE(plan_conv(c.p, c.x, c.w, c_out, &g).ok());
    const auto x = rng.tensor(g.input_size()), w = rng.tensor(g.weight_size());
    std::vector<float> y(static_cast<size_t>(g.output_size()));
    set_memory_limit(heap_bytes_in_use() + c.room);
    const Status s = run_conv(g, x.data(), w.data(), nullptr, y.data(), Backend::kAuto, &pool);
    set_memory_limit(0);
    CHECK(s.code() == StatusCode::kOutOfMemory);
    CHECK(s.message().find("memory limit") != std::string::npos);
    // Without the ceiling the same call succeeds.
    CHECK(run_conv(g, x.data(), w.data(), nullptr, y.data(), Backend::kAuto, &pool).ok());
  }
}

}  // namespace
