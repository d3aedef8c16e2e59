// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The networks benchmark (`npm run bench -- --networks`, bench/networks.mjs) on tiny
// networks: the graph a recording stand-in wc takes down, the ONNX model written from it
// run in ONNX Runtime Web and the tfjs program run in tfjs-backend-wasm, each against
// wasmconv running the network itself; the peers' image conversions against wc.fromImage and
// wc.toImageData; a whole run, and one whose peer answers wrong; the --networks flag. No
// time is asserted: the timings run only with a few ms each, to see the table filled.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';

import { recordGraph } from '../../bench/net-graph.mjs';
import { floatsToImage, imageToFloats, NETWORK_COLUMNS, NETWORKS, runNetworks, sampleInput } from '../../bench/networks.mjs';
import { graphModel } from '../../bench/onnx-graph.mjs';
import { setUpPeers } from '../../bench/runners.mjs';
import { parseTable } from '../../bench/table.mjs';
import { tfjsProgram } from '../../bench/tfjs-graph.mjs';
import { load } from '../../bindings/js/node.js';
import { dcganGenerator } from '../../examples/networks/dcgan.mjs';
import { espcn } from '../../examples/networks/espcn.mjs';
import { mobileNetV2 } from '../../examples/networks/mobilenetv2.mjs';
import { uNet } from '../../examples/networks/unet.mjs';
import { repoRoot } from './support/paths.mjs';

const wc = await load();
await setUpPeers({ tf, tfWasm, ort }, fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));

const values = (n, seed, scale = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * scale);
const weight = (shape, seed, scale) => ({ data: values(shape.reduce((a, b) => a * b, 1), seed, scale), shape });

// Two layers: a 3x3 convolution with `activation`, then a 1x1 one adding the first's output
// as its residual before the same activation. Weights large enough that relu6 clips at 6.
const twoLayers = (activation) => (w) => {
  const a = w.createConv2d(weight([4, 3, 3, 3], 1, 1.5), { bias: values(4, 2, 0.5), padding: 1, activation });
  const b = w.createConv2d(weight([4, 4, 1, 1], 3, 1.5), { bias: values(4, 4, 0.5), activation });
  return { run: (x) => b.run(a.run(x), { residual: a.run(x) }), dispose: () => (a.dispose(), b.dispose()) };
};
// Every other kind of layer the networks have: strided depthwise, grouped transposed with
// padding and output padding, a transposed one without bias, a dilated one without bias.
const mixed = (w) => {
  const dw = w.createConv2d(weight([4, 1, 3, 3], 5, 1), { bias: values(4, 6, 0.3), padding: 1, stride: 2, groups: 4, activation: 'relu' });
  const up = w.createConvTranspose2d(weight([4, 3, 3, 3], 7, 0.7),
    { bias: values(6, 8, 0.3), stride: 2, padding: 1, outputPadding: 1, groups: 2, activation: 'tanh' });
  const last = w.createConvTranspose2d(weight([6, 2, 2, 2], 9, 0.5), { stride: 2 });
  const dilated = w.createConv2d(weight([2, 2, 3, 3], 10, 0.5), { padding: 2, dilation: 2, activation: 'sigmoid' });
  const layers = [dw, up, last, dilated];
  return { run: (x) => layers.reduce((y, l) => l.run(y), x), dispose: () => layers.forEach((l) => l.dispose()) };
};

// wasmconv's own output of `make` on x (NCHW floats).
function wasmconvOutput(make, x, shape) {
  const net = make(wc);
  const t = wc.createTensor(x, shape);
  const y = net.run(t);
  const out = { data: Float32Array.from(y.read ? y.read() : y.data), shape: [...y.shape] };
  net.dispose();
  t.dispose();
  return out;
}
const nhwc = (d, [, c, h, w]) => Float32Array.from(d, (_, i) => d[(i % c) * h * w + Math.floor(i / c)]);
const nchw = (d, [, c, h, w]) => Float32Array.from(d, (_, i) => d[(i % (h * w)) * c + Math.floor(i / (h * w))]);
function assertClose(got, want, what) {
  assert.equal(got.length, want.length, what);
  const scale = Math.max(...want.map(Math.abs));
  let worst = 0;
  got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]))));
  assert.ok(worst <= 1e-5 * scale, `${what}: largest difference ${worst} of ${scale}`);
}

