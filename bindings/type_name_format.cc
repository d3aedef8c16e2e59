// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The one sprintf of the module. Embind names a C++ type in its error messages (a type with
// no binding: JavaScript's "UnboundTypeError") with __getTypeName, which in builds without
// RTTI, as ours are, formats the type's address with sprintf("%p") (system/lib/embind/bind.cpp).
// That one call brought libc's whole printf formatting into the .wasm (printf_core and its
// helpers: about 3.7 KB of each build), for a name that nothing of ours prints: the messages
// of wasmconv itself format their numbers in core/number_text.cc. The link sends that call
// here (clang makes it siprintf, the integer-only form; -Wl,--wrap=siprintf in
// cmake/wasm.cmake), and this writes "%p" as libc does (0x and lowercase hex digits) and fails
// loudly on any other format, so that a later sprintf with another one cannot pass unnoticed.
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int __wrap_siprintf(char* out, const char* format, ...) {
  if (std::strcmp(format, "%p") != 0) std::abort();
  va_list args;
  va_start(args, format);
  const auto value = reinterpret_cast<std::uintptr_t>(va_arg(args, void*));
  va_end(args);
  char digits[2 * sizeof(value)];
  int n = 0;
  for (std::uintptr_t v = value; n == 0 || v != 0; v >>= 4)
    digits[n++] = "0123456789abcdef"[v & 15];
  int length = 0;
  out[length++] = '0';
  out[length++] = 'x';
  while (n > 0) out[length++] = digits[--n];
  out[length] = '\0';
  return length;
}
