// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The layer loop itself, shared by its Node driver (bench/layer-loop.mjs) and its browser
// page (bench/layer-loop-page.mjs): per setting, one wasmconv layer called back to back,
// into a reused array (copied out of wasm memory, as `npm run bench` times it) and into a
// wasm tensor (no copy), the two alternating call by call, optionally with `flushMb`
// megabytes written before every call (every cache cold) and with the mul+add peak probe
// timed once per round. Needs a clock finer than a call (Node's; a cross-origin isolated
// page's): every sample is one call.
import { medianOf, random } from './measure.mjs';
import { PROBE_ITERATIONS } from './peak.mjs';
import { settingLabel, wasmconvCall } from './shapes.mjs';

const quantile = (t, q) => [...t].sort((a, b) => a - b)[Math.round(q * (t.length - 1))];
const spread = (gf) => `${quantile(gf, 0.1).toFixed(1)} ${medianOf(gf).toFixed(1)} ${quantile(gf, 0.9).toFixed(1)}`;

/** Pearson's r of two equally long series (0 when either is constant). */
export function correlation(a, b) {
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

/**
 * Times `settings` (parsed shape lines) with the module `wc` and prints through `log` one
 * line per setting (median ms and GFLOP/s per variant) and, with `probe` (peak.mjs
 * loadPeakProbe), the rounds' spread and their correlation with the probe's.
 */
export function runLayerLoop({ wc, probe = null, settings, rounds, flushMb = 0, log }) {
  if (probe) for (let i = 0; i < 5; i++) probe.call(PROBE_ITERATIONS); // tiered up before it is timed, as the layers are
  const flush = new Float32Array(Math.round((flushMb * 2 ** 20) / 4));
  log(`layer loop, ${rounds} calls per variant, ${flushMb ? `${flushMb} MB written between calls` : 'caches warm'}` +
    (probe ? ', the mul+add probe timed in every round' : ''));
  for (const s of settings) {
    const { name, layer: create, xShape, wShape, options } = wasmconvCall(s);
    const weights = { data: random(wShape.reduce((a, b) => a * b, 1), 2), shape: wShape };
    const layer = wc[create](weights, options);
    const input = wc.createTensor(random(s.c * s.h * s.w, 1), xShape);
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
      const ms = medianOf(times[v]);
      return `${label} ${ms.toFixed(3)} ms ${((gflop / ms) * 1e3).toFixed(1)} GFLOP/s`;
    });
    log(`${s.id} ${settingLabel(s)}: ${cells.join(', ')}`);
    if (probe) {
      const gf = times.map((t) => t.map((ms) => (gflop / ms) * 1e3));
      log(`  rounds' GFLOP/s (10th percentile, median, 90th): ${labels.map((l, v) => `${l} ${spread(gf[v])}`).join(', ')}, ` +
        `mul+add probe ${spread(probeGf)}`);
      log(`  correlation of the rounds with the probe's: ${labels.map((l, v) => `${l} ${correlation(gf[v], probeGf).toFixed(2)}`).join(', ')}`);
    }
    layer.dispose();
    input.dispose();
    tensor.dispose();
  }
}
