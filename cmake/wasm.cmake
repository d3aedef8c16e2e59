# The JavaScript module: bindings/embind.cc linked into an ES module plus its .wasm,
# written to dist/ as wasmconv-simd, wasmconv-relaxed or wasmconv-scalar .{mjs,wasm}.
# A threaded build (WASMCONV_WASM_THREADS) is wasmconv-<variant>-mt.{mjs,wasm,worker.js} for
# browsers, plus node/wasmconv-<variant>-mt.{cjs,worker.js} for Node (below).
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
  # wasm-opt at -Os instead of the build type's -O3 (the objects keep their own -O3): its
  # -O3 inlines across the whole module, 10 KB more relaxed .wasm (257,989 -> 248,043 B),
  # which webpack warns about past 244 KiB (tests/browser/bundlers.test.mjs). Measured
  # 2026-12-06, both links round-robin in one Node process, 47 layers (the twelve shapes,
  # MobileNetV2, ESPCN, DCGAN): geometric mean of time 1.004x, no layer past 1.05x
  # except noise on one MobileNet 1x1 (1.056x, another 0.93x); T4 1.03-1.045x.
  -Os
)
if(WASMCONV_WASM_THREADS)
  # Emscripten warns that JS reads of a growable shared memory are slower: the glue checks
  # for growth on each access. bindings/js refreshes its views itself (tensor.js).
  list(APPEND WASMCONV_WASM_LINK_FLAGS -Wno-pthreads-mem-growth)
endif()
if(WASMCONV_WASM_THREADS)
  set(WASMCONV_MODULE_NAME "wasmconv-${WASMCONV_VARIANT}-mt")
  # The workers are started with the module, as many as the factory's `wasmconvWorkers`
  # (bindings/js/load.js sets it to the thread count - 1): a browser's main thread cannot
  # wait for a worker started later. Asking for more threads than were started fails
  # (EAGAIN) instead of deadlocking; the bindings never do.
  list(APPEND WASMCONV_WASM_LINK_FLAGS
    -sPTHREAD_POOL_SIZE=Module.wasmconvWorkers
    -sPTHREAD_POOL_SIZE_STRICT=2)
else()
  set(WASMCONV_MODULE_NAME "wasmconv-${WASMCONV_VARIANT}")
  # The only Module properties bindings/js/load.js passes (runGlue): the glue leaves out its
  # code for the others (about 0.3 KB gzip, which the blog embed's 40 KB budget needs).
  list(APPEND WASMCONV_WASM_LINK_FLAGS "-sINCOMING_MODULE_JS_API=[locateFile,instantiateWasm]")
  # emmalloc instead of dlmalloc: 7.6 KB less .wasm (relaxed 250,580 -> 242,930 B), room under
  # webpack's 244 KiB hint (tests/browser/bundlers.test.mjs). The kernels allocate a few large
  # buffers per call or per layer: the suites' layers ran as fast, C1 about 7% slower
  # (docs/performance.md, "Short output rows"). mallinfo(), which heapUsed and the memory
  # limit read, counts the allocated bytes as dlmalloc's does (tests/js/memory.test.mjs). The
  # threaded builds, past the hint anyway, keep dlmalloc: emmalloc was not measured there.
  list(APPEND WASMCONV_WASM_LINK_FLAGS -sMALLOC=emmalloc)
endif()
add_executable(wasmconv_module bindings/embind.cc bindings/type_name_format.cc)
target_link_libraries(wasmconv_module PRIVATE wasmconv)
wasmconv_warnings(wasmconv_module)
# No RTTI in the shipped modules: nothing in the library uses typeid or dynamic_cast, and
# Embind without it (EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0, linked with its no-RTTI library)
# leaves out the type-info and __dynamic_cast code. Measured 2026-12-07 with LTO: the relaxed
# .wasm 249,427 -> 246,101 B, the twelve shapes bitwise the same and as fast
# (bench/ab-builds.mjs, geometric mean 0.995). Its only cost: an unbound-type error would
# name the type by a number; the bindings register every type they use.
function(wasmconv_no_rtti target)
  target_compile_options(${target} PRIVATE -fno-rtti)
  target_compile_definitions(${target} PRIVATE EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0)
  target_link_options(${target} PRIVATE -fno-rtti)
