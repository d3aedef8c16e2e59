// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The README's examples are real files: run them as a user would (importing 'wasmconv'
// by name) and check what they print.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { repoRoot } from './support/paths.mjs';

// Runs examples/<name> (or, given `source`, that text as <name>) from a project that depends
// on 'wasmconv' by name; returns its lines.
function runExample(name, source) {
  const dir = mkdtempSync(join(tmpdir(), 'wasmconv-example-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', 'wasmconv'), 'dir');
    // A file in a folder of examples (networks/run.mjs) comes with its folder.
    if (source === undefined && name.includes('/')) cpSync(join(repoRoot, 'examples', dirname(name)), join(dir, dirname(name)), { recursive: true });
    else if (source === undefined) copyFileSync(join(repoRoot, 'examples', name), join(dir, name));
    else writeFileSync(join(dir, name), source);
    return execFileSync(process.execPath, [name], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('examples/api.mjs: every function and option does what the reference says', () => {
  assert.deepEqual(runExample('api.mjs'), [
    'simdSupported: true',
    'builds: ["wasm-simd128","scalar"]',
    'conv2d: [54,63,90,99]',
    'stride: [1,1,2,2]',
    'padding same: [1,1,4,4]',
    'padding begin/end: [1,1,3,2]',
    'dilation: [1,1,1,1]',
    'groups: [10,20]',
    'bias: [54.5,63.5,90.5,99.5]',
    'paddingMode reflect: [2,1,2,3,2]',
    'backend reference: [54,63,90,99]',
    'activation: [0,3,30,39]',
    'residual: [55,65,70,70]',
    'weightLayout hwio: [54,63,90,99,108,126,180,198]',
    'conv1d: [1,1,3]',
    'conv3d: [1,1,2,2,2]',
    'convTranspose1d: [1,10,2,20]',
    'convTranspose2d outputPadding: [1,1,8,8]',
    'convTranspose2d outputShape: [1,1,9,10]',
    'convTranspose3d: [1,1,4,4,4]',
    'layer: [[1,1,8,8],[1,1,4,4]]',
    'layer residual: [-8,-3,0,-4]',
    'run into output: [true,[14,24,30,22]]',
    'tensor: [[1,1,4,4],[1,1],[4,6,6,4]]',
    'chain through tensors: [true,[25,40,40,25]]',
    'outputShape: [1,8,11,11]',
    'macs: 36',
    'padding() of same: {"begin":[2,2],"end":[3,3]}',
    'padding() from outputShape: {"begin":[0,0],"end":[-1,-1]}',
    'paramCount: 4640',
    'receptiveField: [3,7,15,31]',
    'convMatrix: [3,6,[1,2,0,0,0,0]]',
    'fromImage: [0,1,5,5]',
    'toImageData: [0,51,255,255,255,102,0,255]',
    'memory limit: [true,"out_of_memory"]',
    'error: "conv2d: stride on axis H must be an integer from 1 to 2147483647, got 0"',
  ]);
});

test('examples/images.mjs (docs/images.md): images in and out print the documented values', () => {
  assert.deepEqual(runExample('images.mjs'), [
    'shape: [1,3,2,4]',
    'red plane: [1,0,0,1,0,0.502,1,0]',
    'normalised red of pixel 0: [2.2489]',
    'gray: [76.2,149.7,29.1,255,0,128,225.9,178.8]',
    'nhwc rgba: [1,2,4,4]',
    'edges, first row RGBA: [128,255,128,255,0,128,255,255,255,128,255,255,128,128,0,255]',
    'round trip: [4,2,true]',
    'resident: [[1,3,2,4],[0,1,0,255]]',
  ]);
  // docs/images.md shows the example's code and output as they are.
  const doc = readFileSync(join(repoRoot, 'docs', 'images.md'), 'utf8');
  const start = doc.indexOf('```js\n') + 6;
  const end = doc.indexOf('```', start);
  const block = doc.slice(start, end);
  assert.ok(block.includes('wc.fromImage('), 'the first block of docs/images.md is the example');
  assert.ok(readFileSync(join(repoRoot, 'examples', 'images.mjs'), 'utf8').endsWith(block), 'docs/images.md must hold examples/images.mjs (after its header) unchanged');
  const printed = doc.slice(doc.indexOf('```\n', end + 3) + 4);  // the next block
  assert.ok(printed.startsWith(runExample('images.mjs').join('\n')), 'docs/images.md must show what the example prints');
});

test('examples/quickstart.mjs prints what the README says', () => {
  {
    const out = runExample('quickstart.mjs');
    assert.deepEqual(out, [
      '[ 1, 1, 4, 4 ]',
      '[ 1, 1, 8, 8 ]',
      '[ 1, 8, 11, 11 ]',
      '4640',
      'conv2d: dilated kernel 9 is larger than padded input 4 on axis H',
    ]);
  }
});

test('examples/worker.mjs: wasmconv/worker gives the same results, handles, errors and transfer, and the program exits', () => {
  assert.deepEqual(runExample('worker.mjs'), [
    'conv2d: [1,1,4,4] 10 18 24 18 16',
    'layer: [1,1,4,4] 10 18 24 18',
    'error: WasmconvError invalid_argument createConv2d: run called after dispose()',
    'transfer: [1,1,62,62] 27 0',
  ]);
});

test('the example of docs/performance.md, "Off the main thread", runs as it is', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'performance.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Off the main thread'));
  const start = section.indexOf('```js\n') + '```js\n'.length;
  const lines = runExample('doc-worker.mjs', section.slice(start, section.indexOf('```', start)));
  assert.deepEqual(lines, [
    'Float32Array(16) [',
    '  10, 18, 24, 18, 27, 45,',
    '  54, 39, 51, 81, 90, 63,',
    '  42, 66, 72, 50',
    '] Float32Array(16) [',
    '  10, 18, 24, 18, 27, 45,',
    '  54, 39, 51, 81, 90, 63,',
    '  42, 66, 72, 50',
    ']',
  ]);
});

