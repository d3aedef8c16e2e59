// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The worker thread that wasmconv/worker starts in Node (worker-node.js): it loads the Node
// entry point (node.js) and serves the calls of the thread that started it (worker-server.js).
import { parentPort } from 'node:worker_threads';

import { load } from './node.js';
import { serve } from './worker-server.js';

serve({
  listen(fn, lost) {
    parentPort.on('message', fn);
    parentPort.on('messageerror', (error) => lost(`it could not be deserialized in the worker: ${error && error.message ? error.message : error}`));
  },
  post: (message, transfer) => parentPort.postMessage(message, transfer),
}, load);
