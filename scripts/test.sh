#!/usr/bin/env bash
# `npm test`: installs what is missing, builds everything, runs every test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-deps.sh
bash scripts/build.sh --tests

step "C++ tests, native (doctest)"
ctest --test-dir "$BUILD_ROOT/native" --output-on-failure
for variant in relaxed simd scalar; do
  step "C++ tests, wasm $variant under Node (doctest)"
  ctest --test-dir "$BUILD_ROOT/wasm-$variant" --output-on-failure
done

step "C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang)"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_ROOT/asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWASMCONV_SANITIZE=address,undefined -DWASMCONV_BUILD_FUZZ=ON >/dev/null
cmake --build "$BUILD_ROOT/asan" -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$BUILD_ROOT/asan" --output-on-failure

fuzz_seconds="${WASMCONV_FUZZ_SECONDS:-60}"
for target in plan kernels; do
  step "fuzz smoke run: ${target}_fuzz for ${fuzz_seconds} s (seed corpus tests/fuzz/corpus/$target)"
  corpus="$(mktemp -d)"
  cp -r "$ROOT/tests/fuzz/corpus/$target/." "$corpus/"
  "$BUILD_ROOT/asan/tests/fuzz/${target}_fuzz" -max_total_time="$fuzz_seconds" -print_final_stats=1 \
    -artifact_prefix="$BUILD_ROOT/asan/${target}_" "$corpus" 2>&1 | tail -n 6
  rm -rf "$corpus"
done

step "the benchmark's mul+add peak probe (bench tests in tests/js and tests/browser time it)"
bash scripts/build-peak.sh

step "JavaScript API tests (node --test)"
node --test tests/js/

# Node 20 has relaxed SIMD only behind a flag: with it, load() picks the relaxed build, which
# these files then check against the reference and against ONNX Runtime.
step "JavaScript tests of the relaxed-SIMD build (node --experimental-wasm-relaxed-simd --test)"
node --experimental-wasm-relaxed-simd --test tests/js/builds.test.mjs tests/js/relaxed-opcodes.test.mjs \
  tests/js/oracle.test.mjs tests/js/api.test.mjs

step "browser tests in headless Chromium (node --test)"
node --test tests/browser/

step "all test stages passed"
