// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The arithmetic view: the output-size formula with the user's numbers filled in, per
// axis, the legal output padding range, and the sizes a strided convolution maps onto one
// output size (which output padding resolves). Every number shown is the library's; the
// formula text explains it.
import { layerOf } from '../state.js';
import { sizeMapping } from './concepts-data.js';
import { explicitPadding } from './explicit-padding.js';

export function renderArithmetic(panel, { wc, state, outputShape, paramCount, macs }) {
  panel.replaceChildren();
  const transposed = state.mode === 'transposed';
  const axes = ['height', 'width'];
  const list = document.createElement('dl');
  list.dataset.testid = 'formula';
  const derived = transposed && state.outputSize ? explicitPadding(wc, layerOf(state)) : null;
  axes.forEach((axis, a) => {
    const i = state.input[a],
      k = state.kernel[a],
      s = state.stride[a],
      d = state.dilation[a];
    const o = outputShape[2 + a];
    const dt = document.createElement('dt');
    dt.textContent = `Output ${axis}`;
    const dd = document.createElement('dd');
    const op = state.outputPadding[a];
    // Each formula is written so that, read as arithmetic, it evaluates to the result shown
    // (tests/browser/formulas.test.mjs parses and evaluates them).
    const transposedText = (pb, pe) =>
      `(i − 1)·s − p_begin − p_end + d·(k − 1) + output_padding + 1 = (${i} − 1)·${s} − ${pb} − ${pe} + ${d}·(${k} − 1) + ${op} + 1 = ${o}`;
    const convText = (pb, pe) =>
      `floor((i + p_begin + p_end − d·(k − 1) − 1) / s) + 1 = floor((${i} + ${pb} + ${pe} − ${d}·(${k} − 1) − 1) / ${s}) + 1 = ${o}`;
    if (transposed && state.outputSize) {
      dd.textContent = sizedFormula(state, a, o, derived);
    } else if (state.paddingName === 'same') {
      dd.textContent = transposed
        ? `same padding: input × stride = ${i} × ${s} = ${o}`
        : `same padding: ceil(input / stride) = ceil(${i} / ${s}) = ${o}`;
    } else if (state.paddingName === 'valid') {
      dd.textContent = `valid padding (none): ${transposed ? transposedText(0, 0) : convText(0, 0)}`;
    } else {
      const pb = state.padding.begin[a],
        pe = state.padding.end[a];
      dd.textContent = transposed ? transposedText(pb, pe) : convText(pb, pe);
    }
    dd.dataset.axis = axis;
    list.append(dt, dd);
    if (transposed) {
      const dt2 = document.createElement('dt');
      dt2.textContent = `Legal output padding (${axis})`;
      const dd2 = document.createElement('dd');
      dd2.textContent = `0 to ${Math.max(s, d) - 1}: the ${Math.max(s, d)} sizes a stride-${s} convolution maps onto ${i} outputs differ by up to ${Math.max(s, d) - 1}; output padding picks one.`;
      list.append(dt2, dd2);
    }
  });
  panel.append(list, countsOf(state, paramCount, macs), mappingOf(wc, state, outputShape));
}

// An explicit output size o: the ONNX rule's total padding and its split, with the
// user's numbers; the begin and end shown are the ones the library derived (`derived`).
function sizedFormula(state, a, o, derived) {
  const [i, k, s, d] = [state.input[a], state.kernel[a], state.stride[a], state.dilation[a]];
  const op = state.outputPadding[a];
  const total = derived.begin[a] + derived.end[a];
  const m = (v) => (v < 0 ? `(−${-v})` : String(v));
  const [b, e] = [m(derived.begin[a]), m(derived.end[a])];
  return (
    `output size ${state.outputSize[a]} chosen; the padding follows: total = (i − 1)·s + d·(k − 1) + 1 + output_padding − o = ` +
    `(${i} − 1)·${s} + ${d}·(${k} − 1) + 1 + ${op} − ${state.outputSize[a]} = ${m(total)}, ` +
    (state.paddingName === 'same'
      ? `begin = floor(total / 2) = floor(${m(total)} / 2) = ${b}, end = total − begin = ${m(total)} − ${b} = ${e} (same_upper); `
      : `end = floor(total / 2) = floor(${m(total)} / 2) = ${e}, begin = total − end = ${m(total)} − ${e} = ${b}; `) +
    `output (${i} − 1)·${s} − ${b} − ${e} + ${d}·(${k} − 1) + ${op} + 1 = ${o}`
  );
}

