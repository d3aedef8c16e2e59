// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A kernel developer's probe of where a setting's time goes beside the benchmark's round
// robin: one wasmconv layer on a shape of bench/shapes.txt, called back to back (caches
// warm, as in a loop of one layer) or with `--flush MB` megabytes written between calls
// (every cache cold, as after other work), with its output into a reused array (copied out
// of wasm memory, as `npm run bench` times it) and into a wasm tensor (no copy), the two
// alternating. Prints median ms and GFLOP/s (2 x dense MACs / time) per variant.
//
//   node bench/layer-loop.mjs --only C5,T3 [--flush 300] [--rounds 40] [--shapes bench/shapes.txt]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { load } from '../bindings/js/node.js';
import { random } from './measure.mjs';
import { parseShapes, settingLabel, wasmconvCall } from './shapes.mjs';

const args = process.argv.slice(2);
const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const only = value('--only')?.split(',') ?? null;
const rounds = Number(value('--rounds') ?? 40);
const flushMb = Number(value('--flush') ?? 0);
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer, got ${value('--rounds')}`);
if (!(flushMb >= 0)) throw new Error(`--flush must be a number of megabytes, got ${value('--flush')}`);
const shapesFile = resolve(value('--shapes') ?? new URL('./shapes.txt', import.meta.url).pathname);

const wc = await load({ simd: true });
const flush = new Float32Array(Math.round((flushMb * 2 ** 20) / 4));
const median = (t) => t.sort((a, b) => a - b)[t.length >> 1];

console.log(`layer loop, ${rounds} calls per variant, ${flushMb ? `${flushMb} MB written between calls` : 'caches warm'}`);
for (const s of parseShapes(readFileSync(shapesFile, 'utf8'), only)) {
  const { name, layer: create, xShape, wShape, options } = wasmconvCall(s);
  const x = random(s.c * s.h * s.w, 1);
  const weights = { data: random(wShape.reduce((a, b) => a * b, 1), 2), shape: wShape };
  const layer = wc[create](weights, options);
  const input = wc.createTensor(x, xShape);
  const yShape = layer.outputShape(xShape);
  const array = new Float32Array(yShape.reduce((a, b) => a * b, 1));
  const tensor = wc.createTensor(array, yShape);
  const gflop = (2 * wc.macs(name, xShape, wShape, options)) / 1e9;
  const variants = { 'into an array': () => layer.run(input, { output: array }), 'into a tensor': () => layer.run(input, { output: tensor }) };
  // The variants alternate call by call, so that a busy moment of the machine slows both.
  const runs = Object.values(variants);
  for (let i = 0; i < 10; i++) runs.forEach((run) => run()); // V8 tiers the code up over the first calls
  const times = runs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, v) => {
      if (flush.length) flush.fill(r);
      const t0 = performance.now();
      run();
      times[v].push(performance.now() - t0);
    });
  }
  const cells = Object.keys(variants).map((label, v) => {
    const ms = median(times[v]);
    return `${label} ${ms.toFixed(3)} ms ${((gflop / ms) * 1e3).toFixed(1)} GFLOP/s`;
  });
  console.log(`${s.id} ${settingLabel(s)}: ${cells.join(', ')}`);
  layer.dispose();
  input.dispose();
  tensor.dispose();
}
