#!/usr/bin/env bash
# `npm test`: installs what is missing, builds everything, runs every test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/ensure-deps.sh
bash scripts/build.sh --tests

step "C++ tests, native (doctest)"
ctest --test-dir "$BUILD_ROOT/native" --output-on-failure
for variant in simd scalar; do
  step "C++ tests, wasm $variant under Node (doctest)"
  ctest --test-dir "$BUILD_ROOT/wasm-$variant" --output-on-failure
done

step "JavaScript API tests (node --test)"
node --test tests/js/

step "browser tests in headless Chromium (node --test)"
node --test tests/browser/

step "all test stages passed"
