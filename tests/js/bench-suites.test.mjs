// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The benchmark's layer suites and random draw (bench/suites/, bench/suites.mjs,
// bench/random.mjs): every suite file parses and is the network it names, each layer
// once with its count, as derived here again from the architecture's own description;
// every layer and every drawn shape is one the library accepts (its outputShape and macs
// agree); the network totals and the random summary add up on made-up timings; the draw
// is the same for a seed and stays in its ranges; the command line refuses what it
// cannot do; and two tiny real runs print what they should. Nothing here depends on how
// fast anything ran.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { COLUMNS, PEERS, SUITE_COLUMNS } from '../../bench/core.mjs';
import {
  denseMacs, drawCandidate, drawShapes, MAX_FLOP, MAX_TENSOR_FLOATS, outputSize, randomStream, randomSummary, rejection,
} from '../../bench/random.mjs';
import { formatShape, parseShapes, settingLabel, wasmconvCall } from '../../bench/shapes.mjs';
import { layerGroups, networkLine, networkTotal, SUITES, suiteNames, suiteUrl } from '../../bench/suites.mjs';
import { parseTable } from '../../bench/table.mjs';
import { load } from '../../bindings/js/node.js';
import { repoRoot } from './support/paths.mjs';

const HANG_MS = 15 * 60_000; // only stops a hung run
const script = join(repoRoot, 'bench', 'run.mjs');
const bench = (args) => spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: HANG_MS });

const suiteText = (name) => readFileSync(suiteUrl(name), 'utf8');
const suiteLayers = (name) => parseShapes(suiteText(name));

// A layer's shape without its id and count, every key spelled out.
const key = (s) => `${s.op} ${s.c}x${s.h}x${s.w}->${s.cOut} k${s.k} s${s.s} p${s.p} d${s.d} g${s.g} op${s.op_}`;

// Collects a network's convolutions as derived from its architecture: key -> count.
function network() {
  const counts = new Map();
  const layer = (op, [c, h, w], cOut, k, { s = 1, p = 0, d = 1, g = 1, op_ = 0 } = {}) => {
    const k_ = key({ op, c, h, w, cOut, k, s, p, d, g, op_ });
    counts.set(k_, (counts.get(k_) ?? 0) + 1);
    // The output's size by the usual formulas (checked against the library separately).
    const size = (n) => (op === 'conv' ? Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1 : (n - 1) * s - 2 * p + d * (k - 1) + 1 + op_);
    return [cOut, size(h), size(w)];
  };
  return { counts, layer };
}

// MobileNetV2 at 224 from its paper's table (Sandler et al. 2018, Table 2): a 3x3 stride-2
// stem to 32 channels, then rows (t, c, n, s) of inverted residual blocks, then a 1x1 to
// 1280. A block: 1x1 expand to t x its input channels (none when t = 1), 3x3 depthwise
// with the row's stride in the row's first block, 1x1 project to c.
function mobilenetV2() {
  const { counts, layer } = network();
  let x = layer('conv', [3, 224, 224], 32, 3, { s: 2, p: 1 });
  for (const [t, c, n, s] of [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]) {
    for (let i = 0; i < n; i++) {
      const hidden = x[0] * t;
      let y = t === 1 ? x : layer('conv', x, hidden, 1);
      y = layer('conv', y, hidden, 3, { s: i === 0 ? s : 1, p: 1, g: hidden });
      x = layer('conv', y, c, 1);
    }
  }
  layer('conv', x, 1280, 1);
  return counts;
}

// ResNet-18 at 224 (He et al. 2016, Table 1, with torchvision's 1x1 stride-2 shortcuts):
// 7x7 stride-2 stem to 64, a max pool to 56, then four stages of two basic blocks at 64,
// 128, 256, 512 channels; stages 2-4 start with stride 2 and a 1x1 shortcut.
function resnet18() {
  const { counts, layer } = network();
  let x = layer('conv', [3, 224, 224], 64, 7, { s: 2, p: 3 });
  x = [64, 56, 56]; // the 3x3 stride-2 max pool
  for (const [width, first] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    for (let block = 0; block < 2; block++) {
      const s = block === 0 ? first : 1;
      const y = layer('conv', layer('conv', x, width, 3, { s, p: 1 }), width, 3, { p: 1 });
      if (s !== 1) layer('conv', x, width, 1, { s });
      x = y;
    }
  }
  return counts;
}

