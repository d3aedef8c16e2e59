// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The iframe embed: one <wasmconv-figure> built from this page's query string (the
// playground's vocabulary, validated by the element), and its height posted to the parent
// page ({ type: 'wasmconv-embed-height', height }) whenever it changes, so the host can
// size the iframe to its content. The page's styles are a constructed stylesheet, which a
// Content-Security-Policy without 'unsafe-inline' allows.
import { FIGURE_ATTRIBUTES } from './embed/wasmconv-figure.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(':root { color-scheme: light dark; font-family: system-ui, sans-serif; } body { margin: 0; padding: 0.5rem; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

// The figure's attributes, taken from this page's query string (theme=light or dark makes
// the frame match the host blog: in auto it follows this page, whose canvas follows the OS).
const NAMES = Object.keys(FIGURE_ATTRIBUTES).filter((name) => name !== 'loading');
// This page is as tall as its figure, and the host sizes the iframe (load it with
// loading="lazy" there): the figure loads at once and always takes its content's height.
const figure = document.createElement('wasmconv-figure');
const params = new URLSearchParams(location.search);
for (const name of NAMES) if (params.has(name)) figure.setAttribute(name, params.get(name));
figure.setAttribute('loading', 'eager');
figure.fitsContent = true;
document.body.append(figure);

let last = 0;
// The body's own height, not the document's scroll height: that is never less than the
// iframe's current height, so an iframe sized from it could grow but never shrink.
const report = () => {
  const { marginTop, marginBottom } = getComputedStyle(document.body);
  const height = Math.ceil(document.body.getBoundingClientRect().height + parseFloat(marginTop) + parseFloat(marginBottom));
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: 'wasmconv-embed-height', height }, '*');
  }
};
new ResizeObserver(report).observe(document.body);
report();
