// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The image's output size as the formula with the user's numbers, per axis (dilated
// kernel K = d(k - 1) + 1; 'same' and 'valid' shown as the padding they amount to):
//   convolution  o = floor((i + p_begin + p_end - K) / s) + 1
//   transposed   o = (i - 1)s - p_begin - p_end + K + output_padding
// (with an explicit output size, the pads shown are the ones the ONNX rule derives from it)
// The result printed is the library's output size, not this evaluation.
import { explicitPads } from './bands.js';

// With an output size o the pads follow from it (ONNX rule, as the library splits them):
// total = (i - 1)s + K + output_padding - o, end = floor(total / 2) (same: begin = floor).
function sizedPads(state, inputSize, outputSize, a) {
  const [i, k, s, d] = [inputSize[a], state.kernel[a], state.stride[a], state.dilation[a]];
  const total = (i - 1) * s + d * (k - 1) + 1 + state.outputPadding[a] - outputSize[a];
  const half = Math.floor(total / 2);
  return state.paddingName === 'same' ? [half, total - half] : [total - half, half];
}

/** One line per axis, e.g. "H: floor((256 + 1 + 1 − 3) / 2) + 1 = 128". */
export function sizeFormula(state, inputSize, outputSize) {
  const transposed = state.mode === 'transposed';
  const padding = state.paddingName ?? state.padding;
  const lines = ['H', 'W'].map((axis, a) => {
    const [i, k, s, d] = [inputSize[a], state.kernel[a], state.stride[a], state.dilation[a]];
    const op = transposed ? state.outputPadding[a] : 0;
    const pads = transposed && state.outputSize ? sizedPads(state, inputSize, outputSize, a) : explicitPads(transposed, padding, i, k, s, d, op, a);
    if (!pads) return `${axis}: ${outputSize[a]}`;
    const [pb, pe] = pads.map((v) => (v < 0 ? `(−${-v})` : v));
    // The dilated kernel in brackets: the formula as printed evaluates to the result.
    const K = d === 1 ? String(k) : `(${d}·(${k} − 1) + 1)`;
    const text = transposed ? `(${i} − 1)·${s} − ${pb} − ${pe} + ${K} + ${op}` : `floor((${i} + ${pb} + ${pe} − ${K}) / ${s}) + 1`;
    return `${axis}: ${text} = ${outputSize[a]}`;
  });
  if (transposed && state.outputSize) {
    lines.push(`(output size ${state.outputSize.join('x')} is chosen for the ${state.input.join('x')} grid; the image keeps the padding derived from it)`);
  }
  return lines;
}
