// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image view's part of the URL vocabulary (see state.js), validated like the rest:
//
//   sample    scene | checkerboard | dot | text | stripes
//   color     rgb | gray
//   weights   a preset (identity, box, gaussian, sharpen, sobel-x, sobel-y, laplacian,
//             emboss, bilinear) or kernel-height x kernel-width numbers, row by row,
//             comma-separated (an edited kernel)
//   flip      no | yes          (yes: true convolution, the kernel flipped in both axes)
//   bias-value  a number from -10 to 10: every output channel's bias, used while the
//               layer has a bias (state.js's bias=true; setting the value turns it on)
//   border    reflect | replicate | zeros | circular   (convolution padding mode)
//   display   clamp | abs | normalize
//   build     simd | scalar
import { DISPLAYS } from './display.js';
import { PRESETS } from './kernels.js';
import { SAMPLES } from './samples.js';

export const IMAGE_DEFAULTS = Object.freeze({
  sample: 'scene',
  color: 'rgb',
  weights: 'gaussian',
  flip: false,
  biasValue: 0,
  border: 'reflect',
  display: 'clamp',
  build: 'simd',
});

export const BORDERS = ['reflect', 'replicate', 'zeros', 'circular'];

function oneOf(name, value, allowed) {
  if (!allowed.includes(value)) throw new Error(`${name}=${value} must be one of ${allowed.join(', ')}`);
  return value;
}

const NUMBER = /^-?\d{1,4}(\.\d{1,8})?$/;

/** Reads the image parameters into `state` (kernel already parsed); `take(key, fn)` collects errors. */
export function parseImageParams(state, take) {
  take('sample', (v) => (state.sample = oneOf('sample', v, Object.keys(SAMPLES))));
  take('color', (v) => (state.color = oneOf('color', v, ['rgb', 'gray'])));
  take('flip', (v) => (state.flip = oneOf('flip', v, ['no', 'yes']) === 'yes'));
  take('border', (v) => (state.border = oneOf('border', v, BORDERS)));
  take('display', (v) => (state.display = oneOf('display', v, Object.keys(DISPLAYS))));
  take('build', (v) => (state.build = oneOf('build', v, ['simd', 'scalar'])));
  take('bias-value', (v) => {
    if (!NUMBER.test(v) || Math.abs(Number(v)) > 10) throw new Error(`bias-value=${v} must be a number from -10 to 10`);
    state.biasValue = Number(v);
  });
  take('weights', (v) => {
    if (Object.hasOwn(PRESETS, v)) {
      state.weights = v;
      return;
    }
    const parts = v.split(',');
    if (parts.length > 225 || !parts.every((p) => NUMBER.test(p))) {
      throw new Error(`weights=${v.slice(0, 40)} must be a preset (${Object.keys(PRESETS).join(', ')}) or comma-separated numbers`);
    }
    const [kh, kw] = state.kernel;
    if (parts.length !== kh * kw) throw new Error(`weights has ${parts.length} numbers but kernel ${kh}x${kw} needs ${kh * kw}`);
    state.weights = parts.map(Number);
  });
}

/** Writes the image parameters that differ from the defaults. */
export function serializeImageParams(state, params) {
  const d = IMAGE_DEFAULTS;
  for (const key of ['sample', 'color', 'border', 'display', 'build']) if (state[key] !== d[key]) params.set(key, state[key]);
  if (state.flip) params.set('flip', 'yes');
  if (state.biasValue) params.set('bias-value', String(state.biasValue));
  if (state.weights !== d.weights) {
    params.set('weights', typeof state.weights === 'string' ? state.weights : state.weights.map((v) => Number(v.toPrecision(6))).join(','));
  }
}
