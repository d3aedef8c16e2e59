// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// wasmconv/worker in Node: loadInWorker() gives load()'s API with every call answered by a
// worker thread. Results bitwise those of load() on this thread; layers and tensors through
// handles; the same errors (same class, message and code) as load() and its API; inputs
// copied unless { transfer: true }; many calls in flight answered in order; terminate() and
// a dying worker rejecting what is pending; handles the caller drops freed in the worker;
// the caller's event loop running while a long call computes; a program that is done
// exiting by itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';

import { load, WasmconvError as MainError } from '../../bindings/js/node.js';
import { loadInWorkerWith } from '../../bindings/js/worker-client.js';
import { loadInWorker, WasmconvError } from '../../bindings/js/worker-node.js';
import { spawnThread } from '../../bindings/js/worker-spawn.js';
import { product, rng, seedFromEnv } from './support/random.mjs';

const tensor = (r, shape) => ({ data: r.tensor(product(shape)), shape });
const bitwiseEqual = (a, b) => a.length === b.length &&
  Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

// The error `body` throws (or rejects with) on this thread, to compare the worker's with.
async function errorOf(body) {
  try {
    await body();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

async function sameError(inWorker, onThisThread) {
  const [got, want] = [await errorOf(inWorker), await errorOf(onThisThread)];
  assert.ok(got instanceof WasmconvError, `${got && got.stack}`);
  assert.deepEqual({ message: got.message, code: got.code }, { message: want.message, code: want.code });
}

test('wasmconv/worker exports the very WasmconvError class of the main entry', () => {
  assert.equal(WasmconvError, MainError);
});

test("conv2d and convTranspose2d give load()'s results bitwise, threaded and on one thread", async () => {
  const seed = seedFromEnv(20261207);
  const r = rng(seed);
  const cases = [
    ['conv2d', [1, 16, 48, 52], [24, 16, 3, 3], { padding: 1, bias: r.tensor(24), activation: 'relu6' }],
    ['conv2d', [2, 32, 30, 31], [32, 1, 3, 3], { padding: 1, stride: 2, groups: 32 }],
    ['convTranspose2d', [1, 32, 24, 24], [32, 16, 4, 4], { stride: 2, padding: 1 }],
    ['convTranspose1d', [1, 24, 500], [24, 12, 9], { stride: 3, padding: 4 }],
    ['conv3d', [8, 6, 10, 10], [4, 8, 3, 3, 3], { padding: 'same' }],
  ];
  for (const threads of ['auto', 1]) {
    const here = await load({ threads });
    const wc = await loadInWorker({ threads });
    try {
      assert.deepEqual({ simd: wc.simd, relaxed: wc.relaxed, threads: wc.threads, arch: wc.arch },
        { simd: here.simd, relaxed: here.relaxed, threads: here.threads, arch: here.arch });
      for (const [op, xs, ws, options] of cases) {
        const x = tensor(r, xs);
        const w = tensor(r, ws);
        const got = await wc[op](x, w, options);
        const want = here[op](x, w, options);
        assert.deepEqual(got.shape, want.shape);
        assert.ok(bitwiseEqual(got.data, want.data), `${op} on ${wc.threads} threads (seed ${seed})`);
      }
      // The helpers answer as on this thread.
      const w = tensor(r, [4, 3, 3, 3]);
      assert.deepEqual(await wc.outputShape('conv2d', [3, 9, 9], w.shape, { stride: 2 }), here.outputShape('conv2d', [3, 9, 9], w.shape, { stride: 2 }));
      assert.equal(await wc.macs('convTranspose2d', [1, 4, 5, 5], [4, 2, 3, 3]), here.macs('convTranspose2d', [1, 4, 5, 5], [4, 2, 3, 3]));
      assert.deepEqual(await wc.padding('conv2d', [1, 3, 8, 8], w.shape, { padding: 'same', stride: 2 }),
        here.padding('conv2d', [1, 3, 8, 8], w.shape, { padding: 'same', stride: 2 }));
      assert.equal(await wc.paramCount('conv2d', w.shape, { bias: true }), 112);
      assert.deepEqual(await wc.receptiveField([{ kernel: 3 }, { kernel: 3, stride: 2 }]), here.receptiveField([{ kernel: 3 }, { kernel: 3, stride: 2 }]));
      const m = await wc.convMatrix('conv2d', [1, 3, 5, 5], w);
      assert.ok(bitwiseEqual(m.data, here.convMatrix('conv2d', [1, 3, 5, 5], w).data));
      assert.deepEqual(Object.keys(await wc.memoryUsage()), ['heapBytes', 'usedBytes', 'limitBytes']);
    } finally {
      await wc.terminate();
    }
  }
});

test('layers and tensors live in the worker: handles whose methods return Promises, results as on this thread', async () => {
  const r = rng(11);
  const here = await load({ threads: 1 });
  const wc = await loadInWorker({ threads: 1 });
  try {
    const x = tensor(r, [1, 8, 20, 20]);
    const w = tensor(r, [8, 8, 3, 3]);
    const options = { padding: 1, activation: 'relu', bias: r.tensor(8) };
    const layer = await wc.createConv2d(w, options);
    const mine = here.createConv2d(w, options);
    assert.deepEqual(Object.keys(layer).sort(), ['dispose', 'outputShape', 'run']);
    assert.deepEqual(await layer.outputShape([8, 7, 9]), mine.outputShape([8, 7, 9]));

    // A tensor: plain shape, write / read / dispose.
    const t = await wc.createTensor(x.data, x.shape);
    assert.deepEqual(Object.keys(t).sort(), ['dispose', 'read', 'shape', 'write']);
    assert.deepEqual(t.shape, [1, 8, 20, 20]);
    assert.ok(Object.isFrozen(t.shape));
    assert.ok(bitwiseEqual(await t.read(), x.data));

    // Tensors in and out: the output tensor is written in the worker and the same handle is returned.
    const out = await wc.createTensor(new Float32Array(product(x.shape)), x.shape);
    assert.equal(await layer.run(t, { output: out }), out);
    const want = mine.run(x);
    assert.ok(bitwiseEqual(await out.read(), want.data));
    // A skip connection read in place, and a stateless op on a tensor.
    const skip = await layer.run(out, { residual: t });
    assert.ok(bitwiseEqual(skip.data, mine.run(want, { residual: x }).data));
    assert.ok(bitwiseEqual((await wc.conv2d(t, w, { padding: 1 })).data, here.conv2d(x, w, { padding: 1 }).data));
    // An output Float32Array is filled and returned as the result's data, as on this thread.
    const array = new Float32Array(product(x.shape));
    const into = await layer.run(x, { output: array });
    assert.equal(into.data, array);
    assert.ok(bitwiseEqual(array, want.data));

    const next = r.tensor(product(x.shape));
    await t.write(next);
    assert.ok(bitwiseEqual(await t.read(), next));

    // A transposed layer, unbatched.
    const wt = tensor(r, [8, 4, 4, 4]);
    const up = await wc.createConvTranspose2d(wt, { stride: 2, padding: 1 });
    const upHere = here.createConvTranspose2d(wt, { stride: 2, padding: 1 });
    const unbatched = { data: x.data, shape: [8, 20, 20] };
    const got = await up.run(unbatched);
    assert.deepEqual(got.shape, [4, 40, 40]);
    assert.ok(bitwiseEqual(got.data, upHere.run(unbatched).data));

    for (const handle of [layer, up, t, out]) await handle.dispose();
    mine.dispose();
    upHere.dispose();
  } finally {
    await wc.terminate();
  }
});

test("errors: load()'s and the API's own, same class, message and code", async () => {
  const r = rng(3);
  const here = await load({ threads: 1 });
  // Options load() refuses, and a folder with no .wasm in it.
  for (const options of [{ bogus: 1 }, { threads: 0 }, { simd: false, threads: 2 }, { simd: 'yes' }, null, { wasmPath: './no-such-folder' }, { wasmUrl: 42 }]) {
    await sameError(() => loadInWorker(options), () => load(options));
  }
  await assert.rejects(loadInWorker({ transfer: 'yes' }), { name: 'WasmconvError', message: 'loadInWorker: transfer must be true or false, got "yes"' });

  const wc = await loadInWorker({ threads: 1 });
  try {
    const x = tensor(r, [1, 2, 5, 5]);
    const w = tensor(r, [3, 2, 3, 3]);
    // Bad shapes and options.
    await sameError(() => wc.conv2d(x, { data: w.data, shape: [3, 2, 3] }), () => here.conv2d(x, { data: w.data, shape: [3, 2, 3] }));
    await sameError(() => wc.conv2d(x, w, { dilation: 4 }), () => here.conv2d(x, w, { dilation: 4 }));
    await sameError(() => wc.convTranspose2d(x, { data: w.data, shape: [2, 3, 3, 3] }, { paddingMode: 'reflect' }),
      () => here.convTranspose2d(x, { data: w.data, shape: [2, 3, 3, 3] }, { paddingMode: 'reflect' }));
    await sameError(() => wc.conv2d(x, w, { strides: 2 }), () => here.conv2d(x, w, { strides: 2 }));
    await sameError(() => wc.createTensor(new Float32Array(3), [2, 2]), () => here.createTensor(new Float32Array(3), [2, 2]));
    await sameError(() => wc.conv2d(x, w, { output: new Float32Array(5) }), () => here.conv2d(x, w, { output: new Float32Array(5) }));

    // Use after dispose: tensors, layers, a disposed tensor as an input.
    const [t, tHere] = [await wc.createTensor(x.data, x.shape), here.createTensor(x.data, x.shape)];
    const [layer, layerHere] = [await wc.createConv2d(w), here.createConv2d(w)];
    await t.dispose();
    tHere.dispose();
    await layer.dispose();
    layerHere.dispose();
    await sameError(() => t.read(), () => tHere.read());
    await sameError(() => t.write(x.data), () => tHere.write(x.data));
    await sameError(() => t.dispose(), () => tHere.dispose());
    await sameError(() => wc.conv2d(t, w), () => here.conv2d(tHere, w));
    await sameError(() => layer.run(x), () => layerHere.run(x));
    await sameError(() => layer.dispose(), () => layerHere.dispose());
    assert.deepEqual(t.shape, x.shape, 'the shape stays readable after dispose(), as on this thread');

    // A tensor of another worker, or of load() on this thread, says so.
    const other = await loadInWorker({ threads: 1 });
    try {
      const foreign = await other.createTensor(x.data, x.shape);
      await assert.rejects(wc.conv2d(foreign, w), { name: 'WasmconvError',
        message: "conv2d: input is a tensor of another worker (each loadInWorker() has its own memory): create it with this worker's createTensor" });
      const out = await other.createTensor(new Float32Array(27), [1, 3, 3, 3]);
      await assert.rejects(wc.conv2d(x, w, { output: out }), { message: /^conv2d: output is a tensor of another worker/ });
      const local = here.createTensor(x.data, x.shape);
      await assert.rejects(wc.conv2d(local, w), { name: 'WasmconvError',
        message: "conv2d: input is a tensor of load() on this thread, not of this worker: create it with this worker's createTensor" });
      local.dispose();
    } finally {
      await other.terminate();
    }
    // What structured clone cannot carry is refused before it is sent.
    await assert.rejects(wc.conv2d(x, w, { activation: () => 0 }), { name: 'WasmconvError', message: /^conv2d: its arguments cannot be sent to the worker \(.*\): pass tensors/ });
    // The worker is still usable after all of these.
    assert.deepEqual((await wc.conv2d(x, w)).shape, [1, 3, 3, 3]);
  } finally {
    await wc.terminate();
  }
});

test('terminate(): pending calls reject, later calls and handles reject, saying the worker was terminated', async () => {
  const r = rng(4);
  const wc = await loadInWorker({ threads: 1 });
  const x = tensor(r, [1, 16, 64, 64]);
  const w = tensor(r, [16, 16, 3, 3]);
  const t = await wc.createTensor(x.data, x.shape);
  const settling = Promise.allSettled([wc.conv2d(x, w), wc.conv2d(t, w), t.read()]);
  await wc.terminate();
  const settled = await settling;
  for (const [i, s] of settled.entries()) {
    assert.equal(s.status, 'rejected', `call ${i}`);
    assert.ok(s.reason instanceof WasmconvError);
    assert.equal(s.reason.code, 'terminated');
    assert.match(s.reason.message, /^(conv2d|tensor\.read): the worker was terminated \(terminate\(\)\) before this call finished; call loadInWorker\(\) again for a new one$/);
  }
  await assert.rejects(wc.conv2d(x, w), { code: 'terminated', message: 'conv2d: the worker was terminated (terminate()); call loadInWorker() again for a new one' });
  await assert.rejects(t.dispose(), { code: 'terminated', message: /^tensor\.dispose: the worker was terminated/ });
  await wc.terminate(); // a second time is harmless
});

test('a worker that dies rejects its pending and later calls with what happened, and nothing hangs', async () => {
  const script = new URL('./support/dying-worker.mjs', import.meta.url);
  const x = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const w = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
  for (const [method, what] of [['crash', 'an uncaught RangeError: boom from the test worker'], ['exit', 'it exited with code 7']]) {
    const wc = await loadInWorkerWith(spawnThread(script), { threads: 1 }, { location: (v) => v });
    assert.deepEqual((await wc.conv2d(x, w)).shape, [1, 1, 2, 2]);
    const settled = await Promise.allSettled([wc[method](), wc.conv2d(x, w)]);
    for (const [i, s] of settled.entries()) {
      assert.equal(s.status, 'rejected', `${method}: call ${i}`);
      assert.equal(s.reason.code, 'worker_error');
      assert.equal(s.reason.message, `${i ? 'conv2d' : method}: the wasmconv worker stopped (${what}) before this call finished; ` +
        'its layers and tensors are gone: call loadInWorker() again for a new one');
    }
    await assert.rejects(wc.conv2d(x, w), { code: 'worker_error', message: `conv2d: the wasmconv worker stopped (${what}); its layers and tensors are gone: call loadInWorker() again for a new one` });
    await wc.terminate();
  }
});

test('a call the worker could not receive rejects alone, in its place; the calls around it are answered', async () => {
  const wc = await loadInWorkerWith(spawnThread(new URL('./support/dying-worker.mjs', import.meta.url)), { threads: 1 }, { location: (v) => v });
  try {
    const x = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
    const w = { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] };
    const [before, lost, after] = await Promise.allSettled([wc.conv2d(x, w), wc.lose(), wc.conv2d(x, w, { padding: 1 })]);
    assert.deepEqual(before.value.shape, [1, 1, 2, 2]);
    assert.equal(lost.status, 'rejected');
    assert.equal(lost.reason.code, 'worker_error');
    assert.equal(lost.reason.message, 'lose: the worker could not receive the call (as the test asked)');
    assert.deepEqual(after.value.shape, [1, 1, 4, 4]);
  } finally {
    await wc.terminate();
  }
});

test('inputs are copied by default; with { transfer: true } their buffers move to the worker', async () => {
  const r = rng(6);
  const here = await load({ threads: 1 });
  const shapes = { x: [1, 4, 9, 9], w: [5, 4, 3, 3] };
  const fresh = () => ({ x: tensor(r, shapes.x), w: tensor(r, shapes.w), bias: r.tensor(5) });
  for (const transfer of [false, true]) {
    const wc = await loadInWorker({ threads: 1, transfer });
    try {
      const { x, w, bias } = fresh();
      const want = here.conv2d(x, w, { bias, padding: 1 });
      const output = new Float32Array(want.data.length);
      const got = await wc.conv2d(x, w, { bias, padding: 1, output });
      assert.ok(bitwiseEqual(got.data, want.data));
      assert.equal(got.data, output, 'an output array is filled, never moved');
      for (const [name, array, length] of [['x', x.data, 324], ['w', w.data, 180], ['bias', bias, 5]]) {
        assert.equal(array.length, transfer ? 0 : length, `${name} with transfer: ${transfer}`);
        assert.equal(array.buffer.byteLength, transfer ? 0 : length * 4);
      }
      // createTensor and write move or copy the same way.
      const data = r.tensor(10);
      const t = await wc.createTensor(data, [10]);
      assert.equal(data.length, transfer ? 0 : 10);
      const again = r.tensor(10);
      const kept = again.slice();
      await t.write(again);
      assert.equal(again.length, transfer ? 0 : 10);
      assert.ok(bitwiseEqual(await t.read(), kept));
      // Results are the caller's own arrays, whole buffers (they came by transfer).
      assert.equal(got.data.buffer.byteLength, got.data.byteLength);
    } finally {
      await wc.terminate();
    }
  }
});

test('many calls in flight are each answered, in the order they were made', async () => {
  const seed = seedFromEnv(77);
  const r = rng(seed);
  const here = await load({ threads: 1 });
  const wc = await loadInWorker({ threads: 1 });
  try {
    const order = [];
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const transposed = i % 3 === 0;
      const x = tensor(r, [1, 3, 4 + (i % 7), 5 + (i % 5)]);
      const w = tensor(r, transposed ? [3, 2, 3, 3] : [2, 3, 3, 3]);
      const op = transposed ? 'convTranspose2d' : 'conv2d';
      const options = { padding: i % 2, stride: 1 + (i % 2) };
      return { want: here[op](x, w, options), got: wc[op](x, w, options).then((y) => { order.push(i); return y; }) };
    });
    const results = await Promise.all(jobs.map((j) => j.got));
    assert.deepEqual(order, jobs.map((_, i) => i));
    for (const [i, y] of results.entries()) {
      assert.deepEqual(y.shape, jobs[i].want.shape);
      assert.ok(bitwiseEqual(y.data, jobs[i].want.data), `call ${i} (seed ${seed})`);
    }
  } finally {
    await wc.terminate();
  }
});

