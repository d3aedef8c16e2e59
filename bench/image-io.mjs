// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Images in and out, timed: wc.fromImage and wc.toImageData (the per-pixel work in wasm
// SIMD, src/image/image_convert.cc) against a straightforward JavaScript loop computing the
// same values, on a 1024x1024 RGBA image with ImageNet's mean and std (NCHW RGB, the
// convolutions' layout). Each round runs every case once, wasm and JS alternating, so that
// both see the same machine state; the table gives the median of the rounds and the ratio
// of the medians. A wasm call is the whole call a user makes: copying the bytes (or floats)
// into wasm memory, converting, copying the result out.
// Two groups: results written into memory that exists (`output`: an array, a wasm tensor or
// an ImageData; the JS loop writes into an existing array too), which times the conversion,
// and results in new arrays, which both sides allocate per call: a fresh 12 MB (4 MB) array
// costs as much as the conversion or more (the pages are zeroed and mapped on first touch),
// so those ratios are smaller. Every result is checked against the JS loop's first.
//   node bench/image-io.mjs [--rounds N] [--size PIXELS] [--scalar]
import { parseArgs, numberArg, UsageError } from './cli.mjs';
import { load } from '../bindings/js/node.js';

const USAGE = 'usage: node bench/image-io.mjs [--rounds N (15)] [--size PIXELS (1024: a square image)] [--scalar (the scalar build)]';
let args;
try {
  args = parseArgs(process.argv.slice(2), { '--rounds': 'N', '--size': 'PIXELS', '--scalar': null });
  args.rounds = numberArg('--rounds', args['--rounds'], 15, { min: 1, integer: true });
  args.size = numberArg('--size', args['--size'], 1024, { min: 1, integer: true });
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`image-io: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const wc = await load(args['--scalar'] ? { simd: false } : {});
const width = args.size;
const height = args.size;
const n = width * height;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
const options = { mean: MEAN, std: STD };

let state = 0x9e3779b9;
const bytes = Uint8Array.from({ length: n * 4 }, () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state >>> 24;
});
const source = { data: bytes, width, height };

// The straightforward loops: per pixel, per channel, the formula as written.
function jsFromImage(data, out = new Float32Array(3 * n)) {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[c * n + i] = (data[i * 4 + c] / 255 - MEAN[c]) / STD[c];
  }
  return out;
}
function jsToImageData(t, out = new Uint8ClampedArray(n * 4)) {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = (t[c * n + i] * STD[c] + MEAN[c]) * 255;
    out[i * 4 + 3] = 255;
  }
  return out;
}

const floats = jsFromImage(bytes);
const tensor = { data: floats, shape: [1, 3, height, width] };
const resident = wc.createTensor(floats, tensor.shape);
const output = new Float32Array(3 * n);
const outTensor = wc.createTensor(output, tensor.shape);
const image = { data: new Uint8ClampedArray(n * 4), width, height };
const jsImage = new Uint8ClampedArray(n * 4);
const expectedBytes = jsToImageData(floats);

// [group, name, wasm call, JS call, check of the wasm result]. Values may differ from the JS
// loop's double arithmetic by float rounding; bytes must be equal.
const near = (a, b) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-5 * (1 + Math.abs(b[i])));
const sameBytes = (r) => r.data.every((v, i) => v === expectedBytes[i]);
const INTO = 'into existing memory';
const NEW = 'new result per call';
const CASES = [
  [INTO, 'fromImage -> output array', () => wc.fromImage(source, { ...options, output }), () => jsFromImage(bytes, output), (r) => near(r.data, floats)],
  [INTO, 'fromImage -> wasm tensor', () => wc.fromImage(source, { ...options, output: outTensor }), () => jsFromImage(bytes, output), (r) => near(r.read(), floats)],
  [INTO, 'toImageData array -> output', () => wc.toImageData(tensor, { ...options, output: image }), () => jsToImageData(floats, jsImage), sameBytes],
  [INTO, 'toImageData wasm tensor -> output', () => wc.toImageData(resident, { ...options, output: image }), () => jsToImageData(floats, jsImage), sameBytes],
  [NEW, 'fromImage -> new array', () => wc.fromImage(source, options), () => jsFromImage(bytes), (r) => near(r.data, floats)],
  [NEW, 'toImageData -> new image', () => wc.toImageData(tensor, options), () => jsToImageData(floats), sameBytes],
];

for (const [, name, wasm, , ok] of CASES) {
  if (!ok(wasm())) throw new Error(`image-io: ${name} differs from the JavaScript loop`);
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

// Warm-up (the JIT, wasm memory at its working size), then the timed rounds.
for (let r = 0; r < 3; r++) for (const [, , wasm, js] of CASES) time(wasm), time(js);
const samples = CASES.map(() => ({ wasm: [], js: [] }));
for (let r = 0; r < args.rounds; r++) {
  CASES.forEach(([, , wasm, js], i) => {
    samples[i].wasm.push(time(wasm));
    samples[i].js.push(time(js));
  });
}

console.log(`image-io: ${width}x${height} RGBA <-> NCHW RGB float, ImageNet mean/std; ${wc.arch}; Node ${process.versions.node}; median of ${args.rounds} rounds`);
// The medians, and the best rounds: on a shared machine a round that waited for the CPU (or,
// for new results, for fresh pages) moves the median; the best shows the undisturbed cost.
console.log('| result | case | wasm ms | JS loop ms | JS / wasm | best wasm ms | best JS ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
CASES.forEach(([group, name], i) => {
  const w = median(samples[i].wasm);
  const j = median(samples[i].js);
  const best = (xs) => Math.min(...xs).toFixed(2);
  console.log(`| ${group} | ${name} | ${w.toFixed(2)} | ${j.toFixed(2)} | ${(j / w).toFixed(1)}x | ${best(samples[i].wasm)} | ${best(samples[i].js)} |`);
});
resident.dispose();
outTensor.dispose();
