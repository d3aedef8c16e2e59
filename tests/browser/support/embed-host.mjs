// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The host script docs/embedding.md gives for the iframe form (it sizes each wasmconv
// iframe and tells it the page's background), read from the docs as a writer copies it, so
// the tests run the documented text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../js/support/paths.mjs';

export function hostScript() {
  const doc = readFileSync(join(repoRoot, 'docs', 'embedding.md'), 'utf8');
  const block = /```js\n(\/\/ wasmconv iframes[\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/embedding.md no longer has the host script for iframes');
  return block[1];
}
