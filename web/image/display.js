// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Output values -> displayable bytes. Filters such as Sobel or Laplacian give negative
// values and values above 1, so the display is a choice: clamp to [0, 1], the absolute
// value (clamped), or min-max normalised over the whole output (all channels, so colours
// keep their balance). One channel is shown as gray.

export const DISPLAYS = { clamp: 'clamp to 0–1', abs: 'absolute value', normalize: 'min–max normalised' };

/** The min and max of the values (for 'normalize'). */
export function valueRange(data, range = { min: Infinity, max: -Infinity }) {
  let { min, max } = range;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The display byte of one value (Uint8ClampedArray rounds and clamps it). */
export function displayValue(v, mode, range) {
  if (mode === 'abs') return Math.abs(v) * 255;
  if (mode === 'normalize') return range.max > range.min ? ((v - range.min) / (range.max - range.min)) * 255 : 0;
  return v * 255;
}

/** A [C, rows, width] block (C = 1 or 3) as RGBA bytes. */
export function toRGBA(data, channels, rows, width, mode, range) {
  const plane = rows * width;
  const out = new Uint8ClampedArray(4 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[4 * i + c] = displayValue(data[(channels === 1 ? 0 : c) * plane + i], mode, range);
    out[4 * i + 3] = 255;
  }
  return out;
}
