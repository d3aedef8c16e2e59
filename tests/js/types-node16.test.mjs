// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The declarations as a CommonJS TypeScript project sees them: `npm pack` installed offline
// into a fresh project without "type": "module", compiled with "module": "Node16" and
// "moduleResolution": "Node16". Files there are CommonJS, so they reach the (ES module)
// package through `await import('wasmconv')`; that must type-check against the installed
// copy's index.d.ts, a wrong option must not, and the compiled file must run.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { repoRoot } from './support/paths.mjs';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const typesNode = join(repoRoot, 'node_modules', '@types', 'node');

let dir;
let app;
let checked;  // tsc on main.cts and check.ts, emitting into out/
let wrong;    // tsc on wrong.cts

// The project: wasmconv installed from its tarball, and Node's own types (as a Node
// project has them) when the repository has them, else the DOM library for URL.
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmconv-node16-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
  const tarball = join(dir, JSON.parse(out)[0].filename);
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cjs-app', private: true }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, encoding: 'utf8' });
  const withNodeTypes = existsSync(typesNode);
  if (withNodeTypes) {
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    symlinkSync(typesNode, join(app, 'node_modules', '@types', 'node'), 'dir');
  }
  const config = (files) => JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'Node16',
      moduleResolution: 'Node16',
      lib: withNodeTypes ? ['ES2022'] : ['ES2022', 'DOM'],
      types: withNodeTypes ? ['node'] : [],
      skipLibCheck: false,
    },
    files,
  }, null, 2);
  writeFileSync(join(app, 'tsconfig.json'), config(['main.cts', 'check.ts']));
  writeFileSync(join(app, 'tsconfig.wrong.json'), config(['wrong.cts']));

  // Compiled and run: a CommonJS file loading the package by dynamic import.
  writeFileSync(join(app, 'main.cts'), `
import type { Tensor, Wasmconv } from 'wasmconv' with { 'resolution-mode': 'import' };

async function main(): Promise<void> {
  const wc = await import('wasmconv');
  const api: Wasmconv = await wc.load();
  const x: Tensor = { data: Float32Array.from({ length: 16 }, (_, i) => i + 1), shape: [1, 1, 4, 4] };
  const w: Tensor = { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] };
  const y: Tensor = api.conv2d(x, w, { stride: [1, 1], padding: 'valid' });
  const layer = api.createConv2d(w, { padding: [1, 1] as const });
  const z: Tensor = layer.run(x);
  layer.dispose();
  console.log(JSON.stringify({ sameBuild: api.simd === wc.simdSupported(), y: Array.from(y.data), shape: y.shape, z: z.shape }));
}

void main();
`);
  // Type-checked only: a .ts file, CommonJS because package.json has no "type".
  writeFileSync(join(app, 'check.ts'), `
async function check(): Promise<number[]> {
  const wc = await import('wasmconv');
  const api = await wc.load({ wasmPath: '/opt/app/wasm', relaxed: false });
  const t = api.createTensor(new Float32Array(8), [1, 1, 8]);
  const into = api.createTensor(new Float32Array(8), [1, 1, 8]);
  const same: typeof into = api.conv1d(t, { data: new Float32Array(1), shape: [1, 1, 1] }, { stride: [1], output: into });
  const error: InstanceType<typeof wc.WasmconvError>['code'] = 'load_failed';
  // Images without the DOM library: bytes in, { data, width, height, colorSpace } out.
  const image = api.toImageData(api.fromImage({ data: new Uint8Array(12), width: 2, height: 2, channels: 3 }));
  const bytes: Uint8ClampedArray = image.data;
  const srgb: 'srgb' = image.colorSpace;
  console.log(same.shape, error, bytes, srgb);
  return api.outputShape('convTranspose3d', [1, 1, 2, 2, 2], [1, 1, 3, 3, 3], { stride: [2, 2, 2], outputPadding: 1 });
}

void check();
`);
  // The same setup with one wrong option: a 2-D op given three strides.
  writeFileSync(join(app, 'wrong.cts'), `
async function wrong(): Promise<void> {
  const wc = await import('wasmconv');
  const api = await wc.load();
  const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  api.conv2d(x, x, { stride: [1, 1, 1] });
}

void wrong();
`);
  [checked, wrong] = await Promise.all([
    runTsc(['-p', 'tsconfig.json', '--explainFiles', '--noEmit', 'false', '--outDir', 'out']),
    runTsc(['-p', 'tsconfig.wrong.json']),
  ]);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// tsc's exit status and output; both projects are compiled at once (each takes seconds).
async function runTsc(args) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: app, encoding: 'utf8' });
    return { status: 0, stdout };
  } catch (e) {
    return { status: e.code, stdout: String(e.stdout) };
  }
}

test('a CommonJS project (Node16) type-checks `await import(\'wasmconv\')` against the installed declarations', () => {
  const { status, stdout } = checked;
  assert.equal(status, 0, stdout);
  // The installed copy's declarations were used, as an ES module imported from CommonJS files.
  const installed = stdout.indexOf('node_modules/wasmconv/bindings/js/index.d.ts\n');
  assert.ok(installed >= 0, stdout);
  const entry = stdout.slice(installed, stdout.indexOf('\n', stdout.indexOf('File is', installed)));
  assert.match(entry, /Imported via 'wasmconv' from file 'main\.cts'/);
  assert.match(entry, /Imported via 'wasmconv' from file 'check\.ts'/);
  assert.match(entry, /File is ECMAScript module because 'node_modules\/wasmconv\/package\.json' has field "type" with value "module"/);
  assert.match(stdout, /check\.ts\n {2}Part of 'files' list in tsconfig\.json\n {2}File is CommonJS module because 'package\.json' does not have field "type"/);
});

test('the same project with a wrong option fails, naming it (the check can fail)', () => {
  const { status, stdout } = wrong;
  assert.notEqual(status, 0);
  assert.match(stdout, /wrong\.cts\(6,22\): error TS2322: Type '\[number, number, number\]' is not assignable to type 'Stride<2> \| undefined'/);
  assert.equal(stdout.match(/error TS/g).length, 1, stdout);
});

test('the compiled CommonJS file loads the package and computes', () => {
  assert.equal(checked.status, 0, checked.stdout);
  const result = JSON.parse(execFileSync(process.execPath, [join(app, 'out', 'main.cjs')], { cwd: app, encoding: 'utf8' }));
  // 3x3 sums of 1..16 laid out 4x4, and a padded layer keeping the size.
  assert.deepEqual(result, { sameBuild: true, y: [54, 63, 90, 99], shape: [1, 1, 2, 2], z: [1, 1, 4, 4] });
});
