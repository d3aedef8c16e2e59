// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Memory: 10,000 calls of every API function (valid and invalid), of layer
// create/run/dispose and of wasm tensor create/run/dispose leave the wasm heap's allocated
// bytes exactly where they were; layers and tensors dropped without dispose() are freed by
// the garbage collector; NaN and Inf
// propagate exactly as the reference computes them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { load } from '../../bindings/js/node.js';

const wc = await load();
const CALLS = 10_000;
const t = (shape, f = (i) => (i % 7) - 3) => ({ data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), shape });
const x2 = t([1, 4, 6, 6]);
const w2 = t([4, 4, 3, 3]);
const bias = new Float32Array(4).fill(0.5);

const CALLERS = {
  conv1d: () => wc.conv1d(t([1, 2, 8]), t([3, 2, 3]), { padding: 1 }),
  conv2d: () => wc.conv2d(x2, w2, { padding: 1, bias }),
  conv3d: () => wc.conv3d(t([1, 2, 3, 4, 4]), t([2, 2, 2, 2, 2])),
  convTranspose1d: () => wc.convTranspose1d(t([1, 2, 5]), t([2, 3, 3]), { stride: 2 }),
  convTranspose2d: () => wc.convTranspose2d(x2, w2, { stride: 2, padding: 1, outputPadding: 1 }),
  convTranspose3d: () => wc.convTranspose3d(t([1, 2, 2, 2, 2]), t([2, 2, 2, 2, 2]), { stride: 2 }),
  outputShape: () => wc.outputShape('conv2d', [1, 4, 6, 6], [4, 4, 3, 3]),
  macs: () => wc.macs('convTranspose2d', [1, 4, 6, 6], [4, 4, 3, 3], { stride: 2 }),
  paramCount: () => wc.paramCount('conv2d', [4, 4, 3, 3], { bias: true }),
  receptiveField: () => wc.receptiveField([{ kernel: 3, dilation: 2 }, { kernel: 3, stride: 2 }]),
  convMatrix: () => wc.convMatrix('conv2d', [1, 1, 4, 4], t([1, 1, 3, 3])),
  'invalid call': () => assert.throws(() => wc.conv2d(x2, w2, { dilation: 9 }), /dilated kernel/),
  'invalid call after allocation': () => assert.throws(() => wc.conv2d(x2, w2, { bias: new Float32Array(3) }), /bias has 3 values/),
  'layer create/run/dispose': () => {
    const layer = wc.createConv2d(w2, { padding: 1, bias });
    layer.run(x2);
    layer.dispose();
  },
  'transposed layer create/run/dispose': () => {
    const layer = wc.createConvTranspose2d(w2, { stride: 2 });
    layer.run(x2);
    layer.dispose();
  },
  'tensor create/run/dispose': () => {
    const input = wc.createTensor(x2.data, x2.shape);
    residentLayer.run(input, { output: residentOut });
    residentLayer.run(input);
    wc.convTranspose2d(input, w2, { stride: 2 });
    input.write(x2.data);
    input.read();
    input.dispose();
  },
  'run into an output tensor': () => {
    residentLayer.run(residentIn, { output: residentOutTensor });
    wc.conv2d(residentIn, w2, { padding: 1, bias, output: residentOutTensor });
  },
  'run into an output array': () => {
    residentLayer.run(x2, { output: residentOut });
    wc.conv2d(x2, w2, { padding: 1, bias, output: residentOut });
  },
  'invalid output and tensor use': () => {
    assert.throws(() => residentLayer.run(x2, { output: new Float32Array(3) }), /output has 3 values/);
    const input = wc.createTensor(x2.data, x2.shape);
    assert.throws(() => input.write(new Float32Array(3)), /data has 3 values/);
    input.dispose();
    assert.throws(() => residentLayer.run(input), /disposed/);
  },
};
const residentLayer = wc.createConv2d(w2, { padding: 1, bias });
const residentOut = new Float32Array(4 * 6 * 6);
const residentIn = wc.createTensor(x2.data, x2.shape);
const residentOutTensor = wc.createTensor(residentOut, [1, 4, 6, 6]);

for (const [name, call] of Object.entries(CALLERS)) {
  test(`${CALLS} calls of ${name} leave the wasm heap flat`, () => {
    for (let i = 0; i < 50; i++) call(); // let scratch reach its steady size
    const before = wc.memoryUsage();
    for (let i = 0; i < CALLS; i++) call();
    const after = wc.memoryUsage();
    assert.equal(after.usedBytes, before.usedBytes, `allocated bytes went from ${before.usedBytes} to ${after.usedBytes}`);
    assert.equal(after.heapBytes, before.heapBytes, 'wasm memory grew');
  });
}

