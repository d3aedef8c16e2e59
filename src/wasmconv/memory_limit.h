// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// An optional ceiling on the heap memory wasmconv may use. Embedders of the WebAssembly
// module set it (JS: wc.setMemoryLimit) so that a huge request fails with an error instead
// of growing the page's memory; it applies to the module instance (one per process in
// native code). Every scratch and weight buffer of the library checks it before
// allocating; the JS wrapper checks it before allocating tensors.
#pragma once

#include <cstdint>

namespace wasmconv {

// 0 (the default) means no ceiling beyond what the platform can allocate.
void set_memory_limit(int64_t bytes);
int64_t memory_limit();

// Bytes currently allocated on the heap: the allocator's own count in WebAssembly, the
// library's buffers natively.
int64_t heap_bytes_in_use();

// True when `bytes` more would stay within the limit.
bool within_memory_limit(int64_t bytes);

namespace detail {
// FloatBuffer's accounting (native builds count their own allocations).
void note_allocated(int64_t bytes);
}  // namespace detail

}  // namespace wasmconv
