// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// `npm run bench -- --epilogue`: what the fused epilogue (activation, residual) costs on top
// of the convolution, against issue 22's target of at most EPILOGUE_BUDGET of it. For each
// setting of the run (the shape list, --suite, --random), wasmconv's layer is timed as a plain
// convolution and with each of EPILOGUES, all in the same rounds (measure.mjs medians,
// round-robin, so that a busy second of the machine slows them alike), each into a
// createTensor output: no copy out, as a network chains its layers, and as the copy out would
// add the same time to both sides of the ratio and hide part of the epilogue's cost; with
// `layout` 'nhwc', on channels-last input, output and residual (bench/runners.mjs). Every
// result is checked against the reference run with the same activation and residual first.
// Printed: per setting the plain time and each epilogue's extra time in % of it; per network
// (a suite run) the same from the sums of count x median ms; then per epilogue and over all
// the median and the worst over the settings, and how many are within the target.
import { medianOf, medians, random, relError, TOLERANCE } from './measure.mjs';
import { wasmconvReference, wasmconvRunner } from './runners.mjs';
import { settingLabel, wasmconvCall } from './shapes.mjs';
import { layerGroups } from './suites.mjs';
import { formatTable } from './table.mjs';

/** The target: an epilogue adds at most this share of the plain convolution's time. */
export const EPILOGUE_BUDGET = 0.05;

/** The plain convolution's column. */
export const PLAIN = 'conv';

/**
 * The epilogues timed (issue 22's list): a name, the layer's `activation` option, and whether
 * each run adds a residual (a createTensor of the output's shape, passed to layer.run).
 */
export const EPILOGUES = [
  { name: 'relu', activation: 'relu', residual: false },
  { name: 'relu6', activation: 'relu6', residual: false },
  { name: 'hardSwish', activation: 'hardSwish', residual: false },
  { name: 'residual + relu', activation: 'relu', residual: true },
];

/** The table's columns: the plain time, then each epilogue's extra time in % of it. */
export function epilogueColumns({ suite = false } = {}) {
  return ['id', 'setting', ...(suite ? ['count'] : []), `${PLAIN} ms`, ...EPILOGUES.map((e) => `${e.name} extra`), 'worst'];
}

// An epilogue's extra time over the plain one, as a fraction (0.03 is 3%).
const extraOf = (cells, name) => (typeof cells[name] === 'object' && typeof cells[PLAIN] === 'object'
  ? cells[name].ms / cells[PLAIN].ms - 1 : null);
const percent = (fraction) => `${fraction >= 0 ? '+' : ''}${(100 * fraction).toFixed(1)}%`;

/**
 * The summary of an epilogue run from its results ({ id, libraries } per setting, libraries
 * holding PLAIN and each epilogue's { ms } or why not): per epilogue and over all of them
 * ('all'), { count, median, worst: { id, name, extra }, met: how many extras are within
 * EPILOGUE_BUDGET, without: ids with no extra } (median and worst null when there is none).
 * The median of an even count is the upper one (measure.mjs medianOf).
 */
export function summarizeEpilogue(results) {
  const summary = (names) => {
    const extras = [];
    const without = [];
    for (const r of results) {
      for (const name of names) {
        const extra = extraOf(r.libraries, name);
        if (extra === null) without.push(r.id);
        else extras.push({ id: r.id, name, extra });
      }
    }
    return {
      count: extras.length,
      median: extras.length ? medianOf(extras.map((e) => e.extra)) : null,
      worst: extras.length ? extras.reduce((a, b) => (b.extra > a.extra ? b : a)) : null,
      met: extras.filter((e) => e.extra <= EPILOGUE_BUDGET).length,
      without: [...new Set(without)],
    };
  };
  return {
    ...Object.fromEntries(EPILOGUES.map((e) => [e.name, summary([e.name])])),
    all: summary(EPILOGUES.map((e) => e.name)),
  };
}

