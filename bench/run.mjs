// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench`: wasmconv (SIMD and scalar builds) against the WebAssembly convolutions
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
//   node bench/run.mjs [--browser] [--warm] [--only C2,T1] [--min-ms 600] [--shapes bench/shapes.txt]
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const options = {
  only: value('--only')?.split(',') ?? null,
  minMs: value('--min-ms') !== undefined ? Number(value('--min-ms')) : 600,
  warm: args.includes('--warm'),
  shapesFile: resolve(value('--shapes') ?? new URL('./shapes.txt', import.meta.url).pathname),
};
if (!(options.minMs >= 0)) throw new Error(`--min-ms must be a number of milliseconds, got ${value('--min-ms')}`);

if (args.includes('--browser')) {
  const { runInBrowser } = await import('./browser.mjs');
  await runInBrowser(options);
} else {
  const { runInNode } = await import('./node.mjs');
  await runInNode(options);
}
