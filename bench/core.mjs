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
import { medianOf, medians, random, relError, TOLERANCE } from './measure.mjs';
import { PROBE_ITERATIONS } from './peak.mjs';
import { randomSummary } from './random.mjs';
import { ortRunner, tfjsRunner, wasmconvReference, wasmconvRunner } from './runners.mjs';
import { formatShape, parseShapes, settingLabel, wasmconvCall } from './shapes.mjs';
import { layerGroups, networkLine, networkTotal } from './suites.mjs';
import { formatTable } from './table.mjs';

export const COLUMNS = ['id', 'setting', 'wasmconv ms', 'wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop', 'vs best peer',
  'vs peak'];
/** A suite run's columns: the count of each layer in its network beside its setting. */
export const SUITE_COLUMNS = [...COLUMNS.slice(0, 2), 'count', ...COLUMNS.slice(2)];
export const PEERS = ['XNNPACK', 'ORT Web'];
/** wasmconv on one thread in a threaded run (--threads N > 1), beside its N-thread instance. */
export const ONE_THREAD = 'wasmconv 1 thread';
/**
 * In a threaded run, wasmconv on N threads and on 1 again, each layer run into a createTensor
 * output (read in place, as a network passes tensors between layers) instead of a JavaScript
 * array: their ratio is the kernel's scaling, without the copy out that the calling thread
 * makes alone whatever the thread count (a 3 MB output: 0.3 ms).
 */
export const INTO_TENSOR = 'wasmconv into a tensor';
export const ONE_THREAD_INTO_TENSOR = 'wasmconv 1 thread into a tensor';
/** wasmconv with channels-last input and output (--layout nhwc), timed in the rounds of its NCHW run. */
export const NHWC = 'wasmconv NHWC';

/**
 * The columns of a --layout nhwc run: wasmconv's GFLOP/s with NCHW and with NHWC data, the
 * NHWC time over the NCHW time (wasmconv's own cost of channels-last data), the peers, the
 * NCHW run against the best peer, the NHWC run against XNNPACK (NHWC natively) and the share
 * of the peak. The scalar build and the JS loop are left to the default run.
 */
export function layoutColumns({ suite = false } = {}) {
  return ['id', 'setting', ...(suite ? ['count'] : []), 'wasmconv ms', 'wasmconv', NHWC, 'NHWC/NCHW time', 'XNNPACK', 'ORT Web',
    'vs best peer', 'NHWC vs XNNPACK', 'vs peak'];
}
// A threaded run's turn of one library in a round: back-to-back calls for at least this long.
const THREADED_BLOCK_MS = 25;

/**
 * The columns of a threaded run (--threads N, N > 1): each library's GFLOP/s under a label
 * saying how many threads it ran with (`threads`: library name -> that count, 0 for a peer
 * that could not run at all, whose label then has none), wasmconv's 1-thread GFLOP/s and its
 * scaling (its N-thread speed-up over 1 thread), the ratio against the best peer and the share
 * of N times the one-core peak. A suite run has the count beside the setting. The scalar
 * build and the JS loop, single-threaded by nature, are left to the default run.
 */
export function threadedColumns(threads, { suite = false } = {}) {
  const label = (name) => (threads[name] > 0 ? `${name} ${threads[name]}T` : name);
  return ['id', 'setting', ...(suite ? ['count'] : []), 'wasmconv ms', label('wasmconv'), 'wasmconv 1T', 'scaling',
    'kernel scaling', label('XNNPACK'), label('ORT Web'), 'vs best peer', `vs ${threads.wasmconv}x peak`];
}

// The keys of a threaded row's cells, in the order of threadedColumns.
const threadedKeys = (suite) => ['id', 'setting', ...(suite ? ['count'] : []), 'wasmconv ms', 'wasmconv', ONE_THREAD, 'scaling',
  'kernel scaling', 'XNNPACK', 'ORT Web', 'vs best peer', 'vs peak'];

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
 * `threaded` (--threads N, N > 1) makes it a threaded run: { requested: N, single: wasmconv
 * loaded with threads: 1, peers: what setUpPeers (runners.mjs) found each peer runs on }.
 * `simd` is then the N-thread instance; the columns are threadedColumns', without the scalar
 * build and the JS loop; the header says what each library runs on, and after the table (and
 * a suite's network lines, with wasmconv's 1-thread sums) come the geometric mean and the
 * lowest ratio against the best peer and of the scaling (summarizeThreads). `notes` are
 * lines printed under the first (the page's cross-origin isolation). `cpuTime` (the CPU time
 * in ms, or a promise of it: Node's process, or the browser's processes) adds busyCheck's
 * line to a threaded run's header.
 * @returns {Promise<{ peak: number, columns: string[], rows: string[][], results: object[],
 *   networks: object[], random: object | null, threads: object | null, threadSummary: object | null,
 *   busy: object | null }>}
 */
