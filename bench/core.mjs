// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark itself, shared by the Node driver (bench/run.mjs) and the browser page
// (bench/page.mjs) so that the two modes cannot drift: for each setting of the shape list,
// the same inputs, one runner per library, the reference check, the median timing and the
// printed rows and table. The drivers only load the libraries and measure the peak.
import { jsConv } from './js-loop.mjs';
import { medians, random, relError, TOLERANCE } from './measure.mjs';
import { PROBE_ITERATIONS } from './peak.mjs';
import { ortRunner, tfjsRunner, wasmconvRunner } from './runners.mjs';
import { parseShapes, settingLabel, wasmconvCall } from './shapes.mjs';
import { formatTable } from './table.mjs';

export const COLUMNS = ['id', 'setting', 'wasmconv ms', 'wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop', 'vs best peer',
  'vs peak'];
export const PEERS = ['XNNPACK', 'ORT Web'];

/**
 * Runs every setting of `shapesText` (or those whose id is in `only`) and prints through
 * `log` a header naming `environment`, one row per setting as it finishes, then the table.
 * A library's cell is { ms, gf } when its result passed the reference check, otherwise
 * 'unsupported' or 'wrong (error)'. GFLOP/s = 2 x the dense formula's MACs / time.
 * `peak` is the header's mul+add peak, `fmaPeak` (where the engine has relaxed SIMD) the
 * fused multiply-add peak beside it; `probe` (peak.mjs loadPeakProbe), when given, is
 * timed in each setting's rounds beside the libraries, and "vs peak" is wasmconv's GFLOP/s
 * over the probe's median there: both slowed alike when the machine is busy, which a
 * single figure from the start of the run cannot be (on this project's shared machine whole
 * minutes ran 1.5x slower). With `warm`, each timed call follows an untimed call of the same
 * library (measure.mjs medians), so layers meet their data in cache as in a loop of one layer;
 * by default each meets it as the other libraries of the round left it.
 * @returns {Promise<{ peak: number, columns: string[], rows: string[][], results: object[] }>}
 */
export async function runBenchmark({ simd, scalar, tf, ort, shapesText, only = null, minMs = 600, warm = false, peak,
  fmaPeak = null, probe = null, environment, log }) {
  log(`wasmconv benchmark, ${new Date().toISOString().slice(0, 10)}, ${environment}, single thread, median of runs, ` +
    (warm ? 'caches warm (each timed call follows an untimed one of the same library)'
      : 'caches as the round left them (one call per library in turn)'));
  log(`wasmconv builds: ${simd.arch} and ${scalar.arch}`);
  log(`f32x4 mul+add peak measured the same way: ${peak.toFixed(1)} GFLOP/s` +
    (probe ? ' (best of 17 at the start; "vs peak" divides by the probe timed in each setting\'s rounds)' : ''));
  if (fmaPeak) {
    log(`f32x4 fused multiply-add peak (relaxed SIMD, the relaxed build's ceiling): ${fmaPeak.toFixed(1)} GFLOP/s, ` +
      `${(fmaPeak / peak).toFixed(2)}x the mul+add peak (best of 17 at the start)`);
  }
  log('');
  const rows = [];
  const results = [];
  for (const s of parseShapes(shapesText, only)) {
    const call = wasmconvCall(s);
    const x = random(s.c * s.h * s.w, 1);
    const w = random(call.wShape.reduce((a, b) => a * b, 1), 2);
    const fast = wasmconvRunner(simd, s, x, w);
    const ref = fast.reference();
    const [, , oh, ow] = ref.shape;
    const macs = simd.macs(call.name, call.xShape, call.wShape, call.options);
    const gflops = (ms) => (2 * macs) / ms / 1e6;
    const result = {};
    const runners = {
      wasmconv: fast,
      scalar: wasmconvRunner(scalar, s, x, w),
      XNNPACK: await tfjsRunner(tf, s, x, w, oh, ow),
      'ORT Web': await ortRunner(ort, s, x, w, oh, ow),
    };
    // Every result is checked first; the ones that pass are then timed round-robin.
    const timed = [];
    for (const [name, runner] of Object.entries(runners)) {
      if (!runner) {
        result[name] = 'unsupported';
        continue;
      }
      const err = relError(await runner.result(), ref.data);
      if (!(err <= TOLERANCE)) result[name] = `wrong (${err.toExponential(1)})`;
      else timed.push([name, runner]);
    }
    let peakHere = null;
    if (timed.length) {
      const fns = timed.map(([, runner]) => runner.run);
      if (probe) fns.push(() => probe.call(PROBE_ITERATIONS));
      const ms = await medians(fns, minMs, { warm });
      timed.forEach(([name], i) => {
        result[name] = { ms: ms[i], gf: gflops(ms[i]) };
      });
      if (probe) peakHere = (PROBE_ITERATIONS * probe.flopsPerIteration) / ms[timed.length] / 1e6;
    }
    for (const runner of Object.values(runners)) if (runner) await runner.dispose();
    const t0 = performance.now();
    const jsOut = jsConv(s, x, w, oh, ow);
    const jsMs = performance.now() - t0;
    result['JS loop'] = relError(jsOut, ref.data) <= TOLERANCE ? { ms: jsMs, gf: gflops(jsMs) } : 'wrong';
    const peers = PEERS.map((p) => result[p]).filter((r) => typeof r === 'object');
    const best = Math.max(...peers.map((r) => r.gf));
    const fmt = (r) => (typeof r === 'object' ? r.gf.toFixed(1) : r);
    const ours = result.wasmconv;
    const ratio = peers.length && typeof ours === 'object' ? `${(ours.gf / best).toFixed(2)}x` : 'n/a';
    const ofPeak = peakHere && typeof ours === 'object' ? `${Math.round((100 * ours.gf) / peakHere)}%` : 'n/a';
    rows.push([s.id, settingLabel(s), typeof ours === 'object' ? ours.ms.toFixed(2) : ours, fmt(ours), fmt(result.scalar),
      fmt(result.XNNPACK), fmt(result['ORT Web']), fmt(result['JS loop']), ratio, ofPeak]);
    results.push({ id: s.id, libraries: result, peak: peakHere });
    log(rows.at(-1).join(' | '));
  }
  log('\nGFLOP/s per library (higher is better):\n');
  log(formatTable(COLUMNS, rows));
  return { peak, columns: COLUMNS, rows, results };
}
