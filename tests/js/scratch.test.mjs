// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Scratch memory stays bounded on large images: every fast kernel, and the row and scatter
// paths, runs a 6.75-9 MiB image under a memory limit of 1.15x the input plus 1 MiB above
// what the layer and its tensors already hold, and gives the same result as without the
// limit. An im2col buffer (kernel-size times the input: 9x for a 3x3, 225x for a 15x15
// filter) would not fit, nor would a padded copy of the whole input. The row and scatter
// paths keep one input channel's or one output plane's copy. The indirect GEMM, Winograd
// and sub-pixel paths build their padded input in bands of about 256 KiB in 2-D (Winograd's
// up to 1.1 MB at dilation 2; a 1-D signal, or the GEMM's flattened pointwise image, is
// built in bands of columns) and on a ring of the depth planes one output plane reads in
// 3-D, the 3-D depthwise path pads one channel at a time, and the depthwise row ring
// holds bands of columns when its rows would pass 256 KiB (a 1-D signal is one row), as
// does the row path for a channel of long rows, and the scatter path for an output
// plane of them: they must fit in 0.1x the input plus 1 MiB. SIMD build: the scalar
// build runs the same kernels with the same buffers. On a pool each thread has its own
// scratch (its bands, its ring), so on N threads the bound is the input's share plus N MiB:
// every case runs on one thread and on 3.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { load } from '../../bindings/js/node.js';

const builds = [
  { threads: 1, wc: await load({ simd: true, threads: 1 }) },
  { threads: 3, wc: await load({ simd: true, threads: 3 }) },
];
const count = (shape) => shape.reduce((a, b) => a * b, 1);
const values = (n, seed) => Float32Array.from({ length: n }, (_, i) => (((i + seed) * 7919) % 13) / 13 - 0.5);
const MiB = 2 ** 20;

// [what it exercises, layer factory, input shape, weight shape, options, scratch bound as a
// multiple of the input (1.15 if not given)]
const CASES = [
  ['indirect GEMM, 3x3 stride 2', 'createConv2d', [1, 16, 384, 384], [16, 16, 3, 3], { stride: 2, padding: 1 }, 0.1],
  ['indirect GEMM, 5x5 reflect-padded', 'createConv2d', [1, 16, 384, 384], [8, 16, 5, 5], { padding: 2, paddingMode: 'reflect' }, 0.1],
  ['Winograd F(4x4,3x3)', 'createConv2d', [1, 16, 384, 384], [16, 16, 3, 3], { padding: 1 }, 0.1],
  ['Winograd on dilation-2 sub-grids', 'createConv2d', [1, 16, 384, 384], [16, 16, 3, 3], { padding: 2, dilation: 2 }, 0.1],
  ['pointwise GEMM', 'createConv2d', [1, 16, 384, 384], [16, 16, 1, 1], {}],
  ['pointwise GEMM on a 4 KiB channel stride, copied in bands', 'createConv2d', [1, 512, 64, 64], [16, 512, 1, 1], {}, 0.1],
  ['1-D indirect GEMM in bands of columns', 'createConv1d', [1, 64, 36864], [16, 64, 5], { padding: 2 }, 0.1],
  ['3-D indirect GEMM on a ring of depth planes', 'createConv3d', [1, 8, 24, 96, 96], [8, 8, 3, 3, 3], { padding: 1 }, 0.1],
  ['3-D Winograd, one depth plane at a time', 'createConv3d', [1, 16, 12, 96, 96], [16, 16, 1, 3, 3], { padding: [0, 1, 1] }, 0.1],
  ['depthwise 3x3 read in place', 'createConv2d', [1, 16, 384, 384], [16, 1, 3, 3], { padding: 1, groups: 16 }],
  ['depthwise 7x7 stride 2 on the row ring', 'createConv2d', [1, 16, 384, 384], [16, 1, 7, 7], { padding: 3, stride: 2, groups: 16 }],
  ['3-D depthwise, one channel padded at a time', 'createConv3d', [1, 8, 24, 96, 96], [8, 1, 3, 3, 3], { padding: 1, groups: 8 }, 0.1],
  ['1-D single-channel filter, the row ring in bands of columns', 'createConv1d', [1, 1, 2097152], [1, 1, 7], { padding: 3 }, 0.1],
  ['1-D depthwise, strided and dilated, reflect-padded, in bands of columns', 'createConv1d', [1, 2, 1048576], [4, 1, 5], { stride: 2, dilation: 3, padding: 6, paddingMode: 'reflect', groups: 2 }, 0.1],
  ['single-channel 15x15 filter', 'createConv2d', [1, 1, 1536, 1536], [1, 1, 15, 15], { padding: 7 }],
  ['sub-pixel transposed, k4 s2 p1', 'createConvTranspose2d', [1, 16, 384, 384], [16, 16, 4, 4], { stride: 2, padding: 1 }, 0.1],
  ['sub-pixel transposed, k3 s2 p2 d2 op1', 'createConvTranspose2d', [1, 16, 384, 384], [16, 16, 3, 3], { stride: 2, padding: 2, dilation: 2, outputPadding: 1 }, 0.1],
  ['1-D sub-pixel transposed in bands of columns', 'createConvTranspose1d', [1, 64, 36864], [64, 16, 4], { stride: 2, padding: 1 }, 0.1],
  ['3-D sub-pixel transposed on a ring of depth planes', 'createConvTranspose3d', [1, 16, 12, 96, 96], [16, 4, 3, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }, 0.1],
  ['sub-pixel transposed through row panels, k2 s2', 'createConvTranspose2d', [1, 16, 384, 384], [16, 16, 2, 2], { stride: 2 }],
  ['depthwise transposed by phases', 'createConvTranspose2d', [1, 16, 384, 384], [16, 1, 4, 4], { stride: 2, padding: 1, groups: 16 }],
  ['transposed scatter, a 1-D signal upsampled 2 -> 1, k8 s4, in bands of columns', 'createConvTranspose1d', [1, 2, 1048576], [2, 1, 8], { stride: 4, padding: 2 }, 0.1],
  ['transposed scatter, stride 3 > kernel 2', 'createConvTranspose2d', [1, 16, 384, 384], [16, 16, 2, 2], { stride: 3 }],
  // Fewer than 4 output channels per group: the row path, reflect-padded and strided.
  ['row path, 16 -> 2, k3 s2 reflect', 'createConv2d', [1, 16, 384, 384], [2, 16, 3, 3], { stride: 2, padding: 1, paddingMode: 'reflect' }],
  ['row path, a 1-D stereo signal 2 -> 1, k31 reflect, in bands of columns', 'createConv1d', [1, 2, 1048576], [1, 2, 31], { padding: 15, paddingMode: 'reflect' }, 0.1],
  ['row path, 1-D 2 -> 2, k9 s2 d3, in bands of columns', 'createConv1d', [1, 2, 1048576], [2, 2, 9], { stride: 2, dilation: 3, padding: 11 }, 0.1],
  ['row path, groups of 2 -> 2, k5 s3', 'createConv2d', [1, 16, 384, 384], [16, 2, 5, 5], { stride: 3, padding: 2, groups: 8 }],
];