// The small U-Net of bench/suites/unet.txt: encoder levels 32, 64, 128, 256 channels
// (two padded 3x3 each, a 2x2 max pool between), decoder levels back up (2x2 stride-2
// transposed convolution halving the channels, concatenation with the skip, two 3x3),
// a 1x1 to one channel.
function unet() {
  const { counts, layer } = network();
  let x = [3, 256, 256];
  const skips = [];
  const widths = [32, 64, 128, 256];
  widths.forEach((width, level) => {
    x = layer('conv', layer('conv', x, width, 3, { p: 1 }), width, 3, { p: 1 });
    if (level < widths.length - 1) {
      skips.push(x);
      x = [x[0], x[1] / 2, x[2] / 2]; // max pool
    }
  });
  for (const width of [128, 64, 32]) {
    const up = layer('convT', x, width, 2, { s: 2 });
    const skip = skips.pop();
    assert.deepEqual(up, skip, 'the upsampled map meets its skip at the same size');
    x = layer('conv', layer('conv', [up[0] + skip[0], up[1], up[2]], width, 3, { p: 1 }), width, 3, { p: 1 });
  }
  layer('conv', x, 1, 1);
  return counts;
}

// The DCGAN generator (nz 100, ngf 64): 4x4 transposed convolutions, the first from 1x1
// with stride 1, the others stride 2 padding 1, to 3 channels.
function dcgan() {
  const { counts, layer } = network();
  let x = layer('convT', [100, 1, 1], 512, 4);
  for (const c of [256, 128, 64, 3]) x = layer('convT', x, c, 4, { s: 2, p: 1 });
  assert.deepEqual(x, [3, 64, 64]);
  return counts;
}

// FSRCNN(d 56, s 12, m 4) at scale 3 on a 1x256x256 luminance.
function fsrcnn() {
  const { counts, layer } = network();
  let x = layer('conv', [1, 256, 256], 56, 5, { p: 2 });
  x = layer('conv', x, 12, 1);
  for (let i = 0; i < 4; i++) x = layer('conv', x, 12, 3, { p: 1 });
  x = layer('conv', x, 56, 1);
  x = layer('convT', x, 1, 9, { s: 3, p: 4, op_: 2 });
  assert.deepEqual(x, [1, 768, 768]);
  return counts;
}

const ARCHITECTURES = { mobilenetv2: mobilenetV2, resnet18, unet, dcgan, superres: fsrcnn };
// Convolutions per network, counted from the architectures by hand (the derivations above
// must agree): MobileNetV2 has a stem, 17 blocks of which the first has no expand (2 + 16 x 3
// = 50), and the last 1x1: 52. ResNet-18: the stem, 8 blocks x 2, 3 shortcuts: 20. The
// U-Net: 8 in the encoder, 3 transposed and 6 in the decoder, the last 1x1: 18. DCGAN: 5.
// FSRCNN: 1 + 1 + 4 + 1 + 1 = 8.
const TOTALS = { mobilenetv2: 52, resnet18: 20, unet: 18, dcgan: 5, superres: 8 };
const PREFIXES = { mobilenetv2: 'M', resnet18: 'R', unet: 'U', dcgan: 'D', superres: 'F' };

test('every suite is its network: each convolution once, with the count the architecture gives', () => {
  assert.deepEqual(Object.keys(ARCHITECTURES), SUITES);
  for (const name of SUITES) {
    const layers = suiteLayers(name);
    const fromFile = new Map(layers.map((s) => [key(s), s.count]));
    assert.equal(fromFile.size, layers.length, `${name}: a layer is listed twice`);
    assert.deepEqual(fromFile, ARCHITECTURES[name](), name);
    assert.equal(layers.reduce((n, s) => n + s.count, 0), TOTALS[name], name);
    layers.forEach((s, i) => assert.equal(s.id, `${PREFIXES[name]}${String(i + 1).padStart(2, '0')}`, `${name} ids in order`));
  }
  // The kinds of MobileNetV2's 52: 17 depthwise (one per block), 16 expands, 17 projects and
  // the last 1x1 (34 pointwise in all), the stem.
  const m = suiteLayers('mobilenetv2');
  const sum = (pick) => m.filter(pick).reduce((n, s) => n + s.count, 0);
  assert.equal(sum((s) => s.g > 1 && s.g === s.c), 17);
  assert.equal(sum((s) => s.k === 1), 16 + 17 + 1);
  assert.equal(sum((s) => s.k === 3 && s.g > 1 && s.s === 2), 4); // the stride-2 blocks
  // ResNet-18's 3 shortcuts are its only 1x1 layers, all stride 2.
  assert.deepEqual(suiteLayers('resnet18').filter((s) => s.k === 1).map((s) => [s.s, s.count]), [[2, 1], [2, 1], [2, 1]]);
  // All suites together: ids unique across them (layerGroups refuses shared ones).
  const groups = layerGroups({ suites: SUITES.map((name) => ({ name, shapesText: suiteText(name) })) });
  assert.deepEqual(groups.map((g) => [g.network, g.distinct]), SUITES.map((n) => [n, suiteLayers(n).length]));
});

