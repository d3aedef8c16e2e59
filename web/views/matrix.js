// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The matrix view: the dense matrix of the current op (rows are outputs, columns inputs)
// with the kernel taps numbered 1..k so each row shows the kernel laid into the input
// grid; and two live checks computed by the library: the op equals multiplication by its
// matrix, and the adjoint identity <conv(x), y> = <x, convT(y)>. Rows and columns are
// linked to the output and input grids (matrix-link.js); Cᵀ C is shown to not be the
// identity (deconvolution-note.js).
import { deconvolutionNote } from './deconvolution-note.js';
import { explicitPadding } from './explicit-padding.js';
import { linkedMatrix } from './matrix-link.js';

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a >>> 8) / 16777216 - 0.5;
  };
}

// The other op with the same kernel, stride, dilation and padding, applied to z and sized
// back to the input. Named padding resolves differently for the two ops, so the padding
// the current op used is written out explicitly first (explicitPadding asks the library).
function adjointOf(wc, state, options, z, weights) {
  const [ih, iw] = state.input;
  const pads = explicitPadding(
    wc,
    {
      op: state.mode === 'transposed' ? 'convTranspose2d' : 'conv2d',
      xShape: [1, 1, ih, iw],
      wShape: weights.shape,
      options,
    },
  );
  if (state.mode === 'transposed') {
    // Pads derived from an output size may be negative (the output grows): the rows and
    // columns before the input's reach receive nothing, so the adjoint skips them, and
    // those past the end are never read.
    const skip = pads.begin.map((b) => Math.max(0, -b));
    const clamp = (p) => p.map((v) => Math.max(0, v));
    const from = skip[0] || skip[1] ? dropLeading(z, skip) : z;
    const padding = { begin: clamp(pads.begin), end: clamp(pads.end) };
    const y = wc.conv2d(from, weights, { stride: options.stride, dilation: options.dilation, padding });
    return { name: 'conv2d', data: y.shape[2] === ih && y.shape[3] === iw ? y.data : crop(y, ih, iw) };
  }
  const [kh, kw] = state.kernel;
  const [oh, ow] = z.shape.slice(2);
  const full = (o, s, d, k, b, e) => (o - 1) * s - b - e + d * (k - 1) + 1;
  const outputPadding = [
    ih - full(oh, options.stride[0], options.dilation[0], kh, pads.begin[0], pads.end[0]),
    iw - full(ow, options.stride[1], options.dilation[1], kw, pads.begin[1], pads.end[1]),
  ];
  const y = wc.convTranspose2d(z, weights, {
    stride: options.stride,
    dilation: options.dilation,
    padding: pads,
    outputPadding,
  });
  return { name: 'convTranspose2d', data: y.data };
}

// The [1, 1, H, W] tensor without its first rows and columns.
function dropLeading(t, [r0, c0]) {
  const [, , th, tw] = t.shape;
  const [h, w] = [th - r0, tw - c0];
  const out = new Float32Array(h * w);
  for (let r = 0; r < h; r++) out.set(t.data.subarray((r + r0) * tw + c0, (r + r0 + 1) * tw), r * w);
  return { data: out, shape: [1, 1, h, w] };
}

function crop(t, h, w) {
  const [, , th, tw] = t.shape;
  const out = new Float32Array(h * w);
  for (let r = 0; r < Math.min(h, th); r++)
    for (let c = 0; c < Math.min(w, tw); c++) out[r * w + c] = t.data[r * tw + c];
  return out;
}

export function renderMatrix(panel, { wc, state, options, weights }) {
  panel.replaceChildren();
  const [ih, iw] = state.input;
  const transposed = state.mode === 'transposed';
  const op = transposed ? 'convTranspose2d' : 'conv2d';
  const xShape = [1, 1, ih, iw];
  const [oh, ow] = wc.outputShape(op, xShape, weights.shape, options).slice(2);
  // The dense matrix grows as (input cells) x (output cells): beyond a few million entries
  // it says so rather than computing it.
  if (ih * iw * oh * ow > 1 << 22) {
    const note = document.createElement('p');
    note.textContent = `The matrix would be ${oh * ow} x ${ih * iw}; choose a smaller input or stride to see it.`;
    panel.append(note);
    return;
  }
  const m = wc.convMatrix(op, xShape, weights, options);
  const title = document.createElement('p');
  title.textContent = transposed
    ? `The transposed convolution is multiplication by this ${m.rows}x${m.cols} matrix: the transpose (Cᵀ) of the matrix of the convolution that maps the ${m.rows} outputs back to the ${m.cols} inputs. One input feeds many outputs.`
    : `The convolution is multiplication by this ${m.rows}x${m.cols} matrix C (rows are outputs, columns the flattened ${ih}x${iw} input); each row is the kernel laid into a zero grid. The transposed convolution multiplies by Cᵀ (${m.cols}x${m.rows}).`;
  panel.append(title);
  if (m.rows * m.cols <= 1600) {
    panel.append(linkedMatrix(m, { transposed, input: [ih, iw], output: [oh, ow] }));
  } else {
    const note = document.createElement('p');
    note.textContent = `The matrix has ${m.rows * m.cols} entries; choose a smaller input to see it.`;
    panel.append(note);
  }
  panel.append(deconvolutionNote(m, { transposed }));

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
  li1.textContent = `${op}(x) equals ${transposed ? 'Cᵀ' : 'C'} x: largest difference ${maxDiff.toExponential(1)}.`;
  // Adjoint: <op(x), z> = <x, adjoint(z)>, the adjoint computed by the library's other op
  // with the same kernel, stride, dilation and padding (sized back to the input).
  const z = { data: Float32Array.from({ length: oh * ow }, next), shape: [1, 1, oh, ow] };
  let lhs = 0;
  for (let r = 0; r < m.rows; r++) lhs += y.data[r] * z.data[r];
  const adjoint = adjointOf(wc, state, options, z, weights);
  let rhs = 0;
  for (let c = 0; c < m.cols; c++) rhs += x.data[c] * adjoint.data[c];
  const li2 = document.createElement('li');
  li2.dataset.testid = 'adjoint-check';
  li2.dataset.pass = String(Math.abs(lhs - rhs) <= 1e-4 * Math.max(1, Math.abs(lhs)));
  li2.textContent = `Adjoint identity: <${op}(x), z> = ${lhs.toFixed(5)} and <x, ${adjoint.name}(z)> = ${rhs.toFixed(5)}.`;
  checks.append(li1, li2);
  panel.append(checks);
}