export async function runBenchmark({ simd, scalar, tf, ort, shapesText = null, suites = null, random: draw = null, only = null,
  minMs = 600, warm = false, peak, fmaPeak = null, probe = null, environment, log, threaded = null, notes = [], cpuTime = null,
  layout = 'nchw', runs = 1 }) {
  const groups = layerGroups({ shapesText, suites, random: draw, only });
  const threads = threaded ? threadCounts(simd, threaded) : null;
  const nhwc = layout === 'nhwc' && !threads;
  const columns = threads ? threadedColumns(threads, { suite: Boolean(suites) })
    : nhwc ? layoutColumns({ suite: Boolean(suites) }) : suites ? SUITE_COLUMNS : COLUMNS;
  const keys = threads ? threadedKeys(Boolean(suites)) : columns;
  log(`wasmconv benchmark, ${new Date().toISOString().slice(0, 10)}, ${environment}, ` +
    `${threads ? `${threaded.requested} threads` : 'single thread'}, median of runs, ` +
    (threads ? `each library's turn ${THREADED_BLOCK_MS} ms or more of back-to-back calls, after an untimed one`
      : warm ? 'caches warm (each timed call follows an untimed one of the same library)'
        : 'caches as the round left them (one call per library in turn)'));
  for (const note of notes) log(note);
  if (nhwc) {
    log(`layout: wasmconv runs every setting twice in the same rounds, with NCHW data and with NHWC data (layout: 'nhwc', ` +
      `input and output channels-last); "NHWC/NCHW time" is the second's time over the first's, "NHWC vs XNNPACK" its ` +
      'speed over XNNPACK\'s (NHWC natively); ORT Web runs NCHW');
  }
  let busy = null;
  if (threads) {
    log(`wasmconv build: ${simd.arch}`);
    for (const line of threadLines(simd, threaded)) log(line);
    if (cpuTime) {
      busy = await busyCheck({ simd, tf, ort, threaded, threads, cpuTime });
      log(`  CPU time over wall time while each library runs ${settingLabel(BUSY_SETTING)} for ${BUSY_MS} ms (about how many ` +
        `threads it keeps busy; other work on the machine lowers it): ${Object.entries(busy).map(([name, b]) =>
        `${name} ${typeof b === 'number' ? b.toFixed(2) : b}`).join(', ')}`);
    }
  } else log(`wasmconv builds: ${simd.arch} and ${scalar.arch}`);
  const peakColumn = threads ? `"vs ${threads.wasmconv}x peak" divides by ${threads.wasmconv} x the (one-thread) probe`
    : '"vs peak" divides by the probe';
  log(`f32x4 mul+add peak measured the same way: ${peak.toFixed(1)} GFLOP/s` +
    (probe ? ` (best of 17 at the start; ${peakColumn} timed in each setting's rounds)` : ''));
  if (fmaPeak) {
    log(`f32x4 fused multiply-add peak (relaxed SIMD, the relaxed build's ceiling): ${fmaPeak.toFixed(1)} GFLOP/s, ` +
      `${(fmaPeak / peak).toFixed(2)}x the mul+add peak (best of 17 at the start)`);
  }
  if (suites) log(`layer suites: ${groups.map((g) => g.network).join(', ')} (each network's totals follow the table)`);
  if (draw) log(`random shapes: ${draw.count} drawn with seed ${draw.seed} (--random ${draw.count} --seed ${draw.seed} draws them again)`);
  if (runs > 1) {
    log(`runs: ${runs}, each a pass over every setting in turn (so that a slow minute of the machine falls on different ` +
      'settings in different runs); each run\'s table, then the medians');
  }
  const settings = groups.flatMap((g) => g.settings);
  // One row of the table from a setting's cells ({ ms, gf } or why not, per library) and the
  // probe's GFLOP/s in its rounds.
  const rowOf = (s, result, peakHere) => {
    const peers = PEERS.map((p) => result[p]).filter((r) => typeof r === 'object');
    const best = Math.max(...peers.map((r) => r.gf));
    const fmt = (r) => (typeof r === 'object' ? r.gf.toFixed(1) : r);
    const ours = result.wasmconv;
    // A threaded run's "vs peak" is against the one-core probe times wasmconv's threads.
    const peakShare = peakHere && (threads ? threads.wasmconv * peakHere : peakHere);
    const one = result[ONE_THREAD];
    const cells = {
      id: s.id,
      setting: settingLabel(s),
      count: String(s.count),
      'wasmconv ms': typeof ours === 'object' ? ours.ms.toFixed(2) : ours,
      ...Object.fromEntries(['wasmconv', ONE_THREAD, NHWC, 'scalar', 'XNNPACK', 'ORT Web', 'JS loop'].map((name) => [name, fmt(result[name])])),
      scaling: timeRatioCell(one, ours),
      'kernel scaling': timeRatioCell(result[ONE_THREAD_INTO_TENSOR], result[INTO_TENSOR]),
      'NHWC/NCHW time': timeRatioCell(result[NHWC], ours),
      'NHWC vs XNNPACK': timeRatioCell(result.XNNPACK, result[NHWC]),
      'vs best peer': peers.length && typeof ours === 'object' ? `${(ours.gf / best).toFixed(2)}x` : 'n/a',
      'vs peak': peakShare && typeof ours === 'object' ? `${Math.round((100 * ours.gf) / peakShare)}%` : 'n/a',
    };
    return keys.map((c) => cells[c]);
  };
  // The table and what follows it: a suite run's network lines, a random run's share, a
  // layout or threaded run's summary.
  const report = ({ rows, results, tableColumns = columns, heading }) => {
    log(`\n${heading}\n`);
    log(formatTable(tableColumns, rows));
    const networks = [];
    if (suites) {
      log('\nPer network, the sum over its layers of count x median ms (lower is better):\n');
      for (const g of groups) {
        const total = networkTotal(g.settings, results, PEERS);
        networks.push({ network: g.network, ...total });
        log(networkLine(g.network, total, g.distinct) + (threads ? networkScaling(g.settings, results, total) : ''));
      }
    }
    let summary = null;
    if (draw) {
      summary = randomSummary(settings, results, PEERS);
      log('');
      log(randomLines(summary, draw, settings.length).join('\n'));
    }
    let layoutSummary = null;
    if (nhwc) {
      layoutSummary = summarizeLayout(results);
      log('');
      log(layoutSummaryLines(layoutSummary).join('\n'));
    }
    let threadSummary = null;
    if (threads) {
      threadSummary = summarizeThreads(results);
      log('');
      log(threadSummaryLines(threadSummary, threaded.requested).join('\n'));
    }
    return { peak, columns: tableColumns, rows, results, networks, random: summary, threads, threadSummary, busy, layout: layoutSummary };
  };
  const perRun = [];
  for (let run = 1; run <= runs; run++) {
    log(runs > 1 ? `\nrun ${run} of ${runs}\n` : '');
    const rows = [];
    const results = [];
    for (const s of settings) {
      const call = wasmconvCall(s);
      const x = random(s.c * s.h * s.w, 1);
      const w = random(call.wShape.reduce((a, b) => a * b, 1), 2);
      const ref = wasmconvReference(simd, s, x, w);
      const [, , oh, ow] = ref.shape;
      const macs = simd.macs(call.name, call.xShape, call.wShape, call.options);
      const gflops = (ms) => (2 * macs) / ms / 1e6;
      const result = {};
      // A threaded run times wasmconv on 1 thread beside its N threads, and leaves out a peer
      // that could not start at all (its error is in the header; its cells say 'not run').
      const peerRunner = (name, make) => (threaded?.peers[name]?.threads === 0 ? { notRun: true } : tryRunner(make));
      const runners = {
        wasmconv: await tryRunner(() => wasmconvRunner(simd, s, x, w)),
        ...(threads ? {
          [ONE_THREAD]: await tryRunner(() => wasmconvRunner(threaded.single, s, x, w)),
          [INTO_TENSOR]: await tryRunner(() => wasmconvRunner(simd, s, x, w, { intoTensor: true })),
          [ONE_THREAD_INTO_TENSOR]: await tryRunner(() => wasmconvRunner(threaded.single, s, x, w, { intoTensor: true })),
        } : nhwc ? { [NHWC]: await tryRunner(() => wasmconvRunner(simd, s, x, w, { layout: 'nhwc' })) }
          : { scalar: await tryRunner(() => wasmconvRunner(scalar, s, x, w)) }),
        XNNPACK: await peerRunner('XNNPACK', () => tfjsRunner(tf, s, x, w, oh, ow)),
        'ORT Web': await peerRunner('ORT Web', () => ortRunner(ort, s, x, w, oh, ow)),
      };
      // Every result is checked first; the ones that pass are then timed round-robin.
      const timed = [];
      for (const [name, runner] of Object.entries(runners)) {
        if (!runner) {
          result[name] = 'unsupported';
          continue;
        }
        if (runner.notRun) {
          result[name] = 'not run';
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
        // Threaded: each library's turn in a round is a run of back-to-back calls lasting at
        // least THREADED_BLOCK_MS, after an untimed call, as a network's layers run; each call
        // is a sample. One call per library in turn would time every pool's wake-up from
        // sleep (0.1-0.2 ms for a worker in Node) instead of the layer.
        const ms = await medians(fns, minMs, threads ? { warm: true, blockMs: THREADED_BLOCK_MS } : { warm });
        timed.forEach(([name], i) => {
          result[name] = { ms: ms[i], gf: gflops(ms[i]) };
        });
        if (probe) peakHere = (PROBE_ITERATIONS * probe.flopsPerIteration) / ms[timed.length] / 1e6;
      }
      for (const runner of Object.values(runners)) if (runner && !runner.failed && !runner.notRun) await runner.dispose();
      if (!threads && !nhwc) {
        const t0 = performance.now();
        const jsOut = jsConv(s, x, w, oh, ow);
        const jsMs = performance.now() - t0;
        result['JS loop'] = relError(jsOut, ref.data) <= TOLERANCE ? { ms: jsMs, gf: gflops(jsMs) } : 'wrong';
      }
      const row = rowOf(s, result, peakHere);
      rows.push(row);
      results.push({ id: s.id, libraries: result, peak: peakHere, macs });
      log(row.join(' | '));
    }
    perRun.push(report({ rows, results, heading: runs > 1 ? `GFLOP/s per library in run ${run} of ${runs} (higher is better):`
      : 'GFLOP/s per library (higher is better):' }));
  }
  if (runs === 1) return perRun[0];
  // The medians: each library's median time per setting, every ratio from these medians,
  // and beside them the range of the runs' own "vs best peer" ratios.
  const results = medianResults(perRun.map((r) => r.results));
  const range = (i) => {
    const ratios = perRun.map((r) => parseFloat(r.rows[i][keys.indexOf('vs best peer')])).filter((v) => Number.isFinite(v));
    return ratios.length ? `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x` : 'n/a';
  };
  const rows = results.map((r, i) => [...rowOf(settings[i], r.libraries, r.peak), range(i)]);
  return {
    ...report({ rows, results, tableColumns: [...columns, 'vs best peer, runs'],
      heading: `Medians of ${runs} runs: each library's median time per setting, the ratios and sums from these medians ` +
        '("vs best peer, runs": the lowest and highest of the runs\' own ratios), GFLOP/s (higher is better):' }),
    runs: perRun,
  };
}

/**
 * The results of several runs of the same settings as one: per setting and library the
 * median time (GFLOP/s from it and the setting's `macs`), where every run has a time; else
 * the first run's reason ('failed', 'unsupported', 'wrong (...)'). The probe's figure is the
 * median too.
 */
export function medianResults(runs) {
  return runs[0].map((first, i) => {
    const libraries = {};
    for (const name of Object.keys(first.libraries)) {
      const cells = runs.map((r) => r[i].libraries[name]);
      const times = cells.filter((c) => typeof c === 'object').map((c) => c.ms);
      if (times.length === cells.length) {
        const ms = medianOf(times);
        libraries[name] = { ms, gf: (2 * first.macs) / ms / 1e6 };
      } else libraries[name] = cells.find((c) => typeof c !== 'object');
    }
    const peaks = runs.map((r) => r[i].peak).filter((p) => p);
    return { id: first.id, libraries, peak: peaks.length === runs.length ? medianOf(peaks) : null, macs: first.macs };
  });
}

// The first cell's time over the second's, as printed ('n/a' where either has none).
const timeRatioCell = (a, b) => (typeof a === 'object' && typeof b === 'object' ? `${(a.ms / b.ms).toFixed(2)}x` : 'n/a');

/** The NHWC target: wasmconv's NHWC time at most this much over its NCHW time. */
export const NHWC_BUDGET = 1.15;

/**
 * A --layout nhwc run's summary from its results ({ id, libraries } per setting): wasmconv's
 * NHWC time over its NCHW time, and XNNPACK's time over wasmconv's NHWC time, each as
 * { count, geomean, worst: { id, ratio }, met: how many meet the target (NHWC/NCHW <=
 * NHWC_BUDGET; against XNNPACK >= 1), without: ids with no ratio } (geomean and worst null when
 * no setting has one).
 */
export function summarizeLayout(results) {
  const summary = (pairOf, meets, worse) => {
    const ratios = [];
    const without = [];
    for (const r of results) {
      const [a, b] = pairOf(r.libraries);
      if (typeof a === 'object' && typeof b === 'object') ratios.push({ id: r.id, ratio: a.ms / b.ms });
      else without.push(r.id);
    }
    return {
      count: ratios.length,
      geomean: ratios.length ? geomean(ratios.map((x) => x.ratio)) : null,
      worst: ratios.length ? ratios.reduce((a, b) => (worse(b.ratio, a.ratio) ? b : a)) : null,
      met: ratios.filter((x) => meets(x.ratio)).length,
      without,
    };
  };
  return {
    layout: summary((lib) => [lib[NHWC], lib.wasmconv], (r) => r <= NHWC_BUDGET, (a, b) => a > b),
    xnnpack: summary((lib) => [lib.XNNPACK, lib[NHWC]], (r) => r >= 1, (a, b) => a < b),
  };
}

// The summary lines of a --layout nhwc run (summarizeLayout's result).
function layoutSummaryLines({ layout, xnnpack }) {
  const line = (what, s, target, worstWord) => {
    if (!s.count) return `${what}: no setting has a ratio`;
    const missing = s.without.length ? ` (no ratio for ${s.without.join(', ')})` : '';
    return `${what}: geometric mean ${s.geomean.toFixed(2)}x, ${worstWord} ${s.worst.ratio.toFixed(2)}x (${s.worst.id}), ` +
      `${target} on ${s.met} of ${s.count} setting${s.count > 1 ? 's' : ''}${missing}`;
  };
  return [
    line('wasmconv NHWC time over its NCHW time', layout, `<= ${NHWC_BUDGET.toFixed(2)}x`, 'highest'),
    line('XNNPACK\'s time over wasmconv NHWC\'s', xnnpack, '>= 1.00x', 'lowest'),
  ];
}

// The layer of a threaded run's check of how many threads each library keeps busy (C2 of
// bench/shapes.txt: large enough for every library to split), and for how long each runs.
const BUSY_SETTING = parseShapes('B1 conv in=64x56x56 out=64 k=3 p=1')[0];
const BUSY_MS = 250;

// Where the CPU time can be read (`cpuTime`, ms, or a promise of it: Node's process.cpuUsage,
// or in the page the browser's processes as the Node side reads them), the CPU time over the
// wall time of each library's calls of BUSY_SETTING, after a few untimed ones: about the
// number of threads it keeps busy, which is what shows whether a peer's threads really run
// (a count it reports is only what it set up). Labelled as the table's columns; a library
// that could not run it has its reason instead.
async function busyCheck({ simd, tf, ort, threaded, threads, cpuTime }) {
  const s = BUSY_SETTING;
  const [oh, ow] = [s.h, s.w]; // 3x3, padding 1: the output is the input's size
  const x = random(s.c * s.h * s.w, 1);
  const w = random(s.cOut * s.c * s.k * s.k, 2);
  const libraries = [
    [`wasmconv ${threads.wasmconv}T`, () => wasmconvRunner(simd, s, x, w)],
    ['wasmconv 1T', () => wasmconvRunner(threaded.single, s, x, w)],
    ...PEERS.filter((p) => threads[p] > 0).map((p) => [`${p} ${threads[p]}T`,
      () => (p === 'XNNPACK' ? tfjsRunner(tf, s, x, w, oh, ow) : ortRunner(ort, s, x, w, oh, ow))]),
  ];
  const busy = {};
  for (const [name, make] of libraries) {
    const runner = await tryRunner(make);
    if (!runner || runner.failed) {
      busy[name] = runner ? 'failed' : 'unsupported';
      continue;
    }
    for (let i = 0; i < 3; i++) await runner.run();
    const cpu0 = await cpuTime();
    const t0 = performance.now();
    do await runner.run(); while (performance.now() - t0 < BUSY_MS);
    const wall = performance.now() - t0;
    busy[name] = ((await cpuTime()) - cpu0) / wall;
    await runner.dispose();
  }
  return busy;
}

// What each library of a threaded run runs on: wasmconv's wc.threads, each peer's count as
// setUpPeers found it (0 for a peer that could not start).
function threadCounts(simd, threaded) {
  return { wasmconv: simd.threads, ...Object.fromEntries(PEERS.map((p) => [p, threaded.peers[p]?.threads ?? 0])) };
}

// The header lines of a threaded run: how many threads each library runs on, as it reports
// them, and why a peer runs on fewer than asked or not at all (with its error).
function threadLines(simd, { requested, single, peers }) {
  const lines = [`threads asked for: ${requested}; each library runs on (the table's "NT" labels say the same):`];
  lines.push(`  wasmconv: ${simd.threads} (wc.threads of load({ threads: ${requested} })); also timed on ${single.threads} ` +
    '(wc.threads of a second instance, load({ threads: 1 })) for the scaling column');
  for (const name of PEERS) {
    const peer = peers[name];
    const what = peer.threads === 0 ? 'not run' : `${peer.threads} (${peer.source})`;
    lines.push(`  ${name}: ${what}${peer.why ? `; ${peer.why}` : ''}${peer.error ? `; its error: ${peer.error}` : ''}` +
      `${peer.warning ? `; it warned: ${peer.warning}` : ''}`);
  }
  return lines;
}

// A network's scaling in a threaded run: wasmconv's sum of count x median ms on 1 thread and
// its ratio to the N-thread sum (networkTotal's), appended to the network line.
function networkScaling(settings, results, total) {
  let ms = 0;
  for (const s of settings) {
    const cell = results.find((r) => r.id === s.id)?.libraries[ONE_THREAD];
    if (typeof cell !== 'object') return `; wasmconv on 1 thread: no time for ${s.id} (${cell ?? 'missing'})`;
    ms += s.count * cell.ms;
  }
  const ours = total.libraries.wasmconv;
  const scaling = ours.missing.length ? 'no scaling' : `scaling ${(ms / ours.ms).toFixed(2)}x`;
  return `; wasmconv on 1 thread ${ms.toFixed(2)}, ${scaling}`;
}

const geomean = (values) => Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);

