// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Where threads start to pay: times layers of growing size on one thread and on N threads of
// the threaded build whose pool splits every call (its minimum work set to 0, which load()
// never does), round-robin in one process, and prints the medians and the speed-up per
// size. The pool's default minimum (ThreadPool::kDefaultMinThreadedMacs) comes from this
// table: the size above which every kind gains from the split.
//
//   node bench/threads-threshold.mjs [--threads N] [--min-ms 300]
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { createApi } from '../bindings/js/api.js';
import { runGlue } from '../bindings/js/load.js';
import { load } from '../bindings/js/node.js';
import { startThreads } from '../bindings/js/threads.js';
import { medians, random } from './measure.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const threads = option('--threads', 2);
const minMs = option('--min-ms', 300);

// The same build load() picks (relaxed where this Node validates it), single-threaded and threaded.
const one = await load({ threads: 1 });
const build = one.relaxed ? 'relaxed-mt' : 'simd-mt';
const factory = createRequire(import.meta.url)(`../dist/node/wasmconv-${build}.cjs`);
const bytes = await readFile(new URL(`../dist/wasmconv-${build}.wasm`, import.meta.url));
const module = await runGlue(build, factory, () => WebAssembly.compile(bytes), { wasmconvWorkers: threads - 1 });
startThreads(module, threads, 0);
for (const worker of [...module.PThread.runningWorkers, ...module.PThread.unusedWorkers]) worker.unref();
const many = createApi(module, { simd: true, relaxed: one.relaxed });

const kinds = [
  ['3x3 conv, 16 -> 16', (s) => ['conv2d', [1, 16, s, s], [16, 16, 3, 3], { padding: 1 }]],
  ['depthwise 3x3, 32 channels', (s) => ['conv2d', [1, 32, s, s], [32, 1, 3, 3], { padding: 1, groups: 32 }]],
  ['4x4 s2 transposed, 16 -> 8', (s) => ['convTranspose2d', [1, 16, s, s], [16, 8, 4, 4], { stride: 2, padding: 1 }]],
  ['1x1 conv, 32 -> 32', (s) => ['conv2d', [1, 32, s, s], [32, 32, 1, 1], {}]],
];
console.log(`${threads} threads vs 1 (${many.arch}, every call split); medians of round-robin samples, ${minMs} ms per case`);
console.log('kind                          size       MACs  1 thread ms  N threads ms  speed-up');
for (const [name, make] of kinds) {
  for (const s of [8, 12, 16, 24, 32, 48, 64, 96, 128]) {
    const [op, xs, ws, options] = make(s);
    const x = { data: random(xs.reduce((a, b) => a * b), 1), shape: xs };
    const w = { data: random(ws.reduce((a, b) => a * b), 2), shape: ws };
    const macs = one.macs(op, xs, ws, options);
    const [t1, tn] = await medians([() => one[op](x, w, options), () => many[op](x, w, options)], minMs);
    console.log(`${name.padEnd(28)} ${String(s).padStart(5)} ${String(macs).padStart(10)}  ${t1.toFixed(4).padStart(11)}  ${tn.toFixed(4).padStart(12)}  ${(t1 / tn).toFixed(2).padStart(7)}x`);
  }
}
