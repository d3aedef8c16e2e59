// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// How the GEMM kernels (conv_igemm, conv_pointwise_strided, conv_winograd, the sub-pixel and
// phase-GEMM transposed paths, the transposed gemv) cut a run into tasks for
// Workspaces::parallel_for.
//
// Tasks split the OUTPUT only: a task owns whole pixel tiles (or rows, bands, planes) and
// whole blocks of kIgemmMR output channels, and computes each of its outputs with the same
// microkernel call, over the whole reduction, as a run on one thread does. How many tasks
// depends on the geometry and, where that count would load a pool's threads unevenly, on
// the thread count (split_gemm); either way every output is computed as on one thread, so
// any pool gives bitwise the one-thread result.
//
// Granularity. A run is cut into about macs / kTaskMacs tasks, at least 2 (so that the
// tests' small shapes are split too) and at most kMaxTasks. kTaskMacs = 2^21 multiply-adds
// is 40-70 us of the native AVX-512 GEMM (30-50 GMAC/s) and about twice that in wasm: long
// enough that a task's own set-up (its band of the padded input, the rows two bands
// share) stays at a few percent, where 2^20 cost the one-thread runs 2-9% (R01, T1, U02;
// conv_bench, paired runs); kMaxTasks = 64 keeps large layers from paying that set-up
// hundreds of times while still giving 16 tasks per thread to a pool of 4, so that the
// last, shorter task and uneven threads do not leave the others idle for long. Tasks are
// handed out dynamically (thread_pool.h): equal tasks with a short last one balance best.
//
// Passes of the pool are few: a kernel runs one parallel_for per run where it can (and
// builds small shared scratch on the caller's thread instead of in a pass of its own),
// since each pass pays for waking the workers: 50-60 us on the 2-core VM the numbers below
// come from (two tasks of 200 us took 262 us). The kernels' header comments give their
// split and their measurements (conv_bench --threads 2, AVX-512, medians of 5 runs).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/task_errors.h"
#include "kernels/workspace.h"

namespace wasmconv::kernels {

inline constexpr int64_t kTaskMacs = int64_t{1} << 21;
inline constexpr int64_t kMaxTasks = 64;

// How many tasks a run of `macs` multiply-adds wants.
inline int64_t wanted_tasks(int64_t macs) {
  return std::clamp<int64_t>((macs + kTaskMacs - 1) / kTaskMacs, 2, kMaxTasks);
}

// `total` units (rows, pixels, blocks, ...) cut into `count` pieces of `step` units; the
// last piece may be shorter.
struct Pieces {
  int64_t total = 0, step = 1, count = 0;
  int64_t begin(int64_t i) const { return i * step; }
  int64_t end(int64_t i) const { return std::min(total, (i + 1) * step); }
};

// About `want` pieces where `total` allows (the count of whole-`align` pieces nearest it),
// each a multiple of `align` units (but the last) and at most `cap` units (cap >= align, or
// cap >= total).
inline Pieces cut(int64_t total, int64_t want, int64_t cap = std::numeric_limits<int64_t>::max(),
                  int64_t align = 1) {
  Pieces p;
  p.total = total;
  if (total <= 0) return p;
  want = std::max<int64_t>(1, want);
  // Pieces of k alignment units: the k whose count is nearest `want` (by ratio) of the two
  // around total / want.
  const int64_t units = (total + align - 1) / align;
  int64_t k = (units + want - 1) / want;
  if (k > 1) {
    const int64_t fewer = (units + k - 1) / k, more = (units + k - 2) / (k - 1);
    if (fewer * more < want * want) --k;
  }
  p.step = std::max<int64_t>(1, std::min(k * align, cap));
  p.count = (total + p.step - 1) / p.step;
  return p;
}

// The tasks of a GEMM run: `outer` independent parts (batch elements, ...), each of
// `units` output units cut into pieces, times the output-channel blocks cut into pieces.
// Blocks are first cut at the weight chunks (blocks_per_chunk, igemm_microkernel.h), so
// that a task streams at most one chunk of weights; units are then cut (never beyond
// `unit_cap`, the band a task's scratch holds) until the run has wanted_tasks(macs) tasks;
// only when every unit piece is as small as `unit_align` allows are the chunks cut further.
struct GemmTasks {
  int64_t outer = 1;
  Pieces units, blocks;
  int64_t count() const { return blocks.count * outer * units.count; }

