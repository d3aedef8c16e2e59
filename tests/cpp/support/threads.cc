// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The tests' thread pool (threads.h).
#include "support/threads.h"

#include <memory>

namespace wasmconv::test {
namespace {
int requested = 1;
}  // namespace

void set_test_threads(int threads) { requested = threads < 1 ? 1 : threads; }
int test_threads() { return requested; }

ThreadPool* test_pool() {
  if (requested < 2) return nullptr;
  static ThreadPool pool(requested, 0);
  return &pool;
}

}  // namespace wasmconv::test
