// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The threaded builds for browsers and workers: their glue (each starts its workers from
// wasmconv-<build>-mt.worker.js, next to the glue) and their .wasm, named by literals so
// that bundlers see them. The blog embed leaves this file out (scripts/build-embed.mjs).
export const THREADED_GLUE = {
  'relaxed-mt': () => import('../../dist/wasmconv-relaxed-mt.mjs'),
  'simd-mt': () => import('../../dist/wasmconv-simd-mt.mjs'),
};

export const THREADED_PACKAGED = {
  'relaxed-mt': () => new URL('../../dist/wasmconv-relaxed-mt.wasm', import.meta.url),
  'simd-mt': () => new URL('../../dist/wasmconv-simd-mt.wasm', import.meta.url),
};
