// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// FloatBuffer: an owned, 16-byte aligned float array whose allocation can fail without
// aborting. The library is built without exceptions, so std::vector's bad_alloc would end
// the process; scratch memory goes through this instead and failure becomes a Status.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/number_text.h"
#include "wasmconv/memory_limit.h"
#include "wasmconv/status.h"

namespace wasmconv {

class FloatBuffer {
 public:
  FloatBuffer() = default;
  FloatBuffer(const FloatBuffer&) = delete;
  FloatBuffer& operator=(const FloatBuffer&) = delete;
  FloatBuffer(FloatBuffer&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
  }
  FloatBuffer& operator=(FloatBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = other.data_;
      size_ = other.size_;
      other.data_ = nullptr;
      other.size_ = 0;
    }
    return *this;
  }
  ~FloatBuffer() { release(); }

  // Allocates `count` floats (contents unspecified); `what` names the buffer in the error.
  Status allocate(int64_t count, const char* what) {
    release();
    if (count <= 0) return Status();
    if (count > (int64_t{1} << 30)) {
      return Status::out_of_memory(std::string("cannot allocate ") + what + " of " +
                                   integer_text(count) + " floats");
    }
    const size_t bytes = (static_cast<size_t>(count) * sizeof(float) + 15) & ~size_t{15};
    if (!within_memory_limit(static_cast<int64_t>(bytes))) {
      return Status::out_of_memory(
          std::string("allocating ") + what + " (" + integer_text(bytes >> 10) +
          " KiB) would exceed the memory limit of " + integer_text(memory_limit() >> 20) + " MiB");
    }
    data_ = static_cast<float*>(std::aligned_alloc(16, bytes));
    if (data_ == nullptr) {
      return Status::out_of_memory(std::string("out of memory allocating ") + what + " (" +
                                   integer_text(bytes >> 10) + " KiB)");
    }
    size_ = count;
    detail::note_allocated(static_cast<int64_t>(bytes));
    return Status();
  }

  // Ensures room for `count` floats, keeping the allocation when it is already large
  // enough (scratch reuse across calls). Contents are unspecified afterwards.
  Status reserve(int64_t count, const char* what) {
    if (count <= size_) return Status();
    return allocate(count, what);
  }

  float* data() { return data_; }
  const float* data() const { return data_; }
  int64_t size() const { return size_; }

 private:
  void release() {
    if (data_ != nullptr) {
      detail::note_allocated(
          -static_cast<int64_t>((static_cast<size_t>(size_) * sizeof(float) + 15) & ~size_t{15}));
    }
    std::free(data_);
    data_ = nullptr;
    size_ = 0;
  }

  float* data_ = nullptr;
  int64_t size_ = 0;
};

}  // namespace wasmconv
