#!/usr/bin/env bash
# Builds the package: the relaxed-SIMD, SIMD and scalar WebAssembly modules into dist/, and
# the threaded (pthreads) relaxed-SIMD and SIMD modules (dist/*-mt.*, dist/node/).
#   scripts/build.sh           modules only (what `npm run build` and `npm start` need)
#   scripts/build.sh --tests   also the doctest binaries, natively and in both wasm builds,
#                              and conv_bench natively (its command-line tests run in ctest)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tests=OFF
[ "${1:-}" = "--tests" ] && tests=ON
werror=OFF
[ -n "${CI:-}" ] && werror=ON
mkdir -p "$BUILD_ROOT"

for variant in relaxed simd scalar relaxed-mt simd-mt; do
  dir="$BUILD_ROOT/wasm-$variant"
  simd=$([ "$variant" = scalar ] && echo OFF || echo ON)
  relaxed=$([ "${variant%-mt}" = relaxed ] && echo ON || echo OFF)
  threads=$([ "${variant%-mt}" != "$variant" ] && echo ON || echo OFF)
  # Node 20 validates relaxed SIMD only behind this flag (Node 22 and Chromium by default).
  emulator="-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch"
  [ "$relaxed" = ON ] && emulator="$emulator;--experimental-wasm-relaxed-simd"
  step "wasm ($variant): configure and build in $dir"
  emcmake cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DWASMCONV_WASM_SIMD="$simd" \
    -DWASMCONV_WASM_RELAXED="$relaxed" -DWASMCONV_WASM_THREADS="$threads" -DWASMCONV_BUILD_TESTS="$tests" -DWASMCONV_WERROR="$werror" \
    "$emulator" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir" -j"$JOBS"
done

# The blog embeds (dist/embed.js, dist/embed.html, dist/embed-frame.js), bundled with esbuild from web/ and the glue above.
node "$ROOT/scripts/build-embed.mjs"

if [ "$tests" = ON ]; then
  step "native: configure and build in $BUILD_ROOT/native"
  cmake -S "$ROOT" -B "$BUILD_ROOT/native" -DCMAKE_BUILD_TYPE=Release -DWASMCONV_WERROR="$werror" \
    -DWASMCONV_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_ROOT/native" -j"$JOBS"
fi
