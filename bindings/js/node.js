// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for Node. Emscripten 3.1.6's ES-module glue cannot fetch a file path in
// Node, so this reads the .wasm next to the glue and hands over the bytes.
import { readFile } from 'node:fs/promises';

import { loadWith, relaxedSimdSupported, simdSupported, WasmconvError, wasmLocation } from './load.js';

const cache = new Map();

// Literal specifiers, so that bundlers targeting Node see every build.
const GLUE = {
  relaxed: () => import('../../dist/wasmconv-relaxed.mjs'),
  simd: () => import('../../dist/wasmconv-simd.mjs'),
  scalar: () => import('../../dist/wasmconv-scalar.mjs'),
};

async function instantiate(build, options) {
  const name = `wasmconv-${build}`;
  const glue = await GLUE[build]();
  let wasmBinary = options.wasmBinary;
  if (wasmBinary === undefined) {
    const custom = wasmLocation(build, options);
    const url = custom !== undefined ? new URL(custom) : new URL(`../../dist/${name}.wasm`, import.meta.url);
    wasmBinary = await readFile(url);
  }
  return glue.default({ wasmBinary });
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
