// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The layer loop in a browser page (bench/layer-loop.html; `node bench/layer-loop.mjs
// --browser` opens it). The query string carries the options: settings (the parsed shape
// lines, JSON), rounds, flush (MB), probe (the folder URL of the peak probe, when it is to
// be timed too) and environment (the browser's name). Every printed line also goes to the
// console, which the Node side relays; `window.benchmark` resolves when all are done.
import { load } from '../bindings/js/index.js';
import { runLayerLoop } from './layer-loop-core.mjs';
import { loadPeakProbe } from './peak.mjs';

const params = new URLSearchParams(location.search);

async function run() {
  // Outside cross-origin isolation the clock ticks in 0.1 ms steps: too coarse for one call.
  if (!crossOriginIsolated) throw new Error('the layer loop page must be served cross-origin isolated (COOP and COEP headers)');
  const wc = await load({ simd: true, threads: 1 });
  const probe = params.has('probe') ? await loadPeakProbe(new URL(params.get('probe'), location.href)) : null;
  const out = document.getElementById('log');
  const log = (text) => {
    console.log(text);
    out.append(`${text}\n`);
  };
  log(`in ${params.get('environment') ?? navigator.userAgent}`);
  runLayerLoop({
    wc, probe, settings: JSON.parse(params.get('settings')), rounds: Number(params.get('rounds')),
    flushMb: Number(params.get('flush') ?? 0), log,
  });
}

window.benchmark = run();
