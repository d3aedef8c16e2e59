// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The module worker that wasmconv/worker starts in browsers (worker.js): it loads the
// browser entry point (index.js) and serves the page's calls (worker-server.js).
import { load } from './index.js';
import { serve } from './worker-server.js';

serve({
  listen: (fn) => self.addEventListener('message', (e) => fn(e.data)),
  post: (message, transfer) => self.postMessage(message, transfer),
}, load);
