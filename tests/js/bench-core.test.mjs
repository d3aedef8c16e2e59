// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's shared core (bench/core.mjs and its parts), which both `npm run bench`
// and its --browser mode run: a library whose result is wrong or missing is reported as
// wrong, never timed; the shape list, the error measure and the table read back as
// written. The peers here are fakes with known wrong answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { COLUMNS, INTO_TENSOR, layoutColumns, NHWC, NHWC_BUDGET, ONE_THREAD, ONE_THREAD_INTO_TENSOR, runBenchmark, summarizeLayout, summarizeThreads,
  threadedColumns } from '../../bench/core.mjs';
import { EPILOGUE_BUDGET, epilogueColumns, EPILOGUES, PLAIN, runEpilogueBenchmark, summarizeEpilogue } from '../../bench/epilogue.mjs';
import { correlation } from '../../bench/layer-loop-core.mjs';
import { median, medianOf, medians, random, relError } from '../../bench/measure.mjs';
import { PROBE_ITERATIONS } from '../../bench/peak.mjs';
import { numberArg, parseArgs, UsageError } from '../../bench/cli.mjs';
import { formatShape, parseShapes, settingLabel, wasmconvCall } from '../../bench/shapes.mjs';
import { wasmconvReference } from '../../bench/runners.mjs';
import { formatTable, parseTable } from '../../bench/table.mjs';
import { load } from '../../bindings/js/node.js';
import { repoRoot } from './support/paths.mjs';

// Runs of the benchmark scripts take as long as the machine makes them: this timeout only
// stops a hung run (a killed run then fails its exit-status check, with its output).
const HANG_MS = 15 * 60_000;

const SHAPES = `# two settings
A1 conv  in=4x9x9 out=6 k=3 s=2 p=1
A2 convT in=4x5x5 out=2 k=3 s=2 p=1 op=1 g=2
`;

// tfjs that answers every op with an empty tensor (a missing result).
const emptyTensor = () => ({ data: async () => new Float32Array(0), dispose() {} });
const fakeTf = { tensor4d: emptyTensor, conv2d: emptyTensor, depthwiseConv2d: emptyTensor, conv2dTranspose: emptyTensor };
// ORT whose session answers with the right length but every value off by 1 (a wrong result).
function fakeOrt(outputLength) {
  return {
    env: { wasm: {} },
    Tensor: class { constructor(type, data, dims) { Object.assign(this, { type, data, dims }); } },
    InferenceSession: {
      create: async () => ({
        run: async () => ({ Y: { data: new Float32Array(outputLength).fill(1) } }),
        release: () => {},
      }),
    },
  };
}

test('a wrong or missing peer result is reported as wrong and wasmconv still passes', async () => {
  const lines = [];
  const { rows, results } = await runBenchmark({
    simd: await load({ simd: true }), scalar: await load({ simd: false }), tf: fakeTf, ort: fakeOrt(6 * 5 * 5),
    shapesText: SHAPES, only: ['A1'], minMs: 2, peak: 12.34, environment: 'test', log: (l) => lines.push(l),
  });
  assert.equal(results.length, 1);
  const r = results[0].libraries;
  assert.equal(r.XNNPACK, 'wrong (Infinity)');
  assert.match(r['ORT Web'], /^wrong \(\d\.\de[+-]\d\)$/);
  for (const name of ['wasmconv', 'scalar', 'JS loop']) assert.ok(r[name].ms > 0 && r[name].gf > 0, name);
  assert.deepEqual(rows[0].slice(0, 2), ['A1', 'conv 4x9x9->6 k3 s2 p1']);
  assert.equal(rows[0][8], 'n/a'); // no peer passed, so there is no ratio
  assert.equal(rows[0][9], 'n/a'); // no probe, so no share of the peak
  const printed = lines.join('\n');
  assert.match(printed, /^wasmconv benchmark, \d{4}-\d\d-\d\d, test, single thread, median of runs, caches as the round left them/);
  assert.match(printed, /peak measured the same way: 12\.3 GFLOP\/s/);
  assert.deepEqual(parseTable(printed), { columns: COLUMNS, rows });
});

test('a peer that throws is reported as failed, with its message, and the run goes on', async () => {
  const lines = [];
  const throwingOrt = { ...fakeOrt(0), InferenceSession: { create: async () => { throw new Error('no such kernel\nsecond line'); } } };
  const { rows, results } = await runBenchmark({
    simd: await load({ simd: true }), scalar: await load({ simd: false }), tf: fakeTf, ort: throwingOrt,
    shapesText: SHAPES, minMs: 2, peak: 1, environment: 'test', log: (l) => lines.push(l),
  });
  assert.deepEqual(results.map((r) => r.libraries['ORT Web']), ['failed', 'failed']);
  assert.deepEqual(lines.filter((l) => / failed: /.test(l)), ['A1 ORT Web failed: no such kernel', 'A2 ORT Web failed: no such kernel']);
  assert.deepEqual(rows.map((r) => r[COLUMNS.indexOf('ORT Web')]), ['failed', 'failed']);
  for (const r of results) assert.ok(r.libraries.wasmconv.ms > 0, r.id);
});

test('a probe given to the benchmark is timed in the rounds and "vs peak" divides by it', async (t) => {
  // A fake clock, so that the figures do not depend on how busy the machine is: every
  // reading of it moves it on by 1 us (so the libraries' calls, timed between two readings,
  // take a few us and the rounds end), and the fake probe, 1e6 flops per call, moves it on
  // by exactly 1 ms: 1 GFLOP/s, less by the few readings timed with it.
  let now = 0;
  t.mock.method(performance, 'now', () => (now += 0.001));
  let iterations = 0;
  const probe = {
    flopsPerIteration: 1e6 / PROBE_ITERATIONS,
    call: (n) => {
      iterations += n;
      now += 1;
    },
  };
  const { rows, results } = await runBenchmark({
    simd: await load({ simd: true }), scalar: await load({ simd: false }), tf: fakeTf, ort: fakeOrt(6 * 5 * 5),
    shapesText: SHAPES, only: ['A1'], minMs: 2, peak: 12.34, probe, environment: 'test', log: () => {},
  });
  // Warmed up, then called once per round (5 rounds or more).
  assert.ok(iterations >= 5 * PROBE_ITERATIONS, `${iterations} iterations`);
  const { peak } = results[0];
  assert.ok(peak > 0.99 && peak < 1, `peak ${peak}`);
  const ours = results[0].libraries.wasmconv.gf;
  assert.equal(rows[0][9], `${Math.round((100 * ours) / peak)}%`);
});

