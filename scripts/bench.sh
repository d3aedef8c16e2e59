#!/usr/bin/env bash
# `npm run bench`: builds the modules and the peak probe, then runs bench/run.mjs
# (wasmconv against XNNPACK via tfjs-backend-wasm and ONNX Runtime Web, in Node).
# Pass --browser to run the same in headless Chromium instead (bench/browser.mjs), and
# --threads N for the threaded comparison (wasmconv on N threads and on 1 against the peers'
# threaded modes); --networks times the example networks end to end instead of layers
# (bench/networks.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/ensure-deps.sh
# Node 20 validates relaxed SIMD (the fused multiply-add build) only behind this flag.
node=(node --experimental-wasm-relaxed-simd)
# The options and the shape list are checked before anything is built; --help and
# --list need no build.
"${node[@]}" bench/run.mjs --list "$@" > /dev/null
case " $* " in
  *" --help "* | *" -h "* | *" --list "*) exec "${node[@]}" bench/run.mjs "$@" ;;
esac
bash scripts/build.sh
bash scripts/build-peak.sh
exec "${node[@]}" bench/run.mjs "$@"
