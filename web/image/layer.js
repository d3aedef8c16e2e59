// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// From RGBA pixels and the image settings to the library call: the input tensor, the
// weights and the options. Shared by the worker and the tests, so both call the library
// with exactly the same arguments.
//
// RGB: the three channels, filtered one by one (groups = 3, weights [3, 1, kh, kw]) or mixed
// (groups = 1, weights [3, 3, kh, kw], each input channel contributing a third, so a
// kernel summing to 1 keeps the brightness). Grayscale: one luma channel
// (Rec. 601: 0.299 R + 0.587 G + 0.114 B), weights [1, 1, kh, kw].
import { flipKernel } from './kernels.js';

/** RGBA bytes -> a [1, C, H, W] tensor with values in [0, 1] (C = 3, or 1 for gray). */
export function toTensor(rgba, width, height, color) {
  const plane = width * height;
  if (color === 'gray') {
    const data = new Float32Array(plane);
    for (let i = 0; i < plane; i++) data[i] = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
    return { data, shape: [1, 1, height, width] };
  }
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    data[i] = rgba[4 * i] / 255;
    data[plane + i] = rgba[4 * i + 1] / 255;
    data[2 * plane + i] = rgba[4 * i + 2] / 255;
  }
  return { data, shape: [1, 3, height, width] };
}

/**
 * The op, weights and options for a spec:
 * { transposed, color, groups, kernel: [kh, kw], weights: number[], flip, bias, border, options }
 * where `options` holds the page's stride, dilation, padding and output padding.
 */
export function imageLayer(spec) {
  const [kh, kw] = spec.kernel;
  const taps = kh * kw;
  const k = spec.flip ? flipKernel(spec.weights) : spec.weights;
  const channels = spec.color === 'gray' ? 1 : 3;
  const mixed = channels === 3 && spec.groups === 'full';
  const perOut = mixed ? 3 : 1;
  const data = new Float32Array(channels * perOut * taps);
  for (let i = 0; i < channels * perOut; i++) data.set(mixed ? k.map((v) => v / 3) : k, i * taps);
  const options = { ...spec.options, groups: mixed ? 1 : channels };
  if (spec.bias) options.bias = new Float32Array(channels).fill(spec.bias);
  if (!spec.transposed) options.paddingMode = options.padding === 'valid' ? 'zeros' : spec.border;
  return { op: spec.transposed ? 'convTranspose2d' : 'conv2d', w: { data, shape: [channels, perOut, kh, kw] }, options };
}