test('--runs: each pass has its table, then each library\'s median time per setting and the ratios from it', async () => {
  const simd = await load({ simd: true });
  // An ORT whose session answers with wasmconv's own reference result: a peer that passes
  // the check, so that every pass has a ratio against the best peer.
  const [setting] = parseShapes(SHAPES).filter((s) => s.id === 'A2');
  const call = wasmconvCall(setting);
  const x = random(setting.c * setting.h * setting.w, 1);
  const w = random(call.wShape.reduce((a, b) => a * b, 1), 2);
  const ref = wasmconvReference(simd, setting, x, w).data;
  const rightOrt = { ...fakeOrt(0), InferenceSession: { create: async () => ({ run: async () => ({ Y: { data: ref.slice() } }), release: () => {} }) } };
  const lines = [];
  const out = await runBenchmark({
    simd, scalar: await load({ simd: false }), tf: fakeTf, ort: rightOrt, shapesText: SHAPES, only: ['A2'], minMs: 2, runs: 3,
    peak: 1, environment: 'test', log: (l) => lines.push(l),
  });
  assert.equal(out.runs.length, 3);
  const printed = lines.join('\n');
  for (const run of [1, 2, 3]) assert.match(printed, new RegExp(`GFLOP/s per library in run ${run} of 3`));
  assert.match(printed, /Medians of 3 runs/);
  assert.deepEqual(out.columns, [...COLUMNS, 'vs best peer, runs']);
  assert.deepEqual(parseTable(printed), { columns: out.columns, rows: out.rows });
  const times = (name) => out.runs.map((r) => r.results[0].libraries[name].ms);
  for (const name of ['wasmconv', 'ORT Web', 'scalar']) assert.equal(out.results[0].libraries[name].ms, medianOf(times(name)), name);
  assert.equal(out.results[0].libraries.XNNPACK, 'unsupported'); // tfjs has no grouped transposed convolution
  const row = out.rows[0];
  const ratio = medianOf(times('ORT Web')) / medianOf(times('wasmconv'));
  assert.equal(row[COLUMNS.indexOf('vs best peer')], `${ratio.toFixed(2)}x`);
  const passRatios = out.runs.map((r) => parseFloat(r.rows[0][COLUMNS.indexOf('vs best peer')]));
  assert.equal(row.at(-1), `${Math.min(...passRatios).toFixed(2)}-${Math.max(...passRatios).toFixed(2)}x`);
});

test('shapes parse with their defaults and labels', () => {
  const [a, b] = parseShapes(SHAPES);
  assert.deepEqual(a, { id: 'A1', op: 'conv', c: 4, h: 9, w: 9, cOut: 6, k: 3, s: 2, p: 1, d: 1, g: 1, op_: 0, count: 1 });
  assert.equal(settingLabel(b), 'convT 4x5x5->2 k3 s2 p1 op1 g2');
  // A line written back from a setting reads as the same setting; count= only when not 1.
  assert.equal(formatShape(b), 'A2 convT in=4x5x5 out=2 k=3 s=2 p=1 g=2 op=1');
  assert.deepEqual(parseShapes(formatShape(b))[0], b);
  const [counted] = parseShapes('M7 conv in=24x56x56 out=144 k=1 count=2');
  assert.equal(counted.count, 2);
  assert.equal(formatShape(counted), 'M7 conv in=24x56x56 out=144 k=1 count=2');
  assert.deepEqual(parseShapes(SHAPES, ['A2']).map((s) => s.id), ['A2']);
});

test('a shape line off the format, a repeated id or an unknown --only id is an error naming it', () => {
  const bad = [
    ['A1 conv in=4x9 out=6 k=3', /line 1 "A1 conv in=4x9 out=6 k=3": in= must be CxHxW/],
    ['A1 deconv in=4x9x9 out=6 k=3', /the op must be conv or convT, got deconv/],
    ['A1', /the op must be conv or convT, got nothing/],
    ['A1 conv in=4x9x9 out=6', /k= is missing/],
    ['A1 conv in=4x9x9 k=3', /out= is missing/],
    ['A1 conv in=4x9x9 out=6 k=3 s=0', /s= must be an integer >= 1, got 0/],
    ['A1 conv in=4x9x9 out=6 k=3 p=-1', /p= must be an integer >= 0, got -1/],
    ['A1 conv in=4x9x9 out=6 k=2.5', /k= must be an integer >= 1, got 2.5/],
    ['A1 conv in=4x9x9 out=6 k=3 pad=1', /pad=1 is not one of in= out= k= s= p= d= g= op= count=$/],
    ['A1 conv in=4x9x9 out=6 k=3 count=0', /count= must be an integer >= 1, got 0/],
    ['A1 conv in=4x9x9 out=6 k=3 k=5', /k= is given twice/],
    ['A1 conv in=0x9x9 out=6 k=3', /in= sizes must be at least 1/],
    ['A1 conv in=4x9x9 out=6 k=3 g=4', /g=4 must divide the 4 input and 6 output channels/],
    ['# comment\n\nA1 conv in=4x9x9 out=6 k=3\nA1 conv in=4x9x9 out=6 k=1', /line 4 .*the id A1 is used twice/],
  ];
  for (const [text, message] of bad) assert.throws(() => parseShapes(text), (e) => e instanceof UsageError && message.test(e.message), text);
  assert.throws(() => parseShapes(SHAPES, ['A2', 'B7', 'C1']), /--only names B7, C1, not in the shape list \(its ids: A1, A2\)/);
});

test('the benchmark scripts read their flags against a list', () => {
  const flags = { '--warm': null, '--only': 'IDS', '--min-ms': 'MS' };
  assert.deepEqual(parseArgs(['--only', 'C5,T3', '--warm'], flags), { '--only': 'C5,T3', '--warm': true });
  assert.deepEqual(parseArgs(['-h'], flags), { help: true });
  assert.throws(() => parseArgs(['--wram'], flags), /unknown option --wram \(the options are --warm, --only, --min-ms\)/);
  assert.throws(() => parseArgs(['--only'], flags), /--only needs a value: --only IDS/);
  assert.throws(() => parseArgs(['--only', '--warm'], flags), /--only needs a value/);
  assert.equal(numberArg('--min-ms', undefined, 600), 600);
  assert.equal(numberArg('--min-ms', '0', 600), 0);
  assert.equal(numberArg('--rounds', '7', 40, { min: 1, integer: true }), 7);
  for (const text of ['', ' ', 'abc', '-1', 'Infinity', 'NaN']) {
    assert.throws(() => numberArg('--min-ms', text, 600), /--min-ms must be a number >= 0, got/, JSON.stringify(text));
  }
  assert.throws(() => numberArg('--rounds', '2.5', 40, { min: 1, integer: true }), /--rounds must be an integer >= 1, got 2.5/);
});

