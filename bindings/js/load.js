// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Choosing and instantiating a build, shared by the browser (index.js) and Node (node.js)
// entry points. Each entry point supplies how the Emscripten glue is imported and how
// the .wasm bytes or URL are found; this file decides which build (relaxed SIMD, SIMD or
// scalar), caches one instance per build, and turns load failures into errors that say
// what to do.
import { createApi, WasmconvError } from './api.js';

// The smallest module using a SIMD instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

// (func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))).
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0xfd,
  0x85, 0x02, 0x0b,
]);

function validates(bytes) {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** True when this engine validates WebAssembly SIMD (fixed-width, 128-bit). */
export function simdSupported() {
  return validates(SIMD_PROBE);
}

/**
 * True when this engine validates relaxed SIMD's f32x4.relaxed_madd (Chromium 114+, Node 22+;
 * Node 20 with --experimental-wasm-relaxed-simd).
 */
export function relaxedSimdSupported() {
  return simdSupported() && validates(RELAXED_PROBE);
}

const LOAD_OPTIONS = ['simd', 'relaxed', 'wasmBinary', 'wasmUrl', 'wasmPath'];
const FILES = { relaxed: 'wasmconv-relaxed.wasm', simd: 'wasmconv-simd.wasm', scalar: 'wasmconv-scalar.wasm' };

// The build that `simd` and `relaxed` (each true, false or 'auto') ask for on this engine,
// or an error message when they ask for what it lacks.
function chooseBuild(simd, relaxed) {
  if (simd === false) {
    return relaxed === true ? { error: 'load: relaxed: true needs the SIMD build; it cannot go with simd: false' } : { build: 'scalar' };
  }
  if (!simdSupported()) {
    if (simd === true) return { error: 'load: simd: true was asked for, but this engine does not support WebAssembly SIMD; use simd: false or "auto"' };
    if (relaxed === true) return { error: 'load: relaxed: true was asked for, but this engine does not support WebAssembly SIMD' };
    return { build: 'scalar' };
  }
  if (relaxed === false) return { build: 'simd' };
  if (relaxedSimdSupported()) return { build: 'relaxed' };
  if (relaxed === true) {
    return { error: 'load: relaxed: true was asked for, but this engine does not support relaxed SIMD ' +
      '(Node 20 needs --experimental-wasm-relaxed-simd); use relaxed: false or "auto"' };
  }
  return { build: 'simd' };
}

/**
 * @param {object} options  the user's load() options
 * @param {(build: 'relaxed' | 'simd' | 'scalar', options: object) => Promise<object>} instantiate  returns the module
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
  for (const key of ['simd', 'relaxed']) {
    const value = options[key] ?? 'auto';
    if (![true, false, 'auto'].includes(value)) {
      return Promise.reject(new WasmconvError(`load: ${key} must be true, false or 'auto', got ${value}`));
    }
  }
  const { build, error: refused } = chooseBuild(options.simd ?? 'auto', options.relaxed ?? 'auto');
  if (refused) return Promise.reject(new WasmconvError(refused));
  // Custom bytes or URLs bypass the cache: they may name a different build.
  const custom = options.wasmBinary !== undefined || options.wasmUrl !== undefined || options.wasmPath !== undefined;
  if (!custom && cache.has(build)) return cache.get(build);
  const promise = instantiate(build, options).then(
    (module) => Object.freeze(createApi(module, { simd: build !== 'scalar', relaxed: build === 'relaxed' })),
    (error) => {
      if (!custom) cache.delete(build);
      const file = FILES[build];
      throw new WasmconvError(
        `load: could not instantiate ${file} (${error && error.message ? error.message : error}). ` +
          'If the file is served from another place, pass load({ wasmPath }) (the folder holding the three .wasm files), ' +
          'load({ wasmUrl }) or load({ wasmBinary }); ' +
          'the server must send .wasm files as application/wasm.',
        'load_failed',
      );
    },
  );
  if (!custom) cache.set(build, promise);
  return promise;
}

/** The URL of `build`'s .wasm from the wasmUrl / wasmPath options, or undefined. */
export function wasmLocation(build, options) {
  if (options.wasmUrl !== undefined) return String(options.wasmUrl);
  if (options.wasmPath !== undefined) {
    const prefix = String(options.wasmPath);
    return `${prefix}${prefix.endsWith('/') ? '' : '/'}${FILES[build]}`;
  }
  return undefined;
}

export { WasmconvError };
