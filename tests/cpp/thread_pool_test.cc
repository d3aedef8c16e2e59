// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// ThreadPool on its own: every task runs exactly once, thread indices are in range and never
// shared by tasks running at the same time, calls follow one another and may come from
// several threads, and a pool of one runs everything on the caller's thread.
#include "wasmconv/thread_pool.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

using wasmconv::ThreadPool;

TEST_CASE("every task of a call runs exactly once, for any pool size and task count") {
  for (int threads : {1, 2, 3, 5}) {
    ThreadPool pool(threads);
    CHECK(pool.threads() == threads);
    for (int64_t count : {0, 1, 2, 3, 7, 64, 1000}) {
      std::vector<std::atomic<int>> runs(static_cast<size_t>(count));
      std::atomic<int> bad_thread{0};
      pool.parallel_for(count, [&](int64_t task, int thread) {
        runs[static_cast<size_t>(task)].fetch_add(1);
        if (thread < 0 || thread >= threads) bad_thread.fetch_add(1);
      });
      int wrong = 0;
      for (auto& r : runs) wrong += r.load() == 1 ? 0 : 1;
      INFO("threads=", threads, " count=", count);
      CHECK(wrong == 0);
      CHECK(bad_thread.load() == 0);
    }
  }
}

TEST_CASE("tasks running at the same time never share a thread index") {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> inside(4);
  std::atomic<int> clashes{0};
  std::atomic<int> max_inside{0};
  for (int call = 0; call < 20; ++call) {
    pool.parallel_for(64, [&](int64_t, int thread) {
      if (inside[static_cast<size_t>(thread)].fetch_add(1) != 0) clashes.fetch_add(1);
      int now = 0;
      for (auto& i : inside) now += i.load();
      int seen = max_inside.load();
      while (now > seen && !max_inside.compare_exchange_weak(seen, now)) {
      }
      // Some work, so that the threads overlap (no clock: a counted loop).
      volatile int sink = 0;
      for (int i = 0; i < 20000; ++i) sink = sink + i;
      inside[static_cast<size_t>(thread)].fetch_sub(1);
    });
  }
  CHECK(clashes.load() == 0);
  CHECK(max_inside.load() <= 4);
}

TEST_CASE("a pool of one thread runs every task on the caller's thread, in order") {
  ThreadPool pool(1);
  const std::thread::id me = std::this_thread::get_id();
  std::vector<int64_t> order;
  bool elsewhere = false;
  pool.parallel_for(10, [&](int64_t task, int thread) {
    order.push_back(task);
    elsewhere = elsewhere || thread != 0 || std::this_thread::get_id() != me;
  });
  CHECK_FALSE(elsewhere);
  CHECK(order == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(ThreadPool(0).threads() == 1);
  CHECK(ThreadPool(-3).threads() == 1);
}

TEST_CASE("calls from several threads on one pool run one after another") {
  ThreadPool pool(3);
  std::atomic<int64_t> total{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c) {
    callers.emplace_back([&] {
      for (int call = 0; call < 50; ++call) {
        pool.parallel_for(17, [&](int64_t task, int) { total.fetch_add(task + 1); });
      }
    });
  }
  for (auto& t : callers) t.join();
  CHECK(total.load() == 3 * 50 * (17 * 18 / 2));
}

TEST_CASE("the pool's workers see what the caller wrote before the call, and it sees theirs") {
  ThreadPool pool(3);
  std::vector<int64_t> data(1000);
  for (int round = 1; round <= 30; ++round) {
    for (size_t i = 0; i < data.size(); ++i) data[i] = round;  // plain writes
    std::vector<int64_t> out(data.size());
    pool.parallel_for(static_cast<int64_t>(data.size()), [&](int64_t i, int) {
      out[static_cast<size_t>(i)] = data[static_cast<size_t>(i)] * 2;
    });
    int64_t sum = 0;
    for (int64_t v : out) sum += v;
    REQUIRE(sum == 2 * round * static_cast<int64_t>(data.size()));
  }
}

}  // namespace
