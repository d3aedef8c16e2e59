// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// load() in Node from places other than the package's own dist/: wasmPath and wasmUrl as a
// plain path (relative to the working directory or absolute), a file: URL string or a URL
// object; one instance per build and location (or wasmBinary object); and failures that
// name the file and the fix, and that a later load() can recover from.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { load, relaxedSimdSupported } from '../../bindings/js/node.js';
import { repoRoot } from './support/paths.mjs';

// npm test also runs with Node's relaxed-SIMD flag, where load() picks that build.
const build = relaxedSimdSupported()
  ? { arch: 'wasm-simd128+relaxed-madd', file: 'wasmconv-relaxed.wasm' }
  : { arch: 'wasm-simd128', file: 'wasmconv-simd.wasm' };
const dist = join(repoRoot, 'dist');
const FILES = ['wasmconv-relaxed.wasm', 'wasmconv-simd.wasm', 'wasmconv-scalar.wasm'];

const dirs = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-load-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The same 3x3 box filter over 4x4 (1..16), summed by hand here: each output is the sum of
// a 3x3 window, so the four results differ and a wrong build or heap would show.
function boxSums() {
  const x = Array.from({ length: 16 }, (_, i) => i + 1);
  const sums = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += x[(r + i) * 4 + c + j];
      sums.push(s);
    }
  }
  return sums;
}

function box(wc) {
  const x = { data: Float32Array.from({ length: 16 }, (_, i) => i + 1), shape: [1, 1, 4, 4] };
  const w = { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] };
  return Array.from(wc.conv2d(x, w).data);
}

test('wasmPath and wasmUrl take a plain path, relative to the working directory or absolute', async () => {
  const dir = tempDir();
  for (const file of FILES) copyFileSync(join(dist, file), join(dir, file));
  const rel = relative(process.cwd(), dir);
  assert.ok(!rel.startsWith('/'), `a relative path, got ${rel}`);
  const wc = await load({ wasmPath: rel });
  assert.equal(wc.arch, build.arch);
  assert.deepEqual(box(wc), boxSums());
  const scalar = await load({ simd: false, wasmUrl: join(rel, 'wasmconv-scalar.wasm') });
  assert.equal(scalar.arch, 'scalar');
  assert.deepEqual(box(scalar), boxSums());
});

test('loads of the same build from the same place share one instance, however the place is spelled', async () => {
  const dir = tempDir();
  for (const file of FILES) copyFileSync(join(dist, file), join(dir, file));
  const first = await load({ wasmPath: dir });
  const spellings = [
    `${dir}/`,
    relative(process.cwd(), dir),
    pathToFileURL(dir).href,
    `${pathToFileURL(dir).href}/`,
    pathToFileURL(dir),
  ];
  for (const wasmPath of spellings) assert.equal(await load({ wasmPath }), first, `wasmPath ${wasmPath}`);
  assert.equal(await load({ wasmUrl: join(dir, build.file) }), first);
  assert.equal(await load({ wasmUrl: pathToFileURL(join(dir, build.file)) }), first);
  // Another build, another place or the package's own files: other instances, other heaps.
  const scalar = await load({ simd: false, wasmPath: dir });
  assert.equal(scalar.arch, 'scalar');
  assert.notEqual(await load(), first);
  const copy = tempDir();
  copyFileSync(join(dist, build.file), join(copy, build.file));
  assert.notEqual(await load({ wasmPath: copy }), first);
});

test('wasmBinary: the same object gives the same instance, other bytes another', async () => {
  const bytes = readFileSync(join(dist, build.file));
  const wc = await load({ wasmBinary: bytes });
  assert.equal(await load({ wasmBinary: bytes }), wc);
  const other = await load({ wasmBinary: new Uint8Array(bytes) });
  assert.notEqual(other, wc);
  assert.deepEqual(box(other), boxSums());
  // An ArrayBuffer (not a view) works too.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  assert.equal((await load({ wasmBinary: buffer })).arch, build.arch);
});

test('a missing file: the error names the path it read and the options that fix it', async () => {
  const dir = tempDir();
  const missing = join(dir, 'nowhere');
  for (const wasmPath of [relative(process.cwd(), missing), missing, pathToFileURL(missing).href, pathToFileURL(missing)]) {
    await assert.rejects(load({ wasmPath }), (e) => {
      assert.equal(e.name, 'WasmconvError');
      assert.equal(e.code, 'load_failed');
      assert.ok(e.message.includes(`could not instantiate ${build.file}: cannot read ${join(missing, build.file)} (ENOENT`), e.message);
      for (const option of ['wasmPath', 'wasmUrl', 'wasmBinary', 'file: URL']) assert.ok(e.message.includes(option), `${option} in ${e.message}`);
      return true;
    });
  }
  await assert.rejects(load({ simd: false, wasmUrl: join(missing, 'x.wasm') }),
    (e) => e.code === 'load_failed' && e.message.includes(`cannot read ${join(missing, 'x.wasm')} (ENOENT`));
});

test('a failed load is not cached: the same location loads once the files are there', async () => {
  const dir = tempDir();
  await assert.rejects(load({ wasmPath: dir }), /cannot read/);
  copyFileSync(join(dist, build.file), join(dir, build.file));
  const wc = await load({ wasmPath: dir });
  assert.deepEqual(box(wc), boxSums());
  assert.equal(await load({ wasmPath: dir }), wc);
});

test('what is not a .wasm file, and URLs Node cannot read, are refused with what to do', async () => {
  const dir = tempDir();
  const html = join(dir, 'page.html');
  copyFileSync(join(repoRoot, 'web', 'index.html'), html);
  await assert.rejects(load({ wasmUrl: html }), (e) =>
    e.code === 'load_failed' && e.message.includes(`${html} is not WebAssembly`) && /wasmPath/.test(e.message));
  await assert.rejects(load({ wasmBinary: new Uint8Array([1, 2, 3, 4, 5]) }),
    (e) => e.code === 'load_failed' && e.message.includes(`wasmBinary must hold the bytes of ${build.file}`));
  await assert.rejects(load({ wasmUrl: 'https://example.invalid/wasmconv-simd.wasm' }),
    (e) => e.code === 'invalid_argument' && /must be a path or a file: URL/.test(e.message) && /wasmBinary/.test(e.message));
  await assert.rejects(load({ wasmPath: 42 }), (e) => e.code === 'invalid_argument' && /wasmPath must be a string or a URL/.test(e.message));
  await assert.rejects(load({ wasmBinary: 'bytes' }), /wasmBinary must be an ArrayBuffer or a Uint8Array/);
});

// The smallest module importing a function "missing" from the glue's import object (whose
// minified name is "a"): it compiles but does not link, like a .wasm from another release.
const FOREIGN = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
  0x02, 0x0d, 0x01, 0x01, 0x61, 0x07, 0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x00, 0x00]);

test('a module that compiles but does not link: the error says it is not this release\'s file', async () => {
  assert.ok(WebAssembly.validate(FOREIGN));
  await assert.rejects(load({ wasmBinary: FOREIGN }), (e) => {
    assert.equal(e.code, 'load_failed');
    assert.ok(e.message.includes(`its imports do not match this package's JavaScript`), e.message);
    assert.ok(e.message.includes(`it is not ${build.file} of this wasmconv release`), e.message);
    assert.match(e.message, /node_modules\/wasmconv\/dist\//);
    return true;
  });
});