// Parameters C_in / g * kh * kw * C_out (+ C_out with bias), with the user's numbers; the
// total is the library's paramCount.
function countsOf(state, paramCount, macs) {
  const [cin, cout] = state.channels;
  const [kh, kw] = state.kernel;
  const g = state.groupCount;
  const p = document.createElement('p');
  p.dataset.testid = 'param-formula';
  p.textContent =
    typeof paramCount === 'number'
      ? `Parameters: C_in / groups · kh · kw · C_out${state.bias ? ' + C_out (bias)' : ''} = ${cin} / ${g} · ${kh} · ${kw} · ${cout}${state.bias ? ` + ${cout}` : ''} = ${paramCount}; ${macs} multiply-accumulates.`
      : 'Parameters: the channels and groups above are not a valid combination (see the message).';
  return p;
}

// The many-to-one size mapping for the height axis of the current setting: the input sizes
// a convolution with this kernel, stride, dilation and padding maps onto the same output
// size, and the output padding with which the transposed op gives each back.
function mappingOf(wc, state, outputShape) {
  const wrap = document.createElement('section');
  wrap.setAttribute('aria-label', 'Sizes output padding tells apart');
  const h = document.createElement('h3');
  h.textContent = 'Which size comes back? (height axis)';
  wrap.append(h);
  const p = document.createElement('p');
  wrap.append(p);
  let pads;
  try {
    pads = explicitPadding(wc, layerOf(state));
  } catch (e) {
    p.textContent = e.message;
    return wrap;
  }
  const transposed = state.mode === 'transposed';
  // The transposed op's input size is the convolution's output size.
  const i = transposed ? state.input[0] : outputShape[2];
  const spec = {
    i,
    k: state.kernel[0],
    s: state.stride[0],
    d: state.dilation[0],
    begin: pads.begin[0],
    end: pads.end[0],
  };
  if (spec.begin < 0 || spec.end < 0) {
    p.textContent = `The output size ${outputShape[2]} is past what padding reaches (derived padding ${spec.begin} / ${spec.end}): no convolution maps back onto it. PyTorch's output_size and ONNX's output_shape pick among the sizes output_padding tells apart.`;
    return wrap;
  }
  const rows = sizeMapping(wc, spec);
  p.textContent = `With kernel ${spec.k}, stride ${spec.s}, dilation ${spec.d} and padding ${spec.begin} / ${spec.end}, a convolution maps ${rows.length === 1 ? 'one input size' : `${rows.length} input sizes`} onto ${i} outputs; the transposed convolution of ${i} picks one with output_padding:`;
  const table = document.createElement('table');
  table.className = 'layers';
  table.dataset.testid = 'size-mapping';
  const head = document.createElement('tr');
  for (const text of ['convolution input size', `output size`, 'output_padding that gives it back']) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  table.append(head);
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.size = String(row.size);
    tr.dataset.outputPadding = String(row.outputPadding);
    for (const text of [
      String(row.size),
      String(i),
      row.back === row.size
        ? String(row.outputPadding)
        : `${row.outputPadding} (not allowed: must be below max(stride, dilation))`,
    ]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    table.append(tr);
  }
  const scroll = document.createElement('div');
  scroll.className = 'scroll';
  scroll.append(table);
  wrap.append(scroll);
  return wrap;
}
