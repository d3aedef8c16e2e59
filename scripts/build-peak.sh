#!/usr/bin/env bash
# Builds the benchmark's f32x4 mul+add peak probe (bench/peak_muladd.cc) and its fused
# multiply-add probe (bench/peak_fma.cc) into the wasm-simd build tree, where bench/peak.mjs
# loads them (in Node, and in the browser mode's page).
# The emulator is passed as in build.sh: emcmake's default breaks ctest on Node 20.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
emcmake cmake -S "$ROOT" -B "$BUILD_ROOT/wasm-simd" -DWASMCONV_BUILD_BENCH=ON \
  "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" >/dev/null
cmake --build "$BUILD_ROOT/wasm-simd" -j"$JOBS" --target peak_muladd peak_fma