test('every suite layer is one the library accepts, at the size the file says', async () => {
  const wc = await load({ simd: false });
  for (const name of SUITES) {
    for (const s of suiteLayers(name)) {
      const call = wasmconvCall(s);
      const shape = wc.outputShape(call.name, call.xShape, call.wShape, call.options);
      assert.deepEqual(shape, [1, s.cOut, ...outputSize(s)], `${s.id}`);
      assert.equal(wc.macs(call.name, call.xShape, call.wShape, call.options), denseMacs(s), `${s.id} macs`);
    }
  }
  // MobileNetV2's stem halves 224; FSRCNN's upsampler triples 256.
  assert.deepEqual(outputSize(suiteLayers('mobilenetv2')[0]), [112, 112]);
  assert.deepEqual(outputSize(suiteLayers('superres').at(-1)), [768, 768]);
  // The networks' cost as their papers give it, in multiply-adds with the classifier (a
  // 1280 x 1000 or 512 x 1000 linear layer): MobileNetV2 300M (Sandler et al., Table 3),
  // ResNet-18 1.8 x 10^9 (He et al., Table 1). The suites' sums of count x macs, plus the
  // classifier, are within 1% of both.
  const macs = (name) => suiteLayers(name).reduce((n, s) => n + s.count * denseMacs(s), 0);
  const near = (got, want) => Math.abs(got - want) <= 0.01 * want;
  assert.ok(near(macs('mobilenetv2') + 1280 * 1000, 300e6), `${macs('mobilenetv2')}`);
  assert.ok(near(macs('resnet18') + 512 * 1000, 1.8e9), `${macs('resnet18')}`);
});

