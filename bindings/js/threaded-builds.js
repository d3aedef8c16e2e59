// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The threaded builds' glue for browsers and workers, named by literals so that bundlers see
// them. Their .wasm and worker script are looked for next to the glue (bindings/js/index.js,
// packagedUrl), not named by new URL literals: a bundler would emit the .wasm (webpack warns
// past 244 KiB, and the threaded .wasm is about 245 KB) but not the worker script, so threads
// could not run from a bundle anyway; there the threaded build is not found and load()'s
// 'auto' takes the single-threaded one. The blog embed leaves this file out
// (scripts/build-embed.mjs).
export const THREADED_GLUE = {
  'relaxed-mt': () => import('../../dist/wasmconv-relaxed-mt.mjs'),
  'simd-mt': () => import('../../dist/wasmconv-simd-mt.mjs'),
};
