// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The thread pool the tests run the fast paths on. The test binary's `--test-threads=N`
// (main.cc; default 1) sets its size, so ctest runs the same differential tests on 1, 2 and
// 3 threads. Its pool splits every call (min_threaded_macs 0): the tests' small shapes
// would otherwise all stay on one thread.
#pragma once

#include "wasmconv/thread_pool.h"

namespace wasmconv::test {

// Sets the size of test_pool(); called by main before any test runs.
void set_test_threads(int threads);
int test_threads();

// The pool (null when the tests run on one thread).
ThreadPool* test_pool();

}  // namespace wasmconv::test
