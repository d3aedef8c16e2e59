// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// A kernel developer's probe of where a setting's time goes beside the benchmark's round
// robin: one wasmconv layer on a shape of bench/shapes.txt (or one given with `--shape`,
// a line in that file's format), called back to back (caches warm, as in a loop of one
// layer) or with `--flush MB` megabytes written between calls (every cache cold, as after
// other work), with its output into a reused array (copied out of wasm memory, as `npm run
// bench` times it) and into a wasm tensor (no copy), the two alternating. Prints median ms
// and GFLOP/s (2 x dense MACs / time) per variant.
//
// `--probe` also times the mul+add peak probe (peak.mjs) in every round and prints, per
// variant and for the probe, the spread of the rounds' GFLOP/s and how the variants' rounds
// correlate with the probe's: a layer whose data stays in L2 that still swings while the
// probe holds is slowed by something that touches only code with loads (on this project's
// shared machine, its other tenants), not by memory traffic of its own.
//
//   node bench/layer-loop.mjs --only C5,T3 [--flush 300] [--rounds 40] [--shapes bench/shapes.txt]
//   node bench/layer-loop.mjs --shape "R1 convT in=128x16x16 out=64 k=2 s=2" --probe --rounds 120
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { load } from '../bindings/js/node.js';
import { random } from './measure.mjs';
import { loadPeakProbe, PROBE_ITERATIONS } from './peak.mjs';
import { parseShapes, settingLabel, wasmconvCall } from './shapes.mjs';

const args = process.argv.slice(2);
const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const only = value('--only')?.split(',') ?? null;
const rounds = Number(value('--rounds') ?? 40);
const flushMb = Number(value('--flush') ?? 0);
const withProbe = args.includes('--probe');
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer, got ${value('--rounds')}`);
if (!(flushMb >= 0)) throw new Error(`--flush must be a number of megabytes, got ${value('--flush')}`);
const shapesText = value('--shape') ?? readFileSync(resolve(value('--shapes') ?? new URL('./shapes.txt', import.meta.url).pathname), 'utf8');
const settings = parseShapes(shapesText, value('--shape') === undefined ? only : null);
if (!settings.length) throw new Error('no setting to time: check --only, --shapes or --shape');

const wc = await load({ simd: true });
const probe = withProbe ? await loadPeakProbe() : null;
for (let i = 0; probe && i < 5; i++) probe.call(PROBE_ITERATIONS); // tiered up before it is timed, as the layers are
const flush = new Float32Array(Math.round((flushMb * 2 ** 20) / 4));
const sorted = (t) => [...t].sort((a, b) => a - b);
const median = (t) => sorted(t)[t.length >> 1];
const quantile = (t, q) => sorted(t)[Math.round(q * (t.length - 1))];
// Pearson's r of two equally long series (0 when either is constant).
function correlation(a, b) {
  const mean = (t) => t.reduce((s, v) => s + v, 0) / t.length;
  const ma = mean(a), mb = mean(b);
  let ab = 0, aa = 0, bb = 0;
  a.forEach((v, i) => {
    ab += (v - ma) * (b[i] - mb);
    aa += (v - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  });
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}
const spread = (gf) => `${quantile(gf, 0.1).toFixed(1)} ${median(gf).toFixed(1)} ${quantile(gf, 0.9).toFixed(1)}`;

console.log(`layer loop, ${rounds} calls per variant, ${flushMb ? `${flushMb} MB written between calls` : 'caches warm'}` +
  (probe ? ', the mul+add probe timed in every round' : ''));
for (const s of settings) {
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
  const probeGf = [];
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, v) => {
      if (flush.length) flush.fill(r);
      const t0 = performance.now();
      run();
      times[v].push(performance.now() - t0);
    });
    if (probe) {
      const t0 = performance.now();
      probe.call(PROBE_ITERATIONS);
      probeGf.push((PROBE_ITERATIONS * probe.flopsPerIteration) / (performance.now() - t0) / 1e6);
    }
  }
  const labels = Object.keys(variants);
  const cells = labels.map((label, v) => {
    const ms = median(times[v]);
    return `${label} ${ms.toFixed(3)} ms ${((gflop / ms) * 1e3).toFixed(1)} GFLOP/s`;
  });
  console.log(`${s.id} ${settingLabel(s)}: ${cells.join(', ')}`);
  if (probe) {
    const gf = times.map((t) => t.map((ms) => (gflop / ms) * 1e3));
    console.log(`  rounds' GFLOP/s (10th percentile, median, 90th): ${labels.map((l, v) => `${l} ${spread(gf[v])}`).join(', ')}, ` +
      `mul+add probe ${spread(probeGf)}`);
    console.log(`  correlation of the rounds with the probe's: ${labels.map((l, v) => `${l} ${correlation(gf[v], probeGf).toFixed(2)}`).join(', ')}`);
  }
  layer.dispose();
  input.dispose();
  tensor.dispose();
}
