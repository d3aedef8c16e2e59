// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark itself, shared by the Node driver (bench/run.mjs) and the browser page
// (bench/page.mjs) so that the two modes cannot drift: for each setting of the shape list
// (or of the layer suites, or of the random draw: bench/suites.mjs), the same inputs, one
// runner per library, the reference check, the median timing and the printed rows and
// table, then a suite run's per-network totals or a random run's summary. The drivers only
// load the libraries and measure the peak.
import { jsConv } from './js-loop.mjs';
import { medians, random, relError, TOLERANCE } from './measure.mjs';
import { PROBE_ITERATIONS } from './peak.mjs';
import { randomSummary } from './random.mjs';
import { ortRunner, tfjsRunner, wasmconvReference, wasmconvRunner } from './runners.mjs';
import { formatShape, settingLabel, wasmconvCall } from './shapes.mjs';
import { layerGroups, networkLine, networkTotal } from './suites.mjs';
import { formatTable } from './table.mjs';

export const COLUMNS = ['id', 'setting', 'wasmconv ms', 'wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop', 'vs best peer',
  'vs peak'];
/** A suite run's columns: the count of each layer in its network beside its setting. */
export const SUITE_COLUMNS = [...COLUMNS.slice(0, 2), 'count', ...COLUMNS.slice(2)];
export const PEERS = ['XNNPACK', 'ORT Web'];

// A runner of a library, or { failed: message } when building it threw (a peer refusing a
// shape it cannot take, say): the run goes on and the cell says failed.
async function tryRunner(make) {
  try {
    return await make();
  } catch (e) {
    return { failed: e?.message ?? String(e) };
  }
}

/**
 * Runs every setting of the run (bench/suites.mjs layerGroups: the shape list `shapesText`,
 * or the layer suites `suites`, [{ name, shapesText }], or the random draw `random`,
 * { count, seed }; those whose id is in `only`) and prints through `log` a header naming
 * `environment`, one row per setting as it finishes, then the table; after a suite run's
 * table, one line per network (networkLine), after a random run's, the share of shapes at
 * >= 1.0x the best peer and the worst three.
 * A library's cell is { ms, gf } when its result passed the reference check, otherwise
 * 'unsupported' (the runner cannot express the setting), 'failed' (the library threw; the
 * message is printed before the row) or 'wrong (error)'. GFLOP/s = 2 x the dense formula's
 * MACs / time.
 * `peak` is the header's mul+add peak, `fmaPeak` (where the engine has relaxed SIMD) the
 * fused multiply-add peak beside it; `probe` (peak.mjs loadPeakProbe), when given, is
 * timed in each setting's rounds beside the libraries, and "vs peak" is wasmconv's GFLOP/s
 * over the probe's median there: both slowed alike when the machine is busy, which a
 * single figure from the start of the run cannot be (on this project's shared machine whole
 * minutes ran 1.5x slower). With `warm`, each timed call follows an untimed call of the same
 * library (measure.mjs medians), so layers meet their data in cache as in a loop of one layer;
 * by default each meets it as the other libraries of the round left it.
 * @returns {Promise<{ peak: number, columns: string[], rows: string[][], results: object[],
 *   networks: object[], random: object | null }>}
 */
