// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Status: how every fallible wasmconv call reports failure. No C++ exception crosses the
// library boundary (Emscripten 3.1.6 hands a thrown exception to JavaScript as a bare
// number), so errors travel as values carrying a human-readable message that names the
// parameter, its value and the rule it breaks.
#pragma once

#include <string>
#include <utility>

namespace wasmconv {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller asked for something the semantics do not allow
  kOutOfMemory,      // a buffer could not be allocated, or would exceed the size limit
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status invalid(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status out_of_memory(std::string message) {
    return Status(StatusCode::kOutOfMemory, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace wasmconv

// Returns early from the enclosing function when `expr` yields a failed Status.
#define WASMCONV_RETURN_IF_ERROR(expr)         \
  do {                                         \
    ::wasmconv::Status wasmconv_status_ = (expr); \
    if (!wasmconv_status_.ok()) return wasmconv_status_; \
  } while (0)
