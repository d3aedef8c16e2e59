// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The attributes of <wasmconv-figure> and what each accepts: the table the element
// validates its attributes with (wasmconv-figure.js), which scripts/embed-attributes.mjs
// turns into the docs' attribute table and the tests hold the TypeScript declarations
// (bindings/js/embed.d.ts) to. No DOM here: Node imports it. Each entry:
//   kind   words    one of `values`; the first is the default
//          list     some of `values`, separated by spaces or commas; the bare attribute
//                   means `bare`
//          flag     present or absent
//          url      a URL (relative to the page)
//          pair, padding, number, layers
//                   the playground's URL vocabulary, which parseState (web/state.js)
//                   validates (a number or an HxW pair, padding forms, a layer stack)
//   state  the value is part of the playground's URL vocabulary: it goes through
//          parseState, so the figure and the playground read it alike (the iframe page
//          takes the same names from its query string).
import { GRID_VIEWS } from '../views/index.js';

/** The sliders `controls` may list: [label, lowest, highest] (a figure's range may stop earlier). */
export const CONTROLS = {
  input: ['Input', 1, 12],
  kernel: ['Kernel', 1, 7],
  stride: ['Stride', 1, 4],
  padding: ['Padding', 0, 3],
  dilation: ['Dilation', 1, 4],
};

const pair = { kind: 'pair', state: true };

/** Every attribute a figure reads, in the order the docs list them. */
export const FIGURE_ATTRIBUTES = {
  view: { kind: 'words', values: GRID_VIEWS, state: true },
  mode: { kind: 'words', values: ['conv', 'transposed'], state: true },
  input: pair,
  kernel: pair,
  stride: pair,
  padding: { kind: 'padding', state: true },
  dilation: pair,
  'output-padding': pair,
  'output-size': pair,
  channels: pair,
  'group-count': { kind: 'number', state: true },
  bias: { kind: 'words', values: ['false', 'true'], state: true },
  layers: { kind: 'layers', state: true },
  controls: { kind: 'list', values: Object.keys(CONTROLS), bare: ['stride', 'dilation', 'kernel'] },
  details: { kind: 'flag' },
  theme: { kind: 'words', values: ['auto', 'light', 'dark'] },
  'playground-url': { kind: 'url' },
  loading: { kind: 'words', values: ['lazy', 'eager'] },
};

/** The attributes in the playground's URL vocabulary (the iframe page's query string too). */
export const ATTRIBUTES = Object.keys(FIGURE_ATTRIBUTES).filter((name) => FIGURE_ATTRIBUTES[name].state);

/** A list attribute's items. */
export const listItems = (value) => value.split(/[\s,]+/).filter(Boolean);

/**
 * Checks the attributes `get(name)` gives (null: absent) against the table. Returns the
 * query string of those in the URL vocabulary that passed (for parseState) and one message
 * per rejected attribute, listing only what that attribute accepts.
 */
export function checkAttributes(get) {
  const params = new URLSearchParams();
  const errors = [];
  for (const [name, { kind, values, state }] of Object.entries(FIGURE_ATTRIBUTES)) {
    const value = get(name);
    if (value === null) continue;
    if (kind === 'words' && !values.includes(value)) {
      errors.push(`${name}=${value} must be one of ${values.join(', ')}`);
      continue;
    }
    const unknown = kind === 'list' ? listItems(value).filter((item) => !values.includes(item)) : [];
    if (unknown.length) errors.push(`${name}=${unknown.join(' ')} must list some of ${values.join(', ')}`);
    if (state) params.set(name, value);
  }
  return { search: `?${params}`, errors };
}
