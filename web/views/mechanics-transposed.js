// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The transposed convolution's mechanics: two computations side by side, played in step:
//   scatter        each input cell adds value x kernel into its output window (one-to-many);
//   zero-inserted  the "fractionally strided" form: zeros between the inputs, padding,
//                  then a stride-1 convolution with the flipped kernel.
// Focus or hover a cell to light what it is linked to, in both computations; a check
// shows that they and Cᵀ x agree exactly.
import { cellGrid, figure, formatValue, setCellText } from './grid.js';
import { columnOf, rowOf, transposedScatter, transposedZeroInserted } from './mechanics-data.js';
import {
  clear,
  heading,
  kernelGrid,
  legend,
  light,
  link,
  outputGrid,
  paragraph,
  plural,
  productSum,
  rc,
  showGatherOutputs,
  sourceGrid,
} from './mechanics-parts.js';
import { createPlayer } from './player.js';

export function renderTransposed(panel, wc, layer, outputShape) {
  const scatter = transposedScatter(wc, layer);
  const zero = transposedZeroInserted(wc, layer, outputShape);
  const [oh, ow] = outputShape.slice(2);
  const [ih, iw] = layer.xShape.slice(2);
  const nIn = ih * iw,
    nOut = oh * ow;

  // Scatter: input, kernel, running output.
  const sIn = cellGrid({
    label: 'Scatter input',
    rows: ih,
    cols: iw,
    kind: 'input',
    text: (j) => formatValue(scatter.x.data[j]),
    describe: (j) => `input ${rc(j, iw)}, value ${formatValue(scatter.x.data[j])}`,
  });
  const sKernel = kernelGrid('Kernel', {
    values: scatter.w.data,
    shape: layer.wShape.slice(2),
    dilation: layer.options.dilation,
  });
  const sOut = outputGrid('Scatter output', oh, ow, 'scatter-output');
  // Zero-inserted: padded zero-inserted input, flipped kernel, output.
  const zIn = sourceGrid('Zero-inserted input', zero.source);
  zIn.grid.classList.add('zero-inserted');
  const zKernel = kernelGrid('Flipped kernel', zero.kernel);
  const zOut = outputGrid('Zero-inserted output', oh, ow, 'zero-output');
  const status = paragraph('', 'link-status');
  status.setAttribute('aria-live', 'polite');
  const scatterStatus = paragraph('', 'scatter-status');
  const gatherStatus = paragraph('', 'gather-status');
  const all = [sIn, sOut, zIn, zOut];
  const sourceOf = (j) => zero.source.cells.findIndex((c) => c.input === j);

  const fromOutput = (r) => {
    clear(all);
    sOut.cells[r].classList.add('focus');
    zOut.cells[r].classList.add('focus');
    const from = rowOf(scatter.windows, r);
    light(sIn, from);
    const window = rowOf(zero.windows, r);
    light(zIn, window);
    const zeros = window.filter((q) => zero.source.cells[q].kind !== 'value').length;
    status.textContent =
      `Output ${rc(r, ow)} = ${formatValue(scatter.output.data[r])} receives from ${plural(from.length, 'input cell')}; ` +
      `in the zero-inserted form its window has ${window.length} cells, ${zeros} of them inserted zeros or padding.`;
    status.dataset.count = String(from.length);
  };
  const fromInput = (j) => {
    clear(all);
    sIn.cells[j].classList.add('focus');
    const q = sourceOf(j);
    if (q >= 0) zIn.cells[q].classList.add('focus');
    const fed = columnOf(scatter.windows, j);
    light(sOut, fed);
    light(zOut, fed);
    status.textContent = `Input ${rc(j, iw)} = ${formatValue(scatter.x.data[j])} scatters into ${plural(fed.length, 'output cell')}: it adds ${formatValue(scatter.x.data[j])} x kernel there.`;
    status.dataset.count = String(fed.length);
  };
  const fromSource = (q) => {
    const cell = zero.source.cells[q];
    if (cell.input !== null) return fromInput(cell.input);
    clear(all);
    zIn.cells[q].classList.add('focus');
    const readers = columnOf(zero.windows, q);
    light(zOut, readers);
    status.textContent = `${cell.kind === 'pad' ? 'Padding' : 'An inserted zero'} at ${rc(q, zero.source.cols)}: read by ${plural(readers.length, 'output')}, adds nothing (wasted multiplications).`;
    status.dataset.count = String(readers.length);
  };

  const showScatter = (k) => {
    const sums = k < 0 || k >= nIn ? scatter.output.data : scatter.partial(k);
    sOut.cells.forEach((cell, r) => setCellText(cell, formatValue(sums[r])));
    if (k < 0 || k >= nIn) {
      scatterStatus.textContent = `Scatter: all ${nIn} inputs added; the output is complete.`;
      return;
    }
    sIn.cells[k].classList.add('focus');
    const fed = columnOf(scatter.windows, k);
    light(sOut, fed);
    scatterStatus.textContent = `Scatter step ${k + 1} of ${nIn}: input ${rc(k, iw)} adds ${formatValue(scatter.x.data[k])} x kernel into ${plural(fed.length, 'output cell')}.`;
  };
  const showGather = (k) => {
    showGatherOutputs(zOut, zero.output.data, k >= nOut ? -1 : k);
    if (k < 0 || k >= nOut) {
      gatherStatus.textContent = `Zero-inserted: all ${nOut} outputs computed.`;
      return;
    }
    zOut.cells[k].classList.add('focus');
    const window = rowOf(zero.windows, k);
    light(zIn, window);
    const zeros = window.filter((q) => zero.source.cells[q].kind !== 'value').length;
    gatherStatus.textContent = `Zero-inserted step ${k + 1} of ${nOut}: output ${rc(k, ow)} = ${productSum(window, zero.source.values, zero.kernel.values, zero.output.data[k])}; ${zeros} of the ${window.length} products hit zeros.`;
  };
  const player = createPlayer({
    steps: Math.max(nIn, nOut),
    label: 'next input scattered and next output gathered',
    onStep: (k) => {
      clear(all);
      showScatter(k);
      showGather(k);
      status.textContent =
        k < 0 ? 'The finished result of both computations. Play or Step builds them up side by side.' : '';
      delete status.dataset.count;
    },
  });
  link(sOut, fromOutput, player);
  link(zOut, fromOutput, player);
  link(sIn, fromInput, player);
  link(zIn, fromSource, player);

  // The three ways agree exactly: scatter (the library's convTranspose2d), zero-inserted
  // (its conv2d on the zero-inserted grid) and Cᵀ x (the library's matrix).
  let diff = 0;
  for (let r = 0; r < nOut; r++) {
    diff = Math.max(
      diff,
      Math.abs(zero.output.data[r] - scatter.output.data[r]),
      Math.abs(scatter.byMatrix[r] - scatter.output.data[r]),
    );
  }
  const check = paragraph(
    `Three ways, one answer: the scatter, the zero-inserted convolution and the product Cᵀ x (see Matrix) give the same ${oh}x${ow} output; largest difference ${diff}.`,
    'mechanics-check',
  );
  check.dataset.pass = String(diff === 0);
  const contrast = paragraph(
    'Compare dilation: it inserts zeros into the kernel (the gaps in a dilated kernel); the transposed convolution inserts them into the input.',
  );

  const { pads, before, after } = zero;
  const [sh, sw] = layer.options.stride;
  const scatterRow = document.createElement('div');
  scatterRow.className = 'grids';
  scatterRow.append(
    figure(`Input ${ih}x${iw}`, sIn.grid),
    figure(`Kernel ${layer.wShape.slice(2).join('x')}`, sKernel.grid),
    figure(`Output ${oh}x${ow} (running sum)`, sOut.grid),
  );
  const zeroRow = document.createElement('div');
  zeroRow.className = 'grids';
  zeroRow.append(
    figure(`Zero-inserted and padded ${zero.source.rows}x${zero.source.cols}`, zIn.grid),
    figure('Kernel flipped', zKernel.grid),
    figure(`Output ${oh}x${ow}`, zOut.grid),
  );
  const sides = document.createElement('div');
  sides.className = 'side-by-side';
  const scatterCol = document.createElement('section');
  scatterCol.setAttribute('aria-label', 'Scatter view');
  scatterCol.append(
    heading('Scatter: each input adds value x kernel'),
    paragraph(
      'One-to-many: each input cell adds its value times the kernel into its output window. This is also the gradient of a convolution with respect to its input.',
    ),
    scatterRow,
    scatterStatus,
  );
  const zeroCol = document.createElement('section');
  zeroCol.setAttribute('aria-label', 'Zero-inserted view');
  const [kh, kw] = layer.wShape.slice(2);
  const [dh, dw] = layer.options.dilation;
  const op = layer.options.outputPadding ?? [0, 0];
  const side = (name, dk, p, extra, value) => `${name} ${dk} − ${p < 0 ? `(−${-p})` : p}${extra ? ` + ${extra}` : ''} = ${value}`;
  zeroCol.append(
    heading('Zero-inserted ("fractionally strided")'),
    paragraph(
      (sh === 1 && sw === 1
        ? 'Stride 1: no zeros between the inputs. '
        : `Stride ${sh}x${sw} becomes ${sh - 1} zero row${sh === 2 ? '' : 's'} and ${sw - 1} zero column${sw === 2 ? '' : 's'} between the inputs. `) +
        `Padding d·(k − 1) − p (+ output padding at the far side): ${side('top', dh * (kh - 1), pads.begin[0], 0, before[0])}, ${side('bottom', dh * (kh - 1), pads.end[0], op[0], after[0])}, ` +
        `${side('left', dw * (kw - 1), pads.begin[1], 0, before[1])}, ${side('right', dw * (kw - 1), pads.end[1], op[1], after[1])}${[...before, ...after].some((v) => v < 0) ? ' (negative: cropped)' : ''}. ` +
        'Then a stride-1 convolution with the flipped kernel: simple, but most products hit zeros.',
    ),
    zeroRow,
    gatherStatus,
  );
  sides.append(scatterCol, zeroCol);
  panel.append(player.element, legend(), sides, status, check, contrast);
  return player.stop;
}
