// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Entry point for Node. Emscripten 3.1.6's ES-module glue cannot fetch a file path in
// Node, so this reads the .wasm (next to the glue, or where wasmPath / wasmUrl say: a path
// absolute or relative to the working directory, or a file: URL), compiles it and hands
// the glue the module; a file that cannot be read is named in the error.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  compileBytes, createCache, loadError, loadWith, relaxedSimdSupported, runGlue, simdSupported, WASM_FILES,
  WasmconvError,
} from './load.js';

const cache = createCache();

const require = createRequire(import.meta.url);

// Literal specifiers, so that bundlers targeting Node see every build.
const GLUE = {
  relaxed: () => import('../../dist/wasmconv-relaxed.mjs'),
  simd: () => import('../../dist/wasmconv-simd.mjs'),
  scalar: () => import('../../dist/wasmconv-scalar.mjs'),
  // Threaded: CommonJS glue whose workers are Node worker threads (3.1.6's ES-module glue
  // cannot start workers in Node). It instantiates the same .wasm as the browser's.
  'relaxed-mt': async () => ({ default: require('../../dist/node/wasmconv-relaxed-mt.cjs') }),
  'simd-mt': async () => ({ default: require('../../dist/node/wasmconv-simd-mt.cjs') }),
};

const NODE_FIX = `Pass load({ wasmPath }) the folder holding ${Object.values(WASM_FILES).join(', ')} ` +
  '(a path, absolute or relative to the working directory, or a file: URL), ' +
  'load({ wasmUrl }) the chosen file, or load({ wasmBinary }) its bytes';

// A location as a file: URL. Strings that start with a scheme of two or more letters are
// URLs (file: only: Node reads files); anything else is a path, resolved against
// process.cwd(). A folder always ends in '/', so that the file name is appended.
function toUrl(location, name, folder) {
  let url;
  if (location instanceof URL) url = new URL(location.href);
  else if (/^[a-z][a-z\d+.-]+:/i.test(location)) {
    try {
      url = new URL(location);
    } catch {
      throw new WasmconvError(`load: ${name} ${JSON.stringify(location)} is not a URL`);
    }
  } else url = pathToFileURL(resolve(location));
  if (url.protocol !== 'file:') {
    throw new WasmconvError(`load: ${name} ${JSON.stringify(String(location))}: in Node, wasmconv reads files, so ${name} ` +
      `must be a path or a file: URL; to load from ${url.protocol} fetch the bytes and pass load({ wasmBinary })`);
  }
  if (folder && !url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

const REASONS = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied', ENOTDIR: 'a part of the path is not a folder' };

async function instantiate(build, source, factoryOptions) {
  const { default: factory } = await GLUE[build]();
  return runGlue(build, factory, async () => {
    if (source.bytes !== undefined) return compileBytes(build, source.bytes, 'wasmBinary', { fix: `wasmBinary must hold the bytes of ${WASM_FILES[build]}` });
    const path = fileURLToPath(source.url ?? new URL(`../../dist/${WASM_FILES[build]}`, import.meta.url));
    let bytes;
    try {
      bytes = await readFile(path);
    } catch (error) {
      const reason = error.code ? `${error.code}${REASONS[error.code] ? `: ${REASONS[error.code]}` : ''}` : error.message;
      throw loadError(build, `cannot read ${path} (${reason})`, NODE_FIX);
    }
    return compileBytes(build, bytes, path, { fix: NODE_FIX });
  }, factoryOptions);
}

// The pool's workers wait for work for as long as the module lives: without this they would
// keep Node from exiting when the program is done.
function unrefWorkers(module) {
  const { PThread } = module;
  if (!PThread) return;
  for (const worker of [...PThread.runningWorkers, ...PThread.unusedWorkers]) worker.unref?.();
}

/**
 * Loads wasmconv: the relaxed-SIMD build where relaxed SIMD validates, else the SIMD build
 * where WebAssembly SIMD does, else the scalar build. Loads of the same build from the same
 * place (or the same wasmBinary object) share one instance.
 * @param {{ simd?: boolean | 'auto', relaxed?: boolean | 'auto', wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL, wasmPath?: string | URL }} [options]
 */
export function load(options = {}) {
  return loadWith(options, { toUrl, instantiate, cores: availableParallelism, started: unrefWorkers }, cache);
}

export { relaxedSimdSupported, simdSupported, WasmconvError };
