// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The module worker that wasmconv/worker starts in browsers (worker.js): it loads the
// browser entry point (index.js) and serves the page's calls (worker-server.js).
import { load } from './index.js';
import { serve } from './worker-server.js';

serve({
  listen(fn, lost) {
    self.addEventListener('message', (e) => fn(e.data));
    self.addEventListener('messageerror', () => lost('it could not be deserialized in the worker'));
  },
  post: (message, transfer) => self.postMessage(message, transfer),
}, load);
