// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The matrix view: the dense matrix of the current op (rows are outputs, columns inputs)
// with the kernel taps numbered 1..k so each row shows the kernel laid into the input
// grid; and two live checks computed by the library: the op equals multiplication by its
// matrix, and the adjoint identity <conv(x), y> = <x, convT(y)>.

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a >>> 8) / 16777216 - 0.5;
  };
}

// The other op with the same kernel, stride, dilation and padding, applied to z and sized
// back to the input. 'same' padding resolves differently for the two ops, so the padding
// the current op used is written out explicitly first.
function adjointOf(wc, state, options, z, weights) {
  const [ih, iw] = state.input;
  if (state.mode === 'transposed' && options.padding === 'same') return null;
  const pads = resolvedPadding(wc, state, options);
  if (state.mode === 'transposed') {
    const y = wc.conv2d(z, weights, { stride: options.stride, dilation: options.dilation, padding: pads });
    return { name: 'conv2d', data: y.shape[2] === ih && y.shape[3] === iw ? y.data : crop(y, ih, iw) };
  }
  const [kh, kw] = state.kernel;
  const [oh, ow] = z.shape.slice(2);
  const full = (o, s, d, k, b, e) => (o - 1) * s - b - e + d * (k - 1) + 1;
  const outputPadding = [
    ih - full(oh, options.stride[0], options.dilation[0], kh, pads.begin[0], pads.end[0]),
    iw - full(ow, options.stride[1], options.dilation[1], kw, pads.begin[1], pads.end[1]),
  ];
  const y = wc.convTranspose2d(z, weights, { stride: options.stride, dilation: options.dilation, padding: pads, outputPadding });
  return { name: 'convTranspose2d', data: y.data };
}

function crop(t, h, w) {
  const [, , th, tw] = t.shape;
  const out = new Float32Array(h * w);
  for (let r = 0; r < Math.min(h, th); r++) for (let c = 0; c < Math.min(w, tw); c++) out[r * w + c] = t.data[r * tw + c];
  return out;
}

// Explicit begin/end pads of the current setting: 'valid' is none; a convolution's
// 'same' pads ceil(i / s) outputs with the extra unit at the end.
function resolvedPadding(wc, state, options) {
  if (typeof options.padding === 'object') return options.padding;
  if (options.padding === 'valid') return { begin: [0, 0], end: [0, 0] };
  // 'same' for convolution: total = (ceil(i/s) - 1) s + K - i, extra unit at the end.
  const total = (i, s, d, k) => Math.max(0, (Math.ceil(i / s) - 1) * s + d * (k - 1) + 1 - i);
  const t = [0, 1].map((a) => total(state.input[a], options.stride[a], options.dilation[a], state.kernel[a]));
  return { begin: t.map((v) => Math.floor(v / 2)), end: t.map((v) => v - Math.floor(v / 2)) };
}

export function renderMatrix(panel, { wc, state, options, weights }) {
  panel.replaceChildren();
  const [ih, iw] = state.input;
  const transposed = state.mode === 'transposed';
  const op = transposed ? 'convTranspose2d' : 'conv2d';
  const xShape = [1, 1, ih, iw];
  const m = wc.convMatrix(op, xShape, weights, options);
  const title = document.createElement('p');
  title.textContent = transposed
    ? `The transposed convolution is multiplication by this ${m.rows}x${m.cols} matrix: the transpose (C^T) of the matrix of the convolution that maps the ${m.rows} outputs back to the ${m.cols} inputs. One input feeds many outputs.`
    : `The convolution is multiplication by this ${m.rows}x${m.cols} matrix C (rows are outputs, columns the flattened ${ih}x${iw} input); each row is the kernel laid into a zero grid. The transposed convolution multiplies by C^T (${m.cols}x${m.rows}).`;
  panel.append(title);
  if (m.rows * m.cols <= 1600) {
    const table = document.createElement('table');
    table.className = 'matrix';
    table.dataset.testid = 'matrix';
    table.dataset.rows = String(m.rows);
    table.dataset.cols = String(m.cols);
    const caption = document.createElement('caption');
    caption.textContent = `${transposed ? 'C^T' : 'C'}: ${m.rows} x ${m.cols}`;
    table.append(caption);
    for (let r = 0; r < m.rows; r++) {
      const tr = document.createElement('tr');
      for (let c = 0; c < m.cols; c++) {
        const td = document.createElement('td');
        const v = m.data[r * m.cols + c];
        td.textContent = v === 0 ? '·' : String(v);
        if (v !== 0) td.className = 'nz';
        tr.append(td);
      }
      table.append(tr);
    }
    panel.append(table);
  } else {
    const note = document.createElement('p');
    note.textContent = `The matrix has ${m.rows * m.cols} entries; choose a smaller input to see it.`;
    panel.append(note);
  }

  // Live checks with random data.
  const next = rng(7);
  const x = { data: Float32Array.from({ length: ih * iw }, next), shape: xShape };
  const y = wc[op](x, weights, options);
  let maxDiff = 0;
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += m.data[r * m.cols + c] * x.data[c];
    maxDiff = Math.max(maxDiff, Math.abs(s - y.data[r]));
  }
  const checks = document.createElement('ul');
  checks.dataset.testid = 'matrix-checks';
  const li1 = document.createElement('li');
  li1.dataset.testid = 'matrix-check';
  li1.dataset.pass = String(maxDiff < 1e-4);
  li1.textContent = `${op}(x) equals ${transposed ? 'C^T' : 'C'} x: largest difference ${maxDiff.toExponential(1)}.`;
  // Adjoint: <op(x), z> = <x, adjoint(z)>, the adjoint computed by the library's other op
  // with the same kernel, stride, dilation and padding (sized back to the input).
  const [oh, ow] = y.shape.slice(2);
  const z = { data: Float32Array.from({ length: oh * ow }, next), shape: [1, 1, oh, ow] };
  let lhs = 0;
  for (let r = 0; r < m.rows; r++) lhs += y.data[r] * z.data[r];
  let adjoint = adjointOf(wc, state, options, z, weights);
  if (!adjoint) {
    // Transposed 'same' crops unevenly; use C z from the matrix for the other side.
    const cz = new Float32Array(m.cols);
    for (let c = 0; c < m.cols; c++) for (let r = 0; r < m.rows; r++) cz[c] += m.data[r * m.cols + c] * z.data[r];
    adjoint = { name: 'C', data: cz };
  }
  let rhs = 0;
  for (let c = 0; c < m.cols; c++) rhs += x.data[c] * adjoint.data[c];
  const li2 = document.createElement('li');
  li2.dataset.testid = 'adjoint-check';
  li2.dataset.pass = String(Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(lhs)));
  li2.textContent = `Adjoint identity: <${op}(x), z> = ${lhs.toFixed(5)} and <x, ${adjoint.name}(z)> = ${rhs.toFixed(5)}.`;
  checks.append(li1, li2);
  panel.append(checks);
}
