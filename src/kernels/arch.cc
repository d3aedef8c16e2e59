// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Which instruction set the SIMD path was compiled for. WebAssembly has no run-time
// feature detection inside a module: the relaxed-SIMD, SIMD and scalar builds are
// separate .wasm files.
#include <xsimd/xsimd.hpp>

#include "kernels/simd_path.h"

namespace wasmconv::kernels {

bool simd_compiled() {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  return false;
#else
  return true;
#endif
}

const char* simd_arch_name() {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  return "scalar";
#elif defined(__wasm_simd128__) && defined(WASMCONV_RELAXED_MADD)
  return "wasm-simd128+relaxed-madd";
#elif defined(__wasm_simd128__)
  return "wasm-simd128";
#else
  return xsimd::default_arch::name();
#endif
}

}  // namespace wasmconv::kernels
