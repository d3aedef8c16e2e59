// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The npm package as users get it: `npm pack` contains only what they need, installs
// offline from the tarball into a fresh project, imports in plain Node, and stays within
// its size budget (each .wasm <= 150 KB gzip, the JS <= 40 KB gzip).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { repoRoot } from './support/paths.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

function pack(dir) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out)[0];
}

test('npm pack holds the modules, the JS wrapper, types and docs, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-pack-'));
  try {
    const files = pack(dir).files.map((f) => f.path).sort();
    for (const needed of ['dist/wasmconv-relaxed.wasm', 'dist/wasmconv-relaxed.mjs', 'dist/wasmconv-simd.wasm', 'dist/wasmconv-simd.mjs', 'dist/wasmconv-scalar.wasm',
      'dist/wasmconv-scalar.mjs', 'bindings/js/index.js', 'bindings/js/node.js', 'bindings/js/api.js',
      'bindings/js/tensor.js', 'bindings/js/load.js', 'bindings/js/index.d.ts', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'CHANGELOG.md', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} missing from the tarball: ${files.join(', ')}`);
    }
    const stray = files.filter((f) => !/^(dist\/wasmconv-(relaxed|simd|scalar)\.(wasm|mjs)|bindings\/js\/[a-z]+\.(js|d\.ts)|README\.md|LICENSE|THIRD_PARTY_NOTICES\.md|CHANGELOG\.md|package\.json)$/.test(f));
    assert.deepEqual(stray, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the tarball installs offline into a fresh project and imports in Node with no flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-install-'));
  try {
    const tarball = join(dir, pack(dir).filename);
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, encoding: 'utf8' });
    writeFileSync(join(app, 'main.js'), [
      "import { load } from 'wasmconv';",
      "import { readFile } from 'node:fs/promises';",
      'const wc = await load();',
      'const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };',
      // The .wasm subpath exports resolve too (for bundlers and custom loading).
      "const bytes = await readFile(new URL(import.meta.resolve('wasmconv/wasmconv-scalar.wasm')));",
      'const scalar = await load({ simd: false, wasmBinary: bytes });',
      'console.log(JSON.stringify({ simd: wc.simd, y: Array.from(wc.conv2d(x, x).data), scalar: scalar.arch }));',
    ].join('\n'));
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(out, { simd: true, y: [30], scalar: 'scalar' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('size budget: each .wasm <= 150 KB gzip, the JS <= 40 KB gzip', () => {
  const gz = (path) => gzipSync(readFileSync(join(repoRoot, path)), { level: 9 }).length;
  const sizes = {};
  for (const variant of ['relaxed', 'simd', 'scalar']) {
    sizes[`dist/wasmconv-${variant}.wasm`] = gz(`dist/wasmconv-${variant}.wasm`);
    sizes[`JS (${variant}: glue + wrapper)`] = gz(`dist/wasmconv-${variant}.mjs`) +
      ['index.js', 'load.js', 'api.js', 'tensor.js'].reduce((s, f) => s + gz(`bindings/js/${f}`), 0);
  }
  for (const [name, bytes] of Object.entries(sizes)) console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB gzip`);
  for (const variant of ['relaxed', 'simd', 'scalar']) {
    assert.ok(sizes[`dist/wasmconv-${variant}.wasm`] <= 150 * 1024);
    assert.ok(sizes[`JS (${variant}: glue + wrapper)`] <= 40 * 1024);
  }
  assert.match(pkg.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  assert.equal(pkg.sideEffects, false);
});