/**
 * A threaded run's summary from its results ({ id, libraries } per setting): wasmconv's
 * N-thread time against the best peer's per setting (peer ms over wasmconv's) and its
 * scaling (1-thread ms over N-thread ms), each as { count, geomean, min: { id, ratio },
 * without: ids with no ratio } (geomean and min null when no setting has one).
 */
export function summarizeThreads(results) {
  const ratioOfTimes = (one, many) => (typeof one === 'object' && typeof many === 'object' ? one.ms / many.ms : null);
  const summary = (ratioOf) => {
    const ratios = [];
    const without = [];
    for (const r of results) {
      const ratio = ratioOf(r.libraries);
      if (ratio === null) without.push(r.id);
      else ratios.push({ id: r.id, ratio });
    }
    return {
      count: ratios.length,
      geomean: ratios.length ? geomean(ratios.map((x) => x.ratio)) : null,
      min: ratios.length ? ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a)) : null,
      without,
    };
  };
  return {
    peers: summary((lib) => {
      const ours = lib.wasmconv;
      const timed = PEERS.map((p) => lib[p]).filter((c) => typeof c === 'object');
      return typeof ours === 'object' && timed.length ? Math.min(...timed.map((c) => c.ms)) / ours.ms : null;
    }),
    scaling: summary((lib) => ratioOfTimes(lib[ONE_THREAD], lib.wasmconv)),
    kernel: summary((lib) => ratioOfTimes(lib[ONE_THREAD_INTO_TENSOR], lib[INTO_TENSOR])),
  };
}

// The summary lines of a threaded run (summarizeThreads's result).
function threadSummaryLines({ peers, scaling, kernel }, requested) {
  const line = (what, s) => {
    if (!s.count) return `${what}: no setting has a ratio`;
    const missing = s.without.length ? ` (no ratio for ${s.without.join(', ')})` : '';
    return `${what}: geometric mean ${s.geomean.toFixed(2)}x, lowest ${s.min.ratio.toFixed(2)}x (${s.min.id}), ` +
      `over ${s.count} setting${s.count > 1 ? 's' : ''}${missing}`;
  };
  return [
    line(`wasmconv on ${requested} threads against the best peer of each setting`, peers),
    line(`wasmconv's scaling, ${requested} threads over 1`, scaling),
    line(`wasmconv's kernel scaling (into a tensor, no copy out), ${requested} threads over 1`, kernel),
  ];
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
