// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The `threads` option of load(): whether this environment can run a threaded build, how many
// threads 'auto' picks, and what a threaded instance needs once instantiated. The blog embed
// (scripts/build-embed.mjs) replaces this file with a stand-in that always answers one
// thread: a figure's small layers gain nothing from threads.
import { WasmconvError } from './api.js';

/**
 * The most threads 'auto' starts. Browsers and Node report logical cores; past 8 the
 * benchmark's layers are split into too few tasks per thread to balance (docs/performance.md,
 * "Threads").
 */
export const AUTO_THREAD_CAP = 8;
const MAX_THREADS = 64;

/**
 * Why this environment cannot run a threaded build ('' when it can). Threads need a shared
 * memory, and browsers give SharedArrayBuffer only to cross-origin isolated pages (and their
 * workers): the server must send COOP: same-origin and COEP: require-corp.
 */
export function threadsUnavailable() {
  // Browsers define SharedArrayBuffer only on isolated pages: the headers are the likely cause.
  if (globalThis.process?.versions?.node === undefined && globalThis.crossOriginIsolated !== true) {
    return 'the page is not cross-origin isolated (its server must send Cross-Origin-Opener-Policy: same-origin ' +
      'and Cross-Origin-Embedder-Policy: require-corp; a worker needs such a page)';
  }
  if (typeof SharedArrayBuffer !== 'function') return 'this engine has no SharedArrayBuffer';
  return '';
}

/**
 * The thread count for the `threads` option: 'auto' gives min(cores, AUTO_THREAD_CAP) where
 * threads can run and 1 elsewhere (silently); a number asks for exactly that many. `build` is
 * the single-threaded build chosen so far ('scalar' has no threaded form); `ownFile` is true
 * when the caller named one file (wasmBinary, wasmUrl), which 'auto' takes as it is.
 * @returns {{ threads: number } | { error: string }}
 */
export function chooseThreads(option, { build, ownFile, cores }) {
  const unavailable = threadsUnavailable();
  if (option === 'auto') {
    if (unavailable || build === 'scalar' || ownFile) return { threads: 1 };
    return { threads: Math.max(1, Math.min(cores, AUTO_THREAD_CAP)) };
  }
  if (!Number.isInteger(option) || option < 1 || option > MAX_THREADS) {
    return { error: `load: threads must be 'auto' or an integer from 1 to ${MAX_THREADS}, got ${describe(option)}` };
  }
  if (option === 1) return { threads: 1 };
  if (unavailable) {
    return { error: `load: threads: ${option} cannot run here: ${unavailable}. Use threads: 'auto' (one thread here) or 1` };
  }
  if (build === 'scalar') {
    return { error: `load: threads: ${option} needs a SIMD build (there is no threaded scalar build); drop simd: false, or use threads: 1` };
  }
  return { threads: option };
}

function describe(value) {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The file name of a build: wasmconv-simd.wasm, wasmconv-simd-mt.wasm, ... */
export function threadedName(build, threads) {
  return threads > 1 ? `${build}-mt` : build;
}

/**
 * The glue's factory options that start the workers with the module: threads - 1 of them
 * (the caller's thread is the pool's first).
 */
export function factoryOptions(threads) {
  return threads > 1 ? { wasmconvWorkers: threads - 1 } : {};
}

/**
 * Finishes a threaded instance: starts its pool, and makes module.HEAPU8 / HEAPF32 follow the
 * memory when a worker grew it (the glue refreshes its own views only on the thread that grew
 * it, so the caller's could lag behind the heap).
 */
export function startThreads(module, threads, minMacs = -1) {
  if (threads < 2) return;
  const error = module.startThreads(threads, minMacs);
  if (error) throw new WasmconvError(`load: ${error.error}`, 'load_failed');
  const memory = module.wasmMemory;
  let views = null;
  const current = () => {
    const buffer = memory.buffer;
    if (views === null || views.buffer !== buffer) {
      views = { buffer, HEAPU8: new Uint8Array(buffer), HEAPF32: new Float32Array(buffer) };
    }
    return views;
  };
  for (const name of ['HEAPU8', 'HEAPF32']) {
    // The glue assigns these when it grows the memory itself: ignored, the getter is current.
    Object.defineProperty(module, name, { get: () => current()[name], set() {}, configurable: true });
  }
}

// A module that links but is not of the build's kind would break the glue after the load
// resolved (the blog embed, which never takes the caller's bytes, leaves this check out) (a
// threaded glue on a module with its own memory computes on the wrong memory; an empty module
// has none of the functions): the threaded builds import a shared memory, the others export
// theirs, and every build exports its constructors, allocator, stack and Embind entry points
// (7 functions in the single-threaded builds, more in the threaded ones).
export function checkKind(build, module, file, loadError) {
  const threaded = build.endsWith('-mt');
  const hasMemory = WebAssembly.Module[threaded ? 'imports' : 'exports'](module).some((e) => e.kind === 'memory');
  const functions = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').length;
  if (hasMemory && functions >= 6) return module;
  throw loadError(build, `the module compiled, but it is not ${file}: ${hasMemory ? `it exports ${functions} functions`
    : threaded ? 'it does not import a shared memory, as the threaded builds do' : 'it does not export its memory'}`);
}
