// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// TaskErrors: how a failure in one of a kernel's parallel tasks (a scratch allocation,
// Status::out_of_memory) gets back to the caller. Shared by the GEMM kernels (gemm_tasks.h)
// and the depthwise and row kernels (row_tasks.h).
#pragma once

#include <atomic>
#include <mutex>
#include <utility>

#include "wasmconv/status.h"

namespace wasmconv::kernels {

// The first failure of any task, kept until the parallel_for returns (it waits for every
// task); tasks after a failure may skip their work (failed()).
class TaskErrors {
 public:
  void record(Status s) {
    if (s.ok()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (first_.ok()) first_ = std::move(s);
    failed_.store(true, std::memory_order_relaxed);
  }
  // Records `s` (a task's scratch reservation, say) and says whether it succeeded:
  //   if (errors.failed() || !errors.check(ws.input.reserve(n, "rows"))) return;
  bool check(Status s) {
    if (s.ok()) return true;
    record(std::move(s));
    return false;
  }
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  // After the parallel_for: the first failure, or ok.
  Status take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::move(first_);
  }

 private:
  std::mutex mutex_;
  Status first_;
  std::atomic<bool> failed_{false};
};

}  // namespace wasmconv::kernels
