// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// scripts/relaxed-simd-opcodes.mjs, the post-link rewrite of clang 14's prototype
// f32x4.qfma (0xfd 175, x + y*z) to the standard f32x4.relaxed_madd (0xfd 261, a*b + c)
// with the operands reordered through new locals, on modules built byte by byte here:
// only instructions change, never the same bytes inside constants or offsets, and
// whatever the decoder does not know is an error. The part that runs the rewritten code
// needs `node --experimental-wasm-relaxed-simd` on Node 20.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { rewriteQfma } from '../../scripts/relaxed-simd-opcodes.mjs';
import { repoRoot } from './support/paths.mjs';

const SCRIPT = join(repoRoot, 'scripts', 'relaxed-simd-opcodes.mjs');

// A tiny assembler: just enough of the binary format for exported functions, a memory and
// a few imports.
const u32 = (n) => {
  const out = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const s32 = (n) => {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
};
const vec = (items) => [...u32(items.length), ...items.flat()];
const section = (id, content) => [id, ...u32(content.length), ...content];
const name = (s) => vec([...Buffer.from(s)]);

const F32 = 0x7d;
const END = 0x0b;

const I32 = 0x7f;

/**
 * funcs: [{ params, results, locals ([[count, valtype]]), body (instructions without the
 * final end), export }]. imports: [{ module, field, kind, desc (bytes) }], placed before
 * the defined functions; an imported function's desc is its type index.
 */
function assemble(funcs, { memory = false, imports = [], importTypes = [] } = {}) {
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = [...importTypes, ...funcs].map((f) => [0x60, ...vec(f.params), ...vec(f.results)]);
  bytes.push(...section(1, vec(types)));
  const importedFunctions = imports.filter((im) => im.kind === 0x00).length;
  if (imports.length) {
    bytes.push(...section(2, vec(imports.map((im) => [...name(im.module), ...name(im.field), im.kind, ...im.desc]))));
  }
  bytes.push(...section(3, vec(funcs.map((_, i) => u32(importTypes.length + i)))));
  if (memory) bytes.push(...section(5, vec([[0x00, ...u32(1)]])));
  bytes.push(...section(7, vec(funcs.map((f, i) => [...name(f.export), 0x00, ...u32(importedFunctions + i)]))));
  const bodies = funcs.map((f) => {
    const locals = vec((f.locals ?? []).map(([count, type]) => [...u32(count), type]));
    const body = [...locals, ...f.body, END];
    return [...u32(body.length), ...body];
  });
  bytes.push(...section(10, vec(bodies)));
  return new Uint8Array(bytes);
}

const QFMA = [0xfd, 0xaf, 0x01];
const RELAXED_MADD = [0xfd, 0x85, 0x02];
const localGet = (i) => [0x20, ...u32(i)];
const localSet = (i) => [0x21, ...u32(i)];
const f32x4Splat = [0xfd, 0x13];
const f32x4ExtractLane = (lane) => [0xfd, 0x1f, lane];

// f(a, b, c) = lane 0 of qfma(splat a, splat b, splat c)
const fmaFunc = {
  params: [F32, F32, F32], results: [F32], export: 'fma',
  body: [...localGet(0), ...f32x4Splat, ...localGet(1), ...f32x4Splat, ...localGet(2), ...f32x4Splat,
    ...QFMA, ...f32x4ExtractLane(0)],
};

// g(a, b, c) = lane 0 of qfma(qfma(sa, sb, sc), sb, sc) = (a + b*c) + b*c, with a declared
// i32 local (index 3) that it uses, so the new locals come after params and locals.
const I32_CONST = 0x41;
const twoFmaFunc = {
  params: [F32, F32, F32], results: [F32], export: 'fma2', locals: [[1, I32]],
  body: [
    I32_CONST, 7, ...localSet(3),
    ...localGet(0), ...f32x4Splat, ...localGet(1), ...f32x4Splat, ...localGet(2), ...f32x4Splat, ...QFMA,
    ...localGet(1), ...f32x4Splat, ...localGet(2), ...f32x4Splat, ...QFMA,
    ...f32x4ExtractLane(0),
    ...localGet(3), 0x1a, // local.get 3; drop
  ],
};

// Every place the bytes fd af 01 can hide without being an instruction.
const DROP = 0x1a;
const constantsFunc = {
  params: [], results: [], export: 'constants',
  body: [
    0x41, ...s32(22525), DROP, // i32.const 22525 encodes as 41 fd af 01
    0x41, 0x00, 0x28, 0x02, ...u32(22525), DROP, // i32.load align=2 offset=22525
    0xfd, 0x0c, 1, 2, 0xfd, 0xaf, 0x01, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, DROP, // v128.const
    0x43, 0xfd, 0xaf, 0x01, 0x00, DROP, // f32.const
    0x44, 0x00, 0xfd, 0xaf, 0x01, 0x00, 0x00, 0x00, 0x00, DROP, // f64.const
    0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x00, END, // block { br_table 0 0 }
    0x3f, 0x00, DROP, // memory.size
  ],
};

const SKIP = 'this engine has no relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)';
const instance = (bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes), {
  env: {
    f: () => {}, g: 0, memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
    table: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }),
  },
}).exports;

