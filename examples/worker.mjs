// wasmconv/worker: load()'s API running in a worker (a worker thread in Node, a module worker
// in browsers), so that the calling thread never runs wasm; every call returns a Promise.
// Run by the tests (tests/js/examples.test.mjs), which check every printed line; the
// section "Off the main thread" of docs/performance.md shows it.
import { loadInWorker } from 'wasmconv/worker';

const wc = await loadInWorker(); // load()'s options; threads: 'auto' applies inside the worker

const x = { data: Float32Array.from({ length: 16 }, (_, i) => i), shape: [1, 1, 4, 4] };
const w = { data: new Float32Array(9).fill(1), shape: [1, 1, 3, 3] };

// The same calls as with load(), awaited. Inputs are copied: x stays usable.
const y = await wc.conv2d(x, w, { padding: 1 });
console.log('conv2d:', JSON.stringify(y.shape), Array.from(y.data.subarray(0, 4)).join(' '), x.data.length);

// Layers and createTensor tensors live in the worker; their handles' methods return Promises.
const layer = await wc.createConv2d(w, { padding: 1, activation: 'relu' });
const t = await wc.createTensor(x.data, x.shape);
const out = await wc.createTensor(new Float32Array(16), [1, 1, 4, 4]);
await layer.run(t, { output: out }); // tensor in, tensor out: no copy at all
console.log('layer:', JSON.stringify(out.shape), (await out.read()).slice(0, 4).join(' '));
await Promise.all([layer.dispose(), t.dispose(), out.dispose()]);

// Errors reject with load()'s WasmconvError, message and code.
try {
  await layer.run(x);
} catch (e) {
  console.log('error:', e.name, e.code, e.message);
}

// { transfer: true } moves each input's buffer to the worker instead of copying it.
const moving = await loadInWorker({ transfer: true });
const big = { data: new Float32Array(3 * 64 * 64).fill(1), shape: [1, 3, 64, 64] };
const sum = await moving.conv2d(big, { data: new Float32Array(27).fill(1), shape: [1, 3, 3, 3] });
console.log('transfer:', JSON.stringify(sum.shape), sum.data[0], big.data.length);

// Optional in Node (a worker with no call pending does not keep the process alive); in a page,
// terminate() frees the worker and its memory.
await Promise.all([wc.terminate(), moving.terminate()]);
