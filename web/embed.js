// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// The iframe embed: one <wasmconv-figure> built from this page's query string (the
// playground's vocabulary, validated by the element), and its height posted to the parent
// page ({ type: 'wasmconv-embed-height', height }) whenever it changes, so the host can
// size the iframe to its content. The host may answer with its background
// ({ type: 'wasmconv-embed-background', background: <a CSS colour> }, again whenever it
// changes): this page takes it as its own, and a figure in theme="auto" follows it as it
// follows any page's background (docs/embedding.md has the host's script). The page's
// styles are a constructed stylesheet, which a Content-Security-Policy without
// 'unsafe-inline' allows.
import { FIGURE_ATTRIBUTES } from './embed/wasmconv-figure.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(':root { color-scheme: light dark; font-family: system-ui, sans-serif; } body { margin: 0; padding: 0.5rem; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

// The figure's attributes, taken from this page's query string (theme=light or dark force
// a palette; in auto the figure follows this page: the host's background once the host has
// sent it, until then the canvas, which follows the OS).
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

// The host's background, from the parent page only. Set through the CSSOM, which a strict
// Content-Security-Policy allows and which ignores anything that is not a colour; the figure
// re-reads the page's background when <html>'s attributes change.
addEventListener('message', (event) => {
  const { data } = event;
  if (event.source !== window.parent || data?.type !== 'wasmconv-embed-background' || typeof data.background !== 'string') return;
  document.documentElement.style.backgroundColor = data.background;
});