test('a network total sums count x median ms per library and compares only complete peers', () => {
  const settings = [{ id: 'A', count: 2 }, { id: 'B', count: 1 }, { id: 'C', count: 3 }];
  const cell = (ms) => ({ ms, gf: 1 });
  const results = [
    { id: 'A', libraries: { wasmconv: cell(1), XNNPACK: cell(2), 'ORT Web': cell(1.5) } },
    { id: 'B', libraries: { wasmconv: cell(4), XNNPACK: 'unsupported', 'ORT Web': cell(6) } },
    { id: 'C', libraries: { wasmconv: cell(0.5), XNNPACK: cell(1), 'ORT Web': cell(2) } },
  ];
  const total = networkTotal(settings, results, PEERS);
  // wasmconv: 2 x 1 + 4 + 3 x 0.5 = 7.5; ORT: 3 + 6 + 6 = 15; XNNPACK lacks B: 4 + 3 = 7 over the rest.
  assert.equal(total.convolutions, 6);
  assert.equal(total.layers, 3);
  assert.deepEqual(total.libraries.wasmconv, { ms: 7.5, missing: [] });
  assert.deepEqual(total.libraries.XNNPACK, { ms: 7, missing: [{ id: 'B', why: 'unsupported' }] });
  assert.deepEqual(total.libraries['ORT Web'], { ms: 15, missing: [] });
  assert.equal(total.best, 'ORT Web'); // XNNPACK's 7 is less, but it is not comparable
  assert.equal(total.ratio, 2);
  assert.equal(networkLine('toy', total, 3), 'network toy (6 convolutions, 3 distinct layers): sum of count x median ms: ' +
    'wasmconv 7.50, XNNPACK not comparable (no time for B unsupported; the other layers sum to 7.00), ORT Web 15.00; ' +
    'wasmconv 2.00x the best peer (ORT Web)');
  // With both peers complete the faster one is the best; fewer layers than the suite has are said.
  results[1].libraries.XNNPACK = cell(3);
  const both = networkTotal(settings.slice(0, 2), results, PEERS);
  assert.equal(both.best, 'XNNPACK');
  assert.equal(both.ratio, (2 * 2 + 3) / (2 * 1 + 4));
  assert.match(networkLine('toy', both, 3), /^network toy \(--only: 2 of its 3 distinct layers, 3 convolutions\): .*wasmconv 1\.17x the best peer \(XNNPACK\)$/);
  // No peer with every layer, or wasmconv without one: no ratio, and the line says why.
  results[0].libraries.XNNPACK = 'failed';
  results[0].libraries['ORT Web'] = 'wrong (1.0e+0)';
  const none = networkTotal(settings, results, PEERS);
  assert.equal(none.best, null);
  assert.equal(none.ratio, null);
  assert.match(networkLine('toy', none, 3), /ORT Web not comparable \(no time for A wrong \(1\.0e\+0\); .*no ratio: no peer has a time for every layer$/);
  results[2].libraries.wasmconv = 'failed';
  results[0].libraries['ORT Web'] = cell(1);
  results[0].libraries.XNNPACK = cell(1);
  const ours = networkTotal(settings, results, PEERS);
  assert.equal(ours.ratio, null);
  assert.match(networkLine('toy', ours, 3), /no ratio: wasmconv has no time for every layer$/);
});

test('the random draw is the same for a seed, a prefix for a smaller count, and stays in its ranges', async () => {
  assert.deepEqual(drawShapes(40, 123), drawShapes(40, 123));
  assert.deepEqual(drawShapes(10, 123), drawShapes(40, 123).slice(0, 10));
  assert.notDeepEqual(drawShapes(10, 123), drawShapes(10, 124));
  // The stream: numbers in [0, 1), the same for a seed, spread over the range.
  const next = randomStream(5);
  const values = Array.from({ length: 10000 }, next);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  assert.deepEqual(Array.from({ length: 5 }, randomStream(5)), values.slice(0, 5));
  const mean = values.reduce((a, b) => a + b) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);

  const wc = await load({ simd: false });
  const shapes = drawShapes(400, 2026);
  assert.deepEqual(shapes.slice(0, 3).map((s) => s.id), ['X001', 'X002', 'X003']);
  assert.equal(drawShapes(1000, 1).at(-1).id, 'X1000');
  const seen = { op: new Set(), k: new Set(), s: new Set(), d: new Set(), kind: new Set() };
  for (const s of shapes) {
    const what = formatShape(s);
    assert.ok(s.c >= 1 && s.c <= 512 && s.cOut >= 1 && s.cOut <= 512, what);
    assert.ok(s.h >= 7 && s.h <= 512 && s.w >= 7 && s.w <= 512, what);
    assert.ok(s.k >= 1 && s.k <= 7 && s.s >= 1 && s.s <= 3 && s.d >= 1 && s.d <= 2, what);
    assert.ok(s.c % s.g === 0 && s.cOut % s.g === 0, what);
    assert.ok(s.op_ < s.s, what);
    // Valid for the library, at the size and cost the draw assumed, within the budget.
    const call = wasmconvCall(s);
    assert.deepEqual(wc.outputShape(call.name, call.xShape, call.wShape, call.options), [1, s.cOut, ...outputSize(s)], what);
    const macs = wc.macs(call.name, call.xShape, call.wShape, call.options);
    assert.equal(macs, denseMacs(s), what);
    assert.ok(2 * macs <= MAX_FLOP, what);
    const [oh, ow] = outputSize(s);
    for (const n of [s.c * s.h * s.w, s.c * (s.cOut / s.g) * s.k * s.k, s.cOut * oh * ow]) assert.ok(n <= MAX_TENSOR_FLOATS, what);
    // Read back from its line as the same setting.
    assert.deepEqual(parseShapes(what)[0], s);
    seen.op.add(s.op);
    seen.k.add(s.k);
    seen.s.add(s.s);
    seen.d.add(s.d);
    seen.kind.add(s.g === 1 ? 'dense' : s.g === s.c ? 'depthwise' : 'grouped');
  }
  assert.deepEqual([...seen.op].sort(), ['conv', 'convT']);
  assert.deepEqual([...seen.k].sort(), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...seen.s].sort(), [1, 2, 3]);
  assert.deepEqual([...seen.d].sort(), [1, 2]);
  assert.deepEqual([...seen.kind].sort(), ['dense', 'depthwise', 'grouped']);
});