// In a child process with --expose-gc (so that collection can be forced): runs `setup`,
// creates 200 objects with `create` inside a closure that drops them, and reports the heap
// bytes before, while held, and after forced collections. The finalizers that free the wasm
// memory run as tasks after a collection, so each collection is followed by a turn of the
// event loop; it repeats until the memory is back (usually the first or second time), and
// gives up only after a minute, so that a busy machine never fails it, only a leak does.
function heapAfterDropping(setup, create) {
  const script = `
    import { load } from ${JSON.stringify(new URL('../../bindings/js/node.js', import.meta.url).href)};
    const wc = await load();
    ${setup}
    const base = wc.memoryUsage().usedBytes;
    (() => { for (let i = 0; i < 200; i++) ${create}; })();
    const held = wc.memoryUsage().usedBytes;
    const giveUp = Date.now() + 60_000;
    while (wc.memoryUsage().usedBytes > base + 65536 && Date.now() < giveUp) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log(JSON.stringify({ base, held, after: wc.memoryUsage().usedBytes }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
  }));
}

test('layers dropped without dispose() are freed by the garbage collector', () => {
  const out = heapAfterDropping(
    'const w = { data: new Float32Array(64 * 64 * 9).fill(0.01), shape: [64, 64, 3, 3] };',
    'wc.createConv2d(w, { padding: 1 })',
  );
  assert.ok(out.held - out.base > 200 * 64 * 64 * 9 * 4 * 0.9, `200 layers should hold their weights: ${JSON.stringify(out)}`);
  assert.ok(out.after - out.base <= 65536, `collected layers must release their memory: ${JSON.stringify(out)}`);
});

test('tensors dropped without dispose() are freed by the garbage collector', () => {
  const out = heapAfterDropping('const data = new Float32Array(64 * 64 * 16).fill(0.5);', 'wc.createTensor(data, [1, 16, 64, 64])');
  assert.ok(out.held - out.base > 200 * 64 * 64 * 16 * 4 * 0.9, `200 tensors should hold their data: ${JSON.stringify(out)}`);
  assert.ok(out.after - out.base <= 65536, `collected tensors must release their memory: ${JSON.stringify(out)}`);
});

test('NaN and Inf propagate exactly as the reference computes them, on every build', async () => {
  for (const build of [wc, await load({ simd: false })]) {
    const x = t([1, 16, 12, 12], (i) => Math.sin(i));
    x.data[20] = NaN;
    x.data[300] = Infinity;
    x.data[301] = -Infinity;
    const w = t([16, 16, 3, 3], (i) => Math.cos(i) * 0.1);
    for (const [fn, opts] of [['conv2d', { padding: 1 }], ['conv2d', { stride: 2 }], ['convTranspose2d', { stride: 2 }]]) {
      const want = build[fn](x, w, { ...opts, backend: 'reference' }).data;
      const got = build[fn](x, w, opts).data;
      let nonFinite = 0;
      for (let i = 0; i < want.length; i++) {
        assert.equal(Number.isNaN(got[i]), Number.isNaN(want[i]), `${fn} ${build.arch} NaN at ${i}`);
        if (!Number.isFinite(want[i]) && !Number.isNaN(want[i])) assert.equal(got[i], want[i], `${fn} Inf at ${i}`);
        nonFinite += !Number.isFinite(want[i]);
      }
      assert.ok(nonFinite > 0);
    }
  }
});

test('results are identical run to run', () => {
  const a = wc.conv2d(x2, w2, { padding: 1 }).data;
  for (let i = 0; i < 5; i++) assert.deepEqual(wc.conv2d(x2, w2, { padding: 1 }).data, a);
});

test('a memory limit turns large requests into errors, and lifting it restores them', () => {
  const layer = wc.createConv2d(t([64, 64, 3, 3]), { padding: 1 });
  const x = t([1, 64, 64, 64]); // 1 MiB in, 1 MiB out, about 1 MiB of padded-input scratch
  const small = () => wc.conv2d(t([1, 1, 4, 4]), t([1, 1, 3, 3]));
  try {
    // Room for the tensors but not for the kernel's scratch: the C++ side refuses.
    wc.setMemoryLimit(wc.memoryUsage().usedBytes + 2 * 1048576 + 65536);
    assert.throws(() => layer.run(x), (e) => e.code === 'out_of_memory' && /memory limit/.test(e.message));
    // Not even room for the input: the JS side refuses before copying.
    wc.setMemoryLimit(wc.memoryUsage().usedBytes + 512 * 1024);
    assert.throws(() => wc.conv2d(x, t([8, 64, 3, 3])), (e) => e.code === 'out_of_memory' && /memory limit of/.test(e.message));
    assert.equal(small().shape[2], 2); // small work still fits
  } finally {
    wc.setMemoryLimit(0);
  }
  assert.deepEqual(layer.run(x).shape, [1, 64, 64, 64]);
  layer.dispose();
  assert.throws(() => wc.setMemoryLimit(-1), /non-negative integer/);
});
