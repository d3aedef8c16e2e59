// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The error class of every entry point, in a module of its own so that the caller's side of
// wasmconv/worker (worker.js, worker-node.js) gets the very class that load() throws, and
// `instanceof WasmconvError` holds for errors from either, without bundling the API.

/**
 * The error thrown for invalid input; `code` is 'invalid_argument', 'out_of_memory' or
 * 'load_failed', and from wasmconv/worker also 'terminated' or 'worker_error'.
 */
export class WasmconvError extends Error {
  constructor(message, code = 'invalid_argument') {
    super(message);
    this.name = 'WasmconvError';
    this.code = code;
  }
}
