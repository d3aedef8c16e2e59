// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The TypeScript declarations: a file using every function compiles under `tsc --strict`,
// and each misuse in tests/types/misuse.ts is rejected (an unused @ts-expect-error is an
// error). Compiled in a separate project that depends on 'wasmconv' by name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

function compile(files) {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'types-check', type: 'module', private: true }));
    copyFileSync(join(repoRoot, 'tests', 'types', 'tsconfig.json'), join(dir, 'tsconfig.json'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    return execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const read = (name) => readFileSync(join(repoRoot, 'tests', 'types', name), 'utf8');

test('the declarations type-check every function and reject every listed misuse', () => {
  compile({ 'usage.ts': read('usage.ts'), 'misuse.ts': read('misuse.ts') });
});

test('a misuse without its @ts-expect-error fails to compile (the check can fail)', () => {
  const misuse = "import { load } from 'wasmconv';\nconst wc = await load();\nwc.conv2d({ data: new Float32Array(1), shape: [1] }, { data: new Float32Array(1), shape: [1] }, { strides: 2 });\n";
  assert.throws(
    () => compile({ 'usage.ts': 'export {};\n', 'misuse.ts': misuse }),
    (e) => /strides/.test(String(e.stdout)),
  );
});
