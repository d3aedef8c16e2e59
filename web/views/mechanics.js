// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The mechanics view, every number from the library (mechanics-data.js).
// Convolution: the padded input, the (dilated) kernel and the output; stepping moves the
// kernel over the padded input with its stride, one output at a time (many-to-one).
// Transposed convolution: two computations side by side, played in step:
//   scatter        each input cell adds value x kernel into its output window (one-to-many);
//   zero-inserted  the "fractionally strided" form: zeros between the inputs, padding,
//                  then a stride-1 convolution with the flipped kernel.
// Focus or hover a cell to light what it is linked to, in both computations.
import { renderConv } from './mechanics-conv.js';
import { MAX_ENTRIES, mechanicsSize } from './mechanics-data.js';
import { paragraph } from './mechanics-parts.js';
import { renderTransposed } from './mechanics-transposed.js';

/** Renders into `panel`; returns a function that stops the animation. */
export function renderMechanics(panel, { wc, layer, state, outputShape }) {
  panel.replaceChildren();
  const size = mechanicsSize(wc, layer, outputShape);
  if (size.entries > MAX_ENTRIES) {
    const grid = state.mode === 'transposed' ? 'zero-inserted grid' : 'padded input';
    const note = paragraph(
      `This setting is too large to draw cell by cell: a ${size.output.join('x')} output from a ${size.source.join('x')} ${grid} ` +
        `needs a matrix of ${size.entries.toLocaleString('en')} entries, more than the ${MAX_ENTRIES.toLocaleString('en')} ` +
        'the library builds; choose a smaller input, stride or kernel to see the mechanics.',
      'mechanics-too-large',
    );
    note.dataset.entries = String(size.entries);
    panel.append(note);
    return null;
  }
  return state.mode === 'transposed'
    ? renderTransposed(panel, wc, layer, outputShape)
    : renderConv(panel, wc, layer, outputShape);
}
