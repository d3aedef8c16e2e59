// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Choosing and instantiating a build, shared by the browser (index.js) and Node (node.js)
// entry points. Each entry point supplies how the Emscripten glue is imported and how
// the .wasm bytes or URL are found; this file decides SIMD versus scalar, caches one
// instance per build, and turns load failures into errors that say what to do.
import { createApi, WasmconvError } from './api.js';

// The smallest module using a SIMD instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

/** True when this engine validates WebAssembly SIMD (fixed-width, 128-bit). */
export function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

const LOAD_OPTIONS = ['simd', 'wasmBinary', 'wasmUrl', 'wasmPath'];

/**
 * @param {object} options  the user's load() options
 * @param {(simd: boolean, options: object) => Promise<object>} instantiate  returns the module
 * @param {Map<string, Promise<object>>} cache
 */
export function loadWith(options, instantiate, cache) {
  if (options === null || typeof options !== 'object') {
    return Promise.reject(new WasmconvError(`load: options must be an object, got ${options}`));
  }
  for (const key of Object.keys(options)) {
    if (!LOAD_OPTIONS.includes(key)) {
      return Promise.reject(new WasmconvError(`load: unknown option '${key}' (options are ${LOAD_OPTIONS.join(', ')})`));
    }
  }
  const wanted = options.simd ?? 'auto';
  if (![true, false, 'auto'].includes(wanted)) {
    return Promise.reject(new WasmconvError(`load: simd must be true, false or 'auto', got ${wanted}`));
  }
  const available = simdSupported();
  if (wanted === true && !available) {
    return Promise.reject(new WasmconvError('load: simd: true was asked for, but this engine does not support WebAssembly SIMD; use simd: false or "auto"'));
  }
  const simd = wanted === 'auto' ? available : wanted;
  // Custom bytes or URLs bypass the cache: they may name a different build.
  const custom = options.wasmBinary !== undefined || options.wasmUrl !== undefined || options.wasmPath !== undefined;
  const key = simd ? 'simd' : 'scalar';
  if (!custom && cache.has(key)) return cache.get(key);
  const promise = instantiate(simd, options).then(
    (module) => Object.freeze(createApi(module, { simd })),
    (error) => {
      if (!custom) cache.delete(key);
      const file = simd ? 'wasmconv-simd.wasm' : 'wasmconv-scalar.wasm';
      throw new WasmconvError(
        `load: could not instantiate ${file} (${error && error.message ? error.message : error}). ` +
          'If the file is served from another place, pass load({ wasmPath }) (the folder holding both .wasm files), ' +
          'load({ wasmUrl }) or load({ wasmBinary }); ' +
          'the server must send .wasm files as application/wasm.',
        'load_failed',
      );
    },
  );
  if (!custom) cache.set(key, promise);
  return promise;
}

/** The URL of the chosen build's .wasm from the wasmUrl / wasmPath options, or undefined. */
export function wasmLocation(simd, options) {
  if (options.wasmUrl !== undefined) return String(options.wasmUrl);
  if (options.wasmPath !== undefined) {
    const prefix = String(options.wasmPath);
    return `${prefix}${prefix.endsWith('/') ? '' : '/'}${simd ? 'wasmconv-simd.wasm' : 'wasmconv-scalar.wasm'}`;
  }
  return undefined;
}

export { WasmconvError };
