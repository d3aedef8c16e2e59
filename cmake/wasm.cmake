# The JavaScript module: bindings/embind.cc linked into an ES module plus its .wasm,
# written to dist/ as wasmconv-simd, wasmconv-relaxed or wasmconv-scalar .{mjs,wasm}.
set(WASMCONV_WASM_LINK_FLAGS
  --bind                          # Embind
  -sMODULARIZE=1                  # a factory function instead of a global Module
  -sEXPORT_ES6=1                  # ... exported as an ES module default export
  -sEXPORT_NAME=createWasmconvModule
  -sENVIRONMENT=web,worker        # no 'node': 3.1.6's node code uses __dirname, which ES
                                  # modules lack; Node gets the bytes through wasmBinary
  -sFILESYSTEM=0                  # no files are ever read
  -sALLOW_MEMORY_GROWTH=1         # tensor sizes are the caller's choice
  -sMAXIMUM_MEMORY=2GB
  -sABORTING_MALLOC=0             # malloc returns null when memory cannot grow; we report it
  -sDYNAMIC_EXECUTION=0           # no eval / new Function in the glue: runs under a
                                  # Content-Security-Policy without 'unsafe-eval'
  -sEXPORTED_FUNCTIONS=_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=[]
)
add_executable(wasmconv_module bindings/embind.cc)
target_link_libraries(wasmconv_module PRIVATE wasmconv)
wasmconv_warnings(wasmconv_module)
target_link_options(wasmconv_module PRIVATE ${WASMCONV_WASM_LINK_FLAGS})
set_target_properties(wasmconv_module PROPERTIES
  OUTPUT_NAME "wasmconv-${WASMCONV_VARIANT}"
  SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY "${WASMCONV_DIST_DIR}")
if(WASMCONV_WASM_RELAXED)
  wasmconv_rewrite_relaxed(wasmconv_module "${WASMCONV_DIST_DIR}/wasmconv-${WASMCONV_VARIANT}.wasm")
endif()