// The summary's lines (summarizeEpilogue's result).
function summaryLines(summary) {
  const target = `<= ${percent(EPILOGUE_BUDGET)}`;
  return [...EPILOGUES.map((e) => e.name), 'all'].map((name) => {
    const s = summary[name];
    const what = name === 'all' ? 'every epilogue' : name;
    if (!s.count) return `${what}: no setting has a time`;
    const missing = s.without.length ? ` (no time for ${s.without.join(', ')})` : '';
    const worst = name === 'all' ? `${s.worst.id} ${s.worst.name}` : s.worst.id;
    return `${what}: extra time median ${percent(s.median)}, worst ${percent(s.worst.extra)} (${worst}), ` +
      `${target} on ${s.met} of ${s.count}${missing}`;
  });
}

// A network's line: the sums of count x median ms of the plain runs and of each epilogue's,
// and each epilogue's extra over the plain sum.
function networkLine(network, settings, results) {
  const sums = { [PLAIN]: 0, ...Object.fromEntries(EPILOGUES.map((e) => [e.name, 0])) };
  for (const s of settings) {
    const cells = results.find((r) => r.id === s.id).libraries;
    for (const name of Object.keys(sums)) {
      if (typeof cells[name] !== 'object') return `network ${network}: no time for ${s.id} ${name} (${cells[name]})`;
      sums[name] += s.count * cells[name].ms;
    }
  }
  return `network ${network}: sum of count x median ms ${sums[PLAIN].toFixed(2)} plain; ` +
    EPILOGUES.map((e) => `${e.name} ${percent(sums[e.name] / sums[PLAIN] - 1)}`).join(', ');
}

// The runners of one setting: the plain layer and one per epilogue, each into a tensor; a
// runner that cannot be made, or whose result is off the reference's, is left out with why.
async function settingRunners(wc, s, layout, log) {
  const call = wasmconvCall(s);
  const x = random(s.c * s.h * s.w, 1);
  const w = random(call.wShape.reduce((a, b) => a * b, 1), 2);
  const plainRef = wasmconvReference(wc, s, x, w);
  const residual = random(plainRef.data.length, 3);
  const runners = {};
  const why = {};
  for (const e of [{ name: PLAIN }, ...EPILOGUES]) {
    const extra = { ...(e.activation ? { activation: e.activation } : {}), ...(e.residual ? { residual } : {}) };
    let runner = null;
    try {
      runner = wasmconvRunner(wc, s, x, w, { intoTensor: true, layout, ...extra });
      const ref = e.name === PLAIN ? plainRef : wasmconvReference(wc, s, x, w, extra);
      const err = relError(await runner.result(), ref.data);
      if (err <= TOLERANCE) runners[e.name] = runner;
      else {
        runner.dispose();
        why[e.name] = `wrong (${err.toExponential(1)})`;
      }
    } catch (error) {
      runner?.dispose();
      why[e.name] = 'failed';
      log(`${s.id} ${e.name} failed: ${String(error?.message ?? error).split('\n')[0]}`);
    }
  }
  return { runners, why };
}

/**
 * The epilogue run on wasmconv instance `wc` (its build and thread count as loaded): the
 * settings of the shape list `shapesText`, the suites `suites` or the random draw `random`
 * (bench/suites.mjs layerGroups, narrowed by `only`), `runs` passes over them (then each
 * run's table and a table of the median times per setting over the runs), each call of the
 * rounds after an untimed one with `warm`. Prints through `log`; returns { columns, rows,
 * results, summary } of the last table (the medians' with runs > 1), and `runs`, each
 * run's own, when there are several.
 */
