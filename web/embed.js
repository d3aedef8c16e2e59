// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The iframe embed: one <wasmconv-figure> built from this page's query string (the
// playground's vocabulary, validated by the element), and its height posted to the parent
// page ({ type: 'wasmconv-embed-height', height }) whenever it changes, so the host can
// size the iframe to its content.
import { ATTRIBUTES } from './embed/wasmconv-figure.js';

// The figure's attributes and 'controls', taken from this page's query string.
const NAMES = [...ATTRIBUTES, 'controls'];
const figure = document.createElement('wasmconv-figure');
const params = new URLSearchParams(location.search);
for (const name of NAMES) if (params.has(name)) figure.setAttribute(name, params.get(name));
document.body.append(figure);

let last = 0;
const report = () => {
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: 'wasmconv-embed-height', height }, '*');
  }
};
new ResizeObserver(report).observe(document.body);
report();