test('the recording stand-in takes down layers (weights, bias, geometry, activation) and runs (input, residual, shape)', () => {
  const g = recordGraph(wc, twoLayers('relu6'), [1, 3, 5, 4]);
  assert.deepEqual(g.input, [1, 3, 5, 4]);
  assert.equal(g.layers.length, 2);
  assert.deepEqual(g.layers[0].weight.shape, [4, 3, 3, 3]);
  assert.deepEqual(g.layers[0].weight.data, weight([4, 3, 3, 3], 1, 1.5).data);
  assert.deepEqual(g.layers[0].bias, values(4, 2, 0.5));
  assert.deepEqual([g.layers[0].padding, g.layers[0].stride, g.layers[0].groups, g.layers[0].activation], [[1, 1], [1, 1], 1, 'relu6']);
  // The first layer runs twice (its output is also the residual): three nodes.
  assert.deepEqual(g.nodes.map(({ layer, x, residual, shape }) => [layer, x, residual, shape]),
    [[0, 0, null, [1, 4, 5, 4]], [0, 0, null, [1, 4, 5, 4]], [1, 1, 2, [1, 4, 5, 4]]]);
  assert.equal(g.output, 3);
  const m = recordGraph(wc, mixed, [1, 4, 6, 6]);
  assert.deepEqual(m.layers.map((l) => [l.transposed, l.stride, l.padding, l.dilation, l.outputPadding, l.groups, l.activation, l.bias !== null]), [
    [false, [2, 2], [1, 1], [1, 1], [0, 0], 4, 'relu', true],
    [true, [2, 2], [1, 1], [1, 1], [1, 1], 2, 'tanh', true],
    [true, [2, 2], [0, 0], [1, 1], [0, 0], 1, null, false],
    [false, [1, 1], [2, 2], [2, 2], [0, 0], 1, 'sigmoid', false],
  ]);
  assert.deepEqual(m.nodes.map((n) => n.shape), [[1, 4, 3, 3], [1, 6, 6, 6], [1, 2, 12, 12], [1, 2, 12, 12]]);
  assert.throws(() => recordGraph(wc, (w) => w.createConv2d(weight([1, 1, 1, 1], 1, 1), { activation: 'gelu' }), [1, 1, 1, 1]),
    /activation "gelu" is not one of relu, relu6, sigmoid, tanh/);
  assert.throws(() => recordGraph(wc, (w) => w.createConv2d(weight([1, 1, 1, 1], 1, 1), { paddingMode: 'reflect' }), [1, 1, 1, 1]),
    /layer option paddingMode not recorded/);
});

const CASES = [...['relu', 'relu6', 'sigmoid', 'tanh'].map((a) => [`two layers, ${a}, residual`, twoLayers(a), [1, 3, 7, 6]]),
  ['depthwise, grouped transposed, dilated', mixed, [1, 4, 6, 6]]];

test('the ONNX model written from the graph gives wasmconv\'s output in ORT Web', async () => {
  for (const [what, make, shape] of CASES) {
    const x = values(shape.reduce((a, b) => a * b, 1), 11, 2);
    const want = wasmconvOutput(make, x, shape);
    if (what.includes('relu6')) assert.ok(want.data.includes(6) && want.data.includes(0), 'relu6 clips at both ends');
    const session = await ort.InferenceSession.create(graphModel(recordGraph(wc, make, shape)), { executionProviders: ['wasm'] });
    const { y } = await session.run({ x: new ort.Tensor('float32', x, shape) });
    assert.deepEqual([...y.dims], want.shape, what);
    assertClose(y.data, want.data, `ORT, ${what}`);
    await session.release();
  }
});

test('the tfjs program of the graph gives wasmconv\'s output in tfjs-backend-wasm, and frees its tensors', async () => {
  const before = tf.memory().numTensors;
  for (const [what, make, shape] of CASES) {
    const x = values(shape.reduce((a, b) => a * b, 1), 11, 2);
    const want = wasmconvOutput(make, x, shape);
    const program = tfjsProgram(tf, recordGraph(wc, make, shape));
    const xt = tf.tensor4d(nhwc(x, shape), [shape[0], shape[2], shape[3], shape[1]]);
    const y = program.run(xt);
    assert.deepEqual(y.shape, [want.shape[0], want.shape[2], want.shape[3], want.shape[1]], what);
    assertClose(nchw(await y.data(), want.shape), want.data, `tfjs, ${what}`);
    [xt, y, program].forEach((t) => t.dispose());
  }
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});

test('the peers\' image loops give wc.fromImage\'s floats and wc.toImageData\'s bytes', () => {
  const image = sampleInput({ input: { size: [7, 5] } });
  const map = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  const floats = imageToFloats(image, map, 'nchw');
  assertClose(floats, wc.fromImage(image, map).data, 'NCHW');
  assertClose(nchw(imageToFloats(image, map, 'nhwc'), [1, 3, 5, 7]), floats, 'NHWC');
  for (const [channels, options] of [[3, { mean: 0.5, std: 0.5 }], [1, {}]]) {
    const t = { data: values(channels * 35, 12, 1.2), shape: [1, channels, 5, 7] };
    const bytes = floatsToImage(t.data, t.shape, options, 'nchw');
    assert.deepEqual(bytes, wc.toImageData(t, options).data, `${channels} channel(s)`);
    assert.deepEqual(floatsToImage(nhwc(t.data, t.shape), t.shape, options, 'nhwc'), bytes);
  }
});

