#!/usr/bin/env bash
# `npm run bench`: builds the modules and the peak probe, then runs bench/run.mjs
# (wasmconv against XNNPACK via tfjs-backend-wasm and ONNX Runtime Web, in Node).
# Pass --browser to run the same in headless Chromium instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/ensure-deps.sh
bash scripts/build.sh
emcmake cmake -S "$ROOT" -B "$BUILD_ROOT/wasm-simd" -DWASMCONV_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD_ROOT/wasm-simd" -j"$JOBS" --target peak_muladd
exec node bench/run.mjs "$@"
