// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The geometry of a stack of convolutions on one axis (both axes alike: square layers),
// from its layers' kernel k, stride s, dilation d and padding p, with J_l = prod_{j<l} s_j
// (J_1 = 1) the jump before layer l, in input pixels:
//
//   field            r = 1 + sum_l (k_l - 1) d_l J_l
//   jump             J = prod_l s_l
//   effective pad    P = sum_l p_l J_l       (the padding of one layer with the same outputs)
//   start of unit u  u J - P                 (its first input pixel; negative: in the padding)
//   centre of unit u u J - P + (r - 1) / 2
//
// The formulas with a stack's numbers written in, for the page to show.

/** { size, jump, padding, start(u), centre(u), text: { size, padding, start } } of conv layers. */
export function stackGeometry(layers) {
  let jump = 1;
  let size = 1;
  let padding = 0;
  const sizeTerms = [];
  const padTerms = [];
  for (const { kernel, stride, dilation, padding: p = 0 } of layers) {
    size += (kernel - 1) * dilation * jump;
    padding += p * jump;
    sizeTerms.push(`${kernel - 1}·${dilation}·${jump}`);
    padTerms.push(`${p}·${jump}`);
    jump *= stride;
  }
  const start = (u) => u * jump - padding;
  const centre = (u) => start(u) + (size - 1) / 2;
  return {
    size,
    jump,
    padding,
    start,
    centre,
    text: {
      size: `r = 1 + Σ (k_l − 1)·d_l·J_l = 1 + ${sizeTerms.join(' + ')} = ${size}`,
      padding: `P = Σ p_l·J_l = ${padTerms.join(' + ')} = ${padding}`,
    },
  };
}

/** A number with a true minus sign (and halves as .5). */
export const signed = (v) => String(v).replace('-', '−');