test('examples/networks/run.mjs: the four networks from image (or latent) to image (or logits)', () => {
  const lines = runExample('networks/run.mjs');
  const ms = String.raw`in \d+\.\d ms`;
  const expected = [
    String.raw`MobileNetV2: 224x224 image -> 1000 logits, top classes \d+, \d+, \d+ ${ms}`,
    `U-Net: 256x256 image -> 256x256 mask ${ms}`,
    `DCGAN generator: latent 100 -> 64x64 image ${ms}`,
    `ESPCN x2: 256x256 image -> 512x512 image ${ms}`,
    `ESPCN x3: 256x256 image -> 768x768 image ${ms}`,
  ];
  assert.equal(lines.length, expected.length, lines.join('\n'));
  lines.forEach((line, i) => assert.match(line, new RegExp(`^${expected[i]}$`)));
});

test('examples/upscale.mjs (the README): a x2 bilinear upscale through a convolution and a transposed one', () => {
  const [sizes, row] = runExample('upscale.mjs');
  assert.equal(sizes, '4x3 -> 8x6');
  // The picture's red bytes, input row r, column c: ((r * 4 + c) * 3 * 37) % 256, and outside
  // the picture 0 (the transposed convolution's zero padding). Output pixel 2i + a mixes input
  // i with weight 3/4 and its neighbour on side a (i - 1 for even, i + 1 for odd) with 1/4.
  const red = (r, c) => (r < 0 || r > 2 || c < 0 || c > 3 ? 0 : ((r * 4 + c) * 3 * 37) % 256);
  const mix = (f, o) => 0.75 * f(o >> 1) + 0.25 * f((o >> 1) + (o % 2 ? 1 : -1));
  const expected = Array.from({ length: 8 }, (_, col) => mix((i) => mix((j) => red(j, i), 2), col));
  assert.equal(row, expected.map((v) => Math.min(255, Math.round(v))).join(' '));
});