test("while a long call computes in the worker, the caller's event loop keeps turning", async () => {
  const r = rng(8);
  const wc = await loadInWorker({ threads: 1 });
  try {
    // About 1.4 G multiply-adds: hundreds of milliseconds on one thread.
    const x = tensor(r, [1, 64, 192, 192]);
    const w = tensor(r, [64, 64, 3, 3]);
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const y = await wc.conv2d(x, w, { padding: 1 });
    const turnsWhileComputing = turns;
    running = false;
    // A call computed on this thread would have resolved before the first setImmediate ran.
    assert.ok(turnsWhileComputing > 0, 'the event loop turned while the call ran');
    assert.deepEqual(y.shape, [1, 64, 192, 192]);
    // The same holds for a layer's run and for createTensor.
    const layer = await wc.createConv2d(w, { padding: 1 });
    const before = turns;
    running = true;
    setImmediate(turn);
    await layer.run(x);
    running = false;
    assert.ok(turns > before);
    await layer.dispose();
  } finally {
    await wc.terminate();
  }
});

test("handles the caller drops are freed in the worker (the caller's FinalizationRegistry)", async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const wc = await loadInWorker({ threads: 1 });
  try {
    const base = (await wc.memoryUsage()).usedBytes;
    // 4 MB of tensors and a layer, never disposed, held until their memory has been seen in
    // use (a collection before that could free them early), then dropped.
    let kept = [];
    for (let i = 0; i < 4; i++) kept.push(await wc.createTensor(new Float32Array(262144), [262144]));
    kept.push(await wc.createConv2d({ data: new Float32Array(64 * 64 * 9), shape: [64, 64, 3, 3] }));
    assert.ok((await wc.memoryUsage()).usedBytes >= base + 4 * 1048576);
    assert.equal(kept.length, 5);
    kept = null;
    // Collect until the worker has freed them (the test's timeout turns a leak into a failure).
    let used;
    do {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      used = (await wc.memoryUsage()).usedBytes;
    } while (used > base);
    assert.ok(used <= base);
  } finally {
    await wc.terminate();
  }
});

