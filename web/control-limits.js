// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Keeps the number fields' arrow keys and spinners inside the legal settings: after each
// valid render, every field's min and max become the widest run of values around its
// current one for which the library accepts the layer (wc.outputShape), the other fields
// unchanged. So stepping the kernel past the padded input, or the padding past a transposed
// output of 1, cannot happen. A number typed by hand within the field's fixed range (its
// data-base-min / data-base-max, from the page) still goes to the library, which says why
// it is invalid; outside that range the page explains it (layer-controls.js typedProblem).
import { largestSize } from './output-size.js';
import { layerOf } from './state.js';

const $ = (id) => document.getElementById(id);

// Field id -> the state with that field set to v (`apart`: height and width separate).
const FIELDS = {
  'input-h': (s, v) => ({ ...s, input: [v, s.input[1]] }),
  'input-w': (s, v) => ({ ...s, input: [s.input[0], v] }),
  'kernel-h': (s, v) => ({ ...s, kernel: [v, s.kernel[1]] }),
  'kernel-w': (s, v) => ({ ...s, kernel: [s.kernel[0], v] }),
  stride: (s, v, apart) => ({ ...s, stride: apart ? [v, s.stride[1]] : [v, v] }),
  'stride-w': (s, v) => ({ ...s, stride: [s.stride[0], v] }),
  dilation: (s, v, apart) => ({ ...s, dilation: apart ? [v, s.dilation[1]] : [v, v] }),
  'dilation-w': (s, v) => ({ ...s, dilation: [s.dilation[0], v] }),
  'pad-t': (s, v) => ({ ...s, padding: { begin: [v, s.padding.begin[1]], end: s.padding.end } }),
  'pad-l': (s, v) => ({ ...s, padding: { begin: [s.padding.begin[0], v], end: s.padding.end } }),
  'pad-b': (s, v) => ({ ...s, padding: { begin: s.padding.begin, end: [v, s.padding.end[1]] } }),
  'pad-r': (s, v) => ({ ...s, padding: { begin: s.padding.begin, end: [s.padding.end[0], v] } }),
};

// What the controls do to a changed setting anyway: output padding and output size are
// clamped to their legal choices (layer-controls.js), so those never block a step.
function asControlsWould(s) {
  const outputPadding = s.outputPadding.map((op, a) => Math.min(op, Math.max(s.stride[a], s.dilation[a]) - 1));
  const outputSize = s.outputSize?.map((o, a) => Math.min(o, largestSize(s.input[a], s.kernel[a], s.stride[a], s.dilation[a])));
  return { ...s, outputPadding, outputSize: outputSize ?? null };
}

function accepted(wc, s) {
  const { op, xShape, wShape, options } = layerOf(asControlsWould(s));
  try {
    wc.outputShape(op, xShape, wShape, options);
    return true;
  } catch {
    return false;
  }
}

/**
 * The widest run lo'..hi' within [lo, hi] around `current` for which the library accepts
 * `set(state, v)` (the embeds' sliders use it too).
 */
export function legalRun(wc, state, set, current, [lo, hi]) {
  let min = current;
  while (min > lo && accepted(wc, set(state, min - 1))) min--;
  let max = current;
  while (max < hi && accepted(wc, set(state, max + 1))) max++;
  return [min, max];
}

// The input size: a layer accepted at input i is accepted at every larger one (the output
// only grows), so the run ends at hi and its start is found by bisection (the playground's
// input goes to 4096, and each check asks the library).
function inputRun(wc, state, set, current, [lo, hi]) {
  let [bad, good] = [lo - 1, current];
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    if (accepted(wc, set(state, mid))) good = mid;
    else bad = mid;
  }
  return [good, hi];
}

/** The fixed range of a number field (its min and max as the page wrote them). */
export function baseRange(el) {
  if (el.dataset.baseMin === undefined) Object.assign(el.dataset, { baseMin: el.min, baseMax: el.max });
  return [Number(el.dataset.baseMin), Number(el.dataset.baseMax)];
}

/**
 * Narrows each field's min / max to the legal run around its value (`state` is valid for
 * the grid). The image view has its own, larger input: there the fixed ranges apply. A
 * disabled or hidden field (the padding under an output size, the width's stride when the
 * axes are not apart) is left until it is used again: each field costs the library up to 17
 * checks, and this runs on every keystroke.
 */
export function applyLimits(wc, state) {
  const apart = $('per-axis').checked;
  for (const [id, set] of Object.entries(FIELDS)) {
    const el = $(id);
    const [lo, hi] = baseRange(el);
    if (state.view === 'image') {
      [el.min, el.max] = [String(lo), String(hi)];
      continue;
    }
    if (el.disabled || el.closest('[hidden]')) continue;
    const current = Number(el.value);
    if (!Number.isInteger(current) || current < lo || current > hi) continue;
    const run = id.startsWith('input-') ? inputRun : legalRun;
    const [min, max] = run(wc, state, (s, v) => set(s, v, apart), current, [lo, hi]);
    [el.min, el.max] = [String(min), String(max)];
  }
}
