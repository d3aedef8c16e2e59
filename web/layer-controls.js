// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The main controls beyond size and padding: stride, dilation and output padding on both
// axes or apart, the transposed output size, input and output channels, groups and bias.
// Controls offer only legal values (output padding below max(stride, dilation), output
// sizes the library can reach, groups dividing both channel counts); a number typed
// outside its field's range is explained, not applied. The
// parameter count and MACs of the layer come from the library (paramCount, macs).
import { baseRange } from './control-limits.js';
import { automaticSize, largestSize } from './output-size.js';
import { toOptions } from './state.js';

const $ = (id) => document.getElementById(id);
const num = (id) => Number($(id).value);

const divisors = (a, b) =>
  Array.from({ length: Math.min(a, b) }, (_, i) => i + 1).filter((g) => a % g === 0 && b % g === 0);
// Changing a channel count never leaves the groups invalid: the largest legal count not above it.
const largestDivisorUpTo = (g, a, b) => Math.max(...divisors(a, b).filter((d) => d <= g), 1);

// Offers `values` in a select and keeps the current value when still legal (else the last).
function fillSelect(select, values, current) {
  select.replaceChildren(...values.map((v) => new Option(String(v), String(v))));
  select.value = String(values.includes(current) ? current : values[values.length - 1]);
}

/**
 * The problem with a number field typed outside its fixed range (or empty, or not whole):
 * { message, field } (field: its id), else null. The narrower min / max that keep the
 * arrow keys legal (control-limits.js) do not count here: a value inside the fixed range
 * goes to the library, which says why.
 */
export function typedProblem() {
  for (const el of document.querySelectorAll('.layer-controls input[type="number"]')) {
    if (el.disabled || el.closest('[hidden]')) continue;
    const [lo, hi] = baseRange(el);
    const v = Number(el.value);
    if (el.value !== '' && !el.validity.badInput && Number.isInteger(v) && v >= lo && v <= hi) continue;
    const name = el.labels[0]?.firstChild.textContent.trim() ?? el.id;
    const what = el.value === '' ? 'enter a number' : `${el.value} is not allowed`;
    return { message: `${name}: ${what}; use a whole number from ${lo} to ${hi}.`, field: el.id, name };
  }
  return null;
}

const AXES = ['output-size-h', 'output-size-w'];

/**
 * The output size the controls ask for, given the state before the change. The library
 * takes a size for both axes or none: "automatic" (the box) leaves both to the padding;
 * clearing it chooses both fields' sizes, which show the sizes the padding gave, so the
 * size typed on one axis keeps the other at the size it has. A size no longer reachable
 * (the input shrank, say) becomes the largest reachable one.
 */
export function readOutputSize(before, next) {
  if (next.mode !== 'transposed' || $('output-size-auto').checked) return null;
  return AXES.map((id, a) => {
    const size = $(id).value === '' ? automaticSize(before, a) : Number($(id).value);
    return Math.min(Math.max(size, 1), largestSize(next.input[a], next.kernel[a], next.stride[a], next.dilation[a]));
  });
}

// Number fields, not menus: a 4096 input at stride 8 reaches 32,770 sizes, and menus that
// long, rebuilt on every change, made each keystroke of the page a long task (docs/playground.md).
function writeOutputSize(s) {
  const transposed = s.mode === 'transposed';
  $('output-size-auto').checked = !s.outputSize;
  $('output-size-auto').disabled = !transposed;
  AXES.forEach((id, a) => {
    const el = $(id);
    el.disabled = !transposed || !s.outputSize;
    if (!transposed) {
      el.value = '';
      return;
    }
    const automatic = automaticSize(s, a);
    const wanted = s.outputSize?.[a];
    // A size from a link that is out of reach stays in range, so that the library explains it;
    // a typed one past the largest is explained by the page (typedProblem).
    const largest = Math.max(largestSize(s.input[a], s.kernel[a], s.stride[a], s.dilation[a]), wanted ?? 1);
    el.max = el.dataset.baseMax = String(largest);
    el.value = String(wanted ?? (automatic >= 1 ? automatic : ''));
  });
}

