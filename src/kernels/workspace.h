// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Workspace: scratch memory of the fast paths, kept between runs so that a layer that runs
// many times allocates only when a larger input arrives. One per thread: Workspaces holds
// the caller's and one for each worker of the pool a run may use, and spreads a kernel's
// tasks over them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/buffer.h"
#include "wasmconv/thread_pool.h"

namespace wasmconv::kernels {

// A wasm build without threads (no -pthread) never runs a pool: saying so at compile time
// lets the compiler drop every kernel's code for pools from its .wasm, which webpack warns
// about past 244 KiB (tests/browser/bundlers.test.mjs).
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
inline constexpr bool kPoolsBuilt = false;
#else
inline constexpr bool kPoolsBuilt = true;
#endif

struct Workspace {
  FloatBuffer input;             // padded (and phase-split) input image
  FloatBuffer output;            // depthwise sub-pixel: a block of output rows in phase layout;
                                 // channel lanes: the channels-last copies (caller's)
  FloatBuffer transformed;       // Winograd: transformed input tiles; channels-last depthwise:
                                 // the weights [tap][C] (caller's)
  FloatBuffer products;          // Winograd: per-frequency GEMM results
  std::vector<int64_t> offsets;  // indirection table of the igemm microkernel
  std::vector<const float*> tap_rows;  // channels-last depthwise: a pixel's input rows
};

class Workspaces {
 public:
  Workspaces() : per_thread_(1) {}

  // The pool the next runs may use (null: the caller's thread only). Workspaces already
  // allocated are kept.
  void use_pool(ThreadPool* pool) {
    pool_ = kPoolsBuilt && pool != nullptr && pool->threads() > 1 ? pool : nullptr;
    if (static_cast<int>(per_thread_.size()) < threads())
      per_thread_.resize(static_cast<size_t>(threads()));
  }
  int threads() const { return kPoolsBuilt && pool_ != nullptr ? pool_->threads() : 1; }
  // The pool itself (null: the caller's thread only), for work not cut into Workspace tasks.
  ThreadPool* pool() const { return kPoolsBuilt ? pool_ : nullptr; }

  // The calling thread's workspace (the whole scratch of a kernel that runs on one thread).
  Workspace& caller() { return per_thread_[0]; }

  // Reserves `count` floats of `input` in the workspace of every thread a run may use, before
  // the tasks (which then cannot fail for want of scratch).
  Status reserve_each_input(int64_t count, const char* what) {
    for (int t = 0; t < threads(); ++t)
      WASMCONV_RETURN_IF_ERROR(per_thread_[static_cast<size_t>(t)].input.reserve(count, what));
    return Status();
  }

  // Calls fn(task, workspace) for every task in [0, count), on the pool's threads when
  // there is one, each with the workspace of the thread it runs on.
  template <class Fn>
  void parallel_for(int64_t count, Fn&& fn) {
    if (!kPoolsBuilt || pool_ == nullptr) {
      for (int64_t task = 0; task < count; ++task) fn(task, per_thread_[0]);
      return;
    }
    pool_->parallel_for(count, [&](int64_t task, int thread) {
      fn(task, per_thread_[static_cast<size_t>(thread)]);
    });
  }

 private:
  ThreadPool* pool_ = nullptr;
  std::vector<Workspace> per_thread_;
};

}  // namespace wasmconv::kernels
