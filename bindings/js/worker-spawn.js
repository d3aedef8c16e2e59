// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Starts a Node worker thread for loadInWorker() (worker-node.js) and adapts its events to
// what worker-client.js expects. A module of its own so that the tests can start a worker
// script of theirs (one that dies on purpose) through the same code.
import { Worker } from 'node:worker_threads';

/** The `start` function of loadInWorkerWith() for a worker thread running `script` (a file: URL). */
export function spawnThread(script) {
  return (events) => {
    // Started from a string that imports the script, not from the file itself: the worker
    // inherits this process's Node options, and `node --input-type=module -e ...` passes one
    // that a worker started from a file refuses (--input-type applies to string input only).
    // Node's own filtering of the inherited options (V8 flags and the like) still applies.
    const worker = new Worker(`import(${JSON.stringify(String(script))});`, { eval: true });
    let exited = false;
    worker.on('message', (data) => events.message(data));
    worker.on('messageerror', (error) => events.messageError(`the worker's answer could not be received (${error && error.message ? error.message : error})`));
    worker.on('error', (error) => events.failed(`an uncaught ${error && error.name ? `${error.name}: ${error.message}` : error}`));
    worker.on('exit', (code) => {
      exited = true;
      events.failed(`it exited with code ${code}`);
    });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      terminate: () => (exited ? undefined : worker.terminate()),
    };
  };
}
