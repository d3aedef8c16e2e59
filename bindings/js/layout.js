// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The `weightLayout` option of every op, layer and shape helper: 'oihw' (PyTorch, ONNX, the
// default) or 'hwio' (TF, Keras), one name at every rank; and the `layout` option of the data
// (input, output, residual): 'nchw' (channels first, the default) or 'nhwc' (channels last),
// one name at every rank too. C++ reads the weight and the data in them (src/core/plan.cc);
// this module checks the names and, for paramCount, which input a weight shape implies. A
// module of its own so that the blog embed, whose figures build PyTorch-layout weights and
// channels-first data, can leave it out (scripts/build-embed.mjs).

// Whether `key` is an own property of `table` (not one every object inherits, as 'toString').
const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

// An option that takes one of two names, the first the default: { value } or { error } (the
// message, without the function's name). A name in the wrong case gets "did you mean"; `hint`
// names what a near miss was (a rank's own name, a name for the other option), or ''.
function parseLayoutName(option, value, names, describe, hint) {
  const own = (key) => typeof key === 'string' && has(names, key);
  if (value === undefined || own(value)) return { value: value ?? Object.keys(names)[0] };
  let tail = '';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    tail = hint(lower, value) || (own(lower) ? `; did you mean '${lower}'?` : '');
  }
  const choices = Object.entries(names).map(([name, what]) => `'${name}' (${what})`).join(', ');
  return { error: `${option} ${describe(value)} is not one of ${choices}${tail}` };
}

// Per-rank names of the two layouts (TF writes 'wio' and 'dhwio'): one name serves every rank.
const RANK_NAMES = { wio: 'hwio', dhwio: 'hwio', oiw: 'oihw', oidhw: 'oihw' };

// The `weightLayout` option as { value } ('oihw' or 'hwio') or { error }. `describe` formats a
// value.
export function parseWeightLayout(value, describe) {
  return parseLayoutName('weightLayout', value, { oihw: 'PyTorch, ONNX', hwio: 'TF, Keras' }, describe, (lower) => {
    // A data format ('NHWC', 'NCHW') given for the weights' layout.
    if (/^n[dhw]+c$/.test(lower)) return "; that is a data format: TF's channels-last weights are 'hwio'";
    if (/^nc[dhw]+$/.test(lower)) return "; that is a data format: PyTorch's channels-first weights are 'oihw'";
    return has(RANK_NAMES, lower) ? `; use '${RANK_NAMES[lower]}', one name for every rank` : '';
  });
}

// The rank's own names of the data layouts (NCL / NLC for 1-D, NCDHW / NDHWC for 3-D): refused
// with the one name that serves every rank, as for weightLayout.
const DATA_RANK_NAMES = { ncl: 'nchw', ncw: 'nchw', ncdhw: 'nchw', nlc: 'nhwc', nwc: 'nhwc', ndhwc: 'nhwc' };
// Keras' data_format names.
const DATA_FORMATS = { channels_first: 'nchw', channels_last: 'nhwc', channelsfirst: 'nchw', channelslast: 'nhwc' };

// The `layout` option as { value } ('nchw' or 'nhwc') or { error }. `describe` formats a value.
export function parseDataLayout(value, describe) {
  const names = { nchw: 'channels first: PyTorch, ONNX', nhwc: 'channels last: TF, Keras' };
  return parseLayoutName('layout', value, names, describe, (lower, given) => {
    if (has(DATA_RANK_NAMES, lower)) return `; use '${DATA_RANK_NAMES[lower]}', one name for every rank`;
    if (has(DATA_FORMATS, lower)) return `; use '${DATA_FORMATS[lower]}' for ${given}`;
    return lower === 'oihw' || lower === 'hwio' ? '; that is a weight layout: pass it as weightLayout' : '';
  });
}

// The input channels and kernel sizes that a weight of shape `w` implies, for the helpers
// that plan with no input (paramCount): [C_in, ...kernel]. With no input to tell, an hwio
// conv weight [k..., groups, M] is read as TF's depthwise filter (C_in = groups), TF's usual
// form (an op or layer given an input of groups * groups channels reads it as grouped).
export function weightInput(conv, w, groups, hwio) {
  const nd = w.length - 2;
  if (!hwio) return [conv ? w[1] * groups : w[0], ...w.slice(2)];
  const channels = conv ? (w[nd] === groups ? groups : w[nd] * groups) : w[nd + 1];
  return [channels, ...w.slice(0, nd)];
}