test('a program that loads in a worker and is done exits by itself, with no terminate()', { timeout: 120_000 }, async (t) => {
  const script = `import { loadInWorker } from ${JSON.stringify(new URL('../../bindings/js/worker-node.js', import.meta.url).href)};
    const wc = await loadInWorker();
    const x = { data: new Float32Array(16 * 64 * 64).fill(1), shape: [1, 16, 64, 64] };
    const w = { data: new Float32Array(16 * 16 * 9).fill(1), shape: [16, 16, 3, 3] };
    const layer = await wc.createConv2d(w, { padding: 1 });
    const t = await wc.createTensor(x.data, x.shape);
    const [a, b] = await Promise.all([wc.conv2d(x, w, { padding: 1 }), layer.run(t)]);
    console.log(wc.threads > 0, a.data[64 * 64 + 65], b.data[64 * 64 + 65]);`;
  // Node options of the program (a V8 flag among them) do not stop the worker from starting.
  for (const flags of [['--input-type=module'], ['--max-old-space-size=2048', '--input-type=module']]) {
    // A child that hangs is killed when the test times out (t.signal).
    const child = spawn(process.execPath, [...flags, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], signal: t.signal });
    child.on('error', () => {});
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, flags.join(' '));
    assert.equal(out.trim(), 'true 144 144');
  }
});
