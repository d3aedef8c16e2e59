// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// How the depthwise kernels (dwconv_*.h) and the simple row path (simd_path.h) cut their
// work into tasks for Workspaces::parallel_for (a task's failure gets back through
// TaskErrors, task_errors.h).
//
// Each of those kernels walks a list of equal units that it computes one after another on
// one thread (a block of output rows of one plane, a band of columns, an output channel):
// the unit is a whole call of its microkernel, or a run of such calls, and its bounds do
// not depend on the thread count. A task is a range of consecutive units, so every output
// comes from the same microkernel call on the same data whichever task or thread runs it,
// and the result is bitwise that of one thread.
//
// How many tasks: about total / kRowTaskMacs, rounded up to a multiple of the thread
// count, so that each is worth 12-50 us natively (these kernels run 10-45 G multiply-adds/s
// on this machine's Zen 5 cores, a half to a third of that in wasm) and handing it out (one
// atomic add, a cold start of its rows in cache, a ring or band of rows rebuilt) costs
// little beside it, while a layer of 0.15 ms (C6, C1) still makes 6-14 tasks, which even
// out a thread that starts late or is interrupted; but at least one per thread when the
// units allow, so that every call on a pool is split (the tests' pools, min_threaded_macs
// 0, split their small shapes too); and one on a single thread, which then runs the kernel
// exactly as before. Measured (bench/conv_bench --threads 2, a pool that does not sleep
// between calls, real-time priority, medians of 2-4 runs): 2^18 to 2^21 gave the same
// speed-ups within the noise, except too few tasks (C1 at 2^21: 3 tasks, 1.5x at best on
// 2 threads; C7 at 2^18: 48 tasks, its ring refilled 48 times, 1.5x against 1.8-1.9x).
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/task_errors.h"

namespace wasmconv::kernels {

// The multiply-adds a task is worth at least, when there are enough of them.
inline constexpr int64_t kRowTaskMacs = int64_t{1} << 19;

// The tasks `units` equal units of `unit_macs` multiply-adds each are cut into on
// `threads` threads (see above).
inline int64_t row_task_count(int64_t units, int64_t unit_macs, int threads,
                              int64_t task_macs = kRowTaskMacs) {
  if (threads <= 1 || units <= 1) return units < 1 ? 0 : 1;
  const int64_t by_work = std::max<int64_t>(1, unit_macs) * units / std::max<int64_t>(1, task_macs);
  // A multiple of the thread count: 3 equal tasks on 2 threads take as long as 4 would.
  const int64_t rounded = (std::max<int64_t>(threads, by_work) + threads - 1) / threads * threads;
  return std::min(units, rounded);
}

// Units [begin, end) of task t of `tasks` over `units`: consecutive ranges whose sizes
// differ by at most one, in order.
struct TaskRange {
  int64_t begin, end;
};
inline TaskRange row_task_range(int64_t t, int64_t tasks, int64_t units) {
  return {units * t / tasks, units * (t + 1) / tasks};
}

// A position in a list of units ordered by several indices (outermost first, e.g. image,
// channel, depth plane), advanced by next() without the divisions that recomputing the
// indices of every plane would take: on 960 planes of 7x7 (MobileNetV2's last depthwise
// layer) those cost 15% of the kernel's time.
template <int N>
class UnitCursor {
 public:
  // At unit `index` of the sizes (outermost first).
  UnitCursor(const int64_t (&sizes)[N], int64_t index) {
    for (int i = N - 1; i >= 0; --i) {
      size_[i] = sizes[i];
      at_[i] = index % sizes[i];
      index /= sizes[i];
    }
  }
  int64_t operator[](int i) const { return at_[i]; }
  void next() {
    for (int i = N - 1; i >= 0; --i) {
      if (++at_[i] < size_[i]) return;
      at_[i] = 0;
    }
  }

 private:
  int64_t size_[N];
  int64_t at_[N];
};

}  // namespace wasmconv::kernels
