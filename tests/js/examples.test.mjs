// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The README's examples are real files: run them as a user would (importing 'wasmconv'
// by name) and check what they print.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

test('examples/quickstart.mjs prints what the README says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-example-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    copyFileSync(join(repoRoot, 'examples', 'quickstart.mjs'), join(dir, 'quickstart.mjs'));
    const out = execFileSync(process.execPath, ['quickstart.mjs'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(out, [
      '[ 1, 1, 4, 4 ]',
      '[ 1, 1, 8, 8 ]',
      '[ 1, 8, 11, 11 ]',
      '4640',
      'conv2d: dilated kernel 9 is larger than padded input 4 on axis H',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
