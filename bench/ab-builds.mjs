// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Two builds of wasmconv against each other in one Node process, for a change of compile or
// link flags: does build B run the benchmark layers as fast as build A? Each folder is a
// copy of the package (its bindings/js/ and dist/; the glue and its .wasm go together, since
// a link renames the imports), loaded on one thread. Every layer runs as a user's layer loop
// does (weights packed once, input and output wasm tensors: bench/runners.mjs), A and B
// alternately, sample by sample, A first in even rounds and B first in odd ones; the answer
// per layer is the median of the per-round ratios B / A, which holds on a shared machine
// where either column alone moves 2-20x between runs. Both builds' outputs are compared too
// (a flag change that alters a result is a bug, not a speed-up).
//
//   node --experimental-wasm-relaxed-simd bench/ab-builds.mjs --a ../old-checkout --b . \
//     [--build relaxed|simd|scalar] [--shapes bench/shapes.txt | --suite mobilenetv2,dcgan]
//     [--only C1,T4] [--rounds 15] [--sample-ms 40] [--gap FLOATS] [--layout nchw|nhwc]
//
// Where a layer's tensors lie can matter as much as a flag: C1 (3-channel depthwise on
// 512x512) runs 0.27-0.34 ms in either build depending on how far its output lies from its
// input. --gap allocates a tensor of that many floats between the two in both builds, so that
// a difference that moves with the gap is told from one that stays.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { numberArg, readShapeList, runCli, UsageError } from './cli.mjs';
import { wasmconvRunner } from './runners.mjs';
import { settingLabel, wasmconvCall } from './shapes.mjs';
import { layerGroups, suiteNames, suiteUrl } from './suites.mjs';

const usage = `usage: node --experimental-wasm-relaxed-simd bench/ab-builds.mjs --a DIR --b DIR [options]
  --a DIR, --b DIR   folders holding a build of the package (bindings/js/ and dist/); --b defaults to .
  --build B          relaxed (the default), simd or scalar: which single-threaded .wasm of both folders
  --shapes FILE      the layers (bench/shapes.txt), or
  --suite NAMES      layer suites of bench/suites/ (comma-separated, or all)
  --only IDS         only these layer ids
  --rounds N         alternating samples per build and layer (15)
  --sample-ms MS     the length of one sample: as many calls as take this long (40)
  --gap FLOATS       a tensor of this many floats made between each layer's input and output (0)
  --layout L         the layers' data layout, nchw or nhwc (layout: 'nhwc', channels last) (nchw)`;

const flags = {
  '--a': 'DIR', '--b': 'DIR', '--build': 'relaxed|simd|scalar', '--shapes': 'FILE', '--suite': 'NAMES',
  '--only': 'IDS', '--rounds': 'N', '--sample-ms': 'MS', '--gap': 'FLOATS', '--layout': 'L',
};

const LOAD_OPTIONS = {
  relaxed: { relaxed: true, threads: 1 },
  simd: { relaxed: false, threads: 1 },
  scalar: { simd: false, threads: 1 },
};

