// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The convolution's mechanics: the padded input, the (dilated) kernel and the output;
// stepping moves the kernel over the padded input with its stride, one output at a time
// (many-to-one). Focus or hover a cell to light what it is linked to.
import { figure } from './grid.js';
import { columnOf, convGather, rowOf } from './mechanics-data.js';
import {
  clear,
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

export function renderConv(panel, wc, layer, outputShape) {
  const data = convGather(wc, layer, outputShape);
  const [oh, ow] = outputShape.slice(2);
  const [ih, iw] = layer.xShape.slice(2);
  const { source, windows, output, pads } = data;
  const input = sourceGrid('Padded input', source);
  const kernel = kernelGrid('Kernel', data.kernel);
  const out = outputGrid('Output', oh, ow, 'conv-output');
  const status = paragraph('', 'link-status');
  status.setAttribute('aria-live', 'polite');
  const all = [input, out];

  const fromOutput = (r) => {
    clear(all);
    out.cells[r].classList.add('focus');
    const window = rowOf(windows, r);
    light(input, window);
    const real = window.filter((q) => source.cells[q].kind === 'value');
    status.textContent =
      `Output ${rc(r, ow)} reads ${plural(real.length, 'input cell')}` +
      (real.length < window.length ? ` and ${window.length - real.length} padding` : '') +
      `: ${productSum(window, source.values, data.kernel.values, output.data[r])}.`;
    status.dataset.count = String(real.length);
  };
  const fromSource = (q) => {
    clear(all);
    input.cells[q].classList.add('focus');
    const fed = columnOf(windows, q);
    light(out, fed);
    const what = source.cells[q].kind === 'pad' ? 'Padding cell' : 'Input';
    status.textContent = `${what} ${rc(q, source.cols)} is read by ${plural(fed.length, 'output cell')}.`;
    status.dataset.count = String(fed.length);
  };
  const player = createPlayer({
    steps: oh * ow,
    label: 'move the kernel to the next output',
    onStep: (k) => {
      showGatherOutputs(out, output.data, k);
      if (k < 0) {
        clear(all);
        status.textContent = `The finished ${oh}x${ow} output. Play or Step slides the kernel over the padded input.`;
        delete status.dataset.count;
      } else fromOutput(k);
    },
  });
  link(out, fromOutput, player);
  link(input, fromSource, player);

  const padNote =
    pads.begin.some(Boolean) || pads.end.some(Boolean)
      ? ` Padding (dashed cells): top ${pads.begin[0]}, left ${pads.begin[1]}, bottom ${pads.end[0]}, right ${pads.end[1]}.`
      : '';
  const row = document.createElement('div');
  row.className = 'grids';
  row.append(
    figure(`Input ${ih}x${iw}${padNote ? ', padded' : ''}`, input.grid),
    figure(`Kernel ${data.kernel.shape.join('x')}, dilation ${data.kernel.dilation.join('x')}`, kernel.grid),
    figure(`Output ${oh}x${ow}`, out.grid),
  );
  panel.append(
    player.element,
    legend(),
    paragraph(
      `Convolution reads a window for each output (many-to-one): the kernel moves by the stride ${data.stride.join('x')} over the input.${padNote}`,
    ),
    row,
    status,
  );
  return player.stop;
}
