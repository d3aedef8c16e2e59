// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ThreadPool (wasmconv/thread_pool.h). Tasks are handed out by one atomic counter: a thread
// that finishes early takes the next task, so uneven tasks (the last band of an image, a
// tile with padding) do not leave threads idle while one still works. Which thread runs a
// task varies from call to call; what a task computes does not.
//
// Waiting. A thread that sleeps on a condition variable takes 50-60 us to wake on this
// 2-core VM (a futex wake and a reschedule; two tasks of 200 us took 262 us), as long as a
// whole depthwise layer (C1, C6: 0.15 ms on one thread). So both sides spin first: a worker
// that has finished a call watches for the next one for kSpinNs before it sleeps, and the
// caller watches for the last worker for as long before it sleeps. A network's layers come
// one after another, so the workers are awake when the next layer starts; a pool left alone
// goes back to sleep after kSpinNs and then costs nothing. And the caller waits only for
// the workers that joined its call: on a loaded machine a worker may wake after the caller
// has run every task alone, and must not hold the call up. Measured in docs/performance.md
// ("Threads").
#include "wasmconv/thread_pool.h"

#include <chrono>

namespace wasmconv {

namespace {

// How long a thread spins before it sleeps: a few wake-ups' worth, a small share of a call
// worth splitting, and short enough that an idle pool does not hold cores for long.
constexpr int64_t kSpinNs = 200'000;

void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Spins until done() or kSpinNs have passed; returns done().
template <class Done>
bool spin_until(Done&& done) {
  using clock = std::chrono::steady_clock;
  const auto end = clock::now() + std::chrono::nanoseconds(kSpinNs);
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
      relax();
    }
    if (clock::now() >= end) return done();
  }
}

}  // namespace

ThreadPool::ThreadPool(int threads, int64_t min_threaded_macs)
    : min_threaded_macs_(min_threaded_macs) {
  const int workers = threads > 1 ? threads - 1 : 0;
  workers_.reserve(static_cast<size_t>(workers));
  for (int t = 1; t <= workers; ++t) workers_.emplace_back([this, t] { worker_loop(t); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::work(int thread) {
  for (int64_t task = next_.fetch_add(1, std::memory_order_relaxed); task < count_;
       task = next_.fetch_add(1, std::memory_order_relaxed)) {
    fn_(context_, task, thread);
  }
}

void ThreadPool::worker_loop(int thread) {
  uint64_t seen = 0;
  const auto called = [&] {
    return stop_.load(std::memory_order_acquire) ||
           generation_.load(std::memory_order_acquire) != seen;
  };
  for (;;) {
    if (!spin_until(called)) {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, called);
    }
    if (stop_.load(std::memory_order_acquire)) return;
    seen = generation_.load(std::memory_order_acquire);
    // Join the call, then check that it is still open: the caller closes it when its own
    // tasks are done and then waits only for the workers that joined (active_ > 0). Both
    // sides are sequentially consistent, so either the caller sees this worker in active_,
    // or this worker sees the call closed (a worker that woke late, after the caller had
    // run every task, holds nobody up and touches nothing of a finished call).
    active_.fetch_add(1, std::memory_order_seq_cst);
    if (open_.load(std::memory_order_seq_cst) == seen) work(thread);
    if (active_.fetch_sub(1, std::memory_order_seq_cst) == 1) {
      // The caller may be asleep: notify under the mutex, so that the wake-up cannot fall
      // between its check of active_ and its wait.
      std::lock_guard<std::mutex> lock(mutex_);
      finished_.notify_one();
    }
  }
}

void ThreadPool::run(int64_t count, TaskFn fn, void* context) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> call(call_mutex_);
  if (workers_.empty() || count == 1) {
    for (int64_t task = 0; task < count; ++task) fn(context, task, 0);
    return;
  }
  // count_, fn_, context_ and next_ are read by workers that joined this call only (open_
  // == its generation, stored after them), and are not written again before every worker
  // that joined has left (active_ == 0).
  count_ = count;
  fn_ = fn;
  context_ = context;
  next_.store(0, std::memory_order_relaxed);
  const uint64_t generation = generation_.load(std::memory_order_relaxed) + 1;
  open_.store(generation, std::memory_order_seq_cst);
  {
    // Under the mutex, so that a worker between its check and its wait cannot miss it.
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.store(generation, std::memory_order_release);
  }
  wake_.notify_all();
  work(0);
  open_.store(0, std::memory_order_seq_cst);
  const auto finished = [&] { return active_.load(std::memory_order_seq_cst) == 0; };
  if (!spin_until(finished)) {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, finished);
  }
}

}  // namespace wasmconv
