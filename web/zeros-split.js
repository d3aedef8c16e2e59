// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Under the mechanics: zeros in the kernel against zeros between the inputs. Dilation 2
// spreads the kernel's taps with zeros between them; a transposed convolution with stride 2
// spreads the input's values with zeros between them. Side by side on the page's input and
// kernel (up to 6x6 and 5x5, so both fit a phone), the inserted zeros drawn the same way in
// both, with the output size each gives (from the library).
import { cellGrid, figure } from './views/grid.js';

const MAX_INPUT = 6;
const MAX_KERNEL = 5;

// A grid of h x w values numbered 1.., with zeros inserted between them (factor 2) or not.
function spread(kind, label, [h, w], factor) {
  const [rows, cols] = [factor * (h - 1) + 1, factor * (w - 1) + 1];
  const valueAt = (i) => {
    const [r, c] = [Math.floor(i / cols), i % cols];
    return r % factor === 0 && c % factor === 0 ? (r / factor) * w + c / factor + 1 : 0;
  };
  const { grid } = cellGrid({
    label,
    rows,
    cols,
    kind,
    text: (i) => String(valueAt(i)),
    cellClass: (i) => (valueAt(i) === 0 ? 'zero' : ''),
    describe: (i) => (valueAt(i) === 0 ? 'inserted zero' : `value ${valueAt(i)}`),
  });
  return grid;
}

function outputSize(wc, op, input, kernel, options) {
  try {
    const [, , h, w] = wc.outputShape(op, [1, 1, ...input], [1, 1, ...kernel], options);
    return `${h}×${w}`;
  } catch {
    return null;
  }
}

/** The section, for a state whose input and kernel it reads (capped to stay small). */
export function zerosSplit(wc, state) {
  const input = state.input.map((v) => Math.min(v, MAX_INPUT));
  const kernel = state.kernel.map((v) => Math.min(v, MAX_KERNEL));
  const [i, k] = [input.join('×'), kernel.join('×')];
  const section = document.createElement('section');
  section.className = 'zeros-split';
  section.dataset.testid = 'zeros-split';
  const h = document.createElement('h3');
  h.textContent = 'Zeros in the kernel, or between the inputs';
  const p = document.createElement('p');
  p.textContent =
    'Dilation and the transposed convolution’s stride both insert zeros: dilation 2 between the kernel’s taps (the kernel reaches farther, the output shrinks), stride 2 between the input’s values (the output grows). The same zeros, drawn the same way.';
  const dilated = outputSize(wc, 'conv2d', input, kernel, { dilation: 2 });
  const upsampled = outputSize(wc, 'convTranspose2d', input, kernel, { stride: 2 });
  const pair = (a, b) => {
    const row = document.createElement('div');
    row.className = 'grids';
    row.append(a, b);
    return row;
  };
  const left = figure(
    `Dilation 2: the ${k} kernel spread to ${kernel.map((v) => 2 * v - 1).join('×')} over the ${i} input: ${dilated ? `a ${dilated} output` : 'larger than the input, no output'}.`,
    pair(spread('split-input', `${i} input`, input, 1), spread('split-kernel', 'Kernel with dilation 2', kernel, 2)),
  );
  left.dataset.testid = 'zeros-in-kernel';
  left.dataset.output = dilated ?? '';
  const right = figure(
    `Transposed, stride 2: the ${i} input spread to ${input.map((v) => 2 * v - 1).join('×')} under the ${k} kernel: a ${upsampled} output.`,
    pair(spread('split-input', 'Input with zeros inserted by stride 2', input, 2), spread('split-kernel', `${k} kernel`, kernel, 1)),
  );
  right.dataset.testid = 'zeros-in-input';
  right.dataset.output = upsampled ?? '';
  const both = document.createElement('div');
  both.className = 'side-by-side';
  both.append(left, right);
  section.append(h, p, both);
  return section;
}
