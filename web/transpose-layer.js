// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// "Transpose this layer": the transposed convolution that maps a convolution's output back
// to its input size, and back. Same kernel, stride, dilation and padding (named padding
// written out as the explicit pads the library used), the channels swapped; per axis, with
// input i, pads p_b + p_e, dilated kernel K = d(k - 1) + 1 and stride s, the convolution's
// output is o = floor((i + p_b + p_e - K) / s) + 1 and the transposed op's is
// (o - 1)s + K - p_b - p_e + output_padding, so the output padding that returns i is
//   output_padding = (i + p_b + p_e - K) mod s,
// the rows the convolution's last window did not reach (always below s, so legal).
import { explicitPadding } from './views/explicit-padding.js';
import { layerOf } from './state.js';

// The playground's limits on a link's values (state.js): a result past them is not offered.
const MAX_INPUT = 32;
const MAX_PADDING = 16;

const dilated = (s, a) => s.dilation[a] * (s.kernel[a] - 1) + 1;

/**
 * The other op of a valid layer `state` whose output is `[oh, ow]`: { state } (the
 * transposed convolution of a convolution, or the convolution a transposed one transposes),
 * or { reason } when there is none the page can show. The convolution of a transposed layer
 * is offered only when it returns exactly the transposed layer's input.
 */
export function transposedLayer(wc, state, [oh, ow]) {
  const layer = layerOf(state);
  const pads = explicitPadding(wc, layer);
  const all = [...pads.begin, ...pads.end];
  if (all.some((p) => p < 0)) return { reason: 'its padding, derived from the output size, is negative' };
  if (all.some((p) => p > MAX_PADDING)) return { reason: `its padding is larger than ${MAX_PADDING}` };
  const padding = { begin: [...pads.begin], end: [...pads.end] };
  const common = { ...state, paddingName: null, padding, outputSize: null, channels: [state.channels[1], state.channels[0]] };
  if (state.mode !== 'transposed') {
    const outputPadding = [0, 1].map((a) => (state.input[a] + pads.begin[a] + pads.end[a] - dilated(state, a)) % state.stride[a]);
    return { state: { ...common, mode: 'transposed', input: [oh, ow], outputPadding } };
  }
  if (oh > MAX_INPUT || ow > MAX_INPUT) return { reason: `its ${oh}×${ow} output is larger than the ${MAX_INPUT}×${MAX_INPUT} grid` };
  const conv = { ...common, mode: 'conv', input: [oh, ow], outputPadding: [0, 0] };
  const back = layerOf(conv);
  const [, , h, w] = wc.outputShape(back.op, back.xShape, back.wShape, back.options);
  if (h !== state.input[0] || w !== state.input[1]) {
    return { reason: `the convolution of its ${oh}×${ow} output gives ${h}×${w}, not its ${state.input.join('×')} input` };
  }
  return { state: conv };
}