export async function runEpilogueBenchmark({ wc, shapesText = null, suites = null, random: draw = null, only = null, minMs = 600,
  warm = false, runs = 1, layout = 'nchw', environment, log }) {
  const groups = layerGroups({ shapesText, suites, random: draw, only });
  const settings = groups.flatMap((g) => g.settings);
  const columns = epilogueColumns({ suite: Boolean(suites) });
  log(`wasmconv epilogue benchmark, ${new Date().toISOString().slice(0, 10)}, ${environment}, build ${wc.arch}, ` +
    `${wc.threads} thread${wc.threads > 1 ? 's' : ''}, ${layout.toUpperCase()} data, median of runs, ` +
    (warm ? 'caches warm (each timed call follows an untimed one of the same run)' : 'caches as the round left them'));
  log(`each setting's layer runs as a plain convolution and with ${EPILOGUES.map((e) => e.name).join(', ')} ` +
    '(the residual a createTensor of the output\'s shape), in the same rounds, into a createTensor output (no copy out); ' +
    `"extra" is the time over the plain run's, less 1 (target: ${percent(EPILOGUE_BUDGET)} or less)`);
  if (suites) log(`layer suites: ${groups.map((g) => g.network).join(', ')} (each network's sums follow the table)`);
  if (draw) log(`random shapes: ${draw.count} drawn with seed ${draw.seed}`);
  if (runs > 1) log(`runs: ${runs}, each a pass over every setting in turn; each run's table, then the medians`);
  const rowOf = (s, cells) => {
    const extras = EPILOGUES.map((e) => extraOf(cells, e.name));
    const known = extras.filter((v) => v !== null);
    return [s.id, settingLabel(s), ...(suites ? [String(s.count)] : []),
      typeof cells[PLAIN] === 'object' ? cells[PLAIN].ms.toFixed(3) : cells[PLAIN],
      ...extras.map((v, i) => (v === null ? cells[EPILOGUES[i].name] : percent(v))),
      known.length ? percent(Math.max(...known)) : 'n/a'];
  };
  const report = (rows, results, heading) => {
    log(`\n${heading}\n`);
    log(formatTable(columns, rows));
    if (suites) {
      log('');
      for (const g of groups) log(networkLine(g.network, g.settings, results));
    }
    const summary = summarizeEpilogue(results);
    log('');
    log(summaryLines(summary).join('\n'));
    return { columns, rows, results, summary };
  };
  const perRun = [];
  for (let run = 1; run <= runs; run++) {
    if (runs > 1) log(`\nrun ${run} of ${runs}`);
    const rows = [];
    const results = [];
    for (const s of settings) {
      const { runners, why } = await settingRunners(wc, s, layout, log);
      const names = Object.keys(runners);
      const ms = names.length ? await medians(names.map((n) => runners[n].run), minMs, { warm }) : [];
      const cells = { ...why };
      names.forEach((n, i) => {
        cells[n] = { ms: ms[i] };
      });
      for (const runner of Object.values(runners)) runner.dispose();
      const row = rowOf(s, cells);
      rows.push(row);
      results.push({ id: s.id, libraries: cells });
      log(row.join(' | '));
    }
    perRun.push(report(rows, results, runs > 1 ? `Run ${run} of ${runs}: plain ms and extra time per epilogue`
      : 'Plain ms and extra time per epilogue (lower is better):'));
  }
  if (runs === 1) return perRun[0];
  // Per setting and run, each median time over the runs, and the extras from these.
  const results = settings.map((s, i) => {
    const libraries = {};
    for (const name of [PLAIN, ...EPILOGUES.map((e) => e.name)]) {
      const cells = perRun.map((r) => r.results[i].libraries[name]);
      libraries[name] = cells.every((c) => typeof c === 'object') ? { ms: medianOf(cells.map((c) => c.ms)) }
        : cells.find((c) => typeof c !== 'object');
    }
    return { id: s.id, libraries };
  });
  return {
    ...report(results.map((r, i) => rowOf(settings[i], r.libraries)), results,
      `Medians of ${runs} runs: each run's median time per setting, the extras from these:`),
    runs: perRun,
  };
}
