// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ThreadPool: a fixed set of threads, started once, that run the tasks of one call at a time
// (run_conv, ConvLayer::run). The caller owns the pool and passes it to each call; the
// library keeps none of its own.
//
//   wasmconv::ThreadPool pool(4);                 // the caller + 3 worker threads
//   wasmconv::run_conv(g, x, w, b, nullptr, y, wasmconv::Backend::kAuto, &pool);
//
// Results do not depend on the pool: a kernel's tasks own disjoint outputs, and each output
// is accumulated in the same order whichever thread computes it, so any thread count gives
// bitwise the same result.
//
// Between calls the workers spin for 0.2 ms, then sleep: a network's layers, called back to
// back, find them awake; an idle pool holds no core for longer (thread_pool.cc says why).
//
// The same code builds natively (std::thread) and with Emscripten's pthreads, where the
// workers must come from the pre-started pool of web workers (PTHREAD_POOL_SIZE >= threads
// - 1), since a browser's main thread cannot wait for a new worker to start.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace wasmconv {

class ThreadPool {
 public:
  // Below this many multiply-adds a convolution runs on the caller's thread alone: handing
  // out its work would cost more than it saves (measured in docs/performance.md).
  static constexpr int64_t kDefaultMinThreadedMacs = int64_t{1} << 19;

  // `threads` counts the caller: threads - 1 worker threads are started here. Values
  // below 1 are taken as 1 (no workers: every task runs on the caller's thread).
  // `min_threaded_macs`: see kDefaultMinThreadedMacs (0 splits every call, as tests do).
  explicit ThreadPool(int threads, int64_t min_threaded_macs = kDefaultMinThreadedMacs);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }
  int64_t min_threaded_macs() const { return min_threaded_macs_; }

  // Calls fn(task, thread) once for every task in [0, count), on the workers and on the
  // caller's thread, and returns when all have finished. `thread` is in [0, threads()) and
  // no two tasks running at the same time share it: per-thread scratch is indexed by it.
  // Tasks are handed out in increasing order as threads become free. Calls from several
  // threads are run one after another; a task must not call parallel_for on the same pool.
  template <class Fn>
  void parallel_for(int64_t count, Fn&& fn) {
    using F = std::remove_reference_t<Fn>;
    run(
        count, [](void* f, int64_t task, int thread) { (*static_cast<F*>(f))(task, thread); },
        const_cast<void*>(static_cast<const void*>(&fn)));
  }

 private:
  using TaskFn = void (*)(void*, int64_t, int);
  void run(int64_t count, TaskFn fn, void* context);
  void work(int thread);  // takes tasks of the current call until none is left
  void worker_loop(int thread);

  int64_t min_threaded_macs_;
  std::vector<std::thread> workers_;
  std::mutex call_mutex_;                // one call at a time
  std::mutex mutex_;                     // for sleeping: wake_ and finished_ wait on it
  std::condition_variable wake_;         // a new call, or stop
  std::condition_variable finished_;     // the last worker inside a call has left
  std::atomic<uint64_t> generation_{0};  // counts calls; a worker runs each generation once
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> open_{0};  // the generation of the call workers may join; 0: none
  std::atomic<int> active_{0};     // workers inside a call (joined and not yet left)
  // The current call, written by the caller before it bumps generation_.
  int64_t count_ = 0;
  TaskFn fn_ = nullptr;
  void* context_ = nullptr;
  std::atomic<int64_t> next_{0};  // the next task to hand out
};

}  // namespace wasmconv
