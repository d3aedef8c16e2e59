// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The optional memory ceiling (wasmconv/memory_limit.h).
#include "wasmconv/memory_limit.h"

#include <atomic>

#if defined(__EMSCRIPTEN__)
#include <malloc.h>
#endif

namespace wasmconv {
namespace {
std::atomic<int64_t> g_limit{0};
std::atomic<int64_t> g_library_bytes{0};
}  // namespace

void set_memory_limit(int64_t bytes) { g_limit = bytes > 0 ? bytes : 0; }
int64_t memory_limit() { return g_limit; }

int64_t heap_bytes_in_use() {
#if defined(__EMSCRIPTEN__)
  return static_cast<int64_t>(mallinfo().uordblks);
#else
  return g_library_bytes;
#endif
}

bool within_memory_limit(int64_t bytes) {
  const int64_t limit = g_limit;
  return limit == 0 || heap_bytes_in_use() + bytes <= limit;
}

namespace detail {
void note_allocated(int64_t bytes) { g_library_bytes += bytes; }
}  // namespace detail

}  // namespace wasmconv
