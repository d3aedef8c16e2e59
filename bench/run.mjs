// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench`: wasmconv (its SIMD and scalar builds) against the WebAssembly convolutions
// people use in browsers today, in one process, single-threaded, on bench/shapes.txt:
//   - XNNPACK, behind TensorFlow.js's WASM backend (@tensorflow/tfjs-backend-wasm, NHWC),
//   - MLAS, behind ONNX Runtime Web (onnxruntime-web, wasm execution provider, NCHW),
//   - a plain JavaScript loop.
// Every library gets its weights prepared once (a wasmconv layer, a tfjs tensor, an ORT
// session with the weights as initializers) and is timed as a user calls it. Every
// result is checked against wasmconv's C++ reference. GFLOP/s = 2 x dense MACs / time;
// times are medians after a warm-up (V8 tiers code up over the first calls), with the
// libraries timed round-robin so that a noisy machine slows them alike. By default each
// timed call meets the caches as the other libraries left them; --warm precedes each by an
// untimed call of the same library (caches warm, as in a loop of one layer).
// The benchmark itself is bench/core.mjs; this file picks where it runs: in this Node
// process (bench/node.mjs), or with --browser in a page of headless Chromium
// (bench/browser.mjs, bench/page.mjs).
//
// wasmconv's SIMD column is the relaxed-SIMD build (fused multiply-add) where the engine
// validates it, as load() picks; scripts/bench.sh runs Node 20 with the flag that enables it,
// and --build simd times the plain SIMD build instead.
//
//   node bench/run.mjs [--browser] [--warm] [--build auto|relaxed|simd] [--only C2,T1] [--min-ms 600] [--shapes bench/shapes.txt] [--list]
import { resolve } from 'node:path';

import { relaxedSimdSupported } from '../bindings/js/load.js';
import { numberArg, readShapeList, runCli, UsageError } from './cli.mjs';
import { relaxedOption } from './runners.mjs';
import { parseShapes, settingLabel } from './shapes.mjs';

const usage = `usage: npm run bench -- [options]   (or: node bench/run.mjs [options])
  --browser        run in headless Chromium instead of this Node process
  --warm           precede every timed call by an untimed call of the same library
  --build B        wasmconv's SIMD build: auto (relaxed SIMD where the engine has it), relaxed or simd
  --only C2,T1     time only these ids of the shape list
  --min-ms MS      timing per library and setting, after a warm-up of half as long (600)
  --shapes FILE    the shape list (bench/shapes.txt; its header gives the format)
  --list           print the settings that would be timed and stop
  --help           this text`;

const flags = { '--browser': null, '--warm': null, '--build': 'B', '--only': 'C2,T1', '--min-ms': 'MS', '--shapes': 'FILE', '--list': null };

await runCli({ name: 'bench', usage, flags }, async (args) => {
  const shapesFile = resolve(args['--shapes'] ?? new URL('./shapes.txt', import.meta.url).pathname);
  const shapesText = await readShapeList(shapesFile);
  const options = {
    only: args['--only']?.split(',') ?? null,
    minMs: numberArg('--min-ms', args['--min-ms'], 600),
    warm: args['--warm'] === true,
    build: args['--build'] ?? 'auto',
    shapesFile, // the browser mode serves the file itself
    shapesText,
  };
  // Checked here, before the libraries load (and before scripts/bench.sh builds them).
  if (relaxedOption(options.build) === undefined) {
    throw new UsageError(`--build must be auto, relaxed or simd, got ${options.build}`);
  }
  if (options.build === 'relaxed' && !args['--browser'] && !relaxedSimdSupported()) {
    throw new UsageError('--build relaxed: this Node has no relaxed SIMD; run it with --experimental-wasm-relaxed-simd (npm run bench does)');
  }
  const settings = parseShapes(shapesText, options.only);
  if (args['--list']) {
    for (const s of settings) console.log(`${s.id}  ${settingLabel(s)}`);
    return;
  }
  if (args['--browser']) {
    const { runInBrowser } = await import('./browser.mjs');
    await runInBrowser(options);
  } else {
    const { runInNode } = await import('./node.mjs');
    await runInNode(options);
  }
});
