// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The page's state and its URL vocabulary, shared by the playground (and, later, the
// embeds). Everything a view shows derives from this object; it round-trips through the
// query string so links are shareable and the back button works. Parsing validates like
// API input: a crafted link yields a list of readable errors and falls back to defaults,
// never a broken page.
//
//   mode            conv | transposed
//   input           5 or 5x7            (H x W of the small grid; the playground takes
//                                        up to 4096, drawing grids up to 32)
//   kernel          3 or 3x2
//   stride          1 or 2x1
//   padding         1, 1x2 (per axis), t,l,b,r, same, valid
//   dilation        1 or 2x2
//   output-padding  0 or 1x0            (transposed only)
//   output-size     8 or 8x7            (transposed only: the output size; the padding is
//                                        derived from it by the ONNX rule, so padding must
//                                        stay 0; absent: the size the padding gives)
//   groups          full | channel      (image view: mix RGB, or filter each channel)
//   channels        1 or 16x32          (input x output channels of the layer counted)
//   group-count     1                   (the layer's groups; divides both channel counts)
//   bias            true | false        (counted in the parameters)
//   layers          3,3d2,3d4,3d8       (the receptive-field stack: kernel, s stride,
//                                        d dilation, p padding, t transposed;
//                                        receptive-field-layers.js)
//   upsampling      3s2,3s2,3s2         (the playground's checkerboard stack of 1 to 3
//                                        transposed layers, and upsampling-input its input
//                                        side: upsampling-layers.js, passed in as `more`,
//                                        so the embeds' bundle leaves it out)
//   view            image | mechanics | matrix | arithmetic | checkerboard | receptive-field
//   (and the image view's sample, color, weights, flip, bias, border, display, build:
//   image/params.js)
import { IMAGE_DEFAULTS, parseImageParams, serializeImageParams } from './image/params.js';
import { formatLayers, parseLayers } from './receptive-field-layers.js';

export const VIEWS = ['image', 'mechanics', 'matrix', 'arithmetic', 'checkerboard', 'receptive-field'];

export const DEFAULTS = Object.freeze({
  mode: 'conv',
  input: [5, 5],
  kernel: [3, 3],
  stride: [1, 1],
  padding: { begin: [0, 0], end: [0, 0] },
  paddingName: null,
  dilation: [1, 1],
  outputPadding: [0, 0],
  outputSize: null,
  groups: 'channel',
  channels: [1, 1],
  groupCount: 1,
  bias: false,
  layers: null,
  view: 'mechanics',
  ...IMAGE_DEFAULTS,
});

const LIMITS = { input: [1, 32], kernel: [1, 15], stride: [1, 8], dilation: [1, 8], padding: [0, 16], outputPadding: [0, 7], outputSize: [1, 999], channels: [1, 64] };

/** The largest input the grids draw (the embeds' limit, and the playground's drawn views'). */
export const GRID_INPUT = LIMITS.input[1];

/**
 * The playground's limits: real layer sizes (a 224x224 input, 256 -> 64 channels) for the
 * views that draw no grid (arithmetic and code, the summary); the grids stop at GRID_INPUT.
 */
export const LARGE_LIMITS = Object.freeze({ ...LIMITS, input: [1, 4096], outputSize: [1, 99999], channels: [1, 4096] });

function parsePair(name, text, [lo, hi]) {
  if (!/^\d{1,5}(x\d{1,5})?$/.test(text)) {
    throw new Error(`${name}=${text} is not a number or HxW pair`);
  }
  const parts = text.split('x').map(Number);
  const pair = parts.length === 1 ? [parts[0], parts[0]] : parts;
  for (const v of pair) {
    if (v < lo || v > hi) throw new Error(`${name}=${text}: each value must be from ${lo} to ${hi}`);
  }
  return pair;
}

function parsePadding(text) {
  if (text === 'same' || text === 'valid') return { name: text, begin: [0, 0], end: [0, 0] };
  if (/^\d{1,2},\d{1,2},\d{1,2},\d{1,2}$/.test(text)) {
    const [t, l, b, r] = text.split(',').map(Number);
    return { name: null, begin: [t, l], end: [b, r] };
  }
  const [h, w] = parsePair('padding', text, LIMITS.padding);
  return { name: null, begin: [h, w], end: [h, w] };
}

/**
 * Parses a query string; returns { state, errors } (errors: one message per bad parameter).
 * `limits`: LARGE_LIMITS in the playground, the grid-sized defaults in the embeds.
 * `more`: further parameters, each { parse(state, take), serialize(state, params) }.
 */
