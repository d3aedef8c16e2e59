# Shared by the scripts in this folder: where things are, and how to print a step.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_ROOT="${WASMCONV_BUILD_ROOT:-$ROOT/build}"
# Node from NodeSource does not search Debian's /usr/share/nodejs, which Emscripten's
# JS optimizer needs (acorn).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
JOBS="${WASMCONV_JOBS:-$(nproc 2>/dev/null || echo 2)}"

step() { printf '\n==> %s\n' "$*"; }
