// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The threaded builds in Node: what load({ threads }) picks and refuses, results bitwise
// equal to the single-threaded build's for every op and the layer API, memory growth by a
// worker while an earlier result is held, the memory limit, and a program that loaded a
// threaded build still exiting by itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';
import { AUTO_THREAD_CAP } from '../../bindings/js/threads.js';
import { product, rng, seedFromEnv } from './support/random.mjs';

const tensor = (r, shape) => ({ data: r.tensor(product(shape)), shape });
const bitwiseEqual = (a, b) => a.length === b.length &&
  Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

test("threads: 'auto' (the default) runs min(cores, cap) threads in Node; 1 is the single-threaded build", async () => {
  const wc = await load();
  assert.equal(wc.threads, Math.max(1, Math.min(availableParallelism(), AUTO_THREAD_CAP)));
  assert.equal(await load({ threads: 'auto' }), wc);
  const single = await load({ threads: 1 });
  assert.equal(single.threads, 1);
  assert.notEqual(single, wc);
  const three = await load({ threads: 3 });
  assert.equal(three.threads, 3);
  assert.equal(await load({ threads: 3 }), three);
  // The scalar build has no threaded form: 'auto' quietly gives one thread.
  assert.equal((await load({ simd: false })).threads, 1);
  // One file named by the caller is taken as it is: single-threaded unless threads says otherwise.
  assert.equal((await load({ wasmPath: new URL('../../dist/', import.meta.url) })).threads, wc.threads);
});

test('threads: wrong values and impossible requests are errors that say what to do', async () => {
  for (const bad of [0, -2, 2.5, 65, 'many', true, '2']) {
    await assert.rejects(load({ threads: bad }), /threads must be 'auto' or an integer from 1 to 64, got /);
  }
  await assert.rejects(load({ simd: false, threads: 2 }), /threads: 2 needs a SIMD build \(there is no threaded scalar build\)/);
  await assert.rejects(load({ threads: 2, wasmBinary: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }),
    /it is not wasmconv-(relaxed|simd)-mt\.wasm: it does not import a shared memory/);
});

test('every op and the layer API give bitwise the single-threaded results on 2 and 3 threads', async () => {
  const seed = seedFromEnv(20261206);
  const r = rng(seed);
  const one = await load({ threads: 1 });
  const builds = [await load({ threads: 2 }), await load({ threads: 3 })];
  // Sizes above the pool's minimum work (2^19 multiply-adds) so that the calls are split.
  const cases = [
    ['conv2d', [1, 16, 48, 52], [24, 16, 3, 3], { padding: 1, bias: r.tensor(24), activation: 'relu6' }],
    ['conv2d', [2, 32, 30, 31], [32, 1, 3, 3], { padding: 1, stride: 2, groups: 32 }],
    ['conv2d', [1, 64, 28, 28], [96, 64, 1, 1], { activation: 'hardSwish' }],
    ['conv2d', [1, 3, 96, 100], [16, 3, 7, 7], { stride: 2, padding: 3 }],
    ['conv1d', [1, 16, 4000], [16, 16, 5], { padding: 2, dilation: 2 }],
    ['conv3d', [1, 8, 10, 20, 20], [8, 8, 3, 3, 3], { padding: 1 }],
    ['convTranspose2d', [1, 32, 24, 24], [32, 16, 4, 4], { stride: 2, padding: 1 }],
    ['convTranspose2d', [1, 64, 16, 16], [64, 3, 4, 4], { stride: 2, padding: 1, activation: 'tanh' }],
    ['convTranspose2d', [1, 128, 1, 1], [128, 64, 4, 4], {}],
    ['convTranspose1d', [1, 24, 500], [24, 12, 9], { stride: 3, padding: 4 }],
  ];
  for (const [op, xs, ws, options] of cases) {
    const x = tensor(r, xs);
    const w = tensor(r, ws);
    const want = one[op](x, w, options).data;
    for (const wc of builds) {
      assert.ok(bitwiseEqual(wc[op](x, w, options).data, want), `${op} ${JSON.stringify({ xs, ws })} on ${wc.threads} threads (seed ${seed})`);
    }
    // A layer, with a residual, as a network runs it.
    const create = `create${op[0].toUpperCase()}${op.slice(1)}`;
    const residual = one[op](x, w, { ...options, activation: undefined });
    const layers = [one, ...builds].map((wc) => wc[create](w, options));
    const outputs = layers.map((layer) => layer.run(x, { residual }).data);
    for (const out of outputs.slice(1)) assert.ok(bitwiseEqual(out, outputs[0]), `${create} with a residual (seed ${seed})`);
    for (const layer of layers) layer.dispose();
  }
});

test('memory grown by a worker thread: results held from before stay right, and new ones read the grown heap', async () => {
  const wc = await load({ threads: 2 });
  const one = await load({ threads: 1 });
  const r = rng(5);
  const x = tensor(r, [1, 8, 64, 64]);
  const w = tensor(r, [8, 8, 3, 3]);
  const held = wc.createTensor(x.data, x.shape);
  const out = wc.createTensor(new Float32Array(product([1, 8, 64, 64])), [1, 8, 64, 64]);
  wc.conv2d(held, w, { padding: 1, output: out });
  const before = out.read();
  const heap = wc.memoryUsage().heapBytes;
  // A large layer whose per-thread scratch makes the heap grow (several times its size).
  const big = { data: r.tensor(product([1, 96, 160, 160])), shape: [1, 96, 160, 160] };
  const wb = tensor(r, [96, 96, 3, 3]);
  const grown = wc.conv2d(big, wb, { padding: 1 });
  assert.ok(wc.memoryUsage().heapBytes > heap, 'the heap grew');
  assert.ok(bitwiseEqual(grown.data, one.conv2d(big, wb, { padding: 1 }).data));
  assert.ok(bitwiseEqual(out.read(), before), 'the result held from before the growth reads the same');
  assert.ok(bitwiseEqual(held.read(), x.data));
  held.dispose();
  out.dispose();
});

test('the memory limit holds on a threaded build', async () => {
  const wc = await load({ threads: 2 });
  const r = rng(9);
  wc.setMemoryLimit(wc.memoryUsage().usedBytes + 1024 * 1024);
  try {
    assert.throws(() => wc.conv2d(tensor(r, [1, 16, 256, 256]), tensor(r, [16, 16, 3, 3]), { padding: 1 }), /memory limit/);
    const small = wc.conv2d(tensor(r, [1, 2, 8, 8]), tensor(r, [2, 2, 3, 3]));
    assert.deepEqual(small.shape, [1, 2, 6, 6]);
  } finally {
    wc.setMemoryLimit(0);
  }
});

test('a program that loaded a threaded build exits by itself when it is done', async () => {
  const script = `import { load } from ${JSON.stringify(new URL('../../bindings/js/node.js', import.meta.url).href)};
    const wc = await load({ threads: 2 });
    const x = { data: new Float32Array(16 * 64 * 64).fill(1), shape: [1, 16, 64, 64] };
    const w = { data: new Float32Array(16 * 16 * 9).fill(1), shape: [16, 16, 3, 3] };
    console.log(wc.threads, wc.conv2d(x, w, { padding: 1 }).data[64 * 64 + 65]);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  assert.equal(out.trim(), '2 144');
});