test('the draw\'s rules agree with the library\'s on every candidate, kept or dropped', async () => {
  const wc = await load({ simd: false });
  const next = randomStream(77);
  let invalid = 0;
  let overBudget = 0;
  const accepts = (s) => {
    const call = wasmconvCall(s);
    try {
      wc.outputShape(call.name, call.xShape, call.wShape, call.options);
      return true;
    } catch {
      return false;
    }
  };
  // The library's own cap: no tensor over 1 GiB (src/wasmconv/geometry.h, kMaxTensorBytes).
  const underCap = (s) => {
    const [oh, ow] = outputSize(s);
    return [s.c * s.h * s.w, s.c * (s.cOut / s.g) * s.k * s.k, s.cOut * oh * ow].every((n) => 4 * n <= 2 ** 30);
  };
  const check = (s) => {
    const why = rejection(s);
    const what = `${formatShape(s)}: ${why}`;
    if (why === null) assert.ok(accepts(s), what);
    else if (/GFLOP|floats/.test(why)) {
      // Dropped for its size only: valid, unless it is over the library's cap as well.
      assert.equal(accepts(s), underCap(s), what);
      overBudget++;
    } else {
      assert.equal(accepts(s), false, what);
      invalid++;
    }
  };
  for (let i = 0; i < 3000; i++) check(drawCandidate(next, 'Y'));
  // Candidates the draw cannot make, at each rule's edge.
  const base = { id: 'Y', c: 4, cOut: 4, g: 1, count: 1, d: 1, op_: 0 };
  for (const s of [
    { ...base, op: 'conv', h: 7, w: 7, k: 7, s: 1, p: 0 }, // fits exactly
    { ...base, op: 'conv', h: 7, w: 6, k: 7, s: 1, p: 0 }, // one short on W
    { ...base, op: 'conv', h: 7, w: 7, k: 5, s: 1, p: 0, d: 2 }, // dilated 9 > 7
    { ...base, op: 'conv', h: 7, w: 7, k: 5, s: 1, p: 1, d: 2 }, // dilated 9 = 7 + 2
    { ...base, op: 'convT', h: 7, w: 7, k: 1, s: 1, p: 3 }, // output 1
    { ...base, op: 'convT', h: 7, w: 7, k: 1, s: 1, p: 4 }, // output -1
    { ...base, op: 'convT', h: 7, w: 7, k: 3, s: 2, p: 1, op_: 1 },
    { ...base, op: 'convT', h: 7, w: 7, k: 3, s: 2, p: 1, op_: 2 }, // output padding = stride
    { ...base, op: 'convT', h: 7, w: 7, k: 3, s: 1, p: 1, d: 2, op_: 1 }, // below the dilation: the library's range
  ]) check(s);
  assert.ok(invalid > 0 && overBudget > 0, `${invalid} invalid, ${overBudget} over the budget`);
});

test('the random summary counts the shapes at >= 1.0x the best peer and names the worst three', () => {
  const settings = ['X1', 'X2', 'X3', 'X4', 'X5', 'X6'].map((id) => ({ id }));
  const cell = (ms) => ({ ms, gf: 1 });
  const results = [
    { id: 'X1', libraries: { wasmconv: cell(1), XNNPACK: cell(2), 'ORT Web': cell(3) } }, // 2.0x XNNPACK
    { id: 'X2', libraries: { wasmconv: cell(2), XNNPACK: 'unsupported', 'ORT Web': cell(1) } }, // 0.5x ORT
    { id: 'X3', libraries: { wasmconv: cell(4), XNNPACK: cell(4), 'ORT Web': cell(5) } }, // exactly 1.0x
    { id: 'X4', libraries: { wasmconv: cell(1), XNNPACK: 'failed', 'ORT Web': 'wrong (1.0e+0)' } }, // no peer
    { id: 'X5', libraries: { wasmconv: 'failed', XNNPACK: cell(1), 'ORT Web': cell(1) } }, // wasmconv failed
    { id: 'X6', libraries: { wasmconv: cell(10), XNNPACK: cell(9), 'ORT Web': cell(12) } }, // 0.9x XNNPACK
  ];
  const summary = randomSummary(settings, results, PEERS);
  assert.equal(summary.compared, 4);
  assert.equal(summary.atLeastOne, 2);
  assert.equal(summary.fraction, 0.5);
  assert.deepEqual(summary.without, [{ id: 'X4', why: 'no peer result' }, { id: 'X5', why: 'wasmconv failed' }]);
  assert.deepEqual(summary.worst.map((w) => [w.setting.id, w.ratio, w.peer]), [['X2', 0.5, 'ORT Web'], ['X6', 0.9, 'XNNPACK'], ['X3', 1, 'XNNPACK']]);
});

