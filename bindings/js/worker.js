// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// wasmconv/worker for browsers and bundlers: loadInWorker(options) runs load() and every call
// in a module worker, so that the page's thread never runs wasm and stays responsive. The
// worker is created as new Worker(new URL('./worker-entry.js', import.meta.url), { type:
// 'module' }), written out literally: the form that Vite, webpack 5 and esbuild (with a
// plugin) recognise, bundling the worker and its imports. Node takes worker-node.js instead
// (the package's "node" export condition).
import { WasmconvError } from './error.js';
import { loadInWorkerWith } from './worker-client.js';

function base() {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

// A relative wasmUrl or wasmPath means the page's URL as its base, as load() on the page
// takes it; the worker's own base is its script's URL, so it gets the absolute URL.
function location(value) {
  if (value instanceof URL) return value.href;
  if (typeof value !== 'string') return value;
  try {
    return new URL(value, base()).href;
  } catch {
    return value;
  }
}

/**
 * Loads wasmconv in a module worker: resolves to the API of load() whose methods return
 * Promises, and terminate(). See worker.d.ts.
 * @param {object} [options]  load()'s options, and `transfer: true` to move input arrays to the worker instead of copying them
 */
export function loadInWorker(options = {}) {
  return loadInWorkerWith((events) => {
    const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (e) => events.message(e.data));
    worker.addEventListener('messageerror', () => events.messageError("the worker's answer could not be received (it could not be deserialized)"));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      events.failed(e.message ? e.message :
        'its script could not be loaded or failed: check that worker-entry.js is served next to worker.js and that the ' +
        "page's Content-Security-Policy allows it (worker-src)");
    });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      ref() {},
      unref() {},
      terminate: () => worker.terminate(),
    };
  }, options, { location });
}

export { WasmconvError };