test('npm run bench\'s script lists its settings, and a mistyped option stops it before anything loads', () => {
  const script = join(repoRoot, 'bench', 'run.mjs');
  const list = spawnSync(process.execPath, [script, '--list', '--only', 'T3,C5'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.equal(list.stdout, 'C5  conv 256x28x28->64 k1\nT3  convT 128x64x64->64 k2 s2\n');
  const help = spawnSync(process.execPath, [script, '--help'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^ {2}--min-ms MS /m);
  assert.match(help.stdout, /^ {2}--threads N {6}wasmconv on N threads \(and on 1, for its scaling, also into a tensor: its kernel$/m);
  for (const [args, message] of [
    [['--wram'], /^bench: unknown option --wram \(the options are --browser, --warm, --threads, --layout, --epilogue, --build, --only, --min-ms, --runs, --shapes, --suite, --random, --seed, --networks, --list\)$/m],
    [['--threads', '0'], /^bench: --threads must be an integer >= 1, got 0$/m],
    [['--threads', '2.5'], /^bench: --threads must be an integer >= 1, got 2\.5$/m],
    [['--threads', 'two'], /^bench: --threads must be an integer >= 1, got two$/m],
    [['--threads', '65'], /^bench: --threads must be an integer from 1 to 64 \(what load\(\) accepts\), got 65$/m],
    [['--threads'], /^bench: --threads needs a value: --threads N$/m],
    [['--build', 'fast'], /^bench: --build must be auto, relaxed or simd, got fast$/m],
    [['--build', 'relaxed'], /^bench: --build relaxed: this Node has no relaxed SIMD; run it with --experimental-wasm-relaxed-simd/m],
    [['--min-ms', 'fast'], /^bench: --min-ms must be a number >= 0, got fast$/m],
    [['--only', 'C9'], /^bench: --only names C9, not in the shape list/m],
    [['--shapes', join(repoRoot, 'no-such-shapes.txt')], /^bench: cannot read the shape list .*no-such-shapes\.txt: ENOENT$/m],
  ]) {
    const run = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
    assert.equal(run.status, 2, `${args}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('relError is relative to the largest reference value and fails missing values', () => {
  const want = Float32Array.from([4, -2, 0.5]);
  assert.equal(relError(Float32Array.from([4, -2, 0.5]), want), 0);
  assert.equal(relError(Float32Array.from([4, -1, 0.5]), want), 0.25);
  assert.equal(relError(Float32Array.from([4, -2]), want), Infinity);
  assert.ok(!(relError(Float32Array.from([4, NaN, 0.5]), want) <= 1e-3));
});

test('on a coarse clock median times calls in batches and divides by their count', async (t) => {
  // A fake clock: each call takes exactly 1 ms; the clock is said to tick in 0.5 ms steps,
  // so a sample must be 25 calls (50 steps) and at least 5 samples are taken.
  let now = 0;
  let calls = 0;
  t.mock.method(performance, 'now', () => now);
  const ms = await median(async () => { calls++; now += 1; }, 10, { step: 0.5 });
  assert.equal(ms, 1);
  assert.equal(calls, 5 + 5 * 25); // 5 warm-up calls (minMs / 2), then 5 samples of 25
});

test('medians times several functions round-robin, each after its own warm-up', async (t) => {
  // Fake clock: a takes 1 ms, b 2 ms; a fine clock (0.001 ms), so every sample is one call.
  let now = 0;
  const order = [];
  t.mock.method(performance, 'now', () => now);
  const a = async () => { order.push('a'); now += 1; };
  const b = async () => { order.push('b'); now += 2; };
  assert.deepEqual(await medians([a, b], 10, { step: 0.001 }), [1, 2]);
  // Warm-up: a for 5 ms (5 calls), then b for 5 ms (3 calls); then rounds of a, b.
  const warm = 'aaaaabbb';
  assert.equal(order.join('').slice(0, warm.length), warm);
  const rounds = order.join('').slice(warm.length);
  assert.match(rounds, /^(ab)+$/);
  assert.ok(rounds.length / 2 >= 5);
});

// Two functions on a fake clock: a takes 1 ms, b 2 ms, and a call that follows a call of the
// other function (or none) `switchMs` more. `order` records the calls.
function switchingClock(t, switchMs) {
  let now = 0;
  let last = null;
  const order = [];
  t.mock.method(performance, 'now', () => now);
  const fn = (name, ms) => async () => {
    order.push(name);
    now += ms + (last === name ? 0 : switchMs);
    last = name;
  };
  return { a: fn('a', 1), b: fn('b', 2), order };
}

test('warm medians precede every timed call by an untimed call of the same function', async (t) => {
  // Fake clock: a takes 1 ms, b 2 ms, except a call that follows a call of the other
  // function (or none), which takes 5 ms more: a cold cache. Warm, only the untimed call
  // pays that; without `warm`, every timed call of the rounds does.
  const { a, b, order } = switchingClock(t, 5);
  assert.deepEqual(await medians([a, b], 10, { step: 0.001, warm: true }), [1, 2]);
  const rounds = order.join('').replace(/^a+b+/, '');
  assert.match(rounds, /^(aabb)+$/);
  assert.ok(rounds.length / 4 >= 5);
  assert.deepEqual(await medians([a, b], 10, { step: 0.001 }), [6, 7]);
});

test('with blockMs each function\'s turn is a run of back-to-back calls, each its own sample', async (t) => {
  // Fake clock: a takes 1 ms, b 2 ms, but the first call of a turn (after the other
  // function) 6 ms more: a pool waking up. The slow first call of each turn is the untimed
  // one, so the medians are 1 and 2; one call per function in turn would time only slow
  // calls: 7 and 8.
  const { a, b, order } = switchingClock(t, 6);
  assert.deepEqual(await medians([a, b], 40, { step: 0.001, warm: true, blockMs: 4 }), [1, 2]);
  // Warm-ups of 20 ms: 14 calls of a (1.43 ms each on average), 7 of b (2.86 ms): turns of
  // 3 and 2 timed calls (4 ms or more), each after an untimed one.
  const rounds = order.join('').replace(/^a{14}b{7}/, '');
  assert.match(rounds, /^(aaaabbb)+$/);
  assert.ok(rounds.length / 7 >= 2);
  assert.deepEqual(await medians([a, b], 40, { step: 0.001 }), [7, 8]);
});

test('the layer loop correlates rounds by Pearson\'s r', () => {
  assert.equal(correlation([1, 2, 3, 4], [3, 5, 7, 9]), 1);
  assert.equal(correlation([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.ok(Math.abs(correlation([1, 2, 3, 4], [1, 3, 2, 4]) - 0.8) < 1e-12);
  assert.equal(correlation([1, 2, 3], [5, 5, 5]), 0);
});

test('formatTable pads columns and parseTable reads it back', () => {
  const text = `header\n\n${formatTable(['a', 'long name'], [['1', 'x'], ['22', 'yy']])}\n`;
  assert.equal(text.split('\n')[2], '| a  | long name |');
  assert.deepEqual(parseTable(text), { columns: ['a', 'long name'], rows: [['1', 'x'], ['22', 'yy']] });
});

test('bench/layer-loop.mjs times a layer warm and with caches flushed, into an array and a tensor', () => {
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const line = /^S3 convT 64x16x16->32 k4 s2 p1: into an array (\d+\.\d{3}) ms (\d+\.\d) GFLOP\/s, into a tensor (\d+\.\d{3}) ms (\d+\.\d) GFLOP\/s$/m;
  for (const flush of [[], ['--flush', '4']]) {
    const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--shapes', shapes, '--only', 'S3',
      '--rounds', '3', ...flush], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, flush.length ? /4 MB written between calls/ : /caches warm/);
    const [, arrayMs, arrayGf, tensorMs, tensorGf] = run.stdout.match(line) ?? [];
    assert.ok(arrayMs, run.stdout);
    // GFLOP/s = 2 x MACs / time: S3 has 64 x 32 x 16 x 16 x 4 x 4 MACs.
    const gflop = (2 * 64 * 32 * 16 * 16 * 16) / 1e9;
    for (const [ms, gf] of [[arrayMs, arrayGf], [tensorMs, tensorGf]]) {
      // Both are printed rounded: GFLOP/s to 0.05, and ms to 0.0005, which moves the rate by
      // up to 0.0005 / ms of itself (0.15% at 0.33 ms).
      const slack = 0.05 + ((Number(gf) + 0.05) * 0.0005) / Number(ms) + 1e-9;
      assert.ok(Math.abs(Number(gf) - (gflop / Number(ms)) * 1e3) <= slack, `${ms} ms ${gf} GFLOP/s`);
    }
  }
  const bad = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--rounds', '0'], { cwd: repoRoot, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^layer-loop: --rounds must be an integer >= 1, got 0$/m);
  const both = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--shape', 'R1 conv in=8x6x6 out=4 k=3',
    '--only', 'C5'], { cwd: repoRoot, encoding: 'utf8' });
  assert.notEqual(both.status, 0);
  assert.match(both.stderr, /--shape times the one setting it gives: leave out --only and --shapes/);
});

test('bench/layer-loop.mjs --shape --probe times the peak probe in the same rounds and correlates them', () => {
  // Needs the probe in the build tree (scripts/test.sh builds it before these tests).
  // Nothing here depends on how fast the rounds ran: the figures are checked for their
  // form and their order, not their size.
  const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--shape', 'R1 conv in=16x32x32 out=16 k=3 p=1',
    '--probe', '--rounds', '5'], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /the mul\+add probe timed in every round/);
  const ms = run.stdout.match(/^R1 conv 16x32x32->16 k3 p1: into an array (\d+\.\d{3}) ms/m)?.[1];
  assert.ok(Number(ms) > 0, run.stdout);
  const spread = run.stdout.match(/rounds' GFLOP\/s \(10th percentile, median, 90th\): into an array ([\d. ]+), into a tensor ([\d. ]+), mul\+add probe ([\d. ]+)$/m);
  assert.ok(spread, run.stdout);
  for (const cell of spread.slice(1)) {
    const figures = cell.trim().split(' ');
    assert.equal(figures.length, 3, cell);
    for (const f of figures) assert.match(f, /^\d+\.\d$/, cell);
    const [p10, med, p90] = figures.map(Number);
    assert.ok(p10 <= med && med <= p90, cell);
  }
  const r = run.stdout.match(/correlation of the rounds with the probe's: into an array (-?\d\.\d\d), into a tensor (-?\d\.\d\d)$/m);
  assert.ok(r, run.stdout);
  for (const v of r.slice(1).map(Number)) assert.ok(v >= -1 && v <= 1, String(v));
  const none = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--only', 'NOPE'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^layer-loop: --only names NOPE, not in the shape list \(its ids: C1, C2, .*T5\)$/m);
});

// What setUpPeers (bench/runners.mjs) reports for the peers of a threaded run, made up here:
// XNNPACK could not start at all, ORT runs on 2 threads.
const FAKE_PEERS = {
  XNNPACK: { threads: 0, source: '', why: 'tfjs-backend-wasm did not start with setThreadsCount(2)', error: 'no workers here' },
  'ORT Web': { threads: 2, source: 'env.wasm.numThreads after its first session', why: 'onnxruntime-web, threaded' },
};

test('a threaded run times wasmconv on N threads and on 1, says what each library runs on, and leaves out a peer that could not start', async () => {
  const lines = [];
  const simd = await load({ simd: true, threads: 2 });
  const single = await load({ simd: true, threads: 1 });
  const { columns, rows, results, threads, threadSummary } = await runBenchmark({
    simd, scalar: null, tf: fakeTf, ort: fakeOrt(6 * 5 * 5), shapesText: SHAPES, minMs: 2, peak: 10, environment: 'test',
    log: (l) => lines.push(l), threaded: { requested: 2, single, peers: FAKE_PEERS }, notes: ['page: crossOriginIsolated true'],
  });
  const printed = lines.join('\n');
  assert.match(printed, /^wasmconv benchmark, \d{4}-\d\d-\d\d, test, 2 threads, median of runs, each library's turn 25 ms or more of back-to-back calls, after an untimed one/);
  assert.equal(lines[1], 'page: crossOriginIsolated true');
  assert.match(printed, /^ {2}wasmconv: 2 \(wc\.threads of load\(\{ threads: 2 \}\)\); also timed on 1 /m);
  assert.match(printed, /^ {2}XNNPACK: not run; tfjs-backend-wasm did not start with setThreadsCount\(2\); its error: no workers here$/m);
  assert.match(printed, /^ {2}ORT Web: 2 \(env\.wasm\.numThreads after its first session\); onnxruntime-web, threaded$/m);
  assert.deepEqual(threads, { wasmconv: 2, XNNPACK: 0, 'ORT Web': 2 });
  // The labels say how many threads each ran on; a peer that did not start has none.
  assert.deepEqual(columns, ['id', 'setting', 'wasmconv ms', 'wasmconv 2T', 'wasmconv 1T', 'scaling', 'kernel scaling', 'XNNPACK',
    'ORT Web 2T', 'vs best peer', 'vs 2x peak']);
  assert.deepEqual(threadedColumns({ wasmconv: 4, XNNPACK: 1, 'ORT Web': 4 }, { suite: true }).slice(0, 9),
    ['id', 'setting', 'count', 'wasmconv ms', 'wasmconv 4T', 'wasmconv 1T', 'scaling', 'kernel scaling', 'XNNPACK 1T']);
  assert.deepEqual(parseTable(printed), { columns, rows });
  for (const [i, r] of results.entries()) {
    const lib = r.libraries;
    assert.equal(lib.XNNPACK, 'not run', r.id);
    assert.match(lib['ORT Web'], /^wrong /, r.id); // the fake's answer is wrong: checked, not timed
    assert.ok(lib.wasmconv.ms > 0 && lib[ONE_THREAD].ms > 0, r.id);
    // The same two instances again, each into a createTensor output: the kernel's scaling.
    assert.ok(lib[INTO_TENSOR].ms > 0 && lib[ONE_THREAD_INTO_TENSOR].ms > 0, r.id);
    assert.equal(lib.scalar, undefined); // the scalar build and the JS loop are the default run's
    assert.equal(lib['JS loop'], undefined);
    const cell = Object.fromEntries(columns.map((c, k) => [c, rows[i][k]]));
    assert.equal(cell['wasmconv 1T'], lib[ONE_THREAD].gf.toFixed(1));
    assert.equal(cell.scaling, `${(lib[ONE_THREAD].ms / lib.wasmconv.ms).toFixed(2)}x`);
    assert.equal(cell['kernel scaling'], `${(lib[ONE_THREAD_INTO_TENSOR].ms / lib[INTO_TENSOR].ms).toFixed(2)}x`);
    assert.equal(cell['vs best peer'], 'n/a'); // no peer was timed
    assert.equal(cell['vs 2x peak'], 'n/a'); // no probe
  }
  assert.equal(lines.filter((l) => / failed: /.test(l)).length, 0, 'a peer that did not start is said once, in the header');
  assert.match(printed, /^wasmconv on 2 threads against the best peer of each setting: no setting has a ratio$/m);
  assert.match(printed, /^wasmconv's scaling, 2 threads over 1: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(A[12]\), over 2 settings$/m);
  assert.match(printed, /^wasmconv's kernel scaling \(into a tensor, no copy out\), 2 threads over 1: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(A[12]\), over 2 settings$/m);
  assert.equal(threadSummary.scaling.count, 2);
  assert.equal(threadSummary.kernel.count, 2);
});

test('a threaded run\'s summary is the geometric mean and the lowest of the ratios to the best peer and of the scaling', () => {
  const cell = (ms) => ({ ms, gf: 1 / ms });
  const results = [
    // 2x the best peer, scaling 2x, kernel scaling 1.8x
    { id: 'A', libraries: { wasmconv: cell(1), [ONE_THREAD]: cell(2), [INTO_TENSOR]: cell(0.5), [ONE_THREAD_INTO_TENSOR]: cell(0.9),
      XNNPACK: cell(4), 'ORT Web': cell(2) } },
    // 0.5x, 1.25x, no kernel scaling (its 1-thread run failed)
    { id: 'B', libraries: { wasmconv: cell(2), [ONE_THREAD]: cell(2.5), [INTO_TENSOR]: cell(1), [ONE_THREAD_INTO_TENSOR]: 'failed',
      XNNPACK: 'unsupported', 'ORT Web': cell(1) } },
    // neither of the first two; kernel scaling 2.5x
    { id: 'C', libraries: { wasmconv: cell(1), [ONE_THREAD]: 'failed', [INTO_TENSOR]: cell(0.2), [ONE_THREAD_INTO_TENSOR]: cell(0.5),
      XNNPACK: 'not run', 'ORT Web': 'failed' } },
  ];
  const { peers, scaling, kernel } = summarizeThreads(results);
  assert.equal(peers.count, 2);
  assert.ok(Math.abs(peers.geomean - 1) < 1e-12);
  assert.deepEqual(peers.min, { id: 'B', ratio: 0.5 });
  assert.deepEqual(peers.without, ['C']);
  assert.ok(Math.abs(scaling.geomean - Math.sqrt(2 * 1.25)) < 1e-12);
  assert.deepEqual(scaling.min, { id: 'B', ratio: 1.25 });
  assert.deepEqual(scaling.without, ['C']);
  assert.ok(Math.abs(kernel.geomean - Math.sqrt(1.8 * 2.5)) < 1e-12);
  assert.deepEqual(kernel.min, { id: 'A', ratio: 0.9 / 0.5 });
  assert.deepEqual(kernel.without, ['B']);
});

test('npm run bench -- --threads 2 in Node: wasmconv on 2 threads and on 1, the peers as they can run here, and the summary', () => {
  // The peers' real builds, on two small shapes (S4 is one XNNPACK cannot express); nothing
  // here depends on how fast anything ran. Node 20 without --experimental-wasm-relaxed-simd.
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'run.mjs'), '--threads', '2', '--shapes', shapes, '--only', 'S1,S4',
    '--min-ms', '10'], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  assert.match(out, /^wasmconv benchmark, \d{4}-\d\d-\d\d, Node v[\d.]+, 2 threads, median of runs, /);
  assert.match(out, /^wasmconv build: wasm-simd128$/m);
  assert.match(out, /^ {2}wasmconv: 2 \(wc\.threads of load\(\{ threads: 2 \}\)\); also timed on 1 /m);
  // tfjs-backend-wasm has no threads in Node: it says so and runs on one.
  assert.match(out, /^ {2}XNNPACK: 1 \(getThreadsCount\(\)\); tfjs-backend-wasm [\d.]+, its SIMD build without threads \(in Node its WASM_HAS_MULTITHREAD_SUPPORT flag is always false/m);
  const ortThreads = out.match(/^ {2}ORT Web: (\d+) \(env\.wasm\.numThreads after its first session\); onnxruntime-web /m)?.[1];
  assert.ok(ortThreads, out);
  // How many threads each keeps busy, from the process's CPU time: a figure for each (any size).
  assert.match(out, new RegExp(`^ {2}CPU time over wall time while each library runs conv 64x56x56->64 k3 p1 for 250 ms .*: ` +
    `wasmconv 2T \\d+\\.\\d\\d, wasmconv 1T \\d+\\.\\d\\d, XNNPACK 1T \\d+\\.\\d\\d, ORT Web ${ortThreads}T \\d+\\.\\d\\d$`, 'm'));
  const { columns, rows } = parseTable(out);
  assert.deepEqual(columns, ['id', 'setting', 'wasmconv ms', 'wasmconv 2T', 'wasmconv 1T', 'scaling', 'kernel scaling', 'XNNPACK 1T',
    `ORT Web ${ortThreads}T`, 'vs best peer', 'vs 2x peak']);
  assert.deepEqual(rows.map((r) => r[0]), ['S1', 'S4']);
  for (const row of rows) {
    const cell = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    for (const c of ['wasmconv 2T', 'wasmconv 1T', `ORT Web ${ortThreads}T`]) assert.match(cell[c], /^\d+\.\d$/, `${row[0]} ${c}`);
    if (row[0] === 'S4') assert.equal(cell['XNNPACK 1T'], 'unsupported');
    else assert.match(cell['XNNPACK 1T'], /^\d+\.\d$/, `${row[0]} XNNPACK 1T`);
    assert.match(cell.scaling, /^\d+\.\d\dx$/);
    assert.match(cell['kernel scaling'], /^\d+\.\d\dx$/);
    assert.match(cell['vs best peer'], /^\d+\.\d\dx$/);
    assert.match(cell['vs 2x peak'], /^\d+%$/);
  }
  assert.match(out, /^wasmconv on 2 threads against the best peer of each setting: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(S[14]\), over 2 settings$/m);
  assert.match(out, /^wasmconv's scaling, 2 threads over 1: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(S[14]\), over 2 settings$/m);
});

test('--threads 1 is the single-threaded run, and a threaded suite run adds wasmconv\'s 1-thread sum and scaling to each network line', () => {
  const script = join(repoRoot, 'bench', 'run.mjs');
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const one = spawnSync(process.execPath, [script, '--threads', '1', '--shapes', shapes, '--only', 'S1', '--min-ms', '5'],
    { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(one.status, 0, `${one.stdout}\n${one.stderr}`);
  assert.match(one.stdout, /^wasmconv benchmark, \d{4}-\d\d-\d\d, Node v[\d.]+, single thread, /);
  assert.deepEqual(parseTable(one.stdout).columns, COLUMNS);
  const suite = spawnSync(process.execPath, [script, '--threads', '2', '--suite', 'dcgan', '--only', 'D04', '--min-ms', '5'],
    { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(suite.status, 0, `${suite.stdout}\n${suite.stderr}`);
  assert.deepEqual(parseTable(suite.stdout).columns.slice(0, 5), ['id', 'setting', 'count', 'wasmconv ms', 'wasmconv 2T']);
  assert.match(suite.stdout, /^network dcgan \(--only: 1 of its 5 distinct layers, 1 convolutions\): .*; wasmconv on 1 thread \d+\.\d\d, scaling \d+\.\d\dx$/m);
  assert.match(suite.stdout, /^wasmconv's scaling, 2 threads over 1: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(D04\), over 1 setting$/m);
});

test('--layout nhwc: wasmconv with NHWC data beside its NCHW run, its ratio and XNNPACK\'s, and a summary', async () => {
  // The fake peers: XNNPACK's result is missing, ORT's wrong; wasmconv NHWC must pass the check.
  const lines = [];
  const { columns, rows, results, layout } = await runBenchmark({
    simd: await load({ simd: true }), scalar: await load({ simd: false }), tf: fakeTf, ort: fakeOrt(6 * 5 * 5),
    shapesText: SHAPES, minMs: 2, peak: 1, environment: 'test', log: (l) => lines.push(l), layout: 'nhwc',
  });
  assert.deepEqual(columns, layoutColumns());
  assert.deepEqual(columns, ['id', 'setting', 'wasmconv ms', 'wasmconv', NHWC, 'NHWC/NCHW time', 'XNNPACK', 'ORT Web',
    'vs best peer', 'NHWC vs XNNPACK', 'vs peak']);
  for (const r of results) {
    assert.ok(r.libraries[NHWC].ms > 0, `${r.id}: ${JSON.stringify(r.libraries[NHWC])}`);
    assert.equal(r.libraries.scalar, undefined, 'no scalar build in a layout run');
    assert.equal(r.libraries['JS loop'], undefined, 'no JS loop in a layout run');
  }
  for (const row of rows) {
    const cell = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    const r = results.find((x) => x.id === row[0]).libraries;
    assert.equal(cell['NHWC/NCHW time'], `${(r[NHWC].ms / r.wasmconv.ms).toFixed(2)}x`);
    assert.equal(cell['NHWC vs XNNPACK'], 'n/a'); // XNNPACK's result was missing
  }
  assert.equal(layout.layout.count, 2);
  assert.deepEqual(layout.xnnpack.without, ['A1', 'A2']);
  const printed = lines.join('\n');
  assert.match(printed, /^layout: wasmconv runs every setting twice in the same rounds, with NCHW data and with NHWC data/m);
  assert.match(printed, /^wasmconv NHWC time over its NCHW time: geometric mean \d+\.\d\dx, highest \d+\.\d\dx \(A[12]\), <= 1\.15x on [012] of 2 settings$/m);
  assert.match(printed, /^XNNPACK's time over wasmconv NHWC's: no setting has a ratio$/m);
  assert.deepEqual(parseTable(printed), { columns, rows });
});

test('summarizeLayout counts the settings within the NHWC budget and at >= 1.0x XNNPACK, and names the worst', () => {
  const lib = (nchw, nhwc, xnn) => ({ wasmconv: { ms: nchw }, [NHWC]: { ms: nhwc }, XNNPACK: xnn === null ? 'unsupported' : { ms: xnn } });
  const s = summarizeLayout([
    { id: 'L1', libraries: lib(1, 1.1, 2) },
    { id: 'L2', libraries: lib(1, 1.3, 1.2) },
    { id: 'L3', libraries: lib(2, 2, null) },
  ]);
  assert.equal(NHWC_BUDGET, 1.15);
  assert.equal(s.layout.count, 3);
  assert.equal(s.layout.met, 2);
  assert.deepEqual(s.layout.worst, { id: 'L2', ratio: 1.3 });
  assert.ok(Math.abs(s.layout.geomean - Math.cbrt(1.1 * 1.3)) < 1e-12);
  assert.equal(s.xnnpack.count, 2);
  assert.equal(s.xnnpack.met, 1);
  assert.ok(Math.abs(s.xnnpack.worst.ratio - 1.2 / 1.3) < 1e-12);
  assert.equal(s.xnnpack.worst.id, 'L2');
  assert.deepEqual(s.xnnpack.without, ['L3']);
});

test('npm run bench -- --layout nhwc in Node prints the NHWC columns and the summary; a wrong --layout is an error', () => {
  const script = join(repoRoot, 'bench', 'run.mjs');
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const run = spawnSync(process.execPath, [script, '--layout', 'nhwc', '--shapes', shapes, '--only', 'S1,S4', '--min-ms', '5'],
    { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const { columns, rows } = parseTable(run.stdout);
  assert.deepEqual(columns, layoutColumns());
  for (const row of rows) {
    const cell = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    assert.match(cell[NHWC], /^\d+\.\d$/, `${row[0]} ${NHWC}`);
    assert.match(cell['NHWC/NCHW time'], /^\d+\.\d\dx$/, row[0]);
    // S4 is a dilated transposed convolution, which XNNPACK cannot express.
    assert.match(cell['NHWC vs XNNPACK'], row[0] === 'S4' ? /^n\/a$/ : /^\d+\.\d\dx$/, row[0]);
  }
  assert.match(run.stdout, /^wasmconv NHWC time over its NCHW time: geometric mean \d+\.\d\dx, highest \d+\.\d\dx \(S[14]\), <= 1\.15x on [012] of 2 settings$/m);
  assert.match(run.stdout, /^XNNPACK's time over wasmconv NHWC's: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(S1\), >= 1\.00x on [01] of 1 setting \(no ratio for S4\)$/m);
  for (const [args, message] of [
    [['--layout', 'NHWC'], /^bench: --layout must be nchw or nhwc, got NHWC$/m],
    [['--layout', 'nhwc', '--threads', '2'], /^bench: --layout nhwc is a single-threaded comparison: leave out --threads$/m],
    [['--layout', 'nhwc', '--networks'], /^bench: --layout goes with the layer runs, not --networks$/m],
  ]) {
    const bad = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
    assert.equal(bad.status, 2, `${args}: ${bad.stdout}${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});

test('--epilogue times each setting plain and with every epilogue in the same rounds, checked, with the extra time and a summary', async () => {
  const wc = await load({ simd: true, threads: 1 });
  const lines = [];
  const out = await runEpilogueBenchmark({ wc, shapesText: SHAPES, minMs: 2, environment: 'test', log: (l) => lines.push(l) });
  const printed = lines.join('\n');
  assert.match(printed, /^wasmconv epilogue benchmark, \d{4}-\d\d-\d\d, test, build wasm-simd128, 1 thread, NCHW data, median of runs, caches as the round left them$/m);
  assert.deepEqual(out.columns, epilogueColumns());
  assert.deepEqual(out.columns, ['id', 'setting', 'conv ms', 'relu extra', 'relu6 extra', 'hardSwish extra', 'residual + relu extra', 'worst']);
  assert.deepEqual(parseTable(printed), { columns: out.columns, rows: out.rows });
  assert.deepEqual(out.results.map((r) => r.id), ['A1', 'A2']);
  for (const [i, r] of out.results.entries()) {
    // Every run passed the reference check (with its activation and residual), so each has a time.
    for (const name of [PLAIN, ...EPILOGUES.map((e) => e.name)]) assert.ok(r.libraries[name].ms > 0, `${r.id} ${name}`);
    const extras = EPILOGUES.map((e) => r.libraries[e.name].ms / r.libraries[PLAIN].ms - 1);
    const pct = (v) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}%`;
    assert.deepEqual(out.rows[i], [r.id, out.rows[i][1], r.libraries[PLAIN].ms.toFixed(3), ...extras.map(pct), pct(Math.max(...extras))]);
  }
  const all = summarizeEpilogue(out.results).all;
  assert.deepEqual(out.summary.all, all);
  assert.equal(all.count, 2 * EPILOGUES.length);
  for (const e of EPILOGUES) {
    assert.match(printed, new RegExp(`^${e.name.replace('+', '\\+')}: extra time median [+-]\\d+\\.\\d%, worst [+-]\\d+\\.\\d% \\(A[12]\\), <= \\+5\\.0% on [012] of 2$`, 'm'));
  }
  assert.match(printed, /^every epilogue: extra time median [+-]\d+\.\d%, worst [+-]\d+\.\d% \(A[12] [a-z+ 6S]+\), <= \+5\.0% on \d of 8$/m);
});

test('--epilogue --layout nhwc times channels-last layers, each epilogue checked against the reference', async () => {
  const wc = await load({ simd: true, threads: 1 });
  const lines = [];
  // P1 runs on the channels-last GEMM, which reads NHWC in place.
  const shapesText = `${SHAPES}P1 conv  in=16x6x5 out=9 k=1\n`;
  const out = await runEpilogueBenchmark({ wc, shapesText, minMs: 2, layout: 'nhwc', environment: 'test', log: (l) => lines.push(l) });
  assert.match(lines.join('\n'), /^wasmconv epilogue benchmark, .*, 1 thread, NHWC data, median of runs, /m);
  assert.deepEqual(out.results.map((r) => r.id), ['A1', 'A2', 'P1']);
  // A cell has a time only when the channels-last run matched the reference (back in NCHW).
  for (const r of out.results) {
    for (const name of [PLAIN, ...EPILOGUES.map((e) => e.name)]) assert.ok(r.libraries[name].ms > 0, `${r.id} ${name}`);
  }
});

test('an epilogue run whose layer cannot take the residual says why in its cells and the run goes on', async () => {
  const wc = await load({ simd: true, threads: 1 });
  // The residual is refused: every epilogue with one is 'failed', with its message before the row.
  const refusing = { ...wc, createConv2d: (w, options) => {
    const layer = wc.createConv2d(w, options);
    return { ...layer, outputShape: (s) => layer.outputShape(s), dispose: () => layer.dispose(),
      run: (x, o) => { if (o.residual) throw new Error('no residual here'); return layer.run(x, o); } };
  } };
  const lines = [];
  const out = await runEpilogueBenchmark({ wc: refusing, shapesText: SHAPES, only: ['A1'], minMs: 2, environment: 'test', log: (l) => lines.push(l) });
  const cells = out.results[0].libraries;
  assert.equal(cells['residual + relu'], 'failed');
  assert.ok(lines.includes('A1 residual + relu failed: no residual here'), lines.join('\n'));
  for (const name of [PLAIN, 'relu', 'relu6', 'hardSwish']) assert.ok(cells[name].ms > 0, name);
  assert.equal(out.rows[0][out.columns.indexOf('residual + relu extra')], 'failed');
  assert.equal(out.summary['residual + relu'].count, 0);
  assert.deepEqual(out.summary.all.without, ['A1']);
  assert.match(lines.join('\n'), /^residual \+ relu: no setting has a time$/m);
});

test('--epilogue --runs 3: each run\'s table, then the median time per setting over the runs and the extras from it', async () => {
  const wc = await load({ simd: true, threads: 1 });
  const lines = [];
  const out = await runEpilogueBenchmark({ wc, shapesText: SHAPES, only: ['A2'], minMs: 2, runs: 3, environment: 'test', log: (l) => lines.push(l) });
  assert.equal(out.runs.length, 3);
  const printed = lines.join('\n');
  for (const run of [1, 2, 3]) assert.match(printed, new RegExp(`^Run ${run} of 3: plain ms and extra time per epilogue`, 'm'));
  assert.match(printed, /^Medians of 3 runs/m);
  for (const name of [PLAIN, ...EPILOGUES.map((e) => e.name)]) {
    assert.equal(out.results[0].libraries[name].ms, medianOf(out.runs.map((r) => r.results[0].libraries[name].ms)), name);
  }
  assert.deepEqual(parseTable(printed), { columns: out.columns, rows: out.rows });
});

test('summarizeEpilogue takes the median and worst extra per epilogue and over all, and counts those within 5%', () => {
  const cells = (plain, extras) => ({ [PLAIN]: { ms: plain }, ...Object.fromEntries(EPILOGUES.map((e, i) => [e.name, extras[i]])) });
  const s = summarizeEpilogue([
    { id: 'E1', libraries: cells(1, [{ ms: 1.01 }, { ms: 1.02 }, { ms: 1.10 }, { ms: 1.04 }]) },
    { id: 'E2', libraries: cells(2, [{ ms: 2.00 }, { ms: 2.08 }, { ms: 2.02 }, 'failed']) },
    { id: 'E3', libraries: cells(4, [{ ms: 3.96 }, { ms: 4.00 }, { ms: 4.40 }, { ms: 4.12 }]) },
  ]);
  const near = (a, b) => Math.abs(a - b) < 1e-12;
  assert.equal(s.relu.count, 3);
  assert.ok(near(s.relu.median, 0), s.relu.median);
  assert.equal(s.relu.met, 3);
  assert.equal(s.hardSwish.worst.id, 'E1');
  assert.ok(near(s.hardSwish.worst.extra, 0.1));
  assert.equal(s.hardSwish.met, 1);
  assert.deepEqual(s['residual + relu'].without, ['E2']);
  assert.equal(s['residual + relu'].count, 2);
  assert.equal(s.all.count, 11);
  assert.equal(s.all.met, 9); // all but hardSwish's +10% on E1 and E3
  assert.equal(s.all.worst.name, 'hardSwish');
  assert.ok(near(s.all.median, 0.02), s.all.median); // the sorted 11 extras' sixth
  assert.equal(EPILOGUE_BUDGET, 0.05);
});

test('npm run bench -- --epilogue in Node prints the epilogue table and summary; it goes with neither --networks nor --layout', () => {
  const script = join(repoRoot, 'bench', 'run.mjs');
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const run = spawnSync(process.execPath, [script, '--epilogue', '--shapes', shapes, '--only', 'S1,S3', '--min-ms', '5'],
    { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const { columns, rows } = parseTable(run.stdout);
  assert.deepEqual(columns, epilogueColumns());
  assert.deepEqual(rows.map((r) => r[0]), ['S1', 'S3']);
  for (const row of rows) {
    assert.ok(Number(row[2]) > 0, row.join(' | '));
    for (const cell of row.slice(3)) assert.match(cell, /^[+-]\d+\.\d%$/, row.join(' | '));
  }
  assert.match(run.stdout, /^every epilogue: extra time median [+-]\d+\.\d%, worst [+-]\d+\.\d% \(S[13] .+\), <= \+5\.0% on \d of 8$/m);
  for (const [args, message] of [
    [['--epilogue', '--networks'], /^bench: --epilogue goes with the layer runs, not --networks$/m],
  ]) {
    const bad = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
    assert.equal(bad.status, 2, `${args}: ${bad.stdout}${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});

test('ab-builds compares two package folders layer by layer, bitwise, with a gap between input and output, on NCHW or NHWC data', () => {
  const script = join(repoRoot, 'bench', 'ab-builds.mjs');
  const ab = (args) => spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 5 * 60_000 });
  const run = ab(['--a', '.', '--b', '.', '--build', 'simd', '--only', 'T4,C6', '--rounds', '2', '--sample-ms', '1', '--gap', '100']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /build: simd, 2 rounds of 1 ms samples, 100 floats between input and output/);
  // One row per layer: both times, the median ratio and its range, and the largest difference
  // of the two outputs (the same package: none).
  for (const id of ['T4', 'C6']) assert.match(run.stdout, new RegExp(`^${id} .* \\d+\\.\\d{3} +\\d+\\.\\d{3}  \\d\\.\\d{3}  \\(\\d\\.\\d\\d-\\d+\\.\\d\\d\\)  0$`, 'm'));
  assert.match(run.stdout, /geometric mean of B\/A over 2 layers: \d\.\d{3}/);
  const bad = ab(['--a', '.', '--gap', '-5']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /ab-builds: --gap must be/);
  // Channels-last data: the same rows, said in the header.
  const last = ab(['--a', '.', '--b', '.', '--build', 'simd', '--only', 'C6', '--rounds', '2', '--sample-ms', '1', '--layout', 'nhwc']);
  assert.equal(last.status, 0, last.stderr);
  assert.match(last.stdout, /2 rounds of 1 ms samples, NHWC data/);
  assert.match(last.stdout, /^C6 .* \d+\.\d{3} +\d+\.\d{3}  \d\.\d{3}  \(\d\.\d\d-\d+\.\d\d\)  0$/m);
  const badLayout = ab(['--a', '.', '--layout', 'NHWC']);
  assert.equal(badLayout.status, 2);
  assert.match(badLayout.stderr, /ab-builds: --layout must be nchw or nhwc, got NHWC/);
});
