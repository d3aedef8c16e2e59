// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The npm package as users get it: `npm pack` contains only what they need, installs
// offline from the tarball into a fresh project, imports in plain Node (and from CommonJS,
// on the Node versions engines names), and stays within its size budget (each .wasm
// <= 150 KB gzip, the JS <= 40 KB gzip, the blog embed's one module dist/embed.js <= 40 KB gzip).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// Packs the repository into `dir` and installs the tarball offline into `dir`/app, a project
// with the given package.json; returns the project's folder.
function installPacked(dir, packageJson) {
  const tarball = join(dir, pack(dir).filename);
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify(packageJson));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, encoding: 'utf8' });
  return app;
}

test('npm pack holds the modules, the JS wrapper, types and docs, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-pack-'));
  try {
    const files = pack(dir).files.map((f) => f.path).sort();
    for (const needed of ['dist/wasmconv-relaxed.wasm', 'dist/wasmconv-relaxed.mjs', 'dist/wasmconv-simd.wasm', 'dist/wasmconv-simd.mjs', 'dist/wasmconv-scalar.wasm',
      'dist/wasmconv-scalar.mjs', 'bindings/js/index.js', 'bindings/js/node.js', 'bindings/js/api.js',
      'bindings/js/tensor.js', 'bindings/js/load.js', 'bindings/js/index.d.ts', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'CHANGELOG.md', 'package.json',
      'dist/embed.js', 'dist/embed-frame.js', 'dist/embed.html', 'bindings/js/embed.d.ts',
      'dist/wasmconv-relaxed-mt.wasm', 'dist/wasmconv-relaxed-mt.mjs', 'dist/wasmconv-relaxed-mt.worker.js',
      'dist/wasmconv-simd-mt.wasm', 'dist/wasmconv-simd-mt.mjs', 'dist/wasmconv-simd-mt.worker.js',
      'dist/node/package.json', 'dist/node/wasmconv-relaxed-mt.cjs', 'dist/node/wasmconv-relaxed-mt.worker.js',
      'dist/node/wasmconv-simd-mt.cjs', 'dist/node/wasmconv-simd-mt.worker.js', 'bindings/js/threads.js',
      // wasmconv/worker: both entry points, both worker scripts, what they share, the types.
      'bindings/js/worker.js', 'bindings/js/worker-node.js', 'bindings/js/worker.d.ts', 'bindings/js/worker-entry.js',
      'bindings/js/worker-thread.js', 'bindings/js/worker-client.js', 'bindings/js/worker-server.js',
      'bindings/js/worker-protocol.js', 'bindings/js/worker-spawn.js', 'bindings/js/error.js']) {
      assert.ok(files.includes(needed), `${needed} missing from the tarball: ${files.join(', ')}`);
    }
    const stray = files.filter((f) => !/^(dist\/wasmconv-(relaxed|simd|scalar)\.(wasm|mjs)|dist\/wasmconv-(relaxed|simd)-mt\.(wasm|mjs|worker\.js)|dist\/node\/(package\.json|wasmconv-(relaxed|simd)-mt\.(cjs|worker\.js))|dist\/embed(-frame)?\.js|bindings\/js\/[a-z]+-[a-z]+\.js|dist\/embed\.html|bindings\/js\/[a-z]+\.(js|d\.ts)|README\.md|LICENSE|THIRD_PARTY_NOTICES\.md|CHANGELOG\.md|package\.json)$/.test(f));
    assert.deepEqual(stray, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the tarball installs offline into a fresh project and imports in Node with no flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-install-'));
  try {
    const app = installPacked(dir, { name: 'app', type: 'module', private: true });
    writeFileSync(join(app, 'main.js'), [
      "import { load } from 'wasmconv';",
      "import { readFile } from 'node:fs/promises';",
      'const wc = await load();',
      'const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };',
      // The .wasm subpath exports resolve too (for bundlers and custom loading).
      "const bytes = await readFile(new URL(import.meta.resolve('wasmconv/wasmconv-scalar.wasm')));",
      'const scalar = await load({ simd: false, wasmBinary: bytes });',
      // wasmconv/worker resolves to the Node entry (a worker thread), shares the error class,
      // and the program exits with no terminate().
      "const { loadInWorker, WasmconvError } = await import('wasmconv/worker');",
      "const { WasmconvError: MainError } = await import('wasmconv');",
      'const inWorker = await loadInWorker();',
      'const fromWorker = Array.from((await inWorker.conv2d(x, x)).data);',
      'console.log(JSON.stringify({ simd: wc.simd, y: Array.from(wc.conv2d(x, x).data), scalar: scalar.arch, fromWorker,',
      "  sameError: WasmconvError === MainError, worker: import.meta.resolve('wasmconv/worker').endsWith('/bindings/js/worker-node.js') }));",
    ].join('\n'));
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' }));
    assert.deepEqual(out, { simd: true, y: [30], scalar: 'scalar', fromWorker: [30], sameError: true, worker: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('size budget: each .wasm <= 150 KB gzip, the JS <= 40 KB gzip (threaded: <= 15 KB more), dist/embed.js <= 40 KB gzip', () => {
  const gz = (path) => gzipSync(readFileSync(join(repoRoot, path)), { level: 9 }).length;
  const sizes = {};
  for (const variant of ['relaxed', 'simd', 'scalar']) {
    sizes[`dist/wasmconv-${variant}.wasm`] = gz(`dist/wasmconv-${variant}.wasm`);
    sizes[`JS (${variant}: glue + wrapper)`] = gz(`dist/wasmconv-${variant}.mjs`) +
      ['index.js', 'load.js', 'api.js', 'tensor.js', 'activation.js', 'error.js', 'image.js'].reduce((s, f) => s + gz(`bindings/js/${f}`), 0);
  }
  // The threaded builds (issue: each .wasm <= 150 KB gzip, and at most 15 KB gzip of glue more
  // than the single-threaded build's: their own glue and worker script, and threads.js).
  for (const variant of ['relaxed', 'simd']) {
    sizes[`dist/wasmconv-${variant}-mt.wasm`] = gz(`dist/wasmconv-${variant}-mt.wasm`);
    sizes[`extra JS of ${variant}-mt`] = gz(`dist/wasmconv-${variant}-mt.mjs`) + gz(`dist/wasmconv-${variant}-mt.worker.js`) +
      gz('bindings/js/threads.js') + gz('bindings/js/threaded-builds.js') - gz(`dist/wasmconv-${variant}.mjs`);
  }
  // The blog embed is one module (element, views, API and glue) loading one .wasm.
  sizes['dist/embed.js'] = gz('dist/embed.js');
  for (const [name, bytes] of Object.entries(sizes)) console.log(`${name}: ${(bytes / 1024).toFixed(1)} KB gzip`);
  for (const variant of ['relaxed', 'simd', 'scalar']) {
    assert.ok(sizes[`dist/wasmconv-${variant}.wasm`] <= 150 * 1024);
    assert.ok(sizes[`JS (${variant}: glue + wrapper)`] <= 40 * 1024);
  }
  for (const variant of ['relaxed', 'simd']) {
    assert.ok(sizes[`dist/wasmconv-${variant}-mt.wasm`] <= 150 * 1024);
    assert.ok(sizes[`extra JS of ${variant}-mt`] <= 15 * 1024);
  }
  assert.ok(sizes['dist/embed.js'] <= 40 * 1024, `dist/embed.js is ${sizes['dist/embed.js']} bytes gzip`);
  assert.match(pkg.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  // Only the embed's modules have side effects (they register <wasmconv-figure>): without
  // this, bundlers drop a bare `import 'wasmconv/embed'`.
  assert.deepEqual(pkg.sideEffects, ['./dist/embed.js', './dist/embed-frame.js']);
  assert.deepEqual(pkg.exports['./embed'], { types: './bindings/js/embed.d.ts', default: './dist/embed.js' });
  assert.equal(pkg.exports['./embed.html'], './dist/embed.html');
  // wasmconv/worker: a worker thread in Node, a module worker elsewhere.
  assert.deepEqual(pkg.exports['./worker'], { types: './bindings/js/worker.d.ts', node: './bindings/js/worker-node.js', default: './bindings/js/worker.js' });
});

// Whether `version` is in `range`, for the two forms engines uses here: "^M.m.p" (same major,
// at least M.m.p) and ">=M.m.p", joined by "||". No semver package is installed, and any
// other form fails loudly rather than being misread.
function satisfies(version, range) {
  const parse = (v) => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
    if (!m) throw new Error(`not a version: ${v}`);
    return m.slice(1).map(Number);
  };
  const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const v = parse(version);
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)\s*(\d+\.\d+\.\d+)\s*$/.exec(part);
    if (!m) throw new Error(`engines form not understood by this test: "${part.trim()}"`);
    const base = parse(m[2]);
    return compare(v, base) >= 0 && (m[1] === '>=' || v[0] === base[0]);
  });
}

// require() of an ES module works without a flag from Node 20.19 and 22.12 (never in 21),
// and `require('wasmconv')` loads bindings/js/node.js, an ES module; engines says so.
test('engines admits exactly the Node versions whose require() loads ES modules, this one among them', () => {
  const range = pkg.engines.node;
  const cases = { '20.18.3': false, '20.19.0': true, '21.7.3': false, '22.11.0': false, '22.12.0': true, '23.0.0': true, '24.4.1': true, '18.20.8': false };
  for (const [version, expected] of Object.entries(cases)) assert.equal(satisfies(version, range), expected, `${version} in "${range}"`);
  assert.ok(satisfies(process.versions.node, range), `this Node (${process.versions.node}) is outside engines "${range}"`);
  // Node reports the feature itself (process.features.require_module, from 20.19 / 22.10).
  assert.equal(process.features.require_module, true);
});

test('CommonJS: require("wasmconv") and import("wasmconv") from the installed tarball give the same module', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-cjs-'));
  try {
    // No "type": .js files here are CommonJS; main.cjs says so either way.
    const app = installPacked(dir, { name: 'app', private: true });
    writeFileSync(join(app, 'main.cjs'), [
      "const wasmconv = require('wasmconv');",
      'const x = { data: Float32Array.from([1, 2, 3, 4]), shape: [1, 1, 2, 2] };',
      'const w = { data: Float32Array.from([1, 1, 1, 1]), shape: [1, 1, 2, 2] };',
      '(async () => {',
      '  const wc = await wasmconv.load();',
      "  const imported = await import('wasmconv');",
      '  console.log(JSON.stringify({',
      '    exports: Object.keys(wasmconv).sort(), y: Array.from(wc.conv2d(x, w).data),',
      '    sameModule: imported.load === wasmconv.load, sameInstance: (await imported.load()) === wc,',
      '  }));',
      '})();',
    ].join('\n'));
    const run = spawnSync(process.execPath, ['main.cjs'], { cwd: app, encoding: 'utf8' });
    if (run.stderr) t.diagnostic(`stderr: ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      exports: ['WasmconvError', 'load', 'relaxedSimdSupported', 'simdSupported'],
      y: [1 + 2 + 3 + 4],
      sameModule: true,
      sameInstance: true,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