// The four networks, small: what a whole run prints.
const TINY = [
  { name: 'mobilenet-tiny', make: (w) => mobileNetV2(w, { classes: 10 }),
    input: { size: [32, 32], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, output: 'logits' },
  { name: 'unet-tiny', make: (w) => uNet(w, { width: 4 }), input: { size: [16, 24] }, output: { image: {} } },
  { name: 'dcgan-tiny', make: (w) => dcganGenerator(w, { features: 4 }), input: { latent: 100 }, output: { image: { mean: 0.5, std: 0.5 } } },
  { name: 'espcn-tiny', make: (w) => espcn(w, { scale: 3 }), input: { size: [12, 8] }, output: { image: {} } },
];

test('a run times every network in the three engines, checked against each other, and prints the table and the summary', async () => {
  const lines = [];
  const { rows, results, summary } = await runNetworks({ wc, tf, ort, networks: TINY, minMs: 2, environment: 'test', log: (l) => lines.push(l) });
  const printed = lines.join('\n');
  assert.match(printed, /^wasmconv networks end to end, \d{4}-\d\d-\d\d, test, single thread/);
  assert.deepEqual(parseTable(printed), { columns: NETWORK_COLUMNS, rows });
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
    ['mobilenet-tiny', '[1,3,32,32] -> [1,10,1,1]', '54'], ['unet-tiny', '[1,3,24,16] -> [1,1,24,16]', '24'],
    ['dcgan-tiny', '[1,100,1,1] -> [1,3,64,64]', '5'], ['espcn-tiny', '[1,3,8,12] -> [1,3,24,36]', '4']]);
  for (const r of results) {
    for (const engine of ['wasmconv', 'XNNPACK', 'ORT Web']) assert.ok(r.ms[engine] > 0, `${r.name} ${engine}: ${r.ms[engine]}`);
    assert.ok(r.ratio > 0);
  }
  assert.equal(summary.count, 4);
  assert.match(printed, /^wasmconv against the best peer: geometric mean \d+\.\d\dx, lowest \d+\.\d\dx \([a-z-]+\); \d of 4 networks at >= 1\.5x/m);
});

test('a peer whose output differs from wasmconv\'s is named with its network and not timed', async () => {
  // ORT whose every output has its first value off by 10.
  const off = {
    ...ort,
    InferenceSession: {
      create: async (...args) => {
        const session = await ort.InferenceSession.create(...args);
        return { run: async (feeds) => { const r = await session.run(feeds); r.y.data[0] += 10; return r; }, release: () => session.release() };
      },
    },
  };
  const lines = [];
  const { results, summary } = await runNetworks({ wc, tf, ort: off, networks: [TINY[0], TINY[3]], minMs: 2, environment: 'test',
    log: (l) => lines.push(l) });
  assert.deepEqual(results.map((r) => r.ms['ORT Web']), ['wrong', 'wrong']);
  const differs = /^mobilenet-tiny: ORT Web's output differs from wasmconv's: largest difference \d\.\de[+-]\d+ of the largest magnitude/;
  assert.ok(lines.some((l) => differs.test(l) && l.endsWith('(tolerance 0.001)')),
    lines.join('\n'));
  assert.ok(lines.some((l) => /^espcn-tiny: ORT Web's output differs from wasmconv's: 1 bytes differ by more than 1 \(up to \d+\)$/.test(l)),
    lines.join('\n'));
  assert.ok(results.every((r) => r.ms.XNNPACK > 0 && r.ratio > 0), 'the ratio is against the peer left');
  assert.equal(summary.count, 2);
});

test('--networks: --list records each network\'s graph; wrong combinations are usage errors', () => {
  const script = join(repoRoot, 'bench', 'run.mjs');
  const run = (...args) => spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  const list = run('--networks', '--list');
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split(':')[1].trim()), [
    '54 layers (0 transposed), 10 residual adds, output [1,1000,1,1]',
    '24 layers (3 transposed), 3 residual adds, output [1,1,256,256]',
    '5 layers (5 transposed), 0 residual adds, output [1,3,64,64]',
    '4 layers (1 transposed), 0 residual adds, output [1,3,512,512]',
    '4 layers (1 transposed), 0 residual adds, output [1,3,768,768]']);
  assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split(' ')[0]), NETWORKS.map((n) => n.name));
  const only = run('--networks', '--list', '--only', 'dcgan,unet');
  assert.deepEqual(only.stdout.trim().split('\n').map((l) => l.split(' ')[0]), ['unet', 'dcgan']);
  for (const [args, message] of [
    [['--networks', '--only', 'resnet'], /--only: unknown network resnet \(the networks are mobilenetv2, unet, dcgan, espcn-x2, espcn-x3\)/],
    [['--networks', '--suite', 'dcgan'], /--suite and --networks each choose what is timed/],
    [['--networks', '--browser', '--only', 'resnet'], /--only: unknown network resnet/],
    [['--networks', '--threads', '0'], /--threads must be an integer >= 1/],
  ]) {
    const bad = run(...args);
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr, message);
  }
  assert.match(run('--help').stdout, /--networks {7}time whole networks end to end/);
});
