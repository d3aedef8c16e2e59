// Copyright 2026 The wasmconv Authors
// SPDX-License-Identifier: MIT
//
// Contrast ratios of the text the embeds show (and of a host page's own text), read from
// computed colours in the page: the check behind "every text/background pair >= 4.5:1".

/**
 * Run in the page (page.evaluate(contrasts) or page.evaluate(contrasts, { host: true })):
 * every element of every figure that shows text, with its text colour and the colour behind
 * it (the backgrounds of its ancestors, through the shadow root to the page's canvas,
 * composited), and their contrast ratio; with `host`, the page's own text outside the
 * figures too (figure: 'host'). Colours are read through a 1x1 canvas, so that every syntax
 * getComputedStyle returns (rgb(), color(srgb ...), color-mix results) is understood.
 */
export function contrasts({ host = false } = {}) {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgba = (color) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const parentOf = (node) => node.parentElement ?? node.getRootNode().host ?? null;
  const canvasColour = () => {
    const root = rgba(getComputedStyle(document.documentElement).backgroundColor);
    const body = rgba(getComputedStyle(document.body).backgroundColor);
    if (root[3] > 0) return root;
    if (body[3] > 0) return body;
    return rgba('Canvas');
  };
  const results = [];
  const scopes = [...document.querySelectorAll('wasmconv-figure')].map((figure) => [figure.id, figure.shadowRoot.querySelectorAll('*')]);
  if (host) scopes.push(['host', [...document.body.querySelectorAll('*')].filter((el) => !el.closest('wasmconv-figure'))]);
  for (const [figure, elements] of scopes) {
    for (const el of elements) {
      if (el.closest('select') && el.tagName !== 'SELECT') continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const style = getComputedStyle(el);
      if (!own || !el.getClientRects().length || style.visibility !== 'visible') continue;
      const layers = [];
      let opacity = 1;
      for (let node = el; node; node = parentOf(node)) {
        const s = getComputedStyle(node);
        layers.push(rgba(s.backgroundColor));
        opacity *= Number(s.opacity);
      }
      let background = canvasColour();
      for (const layer of layers.reverse()) background = over(layer, background);
      const fg = rgba(style.color);
      const text = over([...fg.slice(0, 3), fg[3] * opacity], background);
      const [a, b] = [luminance(text), luminance(background)];
      results.push({
        figure,
        element: `${el.tagName.toLowerCase()}${el.className ? `.${[...el.classList].join('.')}` : ''}`,
        text: el.textContent.trim().slice(0, 30),
        color: style.color,
        background: background.map(Math.round).slice(0, 3).join(','),
        ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
      });
    }
  }
  return results;
}