test('a qfma instruction becomes relaxed_madd and still computes x + y*z', (t) => {
  const input = assemble([fmaFunc]);
  const before = input.slice();
  assert.deepEqual([...input.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
  const { bytes, rewritten } = rewriteQfma(input);
  assert.equal(rewritten, 1);
  assert.deepEqual(input, before, 'the input is left untouched');
  assert.notEqual(bytes, input);
  // 3 params, no declared locals: the new locals are 3, 4, 5 (t0, t1, t2).
  const expected = [0x21, 5, 0x21, 4, 0x21, 3, 0x20, 4, 0x20, 5, 0x20, 3, ...RELAXED_MADD];
  assert.ok(Buffer.from(bytes).includes(Buffer.from([0x01, 0x03, 0x7b, ...localGet(0)])), 'one new entry: 3 x v128');
  assert.ok(Buffer.from(bytes).includes(Buffer.from(expected)));
  assert.ok(!Buffer.from(bytes).includes(Buffer.from(QFMA)));
  if (!WebAssembly.validate(bytes)) {
    t.skip(SKIP);
    return;
  }
  const { fma } = instance(bytes);
  assert.equal(fma(2, 3, 5), 17);
  assert.equal(fma(0.5, 4, -1), -3.5);
});

test('the new locals come after params and declared locals, shared by every qfma', (t) => {
  const input = assemble([twoFmaFunc]);
  const { bytes, rewritten } = rewriteQfma(input);
  assert.equal(rewritten, 2);
  // 3 params + 1 declared i32: the new locals are 4, 5, 6; the locals vector is (1 i32)(3 v128).
  const seq = Buffer.from([0x21, 6, 0x21, 5, 0x21, 4, 0x20, 5, 0x20, 6, 0x20, 4, ...RELAXED_MADD]);
  const out = Buffer.from(bytes);
  const first = out.indexOf(seq);
  assert.ok(first >= 0);
  assert.ok(out.indexOf(seq, first + 1) > first, 'both qfma use the same locals');
  assert.ok(out.includes(Buffer.from([0x02, 0x01, I32, 0x03, 0x7b])));
  if (!WebAssembly.validate(bytes)) {
    t.skip(SKIP);
    return;
  }
  const { fma2 } = instance(bytes);
  assert.equal(fma2(2, 3, 5), 2 + 15 + 15);
  assert.equal(fma2(0.5, 4, -1), 0.5 - 4 - 4);
  assert.equal(fma2(1.5, 0.25, 2), 1.5 + 0.5 + 0.5);
});

test('imported functions, tables, memory and globals shift function indices but not locals', (t) => {
  const imports = [
    { module: 'env', field: 'f', kind: 0x00, desc: u32(0) },
    { module: 'env', field: 'table', kind: 0x01, desc: [0x70, 0x00, ...u32(1)] },
    { module: 'env', field: 'memory', kind: 0x02, desc: [0x01, ...u32(1), ...u32(2)] },
    { module: 'env', field: 'g', kind: 0x03, desc: [I32, 0x00] },
  ];
  const input = assemble([fmaFunc, twoFmaFunc], { imports, importTypes: [{ params: [I32], results: [] }] });
  const { bytes, rewritten } = rewriteQfma(input);
  assert.equal(rewritten, 3);
  if (!WebAssembly.validate(bytes)) {
    t.skip(SKIP);
    return;
  }
  const { fma, fma2 } = instance(bytes);
  assert.equal(fma(2, 3, 5), 17);
  assert.equal(fma2(2, 3, 5), 32);
});

test('the same bytes inside constants and offsets are left alone', () => {
  const input = assemble([constantsFunc], { memory: true });
  assert.equal(WebAssembly.validate(input), true, 'the test module itself is valid');
  const { bytes, rewritten } = rewriteQfma(input);
  assert.equal(rewritten, 0);
  assert.deepEqual(bytes, input);
});

test('in a mixed module only the qfma function changes; without qfma nothing does', (t) => {
  const input = assemble([constantsFunc, fmaFunc], { memory: true });
  const { bytes, rewritten } = rewriteQfma(input);
  assert.equal(rewritten, 1);
  assert.ok(bytes.length > input.length);
  const noQfma = assemble([constantsFunc, { ...fmaFunc, body: [...localGet(0), ...f32x4Splat, ...f32x4ExtractLane(0)] }], { memory: true });
  assert.equal(WebAssembly.validate(noQfma), true, 'the no-qfma module itself is valid');
  const same = rewriteQfma(noQfma);
  assert.equal(same.rewritten, 0);
  assert.deepEqual(same.bytes, noQfma);
  if (!WebAssembly.validate(bytes)) {
    t.skip(SKIP);
    return;
  }
  assert.equal(instance(bytes).fma(2, 3, 5), 17);
});

test('the threaded builds\' atomics are decoded and left as they are', () => {
  // i32.const 0, i32.const 1, i32.atomic.rmw.add (0xfe 0x1e, memarg align 2 offset 8), drop,
  // atomic.fence (0xfe 0x03 0x00), i32.const 0, memory.atomic.notify (0xfe 0x00) with count 1, drop.
  const body = [0x41, 0x00, 0x41, 0x01, 0xfe, 0x1e, 0x02, 0x08, DROP, 0xfe, 0x03, 0x00,
    0x41, 0x00, 0x41, 0x01, 0xfe, 0x00, 0x02, 0x00, DROP];
  const bytes = assemble([{ params: [], results: [], export: 'f', body }]);
  const out = rewriteQfma(bytes);
  assert.equal(out.rewritten, 0);
  assert.deepEqual(out.bytes, bytes);
});

test('unknown and unsupported opcodes are errors naming them', () => {
  const withBody = (body) => assemble([{ params: [], results: [], export: 'f', body }]);
  assert.throws(() => rewriteQfma(withBody([0xfd, 0xb0, 0x01])), /qfms has no standard equivalent/);
  assert.throws(() => rewriteQfma(withBody([0x06, 0x40, END])), /opcode 0x06 \(try\) at byte offset \d+/);
  assert.throws(() => rewriteQfma(withBody([0xfd, ...u32(300)])), /unknown opcode 0xfd 300 at byte offset/);
  assert.throws(() => rewriteQfma(withBody([0xff, 0x00])), /unknown opcode 0xff at byte offset/);
  assert.throws(() => rewriteQfma(withBody([0xfe, 0x7f])), /unknown opcode 0xfe 127 at byte offset/);
  assert.throws(() => rewriteQfma(withBody([0xfe, 0x03, 0x01, END])), /atomic\.fence at byte offset \d+ \(0x[0-9a-f]+\) has a non-zero reserved byte 0x01/);
  // An overlong LEB128 (i32.const with six bytes) and a body size that does not match.
  assert.throws(() => rewriteQfma(withBody([0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, DROP])), /overlong/);
  // Three more locals must stay within V8's 50000 (parameters included).
  const crowded = (declared) => assemble([{ ...fmaFunc, locals: [[declared, I32]] }]);
  assert.equal(rewriteQfma(crowded(49994)).rewritten, 1);
  assert.throws(() => rewriteQfma(crowded(49995)), /3 more would exceed 50000/);
  const bad = withBody([0x01]);
  bad[bad.length - 1] = 0x01; // the final end becomes a nop: the body has no end
  assert.throws(() => rewriteQfma(bad), /has no final end/);
});

test('anything that is not a whole wasm module is an error', () => {
  assert.throws(() => rewriteQfma(new Uint8Array([1, 2, 3])), /not a WebAssembly module/);
  const whole = assemble([fmaFunc]);
  assert.throws(() => rewriteQfma(whole.slice(0, whole.length - 3)), /truncated/);
});

test('the command line rewrites a file in place and fails clearly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-relaxed-'));
  try {
    const file = join(dir, 'fma.wasm');
    writeFileSync(file, assemble([fmaFunc]));
    const ok = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /1 f32x4\.qfma -> f32x4\.relaxed_madd \(x \+ y\*z kept\) in /);
    assert.ok(readFileSync(file).includes(Buffer.from(RELAXED_MADD)));
    assert.ok(!readFileSync(file).includes(Buffer.from(QFMA)));

    const junk = join(dir, 'junk.wasm');
    writeFileSync(junk, 'not wasm');
    const bad = spawnSync(process.execPath, [SCRIPT, junk], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a WebAssembly module/);
    assert.equal(readFileSync(junk, 'utf8'), 'not wasm');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
