// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for browsers, workers and bundlers. The Emscripten glue finds its .wasm next
// to itself through import.meta.url, which bundlers (Vite, webpack 5) understand; pass
// { wasmPath } (a folder holding the three builds), { wasmUrl } or { wasmBinary } to load it
// from elsewhere.
import { loadWith, relaxedSimdSupported, simdSupported, WasmconvError, wasmLocation } from './load.js';

const cache = new Map();

// Literal specifiers, so that bundlers see every build and emit each as its own chunk.
const GLUE = {
  relaxed: () => import('../../dist/wasmconv-relaxed.mjs'),
  simd: () => import('../../dist/wasmconv-simd.mjs'),
  scalar: () => import('../../dist/wasmconv-scalar.mjs'),
};

function instantiate(build, options) {
  const glue = GLUE[build]();
  const settings = {};
  if (options.wasmBinary !== undefined) settings.wasmBinary = options.wasmBinary;
  const url = wasmLocation(build, options);
  if (url !== undefined) settings.locateFile = (path) => (path.endsWith('.wasm') ? url : path);
  return glue.then((m) => m.default(settings));
}

/**
 * Loads wasmconv: the relaxed-SIMD build where relaxed SIMD validates, else the SIMD build
 * where WebAssembly SIMD does, else the scalar build.
 * @param {{ simd?: boolean | 'auto', relaxed?: boolean | 'auto', wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL, wasmPath?: string | URL }} [options]
 */
export function load(options = {}) {
  return loadWith(options, instantiate, cache);
}

export { relaxedSimdSupported, simdSupported, WasmconvError };
