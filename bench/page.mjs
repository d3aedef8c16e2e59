// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark in a browser page (bench/page.html; `npm run bench -- --browser` opens it):
// the same core as in Node, with the libraries' browser builds, the peak probe and the
// shape list all from this page's origin. The query string carries the options (shapes,
// or suites, or random and seed; probe, only, minMs, runs, warm, threads, and environment: the
// browser's name for the header; networks=1 for --networks, epilogue=1 for --epilogue); `window.benchmark` resolves to the results, and every
// printed line also goes to the console, which the Node side relays. A threaded run
// (threads > 1) needs the page cross-origin isolated (bench/browser.mjs serves it so), and
// its header says whether it was.
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';

import { load, relaxedSimdSupported } from '../bindings/js/index.js';
import { runBenchmark } from './core.mjs';
import { runEpilogueBenchmark } from './epilogue.mjs';
import { pickNetworks, runNetworks } from './networks.mjs';
import { loadFmaProbe, loadPeakProbe, measurePeak } from './peak.mjs';
import { relaxedOption, setUpPeers } from './runners.mjs';
import { suiteUrl } from './suites.mjs';

const params = new URLSearchParams(location.search);

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

const out = document.getElementById('log');
const log = (text) => {
  console.log(text);
  out.append(`${text}\n`);
};

// --networks (bench/networks.mjs): wasmconv and the peers on `threads`, no peak probe.
async function runNetworksHere(relaxed, threads) {
  const wc = await load({ simd: true, relaxed, threads });
  const peers = await setUpPeers({ tf, tfWasm, ort }, new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).href,
    threads);
  log(`wasmconv build: ${wc.arch}, ${wc.threads} thread${wc.threads > 1 ? 's' : ''}`);
  for (const [name, p] of Object.entries(peers ?? {})) log(`${name}: ${p.threads} thread${p.threads === 1 ? '' : 's'} (${p.why})`);
  return runNetworks({
    wc, tf, ort, networks: pickNetworks(params.get('only')?.split(',') ?? null), minMs: Number(params.get('minMs') ?? 600),
    warm: params.get('warm') === '1', threads, environment: params.get('environment') ?? navigator.userAgent, log,
  });
}

async function run() {
  const relaxed = relaxedOption(params.get('build') ?? 'auto');
  const threads = Number(params.get('threads') ?? 1);
  if (params.get('networks') === '1') return runNetworksHere(relaxed, threads);
  // What is timed: the suites named (their files fetched from bench/suites/), the random
  // draw (drawn again here from its count and seed), or the shape list at `shapes`.
  const suiteList = params.get('suites')?.split(',') ?? null;
  const suites = suiteList && await Promise.all(suiteList.map(async (name) => ({ name, shapesText: await fetchText(suiteUrl(name)) })));
  const random = params.has('random') ? { count: Number(params.get('random')), seed: Number(params.get('seed')) } : null;
  const shapesText = suites || random ? null : await fetchText(new URL(params.get('shapes'), location.href));
  const only = params.get('only')?.split(',') ?? null;
  const minMs = Number(params.get('minMs') ?? 600);
  const runs = Number(params.get('runs') ?? 1);
  const warm = params.get('warm') === '1';
  const environment = params.get('environment') ?? navigator.userAgent;
  // --epilogue (bench/epilogue.mjs): wasmconv alone, no peers and no probe.
  if (params.get('epilogue') === '1') {
    const wc = await load({ simd: true, relaxed, threads });
    return runEpilogueBenchmark({ wc, shapesText, suites, random, only, minMs, warm, runs, layout: params.get('layout') ?? 'nchw',
      environment, log });
  }
  const simd = await load({ simd: true, relaxed, threads });
  const single = threads > 1 ? await load({ simd: true, relaxed, threads: 1 }) : null;
  const scalar = threads > 1 ? null : await load({ simd: false });
  const peers = await setUpPeers({ tf, tfWasm, ort }, new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).href,
    threads);
  const probe = await loadPeakProbe(new URL(params.get('probe'), location.href));
  const peak = measurePeak(probe);
  const fmaProbe = await loadFmaProbe(new URL(params.get('probe'), location.href), relaxedSimdSupported());
  const fmaPeak = fmaProbe ? measurePeak(fmaProbe) : null;
  return runBenchmark({
    simd, scalar, tf, ort, shapesText, suites, random, only, minMs, runs, warm, peak, fmaPeak, probe,
    layout: params.get('layout') ?? 'nchw',
    environment,
    threaded: threads > 1 ? { requested: threads, single, peers } : null,
    notes: threads > 1 ? [`page: crossOriginIsolated ${self.crossOriginIsolated}, SharedArrayBuffer ` +
      `${typeof SharedArrayBuffer === 'function' ? 'available' : 'missing'}`] : [],
    // The browser's CPU time, read by the Node side where it can (bench/browser.mjs).
    cpuTime: typeof window.benchCpuTime === 'function' ? () => window.benchCpuTime() : null,
    log,
  });
}

window.benchmark = run();
