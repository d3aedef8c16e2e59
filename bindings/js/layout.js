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

// Per-rank names of the two layouts (TF writes 'wio' and 'dhwio'): one name serves every rank.
const RANK_NAMES = { wio: 'hwio', dhwio: 'hwio', oiw: 'oihw', oidhw: 'oihw' };

// The `weightLayout` option as { value } ('oihw' or 'hwio') or { error } (the message,
// without the function's name). `describe` formats a value.
export function parseWeightLayout(value, describe) {
  if (value === undefined || value === 'oihw' || value === 'hwio') return { value: value ?? 'oihw' };
  let hint = '';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'oihw' || lower === 'hwio') hint = `; did you mean '${lower}'?`;
    if (RANK_NAMES[lower]) hint = `; use '${RANK_NAMES[lower]}', one name for every rank`;
    // A data format ('NHWC', 'NCHW') given for the weights' layout.
    if (/^n[dhw]+c$/.test(lower)) hint = "; that is a data format: TF's channels-last weights are 'hwio'";
    if (/^nc[dhw]+$/.test(lower)) hint = "; that is a data format: PyTorch's channels-first weights are 'oihw'";
  }
  return { error: `weightLayout ${describe(value)} is not one of 'oihw' (PyTorch, ONNX), 'hwio' (TF, Keras)${hint}` };
}

// The rank's own names of the data layouts (NCL / NLC for 1-D, NCDHW / NDHWC for 3-D): refused
// with the one name that serves every rank, as for weightLayout.
const DATA_RANK_NAMES = { ncl: 'nchw', ncw: 'nchw', ncdhw: 'nchw', nlc: 'nhwc', nwc: 'nhwc', ndhwc: 'nhwc' };
// Keras' data_format names.
const DATA_FORMATS = { channels_first: 'nchw', channels_last: 'nhwc', channelsfirst: 'nchw', channelslast: 'nhwc' };

// The `layout` option as { value } ('nchw' or 'nhwc') or { error } (the message, without the
// function's name). `describe` formats a value.
export function parseDataLayout(value, describe) {
  if (value === undefined || value === 'nchw' || value === 'nhwc') return { value: value ?? 'nchw' };
  let hint = '';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'nchw' || lower === 'nhwc') hint = `; did you mean '${lower}'?`;
    if (DATA_RANK_NAMES[lower]) hint = `; use '${DATA_RANK_NAMES[lower]}', one name for every rank`;
    if (DATA_FORMATS[lower]) hint = `; use '${DATA_FORMATS[lower]}' for ${value}`;
    if (lower === 'oihw' || lower === 'hwio') hint = `; that is a weight layout: pass it as weightLayout`;
  }
  return { error: `layout ${describe(value)} is not one of 'nchw' (channels first: PyTorch, ONNX), 'nhwc' (channels last: TF, Keras)${hint}` };
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
