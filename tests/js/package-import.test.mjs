// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The package imports by name from a separate project (node_modules/wasmconv linked to
// this repository), in plain Node with no flags, and its TypeScript types are present.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

test('import { load } from "wasmconv" works from another directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-consumer-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(
      join(dir, 'main.js'),
      [
        "import { load } from 'wasmconv';",
        'const wc = await load();',
        'const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };',
        'const w = { data: Float32Array.from([1, 1, 1, 1]), shape: [1, 1, 2, 2] };',
        'const y = wc.conv2d(x, w);',
        'const up = wc.convTranspose2d(x, w, { stride: 2 });',
        'console.log(JSON.stringify({ simd: wc.simd, y: Array.from(y.data), up: up.shape }));',
      ].join('\n'),
    );
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(out, { simd: true, y: [10], up: [1, 1, 4, 4] });
    // The `types` condition resolves to a declaration file that exists.
    assert.ok(existsSync(join(repoRoot, 'bindings', 'js', 'index.d.ts')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
