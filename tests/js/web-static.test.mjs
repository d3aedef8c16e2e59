// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Static checks of the page's code: user-supplied text is never parsed as HTML (no
// innerHTML and friends), and nothing points at another origin (user images never leave
// the browser; the browser tests also watch every request).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = [...files(join(repoRoot, 'web')), ...files(join(repoRoot, 'bindings', 'js'))].filter((f) => /\.(js|html|css)$/.test(f));

test('no HTML parsing of strings in the page or the package', () => {
  assert.ok(sources.length > 5);
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write\(/, file);
  }
});

test('no references to other origins', () => {
  for (const file of sources) {
    const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(text, /(src|href)\s*=\s*["']https?:/, file);
    assert.doesNotMatch(text, /fetch\(\s*["']https?:/, file);
  }
});
