// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for Node. Emscripten 3.1.6's ES-module glue cannot fetch a file path in
// Node, so this reads the .wasm next to the glue and hands over the bytes.
import { readFile } from 'node:fs/promises';

import { loadWith, simdSupported, WasmconvError, wasmLocation } from './load.js';

const cache = new Map();

async function instantiate(simd, options) {
  const name = simd ? 'wasmconv-simd' : 'wasmconv-scalar';
  const glue = simd ? await import('../../dist/wasmconv-simd.mjs') : await import('../../dist/wasmconv-scalar.mjs');
  let wasmBinary = options.wasmBinary;
  if (wasmBinary === undefined) {
    const custom = wasmLocation(simd, options);
    const url = custom !== undefined ? new URL(custom) : new URL(`../../dist/${name}.wasm`, import.meta.url);
    wasmBinary = await readFile(url);
  }
  return glue.default({ wasmBinary });
}

/**
 * Loads wasmconv: the SIMD build where WebAssembly SIMD validates, else the scalar build.
 * @param {{ simd?: boolean | 'auto', wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL, wasmPath?: string | URL }} [options]
 */
export function load(options = {}) {
  return loadWith(options, instantiate, cache);
}

export { simdSupported, WasmconvError };
