#!/usr/bin/env bash
# `npm test`: installs what is missing, builds everything, runs every test suite.
# A failing stage does not stop the run: every later stage still runs (a red native suite
# should not hide what the browser tests say), and the summary at the end names each stage
# that failed. Only a failed install or build stops at once, since nothing can run after it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-deps.sh
bash scripts/build.sh --tests

passed=()
failed=()
# run_stage "title" command...: runs one stage and records its outcome.
run_stage() {
  local title="$1"
  shift
  step "$title"
  if "$@"; then passed+=("$title"); else failed+=("$title"); fi
}

asan_build() {
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_ROOT/asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWASMCONV_SANITIZE=address,undefined -DWASMCONV_BUILD_FUZZ=ON >/dev/null &&
    cmake --build "$BUILD_ROOT/asan" -j"$JOBS" &&
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$BUILD_ROOT/asan" --output-on-failure
}

# ThreadSanitizer over the native tests with the fast paths on 2 and 3 threads (and the pool's
# own tests). RelWithDebInfo so that a report names lines.
tsan_build() {
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_ROOT/tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWASMCONV_SANITIZE=thread >/dev/null &&
    cmake --build "$BUILD_ROOT/tsan" -j"$JOBS" &&
    TSAN_OPTIONS=halt_on_error=1 ctest --test-dir "$BUILD_ROOT/tsan" --output-on-failure -R 'threads'
}

fuzz_smoke() {
  local target="$1" corpus status
  # A sanitizer build that failed leaves no fuzzer: that is a failed stage, not a skipped one.
  if [ ! -x "$BUILD_ROOT/asan/tests/fuzz/${target}_fuzz" ]; then
    echo "${target}_fuzz was not built (see the sanitizer stage above)"
    return 1
  fi
  corpus="$(mktemp -d)"
  cp -r "$ROOT/tests/fuzz/corpus/$target/." "$corpus/"
  set +e
  "$BUILD_ROOT/asan/tests/fuzz/${target}_fuzz" -max_total_time="$fuzz_seconds" -print_final_stats=1 \
    -artifact_prefix="$BUILD_ROOT/asan/${target}_" "$corpus" >"$corpus.log" 2>&1
  status=$?
  set -e
  # The statistics when it passes; when it fails, enough to see the crash and its input.
  if [ "$status" -eq 0 ]; then tail -n 6 "$corpus.log"; else tail -n 60 "$corpus.log"; fi
  rm -rf "$corpus" "$corpus.log"
  return "$status"
}

run_stage "C++ tests, native (doctest)" ctest --test-dir "$BUILD_ROOT/native" --output-on-failure
for variant in relaxed simd scalar relaxed-mt simd-mt; do
  run_stage "C++ tests, wasm $variant under Node (doctest)" \
    ctest --test-dir "$BUILD_ROOT/wasm-$variant" --output-on-failure
done

run_stage "C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang)" asan_build

run_stage "C++ tests on 2 and 3 threads under ThreadSanitizer (clang)" tsan_build

fuzz_seconds="${WASMCONV_FUZZ_SECONDS:-60}"
for target in plan kernels; do
  run_stage "fuzz smoke run: ${target}_fuzz for ${fuzz_seconds} s (seed corpus tests/fuzz/corpus/$target)" \
    fuzz_smoke "$target"
done

run_stage "the benchmark's mul+add peak probe (bench tests in tests/js and tests/browser time it)" \
  bash scripts/build-peak.sh

run_stage "JavaScript API tests (node --test)" node --test tests/js/

# The differential files load with threads: 'auto' above (threaded in Node); again with one
# thread (the single-threaded builds) and with 3 (an odd split), each against its oracles.
differential=(tests/js/oracle.test.mjs tests/js/conformance.test.mjs tests/js/activation.test.mjs
  tests/js/pytorch-forms.test.mjs tests/js/padding-modes.test.mjs tests/js/networks.test.mjs)
for threads in 1 3; do
  run_stage "JavaScript differential tests on $threads thread(s) (WASMCONV_TEST_THREADS=$threads)" \
    env WASMCONV_TEST_THREADS="$threads" node --test "${differential[@]}"
done

# Node 20 has relaxed SIMD only behind a flag: with it, load() picks the relaxed build, which
# these files then check against the reference, ONNX Runtime and (images) plain JavaScript.
run_stage "JavaScript tests of the relaxed-SIMD build (node --experimental-wasm-relaxed-simd --test)" \
  node --experimental-wasm-relaxed-simd --test tests/js/builds.test.mjs tests/js/relaxed-opcodes.test.mjs \
  tests/js/oracle.test.mjs tests/js/api.test.mjs tests/js/activation.test.mjs tests/js/weight-layout.test.mjs tests/js/image-io.test.mjs

run_stage "browser tests in headless Chromium (node --test)" node --test tests/browser/

step "summary"
for title in "${passed[@]}"; do printf '  ok      %s\n' "$title"; done
for title in "${failed[@]+"${failed[@]}"}"; do printf '  FAILED  %s\n' "$title"; done
printf 'stages: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
((${#failed[@]} == 0))
