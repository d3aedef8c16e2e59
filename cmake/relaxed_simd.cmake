# The relaxed-SIMD build: every executable that links the library (the JS module, the
# doctest suite, conv_bench), and the benchmark's FMA peak probe, gets its .wasm rewritten
# after linking from clang 14's prototype f32x4.qfma to the standard f32x4.relaxed_madd,
# with the prototype's meaning kept (scripts/relaxed-simd-opcodes.mjs, which decodes the
# code section instruction by instruction).
include_guard(GLOBAL)
find_program(WASMCONV_NODE node REQUIRED)
set(WASMCONV_RELAXED_REWRITER "${PROJECT_SOURCE_DIR}/scripts/relaxed-simd-opcodes.mjs")

# `wasm_file`: the .wasm that `target` links (beside its .mjs / .cjs glue).
function(wasmconv_rewrite_relaxed target wasm_file)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${WASMCONV_NODE}" "${WASMCONV_RELAXED_REWRITER}" "${wasm_file}"
    VERBATIM)
endfunction()
