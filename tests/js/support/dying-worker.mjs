// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A worker thread for tests/js/worker.test.mjs that serves as bindings/js/worker-thread.js
// does, with three more methods: crash() throws an uncaught error (the worker's 'error'
// event), exit() calls process.exit(7) (its 'exit' event), both seen before the server's own
// listener, so neither call is ever answered; lose() is passed to the server as a message
// that could not be deserialized.
import { parentPort } from 'node:worker_threads';

import { load } from '../../../bindings/js/node.js';
import { serve } from '../../../bindings/js/worker-server.js';

parentPort.on('message', (message) => {
  if (message.method === 'crash') throw new RangeError('boom from the test worker');
  if (message.method === 'exit') process.exit(7);
});

serve({
  listen: (fn, lost) => parentPort.on('message', (message) => (message.method === 'lose' ? lost('as the test asked') : fn(message))),
  post: (message, transfer) => parentPort.postMessage(message, transfer),
}, async (options) => ({ ...(await load(options)), crash() {}, exit() {}, lose() {} }));
