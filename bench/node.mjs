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
import { loadFmaProbe, loadPeakProbe, measurePeak } from './peak.mjs';
import { relaxedOption, setUpPeers } from './runners.mjs';

/**
 * `shapesText`: the shape list, as bench/run.mjs read and checked it; or `suites`
 * ([{ name, shapesText }], the suites' files as it read them) or `random` ({ count, seed }).
 */
export async function runInNode({ only, minMs, warm, build = 'auto', shapesText = null, suites = null, random = null }) {
  // One thread, as the peers run here (--threads N is the threaded comparison's, still to come).
  const simd = await load({ simd: true, relaxed: relaxedOption(build), threads: 1 });
  const scalar = await load({ simd: false });
  await setUpPeers({ tf, tfWasm, ort }, fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  const probe = await loadPeakProbe();
  const peak = measurePeak(probe);
  const fmaProbe = await loadFmaProbe(undefined, relaxedSimdSupported());
  const fmaPeak = fmaProbe ? measurePeak(fmaProbe) : null;
  return runBenchmark({
    simd, scalar, tf, ort, shapesText, suites, random, only, minMs, warm, peak, fmaPeak, probe,
    environment: `Node ${process.version}`, log: console.log,
  });
}
