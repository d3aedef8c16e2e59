// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ThreadPool (wasmconv/thread_pool.h). Tasks are handed out by one atomic counter: a thread
// that finishes early takes the next task, so uneven tasks (the last band of an image, a
// tile with padding) do not leave threads idle while one still works. Which thread runs a
// task varies from call to call; what a task computes does not.
#include "wasmconv/thread_pool.h"

namespace wasmconv {

ThreadPool::ThreadPool(int threads, int64_t min_threaded_macs)
    : min_threaded_macs_(min_threaded_macs) {
  const int workers = threads > 1 ? threads - 1 : 0;
  workers_.reserve(static_cast<size_t>(workers));
  for (int t = 1; t <= workers; ++t) workers_.emplace_back([this, t] { worker_loop(t); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
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
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    // count_, fn_ and context_ were written before generation_ under the mutex, and are not
    // written again until every worker has reported back (busy_ == 0).
    work(thread);
    std::lock_guard<std::mutex> lock(mutex_);
    if (--busy_ == 0) finished_.notify_one();
  }
}

void ThreadPool::run(int64_t count, TaskFn fn, void* context) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> call(call_mutex_);
  if (workers_.empty() || count == 1) {
    for (int64_t task = 0; task < count; ++task) fn(context, task, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    count_ = count;
    fn_ = fn;
    context_ = context;
    next_.store(0, std::memory_order_relaxed);
    busy_ = static_cast<int>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  work(0);
  std::unique_lock<std::mutex> lock(mutex_);
  finished_.wait(lock, [&] { return busy_ == 0; });
}

}  // namespace wasmconv
