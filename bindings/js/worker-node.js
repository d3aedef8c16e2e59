// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// wasmconv/worker in Node (the package's "node" export condition): loadInWorker(options)
// runs load() and every call in a worker_threads Worker (worker-thread.js), so that the
// calling thread's event loop keeps running while wasm computes. The worker is unref'd
// whenever no call is pending, so a program that is done exits without terminate().
import { WasmconvError } from './error.js';
import { loadInWorkerWith } from './worker-client.js';
import { spawnThread } from './worker-spawn.js';

// Paths are resolved against process.cwd(), which the worker shares; a URL object cannot be
// cloned, so it goes as its string.
const location = (value) => (value instanceof URL ? value.href : value);

/**
 * Loads wasmconv in a worker thread: resolves to the API of load() whose methods return
 * Promises, and terminate(). See worker.d.ts.
 * @param {object} [options]  load()'s options, and `transfer: true` to move input arrays to the worker instead of copying them
 */
export function loadInWorker(options = {}) {
  return loadInWorkerWith(spawnThread(new URL('./worker-thread.js', import.meta.url)), options, { location });
}

export { WasmconvError };
