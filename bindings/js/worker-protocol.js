// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The messages between the caller's side of wasmconv/worker (worker-client.js) and the worker
// (worker-server.js), in one place so that both ends agree. The caller sends
// { id, target, method, args } (target 0 is the loaded API, any other number a layer or
// tensor held in the worker); the worker answers each id once, in the order the calls were
// sent, with { id, result } or { id, error: { name, message, code } }. { method: 'release',
// target } (no id, no answer) frees a handle the caller's garbage collector dropped.
// Structured clone carries everything else; two markers stand in for what it cannot carry:

/** `{ [HANDLE]: n }`: the layer or tensor n held by the worker, in arguments and results. */
export const HANDLE = '@wasmconv/handle';

/**
 * `{ [OUTPUT]: length }`: a run's `output` Float32Array of that length. The worker writes a
 * new array of that length, which comes back by transfer and is copied into the caller's.
 */
export const OUTPUT = '@wasmconv/output';

/** The target of calls on the loaded API itself. */
export const API = 0;