/** Controls -> the state fields they own. Without "separate", the height field sets both axes. */
export function readLayerControls() {
  const apart = $('per-axis').checked;
  const both = (h, w) => [num(h), apart ? num(w) : num(h)];
  const op = (id) => Number($(id).value) || 0;
  const [cin, cout] = [num('in-channels'), num('out-channels')];
  return {
    stride: both('stride', 'stride-w'),
    dilation: both('dilation', 'dilation-w'),
    outputPadding: [op('output-padding'), apart ? op('output-padding-w') : op('output-padding')],
    channels: [cin, cout],
    groupCount: largestDivisorUpTo(Number($('group-count').value) || 1, cin, cout),
    bias: $('bias').checked,
  };
}

/** State -> those controls, with the legal output padding and group choices. */
export function writeLayerControls(s) {
  const apart =
    s.stride[0] !== s.stride[1] || s.dilation[0] !== s.dilation[1] || s.outputPadding[0] !== s.outputPadding[1];
  if (apart) $('per-axis').checked = true;
  const separate = $('per-axis').checked;
  for (const label of document.querySelectorAll('.layer-controls .axis-w')) label.hidden = !separate;
  // The first field is the height when the axes are apart, both axes otherwise.
  for (const [id, name] of [['stride', 'Stride'], ['dilation', 'Dilation'], ['output-padding', 'Output padding']]) {
    $(id).labels[0].firstChild.textContent = `${name}${separate ? ' height' : ''} `;
  }
  [$('stride').value, $('stride-w').value] = s.stride;
  [$('dilation').value, $('dilation-w').value] = s.dilation;
  ['output-padding', 'output-padding-w'].forEach((id, a) => {
    const legal = Array.from({ length: Math.max(s.stride[a], s.dilation[a]) }, (_, v) => v);
    fillSelect($(id), legal, Math.min(s.outputPadding[a], legal.length - 1));
    $(id).disabled = s.mode !== 'transposed';
  });
  [$('in-channels').value, $('out-channels').value] = s.channels;
  const groups = divisors(...s.channels);
  // A group count from a link that divides neither is kept, so the library explains it.
  fillSelect($('group-count'), groups.includes(s.groupCount) ? groups : [...groups, s.groupCount], s.groupCount);
  $('bias').checked = s.bias;
  writeOutputSize(s);
}

/**
 * The layer with its channels, groups and bias, for the parameter count and MACs (the grid
 * views show one channel: `layerOf`). Weights are [C_out, C_in / g, k...] for convolution
 * and [C_in, C_out / g, k...] for the transposed op (PyTorch and ONNX layout).
 */
function countedLayerOf(state) {
  const [cin, cout] = state.channels;
  const g = state.groupCount;
  const transposed = state.mode === 'transposed';
  // A group count that does not divide the channels is passed through (as a whole number of
  // channels per group, at least 1) so that the library rejects it with its own message.
  const per = (c) => Math.max(1, Math.floor(c / g));
  return {
    op: transposed ? 'convTranspose2d' : 'conv2d',
    xShape: [1, cin, ...state.input],
    wShape: transposed ? [cin, per(cout), ...state.kernel] : [cout, per(cin), ...state.kernel],
    options: { ...toOptions(state), groups: g },
    bias: state.bias,
  };
}

/**
 * { paramCount } of the layer with its channels, groups and bias, or { error }. It does not
 * depend on the input size, so a layer whose kernel does not fit its input still has it:
 * the groups are checked by the library on the smallest input the kernel fits.
 */
export function parameterCount(wc, state) {
  const counted = countedLayerOf(state);
  const fits = [0, 1].map((a) => state.dilation[a] * (state.kernel[a] - 1) + 1);
  try {
    wc.macs(counted.op, [1, counted.xShape[1], ...fits], counted.wShape, { dilation: state.dilation, groups: counted.options.groups });
    return { paramCount: wc.paramCount(counted.op, counted.wShape, { groups: counted.options.groups, bias: counted.bias }) };
  } catch (e) {
    return { error: e.message };
  }
}

/** { paramCount, macs } of the layer with its channels, groups and bias, or { error } (and the paramCount if known). */
export function layerCounts(wc, state) {
  const params = parameterCount(wc, state);
  if (params.error) return params;
  const counted = countedLayerOf(state);
  try {
    return { ...params, macs: wc.macs(counted.op, counted.xShape, counted.wShape, counted.options) };
  } catch (e) {
    return { ...params, error: e.message };
  }
}