endfunction()
wasmconv_no_rtti(wasmconv_module)
# Embind's one sprintf goes to bindings/type_name_format.cc instead of libc's.
list(APPEND WASMCONV_WASM_LINK_FLAGS -Wl,--wrap=siprintf)
target_link_options(wasmconv_module PRIVATE ${WASMCONV_WASM_LINK_FLAGS})
# The Embind glue converts arguments once per call, on no data: optimised for size (2.5 KB
# less .wasm than at -O3; webpack warns about an asset past 244 KiB,
# tests/browser/bundlers.test.mjs).
set_source_files_properties(bindings/embind.cc PROPERTIES COMPILE_OPTIONS -Os)
if(WASMCONV_WASM_LTO AND NOT WASMCONV_WASM_THREADS)
  # The glue's bitcode joins the library's in the link-time optimisation (CMakeLists.txt).
  target_compile_options(wasmconv_module PRIVATE -flto)
endif()
set_target_properties(wasmconv_module PROPERTIES
  OUTPUT_NAME "${WASMCONV_MODULE_NAME}"
  SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY "${WASMCONV_DIST_DIR}")
if(WASMCONV_WASM_RELAXED)
  wasmconv_rewrite_relaxed(wasmconv_module "${WASMCONV_DIST_DIR}/${WASMCONV_MODULE_NAME}.wasm")
endif()

if(WASMCONV_WASM_THREADS)
  # The glue names its worker script and .wasm through locateFile only (scripts/threaded-glue-urls.mjs).
  find_program(WASMCONV_NODE node REQUIRED)
  add_custom_command(TARGET wasmconv_module POST_BUILD
    COMMAND "${WASMCONV_NODE}" "${PROJECT_SOURCE_DIR}/scripts/threaded-glue-urls.mjs"
            "${WASMCONV_DIST_DIR}/${WASMCONV_MODULE_NAME}.mjs"
    VERBATIM)
  # Node: 3.1.6's ES-module glue cannot start its workers in Node (no `Worker` there), so the
  # threaded builds also get a CommonJS glue for Node and worker threads. It instantiates the
  # same .wasm (bindings/js/node.js compiles the browser build's file and hands the module
  # over; the copy this link writes is deleted).
  set(WASMCONV_NODE_LINK_FLAGS ${WASMCONV_WASM_LINK_FLAGS})
  list(REMOVE_ITEM WASMCONV_NODE_LINK_FLAGS -sEXPORT_ES6=1 -sENVIRONMENT=web,worker)
  list(APPEND WASMCONV_NODE_LINK_FLAGS -sENVIRONMENT=node,worker)
  add_executable(wasmconv_module_node bindings/embind.cc bindings/type_name_format.cc)
  target_link_libraries(wasmconv_module_node PRIVATE wasmconv)
  wasmconv_warnings(wasmconv_module_node)
  wasmconv_no_rtti(wasmconv_module_node)
  target_link_options(wasmconv_module_node PRIVATE ${WASMCONV_NODE_LINK_FLAGS})
  # In a folder of their own, whose package.json makes the worker's .js CommonJS (the
  # package's own says "type": "module").
  set_target_properties(wasmconv_module_node PROPERTIES
    OUTPUT_NAME "${WASMCONV_MODULE_NAME}"
    SUFFIX ".cjs"
    RUNTIME_OUTPUT_DIRECTORY "${WASMCONV_DIST_DIR}/node")
  file(WRITE "${WASMCONV_DIST_DIR}/node/package.json" "{ \"type\": \"commonjs\" }\n")
  add_custom_command(TARGET wasmconv_module_node POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E rm -f "${WASMCONV_DIST_DIR}/node/${WASMCONV_MODULE_NAME}.wasm"
    VERBATIM)
endif()
