// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark in this Node process: the libraries' Node builds (wasmconv's node entry,
// which passes the .wasm bytes; tfjs-backend-wasm with its .wasm files read from its
// package folder; onnxruntime-web's node build) and the peak probe from the build tree.
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';

import { load, relaxedSimdSupported } from '../bindings/js/node.js';
import { runBenchmark } from './core.mjs';
import { runEpilogueBenchmark } from './epilogue.mjs';
import { runNetworks } from './networks.mjs';
import { loadFmaProbe, loadPeakProbe, measurePeak } from './peak.mjs';
import { relaxedOption, setUpPeers } from './runners.mjs';

/**
 * `shapesText`: the shape list, as bench/run.mjs read and checked it; or `suites`
 * ([{ name, shapesText }], the suites' files as it read them) or `random` ({ count, seed }).
 * `threads` > 1 makes it a threaded run (core.mjs runBenchmark's `threaded`): wasmconv on
 * `threads` threads and on one, the peers asked for `threads`. `layout` 'nhwc' also times
 * wasmconv on channels-last data (core.mjs runBenchmark's `layout`). `epilogue` runs the
 * epilogue benchmark instead (bench/epilogue.mjs), wasmconv alone on `threads`, on `layout` data.
 */
export async function runInNode({ only, minMs, runs = 1, warm, build = 'auto', shapesText = null, suites = null, random = null, threads = 1,
  layout = 'nchw', epilogue = false }) {
  const relaxed = relaxedOption(build);
  // --epilogue: wasmconv alone (bench/epilogue.mjs), no peers and no probe.
  if (epilogue) {
    const wc = await load({ simd: true, relaxed, threads });
    return runEpilogueBenchmark({ wc, shapesText, suites, random, only, minMs, warm, runs, layout,
      environment: `Node ${process.version}`, log: console.log });
  }
  // wasmconv on `threads` (one by default, as the peers then run), and in a threaded run on
  // one thread beside it; the scalar build only in the single-threaded run.
  const simd = await load({ simd: true, relaxed, threads });
  const single = threads > 1 ? await load({ simd: true, relaxed, threads: 1 }) : null;
  const scalar = threads > 1 ? null : await load({ simd: false });
  const tfjsWasmPath = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
  const peers = await setUpPeers({ tf, tfWasm, ort }, tfjsWasmPath, threads);
  const probe = await loadPeakProbe();
  const peak = measurePeak(probe);
  const fmaProbe = await loadFmaProbe(undefined, relaxedSimdSupported());
  const fmaPeak = fmaProbe ? measurePeak(fmaProbe) : null;
  return runBenchmark({
    simd, scalar, tf, ort, shapesText, suites, random, only, minMs, runs, warm, peak, fmaPeak, probe, layout,
    environment: `Node ${process.version}`, log: console.log,
    threaded: threads > 1 ? { requested: threads, single, peers } : null,
    // Every thread's CPU time, in ms: how many threads each library keeps busy (core.mjs busyCheck).
    cpuTime: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
  });
}

/**
 * --networks (bench/networks.mjs): `networks` end to end in wasmconv (its `build`, on
 * `threads`) and in both peers set up for `threads`, whose thread counts are printed first.
 */
export async function runNetworksInNode({ networks, minMs, warm, build = 'auto', threads = 1 }) {
  const wc = await load({ simd: true, relaxed: relaxedOption(build), threads });
  const tfjsWasmPath = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
  const peers = await setUpPeers({ tf, tfWasm, ort }, tfjsWasmPath, threads);
  const log = console.log;
  log(`wasmconv build: ${wc.arch}, ${wc.threads} thread${wc.threads > 1 ? 's' : ''}`);
  for (const [name, p] of Object.entries(peers ?? {})) {
    log(`${name}: ${p.threads} thread${p.threads === 1 ? '' : 's'} (${p.why})${p.error ? `; its error: ${p.error}` : ''}`);
  }
  return runNetworks({ wc, tf, ort, networks, minMs, warm, threads, environment: `Node ${process.version}`, log });
}
