// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A worker thread for tests/js/worker.test.mjs that serves as bindings/js/worker-thread.js
// does, with two more methods that end it: crash() throws an uncaught error (the worker's
// 'error' event), exit() calls process.exit(7) (its 'exit' event). Both are seen before the
// server's own listener, so neither call is ever answered.
import { parentPort } from 'node:worker_threads';

import { load } from '../../../bindings/js/node.js';
import { serve } from '../../../bindings/js/worker-server.js';

parentPort.on('message', (message) => {
  if (message.method === 'crash') throw new RangeError('boom from the test worker');
  if (message.method === 'exit') process.exit(7);
});

serve({
  listen: (fn) => parentPort.on('message', fn),
  post: (message, transfer) => parentPort.postMessage(message, transfer),
}, async (options) => ({ ...(await load(options)), crash() {}, exit() {} }));
