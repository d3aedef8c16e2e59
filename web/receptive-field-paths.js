// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// How many paths lead from each input pixel to one output unit of a stack of convolutions
// (square layers, kernels of ones), computed by the library: a one-hot at that unit sent
// back through the stack, each layer's transposed convolution (same kernel of ones,
// stride, dilation and padding, and the output padding that gives back the layer's input
// size). That is the gradient of the unit with respect to the input: the field's
// weighting, heaviest at its centre, with holes where a dilated stack never reaches.
//
// The input is chosen so the unit's whole field lies inside it with a margin: unit
// u = ceil((P + MARGIN) / J) starts at u J - P >= MARGIN (geometry in
// receptive-field-geometry.js), and the input is that start, the field and as much again.

const MARGIN = 2;
/** The largest input side drawn. */
export const MAX_INPUT = 64;

const ones = (k) => ({ data: new Float32Array(k * k).fill(1), shape: [1, 1, k, k] });

/**
 * { unit, input, counts } (counts: input x input, row by row), or { tooLarge: input } when
 * the input would be wider than MAX_INPUT.
 */
export function fieldCounts(wc, layers, geometry) {
  const { size, jump, padding } = geometry;
  const unit = Math.ceil((padding + MARGIN) / jump);
  const start = geometry.start(unit);
  const input = 2 * start + size;
  if (input > MAX_INPUT) return { tooLarge: input };
  // The feature map sizes through the stack, forward.
  const sides = [input];
  for (const l of layers) {
    const options = { stride: l.stride, dilation: l.dilation, padding: l.padding };
    sides.push(wc.outputShape('conv2d', [1, 1, sides.at(-1), sides.at(-1)], [1, 1, l.kernel, l.kernel], options)[2]);
  }
  const last = sides.at(-1);
  let g = { data: new Float32Array(last * last), shape: [1, 1, last, last] };
  g.data[unit * last + unit] = 1;
  for (let i = layers.length - 1; i >= 0; i--) {
    const { kernel, stride, dilation, padding: p } = layers[i];
    const extra = (sides[i] + 2 * p - dilation * (kernel - 1) - 1) % stride;
    g = wc.convTranspose2d(g, ones(kernel), { stride, dilation, padding: p, outputPadding: extra });
  }
  return { unit, input, counts: Array.from(g.data) };
}