test('--suite and --random pick what is listed, and a wrong one is a usage error', () => {
  assert.deepEqual(suiteNames('resnet18'), ['resnet18']);
  assert.deepEqual(suiteNames('all'), SUITES);
  assert.deepEqual(suiteNames('dcgan,resnet18,dcgan'), ['dcgan', 'resnet18']);
  const list = bench(['--list', '--suite', 'resnet18', '--only', 'R11,R01']);
  assert.equal(list.status, 0, list.stderr);
  assert.equal(list.stdout, '# resnet18: 2 convolutions, 2 distinct layers\nR01  conv 3x224x224->64 k7 s2 p3  x1\nR11  conv 256x14x14->512 k1 s2  x1\n');
  const all = bench(['--list', '--suite', 'all']);
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual(all.stdout.split('\n').filter((l) => l.startsWith('#')), [
    '# mobilenetv2: 52 convolutions, 30 distinct layers', '# resnet18: 20 convolutions, 11 distinct layers',
    '# unet: 18 convolutions, 15 distinct layers', '# dcgan: 5 convolutions, 5 distinct layers',
    '# superres: 8 convolutions, 5 distinct layers']);
  assert.match(all.stdout, /^M07 {2}conv 24x56x56->144 k1 {2}x2$/m);
  const drawn = bench(['--list', '--random', '3', '--seed', '4']);
  assert.equal(drawn.status, 0, drawn.stderr);
  assert.equal(drawn.stdout, `# --random 3 --seed 4\n${drawShapes(3, 4).map((s) => `${s.id}  ${settingLabel(s)}\n`).join('')}`);
  assert.equal(bench(['--list', '--random', '3', '--seed', '4']).stdout, drawn.stdout, 'the same seed lists the same shapes');
  const fresh = bench(['--list', '--random', '2']);
  assert.match(fresh.stdout, /^# --random 2 --seed \d+\nX001 {2}conv/);
  for (const [args, message] of [
    [['--suite', 'mobilenet'], /^bench: --suite mobilenet: no such suite \(the suites are mobilenetv2, resnet18, unet, dcgan, superres, or all\)$/m],
    [['--suite', 'resnet18,vgg'], /^bench: --suite vgg: no such suite/m],
    [['--suite', 'unet', '--shapes', 'bench/shapes.txt'], /^bench: --shapes and --suite each choose what is timed: give one of them$/m],
    [['--suite', 'unet', '--random', '3'], /^bench: --suite and --random each choose what is timed/m],
    [['--seed', '5'], /^bench: --seed goes with --random N$/m],
    [['--random', '0'], /^bench: --random must be an integer >= 1, got 0$/m],
    [['--random', 'many'], /^bench: --random must be an integer >= 1, got many$/m],
    [['--random', '3', '--seed', '-1'], /^bench: --seed must be an integer >= 0, got -1$/m],
    [['--random', '3', '--seed', '4294967296'], /^bench: --seed must be an integer from 0 to 4294967295, got 4294967296$/m],
    [['--suite', 'dcgan', '--only', 'D01,C5'], /^bench: --only names C5, not in the suite dcgan \(its ids: D01, D02, D03, D04, D05\)$/m],
    [['--suite', 'dcgan,superres', '--only', 'M01'], /^bench: --only names M01, not in the suites dcgan, superres/m],
    [['--random', '2', '--only', 'X003'], /^bench: --only names X003, not in the random draw \(its ids: X001, X002\)$/m],
  ]) {
    for (const mode of [[], ['--list']]) {
      const run = bench([...args, ...mode]);
      assert.equal(run.status, 2, `${args}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  }
  const help = bench(['--help']);
  assert.match(help.stdout, /^ {2}--suite NAME /m);
  assert.match(help.stdout, /^ {2}--random N /m);
  assert.match(help.stdout, /^ {2}--seed S /m);
  assert.match(help.stdout, /mobilenetv2, resnet18, unet, dcgan, superres/);
});

test('a suite run in Node prints the layer rows with their counts and the network line', () => {
  const run = bench(['--suite', 'resnet18', '--only', 'R05,R11', '--min-ms', '5']);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^layer suites: resnet18 \(each network's totals follow the table\)$/m);
  const { columns, rows } = parseTable(run.stdout);
  assert.deepEqual(columns, SUITE_COLUMNS);
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['R05', 'conv 64x56x56->128 k1 s2', '1'], ['R11', 'conv 256x14x14->512 k1 s2', '1']]);
  for (const row of rows) {
    const cell = Object.fromEntries(SUITE_COLUMNS.map((c, i) => [c, row[i]]));
    // Every library ran these 1x1 layers and passed the reference check: a GFLOP/s figure each.
    for (const library of ['wasmconv', 'scalar', 'XNNPACK', 'ORT Web', 'JS loop']) assert.match(cell[library], /^\d+\.\d$/, `${row[0]} ${library}`);
    assert.match(cell['vs best peer'], /^\d+\.\d\dx$/);
  }
  const line = run.stdout.match(/^network resnet18 \(--only: 2 of its 11 distinct layers, 2 convolutions\): sum of count x median ms: wasmconv (\d+\.\d\d), XNNPACK (\d+\.\d\d), ORT Web (\d+\.\d\d); wasmconv (\d+\.\d\d)x the best peer \((XNNPACK|ORT Web)\)$/m);
  assert.ok(line, run.stdout);
  // The network's wasmconv sum is the table's two times (each count 1), within their rounding.
  const tableSum = rows.reduce((sum, r) => sum + Number(r[SUITE_COLUMNS.indexOf('wasmconv ms')]), 0);
  assert.ok(Math.abs(Number(line[1]) - tableSum) <= 0.011, `${line[1]} vs ${tableSum}`);
  // The ratio is the best peer's sum over wasmconv's.
  const best = Math.min(Number(line[2]), Number(line[3]));
  assert.equal(line[5], Number(line[2]) <= Number(line[3]) ? 'XNNPACK' : 'ORT Web');
  assert.ok(Math.abs(Number(line[4]) - best / Number(line[1])) <= 0.01 + 0.01 * (best / Number(line[1])), line[0]);
});

test('a random run in Node prints its seed, the table and the summary', () => {
  const run = bench(['--random', '3', '--seed', '4', '--min-ms', '5']);
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^random shapes: 3 drawn with seed 4 \(--random 3 --seed 4 draws them again\)$/m);
  const { columns, rows } = parseTable(run.stdout);
  assert.deepEqual(columns, COLUMNS);
  const list = bench(['--list', '--random', '3', '--seed', '4']).stdout.trim().split('\n').slice(1);
  assert.deepEqual(rows.map((r) => `${r[0]}  ${r[1]}`), list, 'the run times the shapes --list draws');
  const summary = run.stdout.match(/^random shapes, seed 4: (\d+) of (\d+) shapes with a peer's time at >= 1\.0x the best peer \((\d+\.\d)%\)$/m);
  assert.ok(summary, run.stdout);
  const compared = rows.filter((r) => /x$/.test(r[COLUMNS.indexOf('vs best peer')]));
  assert.equal(Number(summary[2]), compared.length);
  assert.equal(Number(summary[3]), Number(((100 * Number(summary[1])) / Number(summary[2])).toFixed(1)));
  assert.match(run.stdout, /^worst (one|two|three) \(as shape lines, for bench\/layer-loop\.mjs --shape\):$/m);
  const worst = [...run.stdout.matchAll(/^ {2}(X\d{3}) .*: (\d+\.\d\d)x (XNNPACK|ORT Web) {3}"(.*)"$/gm)];
  assert.equal(worst.length, Math.min(3, compared.length));
  for (const [, id, ratio, , line] of worst) {
    const row = rows.find((r) => r[0] === id);
    assert.equal(`${ratio}x`, row[COLUMNS.indexOf('vs best peer')], id);
    assert.equal(parseShapes(line)[0].id, id);
  }
  const ratios = worst.map((w) => Number(w[2]));
  assert.deepEqual(ratios, [...ratios].sort((a, b) => a - b), 'worst first');
});
