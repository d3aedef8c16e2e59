// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for browsers, workers and bundlers. The Emscripten glue finds its .wasm next
// to itself through import.meta.url, which bundlers (Vite, webpack 5) understand; pass
// { wasmPath } (a folder holding both builds), { wasmUrl } or { wasmBinary } to load it
// from elsewhere.
import { loadWith, simdSupported, WasmconvError, wasmLocation } from './load.js';

const cache = new Map();

function instantiate(simd, options) {
  const glue = simd ? import('../../dist/wasmconv-simd.mjs') : import('../../dist/wasmconv-scalar.mjs');
  const settings = {};
  if (options.wasmBinary !== undefined) settings.wasmBinary = options.wasmBinary;
  const url = wasmLocation(simd, options);
  if (url !== undefined) settings.locateFile = (path) => (path.endsWith('.wasm') ? url : path);
  return glue.then((m) => m.default(settings));
}

/**
 * Loads wasmconv: the SIMD build where WebAssembly SIMD validates, else the scalar build.
 * @param {{ simd?: boolean | 'auto', wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL, wasmPath?: string | URL }} [options]
 */
export function load(options = {}) {
  return loadWith(options, instantiate, cache);
}

export { simdSupported, WasmconvError };
