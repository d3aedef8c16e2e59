// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The explicit begin/end padding the library uses for a layer, also for 'same' and
// 'valid' and for a transposed output size: the library resolves it (wc.padding), so the
// views draw exactly the padding the computation used. For a transposed output size the
// pads may be negative: the output grows past the input's reach at that end.

/**
 * @param wc     the loaded module
 * @param layer  { op, xShape, wShape, options } (see state.js layerOf)
 * @returns {{ begin: number[], end: number[] }}
 */
export function explicitPadding(wc, { op, xShape, wShape, options }) {
  const { bias, ...shapeOptions } = options;
  return wc.padding(op, xShape, wShape, shapeOptions);
}
