// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Renders one of the small-grid views for a state; shared by the playground and the
// embeds. Returns a function that stops any animation the view started.
import { layerCounts } from '../layer-controls.js';
import { layerOf } from '../state.js';
import { renderArithmetic } from './arithmetic.js';
import { renderCheckerboard } from './checkerboard.js';
import { renderCode } from './code.js';
import { renderConcepts } from './concepts.js';
import { explicitPadding } from './explicit-padding.js';
import { renderMatrix } from './matrix.js';
import { renderMechanics } from './mechanics.js';
import { renderReceptiveField } from './receptive-field.js';

export const GRID_VIEWS = ['mechanics', 'matrix', 'arithmetic', 'checkerboard', 'receptive-field'];

/** `outputShape` must already be known to be valid (wc.outputShape succeeded). */
/** `onLayers(layers)`: the receptive-field view's stack changed (store it in the state). */
export function renderGridView(view, panel, { wc, state, outputShape, showError, withCode = true, onLayers }) {
  const { op, xShape, wShape, options } = layerOf(state);
  const taps = state.kernel[0] * state.kernel[1];
  switch (view) {
    case 'mechanics':
      return renderMechanics(panel, { wc, layer: { op, xShape, wShape, options }, state, outputShape });
    case 'matrix': {
      const numbered = { data: Float32Array.from({ length: taps }, (_, i) => i + 1), shape: wShape };
      renderMatrix(panel, { wc, state, options, weights: numbered });
      return null;
    }
    case 'arithmetic': {
      // Channels and groups that do not fit leave the counts null (the page shows the message).
      const { paramCount = null, macs = null } = layerCounts(wc, state);
      renderArithmetic(panel, { wc, state, outputShape, paramCount, macs });
      if (withCode) {
        renderCode(panel, { state, outputShape, pads: explicitPadding(wc, { op, xShape, wShape, options }) });
        renderConcepts(panel, { wc });
      }
      return null;
    }
    case 'checkerboard':
      renderCheckerboard(panel, { wc, state, options });
      return null;
    case 'receptive-field':
      renderReceptiveField(panel, { wc, showError, layers: state.layers, onLayers });
      return null;
    default:
      return null;
  }
}