// Deterministic data, the same for both builds (a small LCG: the values only need to be
// ordinary floats).
function fill(count, seed) {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

async function loadBuild(dir, build) {
  const entry = pathToFileURL(resolve(dir, 'bindings/js/node.js')).href;
  const { load } = await import(entry);
  return load(LOAD_OPTIONS[build]);
}

// Calls `run` `calls` times; milliseconds per call.
async function timeCalls(run, calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await run();
  return (performance.now() - start) / calls;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function compareLayer(builds, s, rounds, sampleMs, gapFloats, layout) {
  const { xShape, wShape } = wasmconvCall(s);
  const x = fill(xShape.reduce((a, b) => a * b, 1), 1);
  const w = fill(wShape.reduce((a, b) => a * b, 1), 2);
  const runners = builds.map((wc) => wasmconvRunner(wc, s, x, w, { intoTensor: true, gapFloats, layout }));
  try {
    const [ya, yb] = [await runners[0].result(), await runners[1].result()];
    let maxDiff = 0;
    for (let i = 0; i < ya.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ya[i] - yb[i]));
    // Warm-up (V8 tiers the code up over the first calls), and how many calls fill a sample.
    const once = Math.max(await timeCalls(runners[0].run, 2), await timeCalls(runners[1].run, 2));
    const calls = Math.max(1, Math.round(sampleMs / Math.max(once, 1e-3)));
    await timeCalls(runners[0].run, calls);
    await timeCalls(runners[1].run, calls);
    const ratios = [];
    const times = [[], []];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [1, 0] : [0, 1];
      const t = [0, 0];
      for (const i of order) t[i] = await timeCalls(runners[i].run, calls);
      times[0].push(t[0]);
      times[1].push(t[1]);
      ratios.push(t[1] / t[0]);
    }
    return { msA: median(times[0]), msB: median(times[1]), ratio: median(ratios), lo: Math.min(...ratios), hi: Math.max(...ratios), maxDiff };
  } finally {
    for (const r of runners) r.dispose();
  }
}

async function main(args) {
  if (!args['--a']) throw new UsageError('--a DIR is required (a folder holding bindings/js/ and dist/)');
  const build = args['--build'] ?? 'relaxed';
  if (!LOAD_OPTIONS[build]) throw new UsageError(`--build must be relaxed, simd or scalar, got ${build}`);
  const rounds = numberArg('--rounds', args['--rounds'], 15, { min: 1, integer: true });
  const sampleMs = numberArg('--sample-ms', args['--sample-ms'], 40, { min: 1 });
  const gapFloats = numberArg('--gap', args['--gap'], 0, { min: 0, integer: true });
  const only = args['--only'] ? args['--only'].split(',') : null;
  const layout = args['--layout'] ?? 'nchw';
  if (layout !== 'nchw' && layout !== 'nhwc') throw new UsageError(`--layout must be nchw or nhwc, got ${layout}`);
  let groups;
  if (args['--suite']) {
    const { readFileSync } = await import('node:fs');
    const suites = suiteNames(args['--suite']).map((name) => ({ name, shapesText: readFileSync(suiteUrl(name), 'utf8') }));
    groups = layerGroups({ suites, only });
  } else {
    const shapesText = await readShapeList(args['--shapes'] ?? new URL('./shapes.txt', import.meta.url));
    groups = layerGroups({ shapesText, only });
  }
  const dirs = [args['--a'], args['--b'] ?? '.'];
  const builds = [];
  for (const dir of dirs) builds.push(await loadBuild(dir, build));
  console.log(`A: ${resolve(dirs[0])}  B: ${resolve(dirs[1])}  build: ${build}, ${rounds} rounds of ${sampleMs} ms samples` +
    (gapFloats ? `, ${gapFloats} floats between input and output` : '') + (layout === 'nhwc' ? ', NHWC data' : ''));
  console.log('id     layer                                      A ms      B ms    B/A   (range)        max |A-B|');
  const logRatios = [];
  for (const { settings } of groups) {
    for (const s of settings) {
      const r = await compareLayer(builds, s, rounds, sampleMs, gapFloats, layout);
      logRatios.push(Math.log(r.ratio));
      console.log(`${s.id.padEnd(6)} ${settingLabel(s).padEnd(40)} ${r.msA.toFixed(3).padStart(8)} ${r.msB.toFixed(3).padStart(9)}` +
        `  ${r.ratio.toFixed(3)}  (${r.lo.toFixed(2)}-${r.hi.toFixed(2)})  ${r.maxDiff}`);
    }
  }
  const geo = Math.exp(logRatios.reduce((a, b) => a + b, 0) / logRatios.length);
  console.log(`geometric mean of B/A over ${logRatios.length} layers: ${geo.toFixed(3)}`);
}

await runCli({ name: 'ab-builds', usage, flags }, main);
