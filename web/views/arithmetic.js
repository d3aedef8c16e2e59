// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The arithmetic view: the output-size formula with the user's numbers filled in, per
// axis, the legal output padding range, and the sizes a strided convolution maps onto one
// output size (which output padding resolves). Every number shown is the library's; the
// formula text explains it.

export function renderArithmetic(panel, { state, outputShape, paramCount, macs }) {
  panel.replaceChildren();
  const transposed = state.mode === 'transposed';
  const axes = ['height', 'width'];
  const list = document.createElement('dl');
  list.dataset.testid = 'formula';
  axes.forEach((axis, a) => {
    const i = state.input[a], k = state.kernel[a], s = state.stride[a], d = state.dilation[a];
    const o = outputShape[2 + a];
    const dt = document.createElement('dt');
    dt.textContent = `Output ${axis}`;
    const dd = document.createElement('dd');
    const K = d * (k - 1) + 1;
    if (state.paddingName) {
      dd.textContent = transposed
        ? `${state.paddingName} padding: ${state.paddingName === 'same' ? `input × stride = ${i} × ${s}` : 'no cropping'} = ${o}`
        : `${state.paddingName} padding: ${state.paddingName === 'same' ? `ceil(input / stride) = ceil(${i} / ${s})` : `floor((${i} − ${K}) / ${s}) + 1`} = ${o}`;
    } else {
      const pb = state.padding.begin[a], pe = state.padding.end[a];
      dd.textContent = transposed
        ? `(i − 1)·s − p_begin − p_end + d·(k − 1) + output_padding + 1 = (${i} − 1)·${s} − ${pb} − ${pe} + ${d}·(${k} − 1) + ${state.outputPadding[a]} + 1 = ${o}`
        : `floor((i + p_begin + p_end − d·(k − 1) − 1) / s) + 1 = floor((${i} + ${pb} + ${pe} − ${d}·(${k} − 1) − 1) / ${s}) + 1 = ${o}`;
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
  const counts = document.createElement('p');
  counts.textContent = `One input and one output channel: ${paramCount} weights (a bias would add 1); ${macs} multiply-accumulates.`;
  panel.append(list, counts);
}
