// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark (`npm run bench`), functionally, not timed, in its browser mode and, for
// comparison, in Node: run on the small shapes of support/bench-shapes.txt with a short
// --min-ms, each must exit cleanly and print the table with every row and column, where
// each library's cell is a GFLOP/s figure (its result passed the reference check) except
// the one setting XNNPACK cannot express, and wasmconv's share of the peak probe timed in
// the same rounds is a percentage. No figure has to reach any speed: the machine may be
// busy with other work. The browser run is the --warm one, the Node run the
// default, and each header must name its cache state. A layer suite and a random draw
// run in the page too, with their network line and summary, and a threaded run (--threads 2)
// on a page that must be cross-origin isolated, with wasmconv on 2 threads, and the epilogue
// run (--epilogue). Needs the peak probe (scripts/test.sh builds it), except --networks and
// --epilogue, which also run in the page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { COLUMNS, PEERS, SUITE_COLUMNS } from '../../bench/core.mjs';
import { epilogueColumns } from '../../bench/epilogue.mjs';
import { NETWORK_COLUMNS } from '../../bench/networks.mjs';
import { drawShapes } from '../../bench/random.mjs';
import { settingLabel } from '../../bench/shapes.mjs';
import { parseTable } from '../../bench/table.mjs';
import { repoRoot } from '../js/support/paths.mjs';

const LIBRARIES = ['wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop'];
const SETTINGS = [
  ['S1', 'conv 16x32x32->16 k3 p1'],
  ['S2', 'conv 64x48x48->64 k3 p1 g64'],
  ['S3', 'convT 64x16x16->32 k4 s2 p1'],
  ['S4', 'convT 32x24x24->32 k3 s2 p2 d2'],
];

// A benchmark run takes as long as the machine makes it: the timeout only stops a hung
// run (and a killed run fails the exit-status check with its output).
const HANG_MS = 15 * 60_000;