for (const { threads, wc } of builds) {
  for (const [what, factory, xShape, wShape, options, factor = 1.15] of CASES) {
    test(`scratch stays within ${factor}x the input + ${threads} MiB on ${threads} thread(s): ${what}`, () => {
      assert.equal(wc.threads, threads);
      const weights = { data: values(count(wShape), 1), shape: wShape };
      const x = wc.createTensor(values(count(xShape), 2), xShape);
      const free = layerAndOutput(wc, factory, weights, options, xShape);
      const bound = Math.ceil(factor * count(xShape) * 4) + threads * MiB;

      // Without a limit: the result to compare against, and the scratch the layer keeps.
      const held = wc.memoryUsage().usedBytes;
      free.layer.run(x, { output: free.y });
      const scratch = wc.memoryUsage().usedBytes - held;
      assert.ok(scratch <= bound, `${what} keeps ${(scratch / MiB).toFixed(2)} MiB of scratch, more than ${(bound / MiB).toFixed(2)}`);
      const want = free.y.read();

      // A fresh layer under the limit: every scratch allocation of the call must fit.
      const limited = layerAndOutput(wc, factory, weights, options, xShape);
      try {
        wc.setMemoryLimit(wc.memoryUsage().usedBytes + bound);
        limited.layer.run(x, { output: limited.y });
      } finally {
        wc.setMemoryLimit(0);
      }
      const got = limited.y.read();
      assert.equal(got.length, want.length);
      let differing = 0;
      for (let i = 0; i < got.length; i++) differing += got[i] === want[i] ? 0 : 1;
      assert.equal(differing, 0, 'the result under the limit equals the result without it');
      assert.ok(want.some((v) => v !== 0), 'a real result, not an empty output');

      for (const o of [free, limited]) {
        o.layer.dispose();
        o.y.dispose();
      }
      x.dispose();
    });
  }
}

function layerAndOutput(wc, factory, weights, options, xShape) {
  const layer = wc[factory](weights, options);
  const yShape = layer.outputShape(xShape);
  return { layer, y: wc.createTensor(new Float32Array(count(yShape)), yShape) };
}