  struct Cell {
    int64_t outer, u0, u1, b0, b1;
  };
  // Task t. The block piece varies slowest: consecutive tasks, which run at the same time
  // on different threads, read the same chunk of weights.
  Cell cell(int64_t t) const {
    const int64_t per_block = outer * units.count;
    const int64_t b = t / per_block, rest = t % per_block;
    const int64_t o = rest / units.count, u = rest % units.count;
    return {o, units.begin(u), units.end(u), blocks.begin(b), blocks.end(b)};
  }
};

// The cut for `want` tasks (see GemmTasks).
inline GemmTasks split_gemm_into(int64_t want, int64_t outer, int64_t units, int64_t unit_cap,
                                 int64_t unit_align, int64_t blocks, int64_t chunk) {
  GemmTasks t;
  t.outer = std::max<int64_t>(1, outer);
  t.blocks = cut(blocks, 1, chunk);
  const int64_t others = t.outer * t.blocks.count;
  t.units = cut(units, (want + others - 1) / others, unit_cap, unit_align);
  if (t.count() < want && t.units.step <= unit_align) {
    const int64_t rest = t.outer * t.units.count;
    t.blocks = cut(blocks, (want + rest - 1) / rest, chunk);
  }
  return t;
}

// A task's own set-up (its band of the padded input, its start in the weights), as a share
// of a task of kTaskMacs: "a few percent" (see above).
inline constexpr double kTaskSetUp = 0.05;

// The time `threads` threads take for the tasks of `t`, handed out in order to whichever
// thread is free first (thread_pool.h), a task costing its units x blocks plus `set_up`.
inline double gemm_makespan(const GemmTasks& t, int threads, double set_up) {
  std::vector<double> load(static_cast<size_t>(threads), 0.0);
  for (int64_t k = 0; k < t.count(); ++k) {
    const GemmTasks::Cell c = t.cell(k);
    *std::min_element(load.begin(), load.end()) +=
        static_cast<double>((c.u1 - c.u0) * (c.b1 - c.b0)) + set_up;
  }
  return *std::max_element(load.begin(), load.end());
}

// The cut of a run for a pool of `threads`: wanted_tasks(macs) tasks, which depends on the
// geometry alone; on a pool whose threads that count would leave unevenly loaded at the end
// (C5's 13 tasks on 2 threads: 7 against 6), of the cuts for a multiple of the threads up to
// twice as many tasks, the one that the threads finish soonest. Every cut keeps units whole
// multiples of unit_align and blocks whole, so each output is still the same microkernel call.
inline GemmTasks split_gemm(int64_t macs, int64_t outer, int64_t units, int64_t unit_cap,
                            int64_t unit_align, int64_t blocks, int64_t chunk, int threads = 1) {
  const int64_t want = wanted_tasks(macs);
  GemmTasks t = split_gemm_into(want, outer, units, unit_cap, unit_align, blocks, chunk);
  if (!kPoolsBuilt || threads < 2 || t.count() % threads == 0 || t.count() >= 8 * threads) return t;
  const double work = static_cast<double>(t.outer * units * blocks);
  const double set_up = kTaskSetUp * work / static_cast<double>(want);
  double best = gemm_makespan(t, threads, set_up);
  for (int64_t w = (want + threads) / threads * threads; w <= 2 * want; w += threads) {
    const GemmTasks c = split_gemm_into(w, outer, units, unit_cap, unit_align, blocks, chunk);
    const double time = gemm_makespan(c, threads, set_up);
    if (time < best) {
      best = time;
      t = c;
    }
  }
  return t;
}

// Runs every task: `task(n, cell, ws)` computes `cell` of batch element n. Without `shared`,
// each task fills its own band of the input (cell.outer is its batch element) and all of
// them run in one pass of the pool. With it, the tasks read one padded image in the
// caller's scratch, which `fill_shared(n)` writes before batch element n's pass.
template <class FillShared, class Task>
Status run_gemm_tasks(const GemmTasks& tasks, bool shared, int64_t batch, FillShared fill_shared,
                      Task task, Workspaces* threads) {
  TaskErrors errors;
  if (!shared) {
    threads->parallel_for(tasks.count(), [&](int64_t t, Workspace& ws) {
      const GemmTasks::Cell cell = tasks.cell(t);
      errors.record(task(cell.outer, cell, ws));
    });
    return errors.take();
  }
  for (int64_t n = 0; n < batch; ++n) {
    fill_shared(n);
    threads->parallel_for(tasks.count(), [&](int64_t t, Workspace& ws) {
      errors.record(task(n, tasks.cell(t), ws));
    });
    WASMCONV_RETURN_IF_ERROR(errors.take());
  }
  return Status();
}

}  // namespace wasmconv::kernels