export async function runBenchmark({ simd, scalar, tf, ort, shapesText = null, suites = null, random: draw = null, only = null,
  minMs = 600, warm = false, peak, fmaPeak = null, probe = null, environment, log }) {
  const groups = layerGroups({ shapesText, suites, random: draw, only });
  const columns = suites ? SUITE_COLUMNS : COLUMNS;
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
  if (suites) log(`layer suites: ${groups.map((g) => g.network).join(', ')} (each network's totals follow the table)`);
  if (draw) log(`random shapes: ${draw.count} drawn with seed ${draw.seed} (--random ${draw.count} --seed ${draw.seed} draws them again)`);
  log('');
  const rows = [];
  const results = [];
  for (const s of groups.flatMap((g) => g.settings)) {
    const call = wasmconvCall(s);
    const x = random(s.c * s.h * s.w, 1);
    const w = random(call.wShape.reduce((a, b) => a * b, 1), 2);
    const ref = wasmconvReference(simd, s, x, w);
    const [, , oh, ow] = ref.shape;
    const macs = simd.macs(call.name, call.xShape, call.wShape, call.options);
    const gflops = (ms) => (2 * macs) / ms / 1e6;
    const result = {};
    const runners = {
      wasmconv: await tryRunner(() => wasmconvRunner(simd, s, x, w)),
      scalar: await tryRunner(() => wasmconvRunner(scalar, s, x, w)),
      XNNPACK: await tryRunner(() => tfjsRunner(tf, s, x, w, oh, ow)),
      'ORT Web': await tryRunner(() => ortRunner(ort, s, x, w, oh, ow)),
    };
    // Every result is checked first; the ones that pass are then timed round-robin.
    const timed = [];
    for (const [name, runner] of Object.entries(runners)) {
      if (!runner) {
        result[name] = 'unsupported';
        continue;
      }
      let failed = runner.failed;
      let err;
      if (failed === undefined) {
        try {
          err = relError(await runner.result(), ref.data);
        } catch (e) {
          failed = e?.message ?? String(e);
        }
      }
      if (failed !== undefined) {
        result[name] = 'failed';
        log(`${s.id} ${name} failed: ${failed.split('\n')[0]}`);
      } else if (!(err <= TOLERANCE)) result[name] = `wrong (${err.toExponential(1)})`;
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
    for (const runner of Object.values(runners)) if (runner && !runner.failed) await runner.dispose();
    const t0 = performance.now();
    const jsOut = jsConv(s, x, w, oh, ow);
    const jsMs = performance.now() - t0;
    result['JS loop'] = relError(jsOut, ref.data) <= TOLERANCE ? { ms: jsMs, gf: gflops(jsMs) } : 'wrong';
    const peers = PEERS.map((p) => result[p]).filter((r) => typeof r === 'object');
    const best = Math.max(...peers.map((r) => r.gf));
    const fmt = (r) => (typeof r === 'object' ? r.gf.toFixed(1) : r);
    const ours = result.wasmconv;
    const cells = {
      id: s.id,
      setting: settingLabel(s),
      count: String(s.count),
      'wasmconv ms': typeof ours === 'object' ? ours.ms.toFixed(2) : ours,
      ...Object.fromEntries(['wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop'].map((name) => [name, fmt(result[name])])),
      'vs best peer': peers.length && typeof ours === 'object' ? `${(ours.gf / best).toFixed(2)}x` : 'n/a',
      'vs peak': peakHere && typeof ours === 'object' ? `${Math.round((100 * ours.gf) / peakHere)}%` : 'n/a',
    };
    rows.push(columns.map((c) => cells[c]));
    results.push({ id: s.id, libraries: result, peak: peakHere });
    log(rows.at(-1).join(' | '));
  }
  log('\nGFLOP/s per library (higher is better):\n');
  log(formatTable(columns, rows));
  const networks = [];
  if (suites) {
    log('\nPer network, the sum over its layers of count x median ms (lower is better):\n');
    for (const g of groups) {
      const total = networkTotal(g.settings, results, PEERS);
      networks.push({ network: g.network, ...total });
      log(networkLine(g.network, total, g.distinct));
    }
  }
  let summary = null;
  if (draw) {
    const settings = groups.flatMap((g) => g.settings);
    summary = randomSummary(settings, results, PEERS);
    log('');
    log(randomLines(summary, draw, settings.length).join('\n'));
  }
  return { peak, columns, rows, results, networks, random: summary };
}

// The lines of a random run's summary (randomSummary's result); `timed` is how many of the
// drawn shapes were timed (fewer with --only). A ratio counts as >= 1.0x unrounded.
function randomLines(summary, draw, timed) {
  const { compared, atLeastOne, fraction, without, worst } = summary;
  const share = fraction === null ? '' : ` (${(100 * fraction).toFixed(1)}%)`;
  const part = timed < draw.count ? ` (${timed} of the ${draw.count} drawn timed, --only)` : '';
  const lines = [`random shapes, seed ${draw.seed}: ${atLeastOne} of ${compared} shapes with a peer's time ` +
    `at >= 1.0x the best peer${share}${part}`];
  if (without.length) lines.push(`no ratio for ${without.length}: ${without.map((x) => `${x.id} (${x.why})`).join(', ')}`);
  if (worst.length) {
    lines.push(`worst ${['one', 'two', 'three'][worst.length - 1]} (as shape lines, for bench/layer-loop.mjs --shape):`);
    for (const { setting, ratio, peer } of worst) {
      lines.push(`  ${setting.id} ${settingLabel(setting)}: ${ratio.toFixed(2)}x ${peer}   "${formatShape(setting)}"`);
    }
  }
  return lines;
}