// `args` beside a short --min-ms; on the small shapes unless they name a suite or a draw.
function bench(args) {
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const what = args.includes('--suite') || args.includes('--random') ? [] : ['--shapes', shapes];
  const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'run.mjs'), ...args, ...what, '--min-ms', '20'],
    { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `exit ${run.status}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

// `relaxed`: whether the engine has relaxed SIMD, so that the benchmark times the relaxed
// build and prints the fused multiply-add peak beside the mul+add one.
function checkOutput(stdout, environment, caches, relaxed) {
  assert.match(stdout, new RegExp(`^wasmconv benchmark, \\d{4}-\\d\\d-\\d\\d, ${environment}, single thread, median of runs, ${caches}`));
  assert.match(stdout, new RegExp(`^wasmconv builds: wasm-simd128${relaxed ? '\\+relaxed-madd' : ''} and scalar$`, 'm'));
  // The peaks are figures (measured, so any size: a busy machine lowers them).
  assert.match(stdout, /mul\+add peak measured the same way: \d+\.\d GFLOP\/s/);
  const fma = stdout.match(/fused multiply-add peak \(relaxed SIMD, the relaxed build's ceiling\): \d+\.\d GFLOP\/s, \d+\.\d\dx the mul\+add peak/);
  if (relaxed) assert.ok(fma, stdout);
  else assert.equal(fma, null);
  const { columns, rows } = parseTable(stdout);
  assert.deepEqual(columns, COLUMNS);
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), SETTINGS);
  for (const row of rows) {
    assert.equal(row.length, COLUMNS.length, row.join(' | '));
    const cell = Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]]));
    for (const library of LIBRARIES) {
      const what = `${row[0]} ${library}: ${cell[library]}`;
      if (row[0] === 'S4' && library === 'XNNPACK') {
        assert.equal(cell[library], 'unsupported', what);
        continue;
      }
      // A GFLOP/s figure means the result passed the reference check; its size is not
      // checked (on a loaded machine the JS loop rounds to 0.0, and any library could).
      assert.match(cell[library], /^\d+\.\d$/, what);
    }
    // A time was measured: the run took some.
    assert.ok(Number(cell['wasmconv ms']) > 0, `${row[0]} wasmconv ms: ${cell['wasmconv ms']}`);
    assert.match(cell['vs best peer'], /^\d+\.\d\dx$/);
    assert.match(cell['vs peak'], /^\d+%$/);
  }
}

test('npm run bench -- --browser --warm runs every library in Chromium and checks every result', () => {
  checkOutput(bench(['--browser', '--warm']), 'Chromium \\d+\\.[\\d.]+ headless', 'caches warm', true);
});

test('npm run bench prints the same table in Node', () => {
  // Node 20 without --experimental-wasm-relaxed-simd (npm run bench passes it; this does not).
  checkOutput(bench([]), 'Node v[\\d.]+', 'caches as the round left them', false);
});

test('npm run bench -- --browser --suite fetches the suite in the page and prints the network line', () => {
  const stdout = bench(['--browser', '--suite', 'dcgan', '--only', 'D02,D04']);
  assert.match(stdout, /^wasmconv benchmark, \d{4}-\d\d-\d\d, Chromium \d+\.[\d.]+ headless, /);
  assert.match(stdout, /^layer suites: dcgan /m);
  const { columns, rows } = parseTable(stdout);
  assert.deepEqual(columns, SUITE_COLUMNS);
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['D02', 'convT 512x4x4->256 k4 s2 p1', '1'], ['D04', 'convT 128x16x16->64 k4 s2 p1', '1']]);
  for (const row of rows) {
    for (const library of LIBRARIES) assert.match(row[SUITE_COLUMNS.indexOf(library)], /^\d+\.\d$/, `${row[0]} ${library}`);
  }
  const line = stdout.match(/^network dcgan \(--only: 2 of its 5 distinct layers, 2 convolutions\): sum of count x median ms: wasmconv (\d+\.\d\d), XNNPACK \d+\.\d\d, ORT Web \d+\.\d\d; wasmconv \d+\.\d\dx the best peer \((XNNPACK|ORT Web)\)$/m);
  assert.ok(line, stdout);
  const tableSum = rows.reduce((sum, r) => sum + Number(r[SUITE_COLUMNS.indexOf('wasmconv ms')]), 0);
  assert.ok(Math.abs(Number(line[1]) - tableSum) <= 0.011, `${line[1]} vs ${tableSum}`);
});

test('npm run bench -- --browser --random draws the same shapes in the page as in Node', () => {
  const stdout = bench(['--browser', '--random', '3', '--seed', '4']);
  assert.match(stdout, /^random shapes: 3 drawn with seed 4 /m);
  const { columns, rows } = parseTable(stdout);
  assert.deepEqual(columns, COLUMNS);
  assert.deepEqual(rows.map((r) => [r[0], r[1]]), drawShapes(3, 4).map((s) => [s.id, settingLabel(s)]));
  assert.match(stdout, /^random shapes, seed 4: \d of \d shapes with a peer's time at >= 1\.0x the best peer \(\d+\.\d%\)$/m);
  assert.match(stdout, /^worst (one|two|three) \(as shape lines/m);
});

test('npm run bench -- --browser --threads 2 runs on a cross-origin isolated page, wasmconv on 2 threads and on 1', () => {
  const stdout = bench(['--browser', '--threads', '2', '--only', 'S1,S3']);
  assert.match(stdout, /^wasmconv benchmark, \d{4}-\d\d-\d\d, Chromium \d+\.[\d.]+ headless, 2 threads, /);
  // The page was served with COOP/COEP: isolated, so SharedArrayBuffer and threads are there.
  assert.match(stdout, /^page: crossOriginIsolated true, SharedArrayBuffer available$/m);
  assert.match(stdout, /^ {2}wasmconv: 2 \(wc\.threads of load\(\{ threads: 2 \}\)\); also timed on 1 /m);
  // Each peer says what it runs on: a thread count and its source, or why it did not run.
  const peerThreads = {};
  for (const peer of PEERS) {
    const line = stdout.match(new RegExp(`^ {2}${peer}: (\\d+|not run)(.*)$`, 'm'));
    assert.ok(line, `${peer}\n${stdout}`);
    peerThreads[peer] = line[1] === 'not run' ? 0 : Number(line[1]);
    if (peerThreads[peer] === 0) assert.match(line[2], /its error: /, line[0]);
  }
  const label = (peer) => (peerThreads[peer] ? `${peer} ${peerThreads[peer]}T` : peer);
  // The Node side reads Chromium's CPU time (/proc, on Linux): how many threads each keeps busy.
  const busy = ['wasmconv 2T', 'wasmconv 1T', ...PEERS.filter((p) => peerThreads[p]).map(label)]
    .map((name) => `${name} \\d+\\.\\d\\d`).join(', ');
  assert.match(stdout, new RegExp(`^ {2}CPU time over wall time while each library runs conv 64x56x56->64 k3 p1 .*: ${busy}$`, 'm'));
  const { columns, rows } = parseTable(stdout);
  assert.deepEqual(columns, ['id', 'setting', 'wasmconv ms', 'wasmconv 2T', 'wasmconv 1T', 'scaling', 'kernel scaling', label('XNNPACK'),
    label('ORT Web'), 'vs best peer', 'vs 2x peak']);
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), [SETTINGS[0], SETTINGS[2]]);
  for (const row of rows) {
    const cell = Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    // Both of wasmconv's results passed the reference check, and so did each peer's that ran.
    assert.match(cell['wasmconv 2T'], /^\d+\.\d$/, row[0]);
    assert.match(cell['wasmconv 1T'], /^\d+\.\d$/, row[0]);
    assert.match(cell.scaling, /^\d+\.\d\dx$/, row[0]);
    assert.match(cell['kernel scaling'], /^\d+\.\d\dx$/, row[0]);
    for (const peer of PEERS) assert.match(cell[label(peer)], peerThreads[peer] ? /^\d+\.\d$/ : /^not run$/, `${row[0]} ${peer}`);
  }
  assert.match(stdout, /^wasmconv's scaling, 2 threads over 1: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \(S[13]\), over 2 settings$/m);
  assert.match(stdout, /^wasmconv's kernel scaling \(into a tensor, no copy out\), 2 threads over 1: geometric mean \d+\.\d\dx, /m);
  assert.match(stdout, /^wasmconv on 2 threads against the best peer of each setting: /m);
});

test('npm run bench -- --browser --epilogue times each setting plain and with every epilogue in the page', () => {
  const stdout = bench(['--browser', '--epilogue', '--only', 'S1,S2']);
  assert.match(stdout, /^wasmconv epilogue benchmark, \d{4}-\d\d-\d\d, Chromium \d+\.[\d.]+ headless, build wasm-simd128\+relaxed-madd, 1 thread, /);
  const { columns, rows } = parseTable(stdout);
  assert.deepEqual(columns, epilogueColumns());
  assert.deepEqual(rows.map((r) => r.slice(0, 2)), SETTINGS.slice(0, 2));
  // Every run passed the reference check with its activation and residual: a time and extras.
  for (const row of rows) {
    assert.ok(Number(row[2]) > 0, row.join(' | '));
    for (const cell of row.slice(3)) assert.match(cell, /^[+-]\d+\.\d%$/, row.join(' | '));
  }
  assert.match(stdout, /^every epilogue: extra time median [+-]\d+\.\d%, worst [+-]\d+\.\d% \(S[12] .+\), <= \+5\.0% on \d of 8$/m);
});

test('bench/layer-loop.mjs --browser times a layer and the probe in a cross-origin isolated page', () => {
  const shapes = join(repoRoot, 'tests', 'browser', 'support', 'bench-shapes.txt');
  const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'layer-loop.mjs'), '--browser', '--shapes', shapes,
    '--only', 'S3', '--rounds', '3', '--flush', '4', '--probe'], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `exit ${run.status}\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^in Chromium \d+\.[\d.]+ headless$/m);
  assert.match(run.stdout, /4 MB written between calls, the mul\+add probe timed in every round/);
  const [, arrayMs, arrayGf] = run.stdout.match(/^S3 convT 64x16x16->32 k4 s2 p1: into an array (\d+\.\d{3}) ms (\d+\.\d) GFLOP\/s, into a tensor \d+\.\d{3} ms/m) ?? [];
  assert.ok(arrayMs, run.stdout);
  const gflop = (2 * 64 * 32 * 16 * 16 * 16) / 1e9;
  assert.ok(Math.abs(Number(arrayGf) - (gflop / Number(arrayMs)) * 1e3) <= 0.05 + 1e-3 * Number(arrayGf), `${arrayMs} ms ${arrayGf}`);
  assert.match(run.stdout, /correlation of the rounds with the probe's: into an array -?\d\.\d\d, into a tensor -?\d\.\d\d$/m);
});

test('npm run bench -- --networks --browser: two networks end to end in the page, every engine timed', () => {
  const run = spawnSync(process.execPath, [join(repoRoot, 'bench', 'run.mjs'), '--networks', '--browser', '--only', 'dcgan,mobilenetv2',
    '--min-ms', '20'], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });
  assert.equal(run.status, 0, `exit ${run.status}\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^wasmconv networks end to end, \d{4}-\d\d-\d\d, Chromium [\d.]+ headless, single thread/m);
  const { columns, rows } = parseTable(run.stdout);
  assert.deepEqual(columns, NETWORK_COLUMNS);
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['mobilenetv2', '[1,3,224,224] -> [1,1000,1,1]', '54'],
    ['dcgan', '[1,100,1,1] -> [1,3,64,64]', '5']]);
  // Every engine's output agreed with wasmconv's, so each has a time, and there is a ratio.
  for (const r of rows) assert.ok(r.slice(3, 6).every((c) => /^\d+\.\d\d$/.test(c)) && /^\d+\.\d\dx$/.test(r[6]), r.join(' | '));
});