export function parseState(search, { limits = LIMITS, more = [] } = {}) {
  const params = new URLSearchParams(search);
  const state = structuredClone(DEFAULTS);
  const errors = [];
  const take = (key, fn) => {
    const value = params.get(key);
    if (value === null) return;
    try {
      fn(value);
    } catch (e) {
      errors.push(e.message);
    }
  };
  take('mode', (v) => {
    if (v !== 'conv' && v !== 'transposed') throw new Error(`mode=${v} must be conv or transposed`);
    state.mode = v;
  });
  take('input', (v) => (state.input = parsePair('input', v, limits.input)));
  take('kernel', (v) => (state.kernel = parsePair('kernel', v, limits.kernel)));
  take('stride', (v) => (state.stride = parsePair('stride', v, limits.stride)));
  take('dilation', (v) => (state.dilation = parsePair('dilation', v, limits.dilation)));
  take('output-padding', (v) => (state.outputPadding = parsePair('output-padding', v, limits.outputPadding)));
  take('output-size', (v) => {
    if (params.get('mode') !== 'transposed') throw new Error(`output-size=${v} applies to mode=transposed only`);
    state.outputSize = parsePair('output-size', v, limits.outputSize);
  });
  take('padding', (v) => {
    const p = parsePadding(v);
    state.padding = { begin: p.begin, end: p.end };
    state.paddingName = p.name;
  });
  take('groups', (v) => {
    if (v !== 'full' && v !== 'channel') throw new Error(`groups=${v} must be full or channel`);
    state.groups = v;
  });
  take('channels', (v) => (state.channels = parsePair('channels', v, limits.channels)));
  take('group-count', (v) => {
    if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > limits.channels[1]) {
      throw new Error(`group-count=${v} must be a number from 1 to ${limits.channels[1]}`);
    }
    state.groupCount = Number(v);
  });
  take('bias', (v) => {
    if (v !== 'true' && v !== 'false') throw new Error(`bias=${v} must be true or false`);
    state.bias = v === 'true';
  });
  take('layers', (v) => (state.layers = parseLayers(v)));
  for (const part of more) part.parse(state, take);
  take('view', (v) => {
    if (!VIEWS.includes(v)) throw new Error(`view=${v} must be one of ${VIEWS.join(', ')}`);
    state.view = v;
  });
  parseImageParams(state, take);
  return { state, errors };
}

const pair = ([a, b]) => (a === b ? String(a) : `${a}x${b}`);

/** The query string for a state (defaults left out, so links stay short); `more` as parseState's. */
export function serializeState(state, more = []) {
  const params = new URLSearchParams();
  if (state.mode !== DEFAULTS.mode) params.set('mode', state.mode);
  params.set('input', pair(state.input));
  params.set('kernel', pair(state.kernel));
  params.set('stride', pair(state.stride));
  if (state.paddingName) params.set('padding', state.paddingName);
  else {
    const { begin, end } = state.padding;
    params.set('padding', begin[0] === end[0] && begin[1] === end[1] ? pair(begin) : `${begin[0]},${begin[1]},${end[0]},${end[1]}`);
  }
  params.set('dilation', pair(state.dilation));
  if (state.mode === 'transposed') params.set('output-padding', pair(state.outputPadding));
  if (state.mode === 'transposed' && state.outputSize) params.set('output-size', pair(state.outputSize));
  if (state.groups !== DEFAULTS.groups) params.set('groups', state.groups);
  if (state.channels[0] !== 1 || state.channels[1] !== 1) params.set('channels', pair(state.channels));
  if (state.groupCount !== 1) params.set('group-count', String(state.groupCount));
  if (state.bias) params.set('bias', 'true');
  if (state.layers) params.set('layers', formatLayers(state.layers));
  for (const part of more) part.serialize(state, params);
  params.set('view', state.view);
  serializeImageParams(state, params);
  return `?${params}`;
}

/** The wasmconv options of a state (2-D). */
export function toOptions(state) {
  const options = {
    stride: state.stride,
    dilation: state.dilation,
    padding: state.paddingName ?? { begin: state.padding.begin, end: state.padding.end },
  };
  if (state.mode === 'transposed') options.outputPadding = state.outputPadding;
  // The library rejects a nonzero explicit padding next to an output size, in its own words.
  if (state.mode === 'transposed' && state.outputSize) options.outputShape = state.outputSize;
  return options;
}

/** The single-channel layer a state describes: the op name, shapes and wasmconv options. */
export function layerOf(state) {
  return {
    op: state.mode === 'transposed' ? 'convTranspose2d' : 'conv2d',
    xShape: [1, 1, ...state.input],
    wShape: [1, 1, ...state.kernel],
    options: toOptions(state),
  };
}
